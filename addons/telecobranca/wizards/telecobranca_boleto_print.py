# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""*Print boleto* wizard (F8.3): view, print, e-mail, send, WhatsApp.

Thin UI: it gathers the titles, the account and the layout, issues the
boletos (the explicit step that gives them their nosso número) and calls the
title model (send to the bank) or ``telecobranca.send`` (PDF, e-mail,
WhatsApp).
"""

import re

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..models.res_partner_bank_boleto import BOLETO_LAYOUTS

# Actions that ask to send the title to the bank first when the account is
# integrated with the bank and the title is not registered.
ASK_SEND_ACTIONS = ("view", "print", "email")


class TelecobrancaBoletoPrint(models.TransientModel):
    _name = "telecobranca.boleto.print"
    _inherit = ["telecobranca.wizard.mixin"]
    _description = "Print Boleto"
    _check_company_auto = True

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
        related="bank_account_id.boleto_cnab_wallet_code", string="Collection Type"
    )
    layout = fields.Selection(
        BOLETO_LAYOUTS,
        compute="_compute_layout",
        store=True,
        readonly=False,
        help="A boleto with static PIX QR: a PIX payment of it is reported by no "
        "bank return and must be reconciled by hand.",
    )
    state = fields.Selection(
        [("choose", "Choose"), ("confirm", "Confirm"), ("whatsapp", "WhatsApp")],
        default="choose",
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
    whatsapp_contact_id = fields.Many2one(
        "res.partner",
        string="WhatsApp Contact",
        compute="_compute_whatsapp_contact_id",
        store=True,
        readonly=False,
        domain="[('commercial_partner_id', '=', customer_id), "
        "'|', ('mobile', '!=', False), ('phone', '!=', False)]",
        help="The customer or one of its contacts with a mobile or phone "
        "number; the number below may also be typed by hand.",
    )
    customer_id = fields.Many2one(
        "res.partner",
        string="Customer's Company",
        compute="_compute_whatsapp_contact_id",
        store=True,
    )
    whatsapp_number = fields.Char(
        string="WhatsApp Number",
        compute="_compute_whatsapp_number",
        store=True,
        readonly=False,
    )
    whatsapp_message = fields.Text(
        string="WhatsApp Message",
        readonly=True,
        help="The text the customer receives, with each boleto's digitable line.",
    )
    whatsapp_url = fields.Char(
        string="WhatsApp Link",
        compute="_compute_whatsapp_url",
        help="The link that opens WhatsApp on the number with the message.",
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
    def _compute_layout(self):
        for wizard in self:
            wizard.layout = wizard.bank_account_id.boleto_layout or "plain"

    @api.depends("line_ids.boleto_status", "bank_account_id")
    def _compute_unregistered_count(self):
        for wizard in self:
            wizard.unregistered_count = len(
                wizard.line_ids._telecobranca_boleto_not_at_bank()
            )

    @api.depends("partner_id", "line_ids")
    def _compute_whatsapp_contact_id(self):
        for wizard in self:
            customer = (
                wizard.partner_id or wizard.line_ids.partner_id[:1]
            ).commercial_partner_id
            wizard.customer_id = customer
            wizard.whatsapp_contact_id = customer._telecobranca_whatsapp_contacts()[:1]

    @api.depends("whatsapp_contact_id")
    def _compute_whatsapp_number(self):
        for wizard in self:
            contact = wizard.whatsapp_contact_id
            wizard.whatsapp_number = contact.mobile or contact.phone or False

    @api.depends("whatsapp_message", "whatsapp_number")
    def _compute_whatsapp_url(self):
        send = self.env["telecobranca.send"]
        for wizard in self:
            digits = re.sub(r"\D", "", wizard.whatsapp_number or "")
            wizard.whatsapp_url = (
                send._get_whatsapp_url(digits, wizard.whatsapp_message)
                if wizard.whatsapp_message and len(digits) >= 10
                else False
            )

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
        """Show the WhatsApp message and its link before sending them."""
        return self._run("whatsapp")

    def action_whatsapp_send(self):
        """Open WhatsApp with the message shown; the case notes it."""
        self._check_can_run()
        action = self.env["telecobranca.send"]._send_boleto_whatsapp(
            self.line_ids, self.whatsapp_number, self.partner_id
        )
        return {**action, "close": True}

    def action_back(self):
        self.ensure_one()
        self.state = "choose"
        return self._reopen()

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
            and self.line_ids._telecobranca_boleto_not_at_bank()
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

    def _do_view(self):
        return self.env["telecobranca.send"]._get_boleto_report_action(
            self.line_ids, html=True
        )

    def _do_print(self):
        self.line_ids._telecobranca_log_boleto_action(
            "print", self.env._("Boleto printed (%(layout)s).", layout=self.layout)
        )
        return self.env["telecobranca.send"]._get_boleto_report_action(self.line_ids)

    def _do_email(self):
        return self.env["telecobranca.send"]._prepare_boleto_email(
            self.line_ids, self.partner_id
        )

    def _do_send_customer(self):
        return self.env["telecobranca.send"]._prepare_template_email(
            self.line_ids, self.template_id, self.partner_id
        )

    def _do_send_bank(self):
        return self.line_ids._telecobranca_send_boletos_to_bank(self.bank_account_id)

    def _do_whatsapp(self):
        send = self.env["telecobranca.send"]
        send._normalize_whatsapp_number(self.whatsapp_number)  # a clear error now
        self.write(
            {
                "state": "whatsapp",
                "whatsapp_message": send._get_boleto_whatsapp_text(
                    self.line_ids, self.partner_id
                ),
            }
        )
        return self._reopen()
