# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Installation hooks."""


def post_init_hook(env):
    """Set the addon up once it is installed.

    - Renegotiation and write-off for the companies that already have a chart of
      accounts (the others get it with their chart, see
      ``models/account_chart_template.py``).
    - The demo data when the addon is installed with demo data: Odoo loads the
      demo XML files before this hook and the generated data (``demo/``) uses
      their records. A production database (without demo) never imports the
      demo code.
    """
    # As superuser: every company is set up, whatever the installing user's
    # allowed companies.
    env["res.company"].sudo().search(
        [("chart_template", "!=", False)]
    )._telecobranca_setup_settlement()
    module = env["ir.module.module"].search([("name", "=", "telecobranca")])
    if module.demo:
        from .demo import load_demo_data

        load_demo_data(env)
