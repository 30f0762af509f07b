"""End-to-end check of the demo as its collector sees it, in Portuguese.

Given an Odoo serving the demo database (``setup/demo``), log in as the demo
collector (``cobrador`` by default), open a customer with overdue titles and
its Telecobrança tab, print the customer's boletos from the *Print boleto*
wizard as the screen does (*Imprimir / PDF*), catch the PDF the browser
downloads and find in its text (``pdftotext``) the digitable line of every
title printed. With ``--img-dir`` it also takes the README's pictures: the
tab, a boleto, the customer's case with its notes, a renegotiation, its
statement and a proposal letter (a note on the case, a renegotiation and a
proposal are made for the customer, through the calls the screens make, when
the demo has none).

    python3 tests/e2e/check_demo.py --url http://localhost:8069 \
        --db telecobranca_demo --login cobrador --password cobrador \
        --partner-id 42 --img-dir docs/img
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

from browser import Browser

PORTUGUESE = "pt_BR"
# the demo user who manages the cadences (pictures of the cadence)
CADENCE_LOGIN = "gerente"
NOTE = "<p>Cliente informou que vai pagar os boletos vencidos na sexta-feira.</p>"


class CheckFailed(Exception):
    pass


def pdf_text(content):
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    )
    return " ".join(result.stdout.decode().split())


def pdf_picture(content, path, resolution=80):
    """The first page of a PDF as a PNG picture."""
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, "document.pdf")
        with open(source, "wb") as pdf:
            pdf.write(content)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                str(resolution),
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                source,
                os.path.join(tmp, "page"),
            ],
            check=True,
        )
        shutil.copyfile(os.path.join(tmp, "page.png"), path)


def check_pdf(content, what):
    if not content.startswith(b"%PDF"):
        raise CheckFailed(f"{what} is not a PDF: {content[:80]!r}")
    return pdf_text(content)


class DemoCheck:
    def __init__(self, args):
        self.args = args
        self.url = args.url
        self.partner_id = args.partner_id
        self.browser = Browser(height=1800)

    def picture(self, name):
        if self.args.img_dir:
            # no passing notification ("page out of date"...) in the picture
            self.browser.evaluate(
                "document.querySelectorAll('.o_notification .o_notification_close,"
                " .o_notification .btn-close')"
                ".forEach(button => button.click())"
            )
            time.sleep(0.5)
            self.browser.screenshot(os.path.join(self.args.img_dir, name))

    def pdf_picture(self, content, name):
        if self.args.img_dir:
            pdf_picture(content, os.path.join(self.args.img_dir, name))

    # ------------------------------------------------------------------
    def login(self, login=None, password=None):
        browser = self.browser
        login = login or self.args.login
        password = password or self.args.password
        browser.goto(f"{self.url}/web/login?db={self.args.db}")
        # The first pages build Odoo's asset bundles: give them time.
        browser.wait_for("input[name=login]", timeout=240)
        login_js, password_js = json.dumps(login), json.dumps(password)
        browser.evaluate(
            f"document.querySelector('input[name=login]').value = {login_js};"
            f"document.querySelector('input[name=password]').value = {password_js};"
            "document.querySelector('form.oe_login_form').submit();"
        )
        seen = browser.wait_any([".o_main_navbar", ".oe_login_form .alert-danger"], 240)
        if seen != ".o_main_navbar":
            raise CheckFailed(
                f"the login {login!r} is refused: "
                f"{browser.text('.oe_login_form .alert-danger')!r}"
            )
        session = browser.json_rpc("/web/session/get_session_info", {})
        lang = session["user_context"]["lang"]
        if lang != PORTUGUESE:
            raise CheckFailed(f"{login!r} works in {lang!r}, not in pt_BR")

    def partner_tab(self, picture=False):
        browser = self.browser
        browser.goto(f"{self.url}/odoo/contacts/{self.partner_id}")
        browser.click(".o_notebook a.nav-link[name=telecobranca]")
        rows = ".o_field_widget[name=telecobranca_title_ids] .o_data_row"
        browser.wait_for(rows + ".text-danger")
        overdue = browser.evaluate(
            f"document.querySelectorAll('{rows}.text-danger').length"
        )
        smart_button = browser.text("button[name=action_view_telecobranca_titles]")
        if not overdue or "Vencidos" not in smart_button:
            raise CheckFailed(
                f"{overdue} overdue titles on the tab, smart button {smart_button!r}"
            )
        if picture:
            browser.evaluate("document.querySelector('.o_notebook').scrollIntoView()")
            self.picture("partner_tab.png")
        return overdue

    def print_boleto(self):
        """*Imprimir Boleto* → *Imprimir / PDF*: the PDF downloaded."""
        browser = self.browser
        browser.click_text("div[name=telecobranca_actions] button", "Imprimir Boleto")
        browser.wait_for(".modal .o_field_widget[name=line_ids] .o_data_row")
        numbers = browser.evaluate(
            "[...document.querySelectorAll('.modal .o_field_widget[name=line_ids] "
            ".o_data_row td[name=title_number]')].map(td => td.innerText.trim())"
        )
        browser.catch_downloads()
        browser.click(".modal button[name=action_print]")
        # a bank-integrated account first asks whether to send the titles
        seen = browser.wait_any(
            [
                ".modal button[name=action_skip_send]",
                ".modal button[name=action_print]:not([disabled])",
            ],
            120,
        )
        if seen == ".modal button[name=action_skip_send]":
            browser.click(seen)
        text = check_pdf(browser.wait_download(), "the boleto")
        titles = browser.rpc(
            "account.move.line",
            "search_read",
            [[("partner_id", "=", self.partner_id), ("title_number", "in", numbers)]],
            {"fields": ["title_number", "boleto_digitable_line"]},
        )
        missing = [
            t["title_number"]
            for t in titles
            if not t["boleto_digitable_line"] or t["boleto_digitable_line"] not in text
        ]
        if not titles or missing or len(titles) != len(numbers):
            raise CheckFailed(
                f"the boleto PDF of {numbers} lacks the digitable line of {missing}"
            )
        browser.click(".modal .btn-close")
        return titles, browser.wait_download()

    def case(self):
        browser = self.browser
        cases = browser.rpc(
            "telecobranca.case",
            "search_read",
            [[("partner_id", "=", self.partner_id)]],
            {"fields": ["name"], "order": "state desc, id desc", "limit": 1},
        )
        if not cases:
            raise CheckFailed("the customer has no collection case")
        case = cases[0]
        notes = browser.rpc(
            "telecobranca.note", "search_count", [[("case_id", "=", case["id"])]]
        )
        if not notes:  # a note, written as the Note wizard writes it
            wizard = browser.rpc(
                "telecobranca.note.wizard",
                "create",
                [{"case_id": case["id"], "body": NOTE}],
            )
            browser.rpc("telecobranca.note.wizard", "action_confirm", [[wizard]])
        browser.goto(
            f"{self.url}/odoo/action-telecobranca.telecobranca_case_action/{case['id']}"
        )
        browser.click(".o_notebook a.nav-link[name=notes]")
        browser.wait_for(".o_field_widget[name=note_ids] .o_data_row")
        self.picture("case_notes.png")
        return case["name"]

    def _titles_to_renegotiate(self, count):
        return browser_ids(
            self.browser.rpc(
                "account.move.line",
                "search_read",
                [
                    [
                        ("partner_id", "=", self.partner_id),
                        ("is_title", "=", True),
                        ("reconciled", "=", False),
                        ("parent_state", "=", "posted"),
                        ("days_overdue", ">", 0),
                    ]
                ],
                {"fields": ["id"], "order": "date_maturity, id", "limit": count},
            )
        )

    def _renegotiation(self, state):
        """A renegotiation of the customer in ``state`` with installments,
        made (and confirmed for ``done``) as the screens do when none exists."""
        rpc = self.browser.rpc
        Reneg = "telecobranca.renegotiation"
        found = rpc(
            Reneg,
            "search_read",
            [
                [
                    ("partner_ids", "in", [self.partner_id]),
                    ("state", "=", state),
                    ("installment_ids", "!=", False),
                ]
            ],
            {"fields": ["name"], "limit": 1, "order": "id desc"},
        )
        if found:
            return found[0]
        titles = self._titles_to_renegotiate(2)
        # the terms with the most installments: a picture worth taking
        terms = sorted(
            rpc("account.payment.term", "search_read", [[]], {"fields": ["line_ids"]}),
            key=lambda term: (-len(term["line_ids"]), term["id"]),
        )
        if not titles or not terms:
            raise CheckFailed("no overdue title or payment term to renegotiate")
        reneg_id = rpc(
            Reneg,
            "create",
            [
                {
                    "partner_ids": [(6, 0, [self.partner_id])],
                    "line_ids": [(0, 0, {"move_line_id": title}) for title in titles],
                    "payment_term_id": terms[0]["id"],
                    "proposal_text": "<p>Conforme conversamos por telefone, segue "
                    "nossa proposta para regularizar os títulos em aberto.</p>",
                }
            ],
        )
        rpc(Reneg, "action_compute_installments", [[reneg_id]])
        if state == "done":
            rpc(Reneg, "action_confirm", [[reneg_id]])
        return rpc(Reneg, "read", [[reneg_id], ["name"]])[0]

    def renegotiation(self):
        browser = self.browser
        done = self._renegotiation("done")
        browser.goto(
            f"{self.url}/odoo/action-telecobranca.telecobranca_renegotiation_action/"
            f"{done['id']}"
        )
        browser.click(".o_notebook a.nav-link[name=terms]")
        browser.wait_for(
            ".o_form_view .o_field_widget[name=installment_ids] .o_data_row"
        )
        self.picture("renegotiation.png")
        statement = browser.fetch_bytes(
            f"/report/pdf/telecobranca.report_renegotiation_statement/{done['id']}"
        )
        if done["name"] not in check_pdf(statement, "the statement"):
            raise CheckFailed(f"the statement does not name {done['name']}")
        self.pdf_picture(statement, "renegotiation_statement.png")
        draft = self._renegotiation("draft")
        letter = browser.fetch_bytes(
            f"/report/pdf/telecobranca.report_renegotiation_proposal/{draft['id']}"
        )
        if draft["name"] not in check_pdf(letter, "the proposal letter"):
            raise CheckFailed(f"the proposal letter does not name {draft['name']}")
        self.pdf_picture(letter, "proposal_letter.png")
        return done["name"], draft["name"]

    def cadence(self):
        """The demo company's cadence with its steps, then its *Amanhã*
        list (what tomorrow's run sends, by step and channel), as the
        demo's collection manager sees them."""
        browser = self.browser
        browser.goto(f"{self.url}/web/session/logout")
        self.login(CADENCE_LOGIN, CADENCE_LOGIN)
        cadences = browser.rpc(
            "telecobranca.cadence",
            "search_read",
            [[("is_default", "=", True), ("paused", "=", False)]],
            {"fields": ["name"], "limit": 1},
        )
        if not cadences:
            raise CheckFailed("the demo company has no running default cadence")
        cadence = cadences[0]
        browser.goto(
            f"{self.url}/odoo/action-telecobranca.telecobranca_cadence_action/"
            f"{cadence['id']}"
        )
        browser.wait_for(".o_form_view .o_field_widget[name=step_ids] .o_data_row")
        self.picture("cadence.png")
        browser.click_text(".o_form_view .o_statusbar_buttons button", "Amanhã")
        groups = ".o_list_view .o_group_header"
        browser.wait_for(groups)
        # open the step groups, then their channel groups
        for _level in range(2):
            browser.evaluate(
                f"document.querySelectorAll('{groups}:not(.o_group_open)')"
                ".forEach(group => group.click())"
            )
            time.sleep(1.5)
        browser.wait_for(".o_list_view .o_data_row")
        rows = browser.evaluate(
            "document.querySelectorAll('.o_list_view .o_data_row').length"
        )
        self.picture("cadence_tomorrow.png")
        return cadence["name"], rows

    def run(self):
        self.login()
        overdue = self.partner_tab()
        print(f"OK: {self.args.login} (pt_BR) sees {overdue} overdue titles on the tab")
        titles, boleto = self.print_boleto()
        for title in titles:
            print(
                f"OK: boleto PDF of {title['title_number']}: "
                f"{title['boleto_digitable_line']}"
            )
        if self.args.img_dir:
            self.pdf_picture(boleto, "boleto.png")
            case = self.case()
            print(f"OK: case {case} with its notes")
            done, draft = self.renegotiation()
            print(f"OK: renegotiation {done} and its statement, proposal {draft}")
            self.partner_tab(picture=True)  # now with the notes and the REN titles
            name, rows = self.cadence()
            print(f"OK: cadence {name} and tomorrow's {rows} messages")
            print(f"OK: pictures saved in {self.args.img_dir}")


def browser_ids(records):
    return [record["id"] for record in records]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", default="telecobranca_demo")
    parser.add_argument(
        "--login", default=os.environ.get("TELECOBRANCA_DEMO_LOGIN", "cobrador")
    )
    parser.add_argument("--password", default=None)
    parser.add_argument("--partner-id", type=int, required=True)
    parser.add_argument("--img-dir", default="", help="where to save the pictures")
    args = parser.parse_args()
    if args.password is None:
        args.password = os.environ.get("TELECOBRANCA_DEMO_PASSWORD", args.login)
    check = DemoCheck(args)
    try:
        check.run()
    except (CheckFailed, TimeoutError, RuntimeError) as error:
        picture = os.path.join(tempfile.gettempdir(), "check_demo_failed.png")
        check.browser.screenshot(picture)
        print(f"FAILED: {error} (the screen: {picture})")
        return 1
    finally:
        check.browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
