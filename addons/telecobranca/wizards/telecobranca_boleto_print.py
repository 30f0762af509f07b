# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""*Print boleto* wizard (F8.3): view, print, e-mail, send, WhatsApp."""

import base64
import re
from urllib.parse import quote

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..models.res_partner_bank_boleto import BOLETO_LAYOUTS

# Actions that ask to send the title to the bank first when the account is
# integrated with the bank and the title is not registered.
ASK_SEND_ACTIONS = ("view", "print", "email")
NOT_AT_BANK = ("not_sent", "rejected", False)


class TelecobrancaBoletoPrint(models.TransientModel):
    _name = "telecobranca.boleto.print"
    _inherit = ["telecobranca.wizard.mixin"]
    _description = "Print Boleto"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    line_ids = fields.Many2many("account.move.line", string="Titles")
    partner_id = fields.Many2one("res.partner", string="Customer")
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, required=True
    )
    bank_account_id = fields.Many2one(
        "res.partner.bank",
        compute="_compute_bank_account_id",
        store=True,
        readonly=False,
        domain="[('boleto_enabled', '=', True), "
        "('partner_id', '=', company_partner_id)]",
    )
    company_partner_id = fields.Many2one(related="company_id.partner_id")
    integration = fields.Selection(related="bank_account_id.boleto_integration")
    collection_type = fields.Selection(
        [("1", "Simple"), ("2", "Linked"), ("3", "Secured"), ("4", "Discounted")],
        compute="_compute_account_defaults",
        store=True,
        readonly=False,
    )
    layout = fields.Selection(
        BOLETO_LAYOUTS, compute="_compute_account_defaults", store=True, readonly=False
    )
    state = fields.Selection(
        [("choose", "Choose"), ("confirm", "Confirm")], default="choose"
    )
    pending_action = fields.Char()
    unregistered_count = fields.Integer(compute="_compute_unregistered_count")
    template_id = fields.Many2one(
        "telecobranca.customer.template",
        string="Customer Template",
        domain=lambda self: self.env[
            "telecobranca.customer.template"
        ]._allowed_domain(),
    )
    whatsapp_number = fields.Char(
        string="WhatsApp Number",
        compute="_compute_whatsapp_number",
        store=True,
        readonly=False,
    )

    # ------------------------------------------------------------------
    # Defaults / compute
    # ------------------------------------------------------------------
    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if (
            "line_ids" in fields_list
            and not values.get("line_ids")
            and context.get("active_model") == "account.move.line"
            and context.get("active_ids")
        ):
            values["line_ids"] = [Command.set(context["active_ids"])]
        partner_id = values.get("partner_id") or context.get("default_partner_id")
        if "line_ids" in fields_list and not values.get("line_ids") and partner_id:
            Title = self.env["account.move.line"]
            titles = Title.search(
                [
                    *Title._telecobranca_open_titles_domain(
                        self.env["res.partner"].browse(partner_id)
                    ),
                    ("payment_form_id.kind", "=", "boleto"),
                ]
            )
            values["line_ids"] = [Command.set(titles.ids)]
        return values

    @api.depends("line_ids", "company_id")
    def _compute_bank_account_id(self):
        for wizard in self:
            wizard.bank_account_id = (
                wizard.line_ids.boleto_account_id[:1]
                or wizard.line_ids.company_id[:1].telecobranca_boleto_bank_account_id
                or wizard.company_id.telecobranca_boleto_bank_account_id
            )

    @api.depends("bank_account_id")
    def _compute_account_defaults(self):
        for wizard in self:
            wizard.collection_type = (
                wizard.bank_account_id.boleto_cnab_wallet_code or "1"
            )
            wizard.layout = wizard.bank_account_id.boleto_layout or "plain"

    @api.depends("line_ids.boleto_status", "bank_account_id")
    def _compute_unregistered_count(self):
        for wizard in self:
            wizard.unregistered_count = len(
                wizard.line_ids.filtered(lambda t: t.boleto_status in NOT_AT_BANK)
            )

    @api.depends("partner_id", "line_ids")
    def _compute_whatsapp_number(self):
        for wizard in self:
            partner = wizard.partner_id or wizard.line_ids.partner_id[:1]
            wizard.whatsapp_number = partner.mobile or partner.phone or False

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_view(self):
        return self._run("view")

    def action_print(self):
        return self._run("print")

    def action_email(self):
        return self._run("email")

    def action_send_customer(self):
        return self._run("send_customer")

    def action_whatsapp(self):
        return self._run("whatsapp")

    def action_send_bank(self):
        self._check_can_run()
        self._issue()
        return self._do_send_bank()

    def action_confirm_send(self):
        """'Yes': send the titles to the bank, then do what was asked."""
        self._check_can_run()
        self._issue()
        self._do_send_bank()
        return self._do(self.pending_action)

    def action_skip_send(self):
        """'No': do what was asked without sending the titles."""
        self._check_can_run()
        return self._do(self.pending_action)

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _check_can_run(self):
        self.ensure_one()
        if not self.line_ids:
            raise UserError(self.env._("Select at least one title."))
        if not self.bank_account_id:
            raise UserError(self.env._("Choose the bank account of the boletos."))

    def _issue(self):
        self.line_ids._telecobranca_issue_boleto(self.bank_account_id, self.layout)

    def _run(self, action):
        self._check_can_run()
        self._issue()
        if (
            action in ASK_SEND_ACTIONS
            and self.bank_account_id.boleto_integration != "none"
            and self.line_ids.filtered(lambda t: t.boleto_status in NOT_AT_BANK)
        ):
            self.write({"state": "confirm", "pending_action": action})
            return self._reopen()
        return self._do(action)

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Print Boleto"),
        }

    def _do(self, action):
        self.state = "choose"
        handler = {
            "view": self._do_view,
            "print": self._do_print,
            "email": self._do_email,
            "send_customer": self._do_send_customer,
            "whatsapp": self._do_whatsapp,
        }.get(action)
        if not handler:
            raise UserError(
                self.env._("Unknown boleto action %(action)s.", action=action)
            )
        return handler()

    def _report_data(self):
        return {"bank_account_id": self.bank_account_id.id, "layout": self.layout}

    def _do_view(self):
        action = self.env.ref("telecobranca.action_report_boleto").report_action(
            self.line_ids, data=self._report_data(), config=False
        )
        action["report_type"] = "qweb-html"
        return action

    def _do_print(self):
        self.line_ids._telecobranca_log_boleto_action(
            "print", self.env._("Boleto printed (%(layout)s).", layout=self.layout)
        )
        return self.env.ref("telecobranca.action_report_boleto").report_action(
            self.line_ids, data=self._report_data(), config=False
        )

    def _render_pdf_attachment(self, move):
        content, _type = self.env["ir.actions.report"]._render_qweb_pdf(
            "telecobranca.action_report_boleto",
            self.line_ids.ids,
            data=self._report_data(),
        )
        name = "Boleto {}.pdf".format((move.name or "").replace("/", "-"))
        return self.env["ir.attachment"].create(
            {
                "name": name,
                "datas": base64.b64encode(content),
                "mimetype": "application/pdf",
                "res_model": "account.move",
                "res_id": move.id,
            }
        )

    def _composer_action(self, move, subject, body, attachments):
        partner = self.partner_id or self.line_ids.partner_id[:1]
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Send Boleto"),
            "context": {
                "default_model": "account.move",
                "default_res_ids": move.ids,
                "default_composition_mode": "comment",
                "default_subject": subject,
                "default_body": body,
                "default_partner_ids": partner.ids,
                "default_attachment_ids": attachments.ids,
                "default_subtype_xmlid": "mail.mt_comment",
            },
        }

    def _do_email(self):
        move = self.line_ids.move_id[:1]
        attachment = self._render_pdf_attachment(move)
        template = self.env.ref("telecobranca.mail_template_boleto")
        subject = template._render_field("subject", move.ids)[move.id]
        body = template._render_field("body_html", move.ids)[move.id]
        self.line_ids._telecobranca_log_boleto_action(
            "email",
            self.env._("Boleto e-mail prepared with %(name)s.", name=attachment.name),
        )
        return self._composer_action(move, subject, body, attachment)

    def _do_send_customer(self):
        template = self.template_id
        if not template:
            raise UserError(self.env._("Choose the template to send to the customer."))
        allowed = self.env["telecobranca.customer.template"].search(
            [("id", "=", template.id), *template._allowed_domain()]
        )
        if not allowed:
            raise UserError(
                self.env._(
                    "You are not allowed to send the template %(name)s.",
                    name=template.name,
                )
            )
        move = self.line_ids.move_id[:1]
        self.line_ids._telecobranca_log_boleto_action(
            "send_customer",
            self.env._(
                "Template %(name)s prepared for the customer.", name=template.name
            ),
        )
        return self._composer_action(
            move,
            template.subject or template.name,
            template.body_html,
            self.env["ir.attachment"],
        )

    def _do_send_bank(self):
        account = self.bank_account_id
        titles = self.line_ids
        if account.boleto_integration == "none":
            raise UserError(
                self.env._(
                    "The account %(account)s is not integrated with its bank.",
                    account=account.display_name,
                )
            )
        pending = titles.filtered(lambda t: t.boleto_status in NOT_AT_BANK)
        if not pending:
            raise UserError(
                self.env._("The boletos are already registered at the bank.")
            )
        if account.boleto_integration == "cnab":
            attachment = account._boleto_cnab_export(pending)
            return {
                "type": "ir.actions.act_url",
                "url": f"/web/content/{attachment.id}?download=true",
                "target": "self",
            }
        return pending._telecobranca_register_at_bank(account)

    def _whatsapp_text(self):
        lines = []
        partner = self.partner_id or self.line_ids.partner_id[:1]
        lines.append(self.env._("Hello %(name)s,", name=partner.name or ""))
        for title in self.line_ids:
            amount = f"{title.boleto_amount:.2f}".replace(".", ",")
            lines.append(
                self.env._(
                    "Boleto %(number)s, due %(date)s, amount R$ %(amount)s.",
                    number=title.title_number or "",
                    date=title.boleto_due_date
                    and title.boleto_due_date.strftime("%d/%m/%Y"),
                    amount=amount,
                )
            )
            lines.append(
                self.env._("Digitable line: %(line)s", line=title.boleto_digitable_line)
            )
            if title.boleto_pix_payload:
                lines.append(
                    self.env._(
                        "PIX copy and paste: %(code)s", code=title.boleto_pix_payload
                    )
                )
        return "\n".join(lines)

    def _do_whatsapp(self):
        digits = re.sub(r"\D", "", self.whatsapp_number or "")
        if len(digits) < 10:
            raise UserError(self.env._("Give the WhatsApp number, with its area code."))
        if len(digits) <= 11:
            digits = "55" + digits
        text = self._whatsapp_text()
        self.line_ids._telecobranca_log_boleto_action(
            "whatsapp",
            self.env._("Boleto sent by WhatsApp to +%(number)s.", number=digits),
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"https://wa.me/{digits}?text={quote(text)}",
            "target": "new",
        }
