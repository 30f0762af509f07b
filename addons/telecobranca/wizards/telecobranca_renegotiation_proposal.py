# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class TelecobrancaRenegotiationProposalWizard(models.TransientModel):
    """Send a renegotiation proposal to the customer (F6.3).

    Thin UI: it saves the proposal's validity, contact and text on the
    renegotiation, then ``telecobranca.send`` e-mails it or builds the
    WhatsApp link.
    """

    _name = "telecobranca.renegotiation.proposal.wizard"
    _inherit = ["telecobranca.wizard.mixin"]
    _description = "Send Renegotiation Proposal"
    _check_company_auto = True

    renegotiation_id = fields.Many2one(
        "telecobranca.renegotiation", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="renegotiation_id.company_id", store=True)
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
        domain="[('commercial_partner_id', 'in', customer_ids)]",
        help="The customer or one of its contacts; its mobile or phone fills "
        "the WhatsApp number, which may also be typed by hand.",
    )
    customer_ids = fields.Many2many(related="renegotiation_id.partner_ids")
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
        self.env["telecobranca.send"]._send_proposal_email(
            reneg, self.contact_partner_id
        )
        return {"type": "ir.actions.act_window_close"}

    def action_send_whatsapp(self):
        """Open WhatsApp with the proposal; logged in the chatter."""
        reneg = self._save_proposal()
        return self.env["telecobranca.send"]._send_proposal_whatsapp(
            reneg, self.phone, self.contact_partner_id
        )
