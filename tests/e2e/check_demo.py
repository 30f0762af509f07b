"""End-to-end check of the README's first command, as a new user sees it.

Given an Odoo serving the demo database (``setup/demo``), log in as admin,
open the demo customer with the most overdue titles, open its Telecobrança
tab, check that overdue titles are listed and save a screenshot.

    python3 tests/e2e/check_demo.py --url http://localhost:8069 \
        --db telecobranca_demo --partner-id 42 --screenshot docs/img/partner_tab.png
"""

import argparse
import json
import sys

from browser import Browser


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", default="telecobranca_demo")
    parser.add_argument("--partner-id", type=int, required=True)
    parser.add_argument("--screenshot", default="")
    args = parser.parse_args()

    browser = Browser(height=1800)
    try:
        browser.goto(f"{args.url}/web/login?db={args.db}")
        # The first pages build Odoo's asset bundles: give them time.
        browser.wait_for("input[name=login]", timeout=240)
        browser.evaluate(
            "document.querySelector('input[name=login]').value = 'admin';"
            "document.querySelector('input[name=password]').value = 'admin';"
            "document.querySelector('form.oe_login_form').submit();"
        )
        browser.wait_for(".o_main_navbar", timeout=240)
        browser.goto(f"{args.url}/odoo/contacts/{args.partner_id}")
        tab = ".o_notebook a.nav-link[name=telecobranca]"
        browser.click(tab)
        rows = ".o_field_widget[name=telecobranca_title_ids] .o_data_row"
        browser.wait_for(rows + ".text-danger")
        overdue = browser.evaluate(
            f"document.querySelectorAll({json.dumps(rows + '.text-danger')}).length"
        )
        smart_button = browser.text("button[name=action_view_telecobranca_titles]")
        if args.screenshot:
            browser.evaluate("document.querySelector('.o_notebook').scrollIntoView()")
            browser.screenshot(args.screenshot)
    finally:
        browser.close()
    if not overdue or "Overdue" not in smart_button:
        print(f"FAILED: {overdue} overdue titles, smart button {smart_button!r}")
        return 1
    print(f"OK: the Telecobrança tab lists {overdue} overdue titles ({smart_button!r})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
