# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).


def post_init_hook(env):
    """Set renegotiation and write-off up for the companies that already have
    a chart of accounts (the others get it with their chart)."""
    env["res.company"].search(
        [("chart_template", "!=", False)]
    )._telecobranca_setup_settlement()
