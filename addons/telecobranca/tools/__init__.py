# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Pure computations of the addon: no ``odoo`` import, no database.

Each module is plain Python, unit-tested on its own (``tests/unit`` at the
top of the repository) and imported by the models that need it.
"""
