# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Installation hooks."""


def post_init_hook(env):
    """Generate the demo data when the addon is installed with demo data.

    Odoo loads the demo XML files before this hook; the generated data
    (``demo/``) uses their records. A production database (without demo) never
    imports the demo code.
    """
    module = env["ir.module.module"].search([("name", "=", "telecobranca")])
    if module.demo:
        from .demo import load_demo_data

        load_demo_data(env)
