# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Demo data generators: demo-only code, out of the production models.

The XML files beside this package hold the static demo records; the data that
depends on the day of install (invoices, cases, boletos) is generated here.
Nothing of the addon imports this package but ``hooks.post_init_hook``, which
runs it once, at install, when the database is installed with demo data. No
model is registered for it, so there is no ``telecobranca.demo`` in a
production database.
"""

from .telecobranca_boleto_demo import load_boleto_demo_data
from .telecobranca_cadence_demo import load_cadence_demo_data
from .telecobranca_case_demo import load_case_demo_data
from .telecobranca_demo import load_collection_demo_data


def load_demo_data(env):
    """Generate the demo data, in the order the records depend on each other."""
    load_collection_demo_data(env)
    load_case_demo_data(env)
    load_boleto_demo_data(env)
    load_cadence_demo_data(env)
