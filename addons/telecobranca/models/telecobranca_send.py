# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Send to the customer: boleto PDF, e-mail, WhatsApp, and the note it leaves.

The one home of what reaches a customer, in the pattern of Odoo's
``account.move.send``: the *Print boleto* wizard, the proposal wizard and the
collection e-mail of cases call it, and so can a cron or a portal later, with
plain recordsets (titles, partner, renegotiation, cases) and no wizard.

- The boleto PDF only reads the titles: they are issued first
  (``account.move.line._telecobranca_issue_boleto``), never while rendering.
- An e-mail prepared in a composer leaves its note on the customer's open case
  when the composer sends it (``mail.compose.message`` reads the
  ``telecobranca_send_log`` context key this service puts there), not when it
  opens. A WhatsApp link is noted when it is made: nothing else tells us more.
- Texts are written in the customer's language, amounts through
  ``format_amount`` and dates through ``format_date``.
"""

import base64
import re
from urllib.parse import quote

from markupsafe import Markup, escape

from odoo import Command, api, models
from odoo.exceptions import UserError
from odoo.tools import format_amount, format_date, html2plaintext

BOLETO_REPORT = "telecobranca.action_report_boleto"
STATEMENT_REPORT = "telecobranca.telecobranca_customer_statement_report"
# Brazilian numbers are 10 or 11 digits with the area code (DDD).
BRAZIL_COUNTRY_CODE = "55"


class TelecobrancaSend(models.AbstractModel):
    _name = "telecobranca.send"
    _description = "Send to the Customer"

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    @api.model
    def _get_customer(self, titles, partner=None):
        """The partner who receives what is sent about ``titles``."""
        return partner or titles.partner_id[:1]

    @api.model
    def _customer_env(self, partner):
        """The environment whose language is the customer's."""
        return self.with_context(lang=partner.lang or self.env.lang).env

    @api.model
    def _title_numbers(self, titles):
        return ", ".join(titles.mapped(lambda t: t.title_number or t.display_name))

    # ------------------------------------------------------------------
    # Boleto PDF
    # ------------------------------------------------------------------
    @api.model
    def _check_boletos_issued(self, titles):
        """Rendering only reads: every title must have its boleto already."""
        if not titles:
            raise UserError(self.env._("Select at least one title."))
        missing = titles.filtered(lambda t: not t.boleto_barcode)
        if missing:
            raise UserError(
                self.env._(
                    "The titles %(names)s have no boleto yet: issue it from "
                    "Print boleto first.",
                    names=self._title_numbers(missing),
                )
            )

    @api.model
    def _get_boleto_report_action(self, titles, html=False):
        """The report action that opens (``html``) or downloads the boletos.

        It carries no ``data``: the web client then asks for the report of
        the titles' ids (with ``data`` it would ask for no document at all).
        """
        self._check_boletos_issued(titles)
        action = self.env.ref(BOLETO_REPORT).report_action(titles, config=False)
        if html:
            action["report_type"] = "qweb-html"
        return action

    @api.model
    def _render_boleto_pdf(self, titles):
        """The PDF of the boletos of ``titles``, one page per title."""
        self._check_boletos_issued(titles)
        content, _kind = self.env["ir.actions.report"]._render_qweb_pdf(
            BOLETO_REPORT, titles.ids
        )
        return content

    @api.model
    def _create_boleto_attachment(self, titles):
        """The boletos' PDF as an attachment of the first title's entry."""
        move = titles.move_id[:1]
        name = self.env._(
            "Boleto %(name)s.pdf", name=(move.name or "").replace("/", "-")
        )
        # attached to the entry as superuser: collectors read the entries of
        # the titles they e-mail but may not edit them; the PDF is rendered
        # as the caller, from titles he reads, and nothing else is written
        return (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": name,
                    "datas": base64.b64encode(self._render_boleto_pdf(titles)),
                    "mimetype": "application/pdf",
                    "res_model": "account.move",
                    "res_id": move.id,
                }
            )
            .sudo(False)
        )

    # ------------------------------------------------------------------
    # E-mail
    # ------------------------------------------------------------------
    @api.model
    def _check_sender_email(self, company=None):
        """Raise a clear error, before anything is prepared, when the e-mail
        about to go out has no sender address.

        An e-mail is sent from the acting user's own address (the composer's
        and the chatter's rule), or from ``company``'s when it is given (the
        collection and proposal templates use the company's first). Nothing
        else needs the user to have an e-mail address: notes, logs and
        WhatsApp links do not.
        """
        if self.env.user.email or (company and company.email):
            return
        if company:
            raise UserError(
                self.env._(
                    "This e-mail cannot be sent: your own e-mail address is "
                    "missing, and %(company)s has none either. Set yours in My "
                    "Preferences (your picture, top right) or ask an "
                    "administrator to set it in Settings > Users; or set the "
                    "company's in Settings > Companies.",
                    company=company.name,
                )
            )
        raise UserError(
            self.env._(
                "This e-mail cannot be sent: it goes out from your own e-mail "
                "address, and you have none. Set it in My Preferences (your "
                "picture, top right) or ask an administrator to set it in "
                "Settings > Users."
            )
        )

    @api.model
    def _prepare_composer_action(
        self, record, subject, body, partners, attachments, log
    ):
        """A composer on ``record``; ``log`` is noted on the case when sent."""
        self._check_sender_email()
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Send Boleto"),
            "context": {
                "default_model": record._name,
                "default_res_ids": record.ids,
                "default_composition_mode": "comment",
                "default_subject": subject,
                "default_body": body,
                "default_partner_ids": partners.ids,
                "default_attachment_ids": attachments.ids,
                "default_subtype_xmlid": "mail.mt_comment",
                "telecobranca_send_log": log,
            },
        }

    @api.model
    def _prepare_boleto_email(self, titles, partner=None):
        """Composer action with the boleto template and the boletos' PDF."""
        self._check_sender_email()
        move = titles.move_id[:1]
        attachment = self._create_boleto_attachment(titles)
        template = self.env.ref("telecobranca.mail_template_boleto")
        subject = template._render_field("subject", move.ids)[move.id]
        body = template._render_field("body_html", move.ids)[move.id]
        return self._prepare_composer_action(
            move,
            subject,
            body,
            self._get_customer(titles, partner),
            attachment,
            {"kind": "boleto", "line_ids": titles.ids},
        )

    # ------------------------------------------------------------------
    # Customer statement of open titles
    # ------------------------------------------------------------------
    @api.model
    def _get_statement_report_action(self, partner):
        """The report action of ``partner``'s statement (no ``data``: the
        web client asks for the partner's id)."""
        return self.env.ref(STATEMENT_REPORT).report_action(partner, config=False)

    @api.model
    def _prepare_statement_email(self, partner):
        """Composer with the statement PDF of ``partner``, in its language,
        on its open case (its chatter, which collectors write) or, without
        one, on the customer; noted on the open case when sent."""
        if not partner.email:
            raise UserError(
                self.env._(
                    "Fill in the e-mail address of %(partner)s to e-mail the "
                    "statement.",
                    partner=partner.display_name,
                )
            )
        env = self._customer_env(partner)
        company = self.env.company
        record = self.env["telecobranca.case"]._get_open_cases(partner, company)
        record = record[:1] or partner
        content, _kind = self.env["ir.actions.report"]._render_qweb_pdf(
            STATEMENT_REPORT, partner.ids
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": env._(
                    "Statement %(name)s.pdf",
                    name=(partner.name or "").replace("/", "-"),
                ),
                "datas": base64.b64encode(content),
                "mimetype": "application/pdf",
                "res_model": record._name,
                "res_id": record.id,
            }
        )
        subject = env._(
            "%(company)s: statement of your open titles", company=company.name
        )
        body = Markup("<p>%s</p><p>%s</p><p>%s<br/>%s</p>") % (
            env._("Dear %(name)s,", name=partner.name or ""),
            env._(
                "Please find attached the statement of your open titles with us "
                "on this date. Reply to this e-mail to arrange the payment of "
                "the overdue ones."
            ),
            env._("Best regards,"),
            company.name,
        )
        action = self._prepare_composer_action(
            record,
            subject,
            body,
            partner,
            attachment,
            {"kind": "statement", "partner_id": partner.id},
        )
        action["name"] = self.env._("Send Statement")
        return action

    @api.model
    def _check_can_send_template(self, template):
        Template = self.env["telecobranca.customer.template"]
        if not template:
            raise UserError(self.env._("Choose the template to send to the customer."))
        if not Template.search_count(
            [("id", "=", template.id), *Template._allowed_domain()]
        ):
            raise UserError(
                self.env._(
                    "You are not allowed to send the template %(name)s.",
                    name=template.name,
                )
            )

    @api.model
    def _prepare_template_email(self, titles, template, partner=None):
        """Composer action with a *Send to customer* template."""
        self._check_can_send_template(template)
        return self._prepare_composer_action(
            titles.move_id[:1],
            template.subject or template.name,
            template.body_html,
            self._get_customer(titles, partner),
            self.env["ir.attachment"],
            {"kind": "template", "line_ids": titles.ids, "template_id": template.id},
        )

    @api.model
    def _log_composer_sent(self, log, partners):
        """Note on the case what a composer prepared here has just sent."""
        titles = self.env["account.move.line"].browse(log.get("line_ids", [])).exists()
        recipients = ", ".join(partners.mapped("display_name"))
        if log.get("kind") == "statement":
            customer = self.env["res.partner"].browse(log.get("partner_id")).exists()
            return self._log_sent(
                customer,
                self.env._(
                    "Statement of open titles sent by e-mail to %(recipients)s.",
                    recipients=recipients,
                ),
                origin="email",
            )
        if log.get("kind") == "template":
            template = self.env["telecobranca.customer.template"].browse(
                log.get("template_id")
            )
            text = self.env._(
                "Template %(name)s sent by e-mail to %(recipients)s.",
                name=template.exists().name or "",
                recipients=recipients,
            )
        else:
            text = self.env._(
                "Boleto sent by e-mail to %(recipients)s.", recipients=recipients
            )
        return self._log_titles_sent(titles, text, origin="email")

    @api.model
    def _send_proposal_email(self, renegotiation, contact):
        """E-mail the proposal letter (PDF) to ``contact`` now."""
        if not contact.email:
            raise UserError(
                self.env._(
                    "%(contact)s has no e-mail address.", contact=contact.display_name
                )
            )
        if not renegotiation.user_id.email:
            self._check_sender_email(renegotiation.company_id)
        template = self.env.ref("telecobranca.mail_template_renegotiation_proposal")
        composer = (
            self.env["mail.compose.message"]
            .with_context(
                default_model=renegotiation._name,
                default_res_ids=renegotiation.ids,
                default_template_id=template.id,
                default_composition_mode="comment",
            )
            .create({"partner_ids": [Command.set(contact.ids)]})
        )
        _mails, messages = composer._action_send_mail()
        self._log_sent(
            renegotiation.partner_id,
            self.env._(
                "Renegotiation proposal %(name)s sent by e-mail to %(contact)s.",
                name=renegotiation.name,
                contact=contact.display_name,
            ),
            origin="email",
            company=renegotiation.company_id,
        )
        return messages

    @api.model
    def _send_collection_email(self, cases):
        """Queue the collection e-mail to the customers of ``cases`` (F2.6).

        Only the cases whose customer may receive it
        (``telecobranca.case._get_collection_email_cases``) are sent, and each
        gets a note; returns them.
        """
        cases = cases._get_collection_email_cases()
        template = self.env.ref(
            "telecobranca.mail_template_collection", raise_if_not_found=False
        )
        if not cases or not template:
            return cases
        self._check_sender_email(cases.company_id[:1])
        template.sudo().send_mail_batch(cases.ids)
        # the note stays when the mail queue deletes the sent e-mail
        self.env["telecobranca.note"]._log_system_notes(
            [
                (
                    case,
                    Markup("<p>%s</p>")
                    % self.env._(
                        "Collection e-mail sent to %(email)s.",
                        email=case.partner_id.email,
                    ),
                )
                for case in cases
            ],
            origin="email",
        )
        return cases

    # ------------------------------------------------------------------
    # WhatsApp
    # ------------------------------------------------------------------
    @api.model
    def _normalize_whatsapp_number(self, number):
        """Digits of ``number`` with the country code (55 when none is given)."""
        digits = re.sub(r"\D", "", number or "")
        if len(digits) < 10:
            raise UserError(self.env._("Give the WhatsApp number, with its area code."))
        if len(digits) <= 11:
            digits = BRAZIL_COUNTRY_CODE + digits
        return digits

    @api.model
    def _get_whatsapp_url(self, number, text):
        """Click-to-chat link that opens WhatsApp on ``number`` with ``text``."""
        digits = self._normalize_whatsapp_number(number)
        return f"https://wa.me/{digits}?text={quote(text)}"

    @api.model
    def _get_boleto_whatsapp_text(self, titles, partner=None):
        """Greeting, then number, due date, amount and codes of each boleto."""
        self._check_boletos_issued(titles)
        partner = self._get_customer(titles, partner)
        env = self._customer_env(partner)
        lines = [env._("Hello %(name)s,", name=partner.name or "")]
        for title in titles:
            lines.append(
                env._(
                    "Boleto %(number)s, due %(date)s, amount %(amount)s.",
                    number=title.title_number or "",
                    date=format_date(env, title.boleto_due_date),
                    amount=format_amount(
                        env, title.boleto_amount, title.company_currency_id
                    ),
                )
            )
            lines.append(
                env._("Digitable line: %(line)s", line=title.boleto_digitable_line)
            )
            if title.boleto_pix_payload:
                lines.append(
                    env._("PIX copy and paste: %(code)s", code=title.boleto_pix_payload)
                )
        return "\n".join(lines)

    @api.model
    def _send_boleto_whatsapp(self, titles, number, partner=None):
        """The WhatsApp link with the boletos; noted on the entry and the case."""
        message = self._get_boleto_whatsapp_text(titles, partner)
        url = self._get_whatsapp_url(number, message)
        digits = self._normalize_whatsapp_number(number)
        text = self.env._("Boleto sent by WhatsApp to +%(number)s.", number=digits)
        titles._telecobranca_log_boleto_action("whatsapp", text)
        self._log_titles_sent(titles, text, origin="whatsapp", message=message)
        return {"type": "ir.actions.act_url", "url": url, "target": "new"}

    @api.model
    def _get_proposal_whatsapp_text(self, renegotiation, partner=None):
        """The proposal in one message: its text, total, installments, validity."""
        partner = (
            partner or renegotiation.contact_partner_id or renegotiation.partner_id
        )
        env = self._customer_env(partner)
        text = env._(
            "%(company)s: renegotiation proposal %(name)s, total %(total)s in "
            "%(count)s installment(s), valid until %(date)s.",
            company=renegotiation.company_id.name,
            name=renegotiation.name,
            total=format_amount(
                env, renegotiation.amount_total, renegotiation.currency_id
            ),
            count=len(renegotiation.installment_ids),
            date=format_date(env, renegotiation.proposal_valid_until),
        )
        if renegotiation.proposal_text:
            text = f"{html2plaintext(renegotiation.proposal_text)}\n\n{text}"
        return text

    @api.model
    def _send_proposal_whatsapp(self, renegotiation, number, partner=None):
        """The WhatsApp link with the proposal; noted on the renegotiation
        and on the customer's case."""
        if not re.sub(r"\D", "", number or ""):
            raise UserError(self.env._("Give the WhatsApp number of the contact."))
        message = self._get_proposal_whatsapp_text(renegotiation, partner)
        url = self._get_whatsapp_url(number, message)
        text = self.env._("Proposal sent by WhatsApp to %(phone)s.", phone=number)
        # a log: sending by WhatsApp needs no e-mail address of the user
        renegotiation._message_log(body=Markup("<p>%s</p>") % text)
        self._log_sent(
            renegotiation.partner_id,
            text,
            origin="whatsapp",
            company=renegotiation.company_id,
            message=message,
        )
        return {"type": "ir.actions.act_url", "url": url, "target": "new"}

    # ------------------------------------------------------------------
    # Notes
    # ------------------------------------------------------------------
    @api.model
    def _message_html(self, message):
        """The text of a message sent (WhatsApp...) as kept in a note."""
        if not message:
            return Markup()
        lines = [escape(line) for line in message.splitlines()]
        # a paragraph, not a <blockquote>: the chatter would fold it as a quote
        return Markup("<p>%s</p>") % Markup("<br/>").join(lines)

    @api.model
    def _log_sent(self, partners, text, origin="system", company=None, message=None):
        """Note ``text`` (and the ``message`` sent, when given) on the open
        case of ``partners`` in ``company``."""
        cases = self.env["telecobranca.case"]._get_open_cases(partners, company)
        return self.env["telecobranca.note"]._log_system_note(
            cases,
            Markup("<p>%s</p>%s") % (text, self._message_html(message)),
            origin=origin,
        )

    @api.model
    def _log_titles_sent(self, titles, text, origin="system", message=None):
        """Note ``text``, the title numbers (and the ``message`` sent, when
        given) on their customers' open cases."""
        notes = self.env["telecobranca.note"]
        for company, company_titles in titles.grouped("company_id").items():
            cases = self.env["telecobranca.case"]._get_open_cases(
                company_titles.partner_id, company
            )
            for case in cases:
                case_titles = company_titles.filtered(
                    lambda t, case=case: (
                        t.partner_id.commercial_partner_id == case.partner_id
                    )
                )
                notes |= notes._log_system_note(
                    case,
                    Markup("<p>%s</p><p>%s</p>%s")
                    % (
                        escape(text),
                        escape(self._title_numbers(case_titles)),
                        self._message_html(message),
                    ),
                    origin=origin,
                )
        return notes
