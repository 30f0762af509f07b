# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re
from urllib.parse import quote

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext


class TelecobrancaRenegotiationProposalWizard(models.TransientModel):
    """Send a renegotiation proposal to the customer (F6.3)."""

    _name = "telecobranca.renegotiation.proposal.wizard"
    _description = "Send Renegotiation Proposal"

    renegotiation_id = fields.Many2one(
        "telecobranca.renegotiation", required=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(related="renegotiation_id.partner_id")
    valid_until = fields.Date(
        required=True,
        compute="_compute_from_renegotiation",
        store=True,
        readonly=False,
        precompute=True,
    )
    contact_partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        compute="_compute_from_renegotiation",
        store=True,
        readonly=False,
        precompute=True,
    )
    text = fields.Html(
        string="Proposal Text",
        compute="_compute_from_renegotiation",
        store=True,
        readonly=False,
        precompute=True,
    )
    phone = fields.Char(
        string="WhatsApp Number",
        compute="_compute_phone",
        store=True,
        readonly=False,
        precompute=True,
    )

    @api.depends("renegotiation_id")
    def _compute_from_renegotiation(self):
        for wizard in self:
            reneg = wizard.renegotiation_id
            wizard.valid_until = reneg.proposal_valid_until
            wizard.contact_partner_id = reneg.contact_partner_id or reneg.partner_id
            wizard.text = reneg.proposal_text

    @api.depends("contact_partner_id")
    def _compute_phone(self):
        for wizard in self:
            partner = wizard.contact_partner_id
            wizard.phone = partner.mobile or partner.phone or wizard.partner_id.mobile

    def _save_proposal(self):
        self.ensure_one()
        reneg = self.renegotiation_id
        reneg._check_can_send_proposal()
        if reneg.proposal_expired and self.valid_until <= fields.Date.context_today(
            self
        ):
            raise UserError(
                self.env._("The proposal has expired: update it before sending it.")
            )
        reneg.write(
            {
                "proposal_valid_until": self.valid_until,
                "contact_partner_id": self.contact_partner_id.id,
                "proposal_text": self.text,
            }
        )
        return reneg

    def action_send_email(self):
        """E-mail the proposal letter (PDF) to the contact; logged in the chatter."""
        reneg = self._save_proposal()
        if not self.contact_partner_id.email:
            raise UserError(
                self.env._(
                    "%(contact)s has no e-mail address.",
                    contact=self.contact_partner_id.display_name,
                )
            )
        template = self.env.ref("telecobranca.mail_template_renegotiation_proposal")
        composer = (
            self.env["mail.compose.message"]
            .with_context(
                default_model=reneg._name,
                default_res_ids=reneg.ids,
                default_template_id=template.id,
                default_composition_mode="comment",
            )
            .create({"partner_ids": [fields.Command.set(self.contact_partner_id.ids)]})
        )
        composer._action_send_mail()
        return {"type": "ir.actions.act_window_close"}

    def _whatsapp_url(self):
        self.ensure_one()
        digits = re.sub(r"\D", "", self.phone or "")
        if not digits:
            raise UserError(self.env._("Give the WhatsApp number of the contact."))
        if len(digits) <= 11:  # Brazilian number without the country code
            digits = "55" + digits
        reneg = self.renegotiation_id
        total = (
            f"R$ {reneg.amount_total:,.2f}".replace(",", "X")
            .replace(".", ",")
            .replace("X", ".")
        )
        text = self.env._(
            "%(company)s: renegotiation proposal %(name)s, total %(total)s in "
            "%(count)s installment(s), valid until %(date)s.",
            company=reneg.company_id.name,
            name=reneg.name,
            total=total,
            count=len(reneg.installment_ids),
            date=self.valid_until.strftime("%d/%m/%Y"),
        )
        if self.text:
            text = f"{html2plaintext(self.text)}\n\n{text}"
        return f"https://wa.me/{digits}?text={quote(text)}"

    def action_send_whatsapp(self):
        """Open WhatsApp with the proposal; logged in the chatter."""
        reneg = self._save_proposal()
        url = self._whatsapp_url()
        reneg.message_post(
            body=Markup("<p>%s</p>")
            % self.env._(
                "Proposal sent by WhatsApp to %(phone)s.", phone=self.phone or ""
            )
        )
        return {"type": "ir.actions.act_url", "url": url, "target": "new"}
