# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.interest import charges

# Ceiling of a title's interest, in times its open amount.
MAX_INTEREST_FACTOR = 10


class TelecobrancaRenegotiationLine(models.Model):
    _name = "telecobranca.renegotiation.line"
    _description = "Renegotiated Title"
    _order = "renegotiation_id, date_maturity, id"
    _check_company_auto = True

    renegotiation_id = fields.Many2one(
        "telecobranca.renegotiation", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="renegotiation_id.company_id", store=True)
    currency_id = fields.Many2one(related="renegotiation_id.currency_id")
    selected = fields.Boolean(default=True)
    # No check_company here: a title of another company is refused when the
    # line is created (and again when the renegotiation is confirmed), with a
    # message naming the title (_check_renegotiable), rather than by the
    # generic company check.
    move_line_id = fields.Many2one(
        "account.move.line",
        string="Title",
        required=True,
        ondelete="restrict",
        index=True,
    )
    title_number = fields.Char(related="move_line_id.title_number")
    partner_id = fields.Many2one(related="move_line_id.partner_id")
    date_maturity = fields.Date(related="move_line_id.date_maturity", store=True)
    payment_form_id = fields.Many2one(related="move_line_id.payment_form_id")
    days_late = fields.Integer(compute="_compute_days_late")
    open_amount = fields.Monetary()
    fine_amount = fields.Monetary(string="Fine")
    interest_amount = fields.Monetary(string="Interest")
    total_amount = fields.Monetary(string="Total", compute="_compute_total_amount")
    note = fields.Text(
        compute="_compute_note",
        store=True,
        readonly=False,
        help="Observation on the title (F5.3): kept on the title at confirmation.",
    )
    debtor_id = fields.Many2one(
        "res.partner",
        compute="_compute_debtor_id",
        help="Commercial entity that owes the title.",
    )

    @api.depends("move_line_id.date_maturity", "renegotiation_id.date")
    def _compute_days_late(self):
        for line in self:
            line.days_late = line._get_charges().days if line.move_line_id else 0

    @api.depends("move_line_id")
    def _compute_note(self):
        for line in self:
            if not line.note:
                line.note = line.move_line_id.telecobranca_title_note

    @api.depends("move_line_id.partner_id")
    def _compute_debtor_id(self):
        for line in self:
            line.debtor_id = line.move_line_id.partner_id.commercial_partner_id

    @api.depends("open_amount", "fine_amount", "interest_amount")
    def _compute_total_amount(self):
        for line in self:
            line.total_amount = (
                line.open_amount + line.fine_amount + line.interest_amount
            )

    @api.model_create_multi
    def create(self, vals_list):
        given = [set(vals) for vals in vals_list]
        for vals in vals_list:
            if "open_amount" not in vals and vals.get("move_line_id"):
                vals["open_amount"] = (
                    self.env["account.move.line"]
                    .sudo()
                    .browse(vals["move_line_id"])
                    .amount_residual
                )
        lines = super().create(vals_list)
        lines.renegotiation_id._check_lines_can_change()
        # refused at creation (forecast, settled, another company), so a
        # refused attempt leaves no draft behind
        lines._check_renegotiable()
        for line, keys in zip(lines, given, strict=True):
            line._set_default_charges(
                fine="fine_amount" not in keys, interest="interest_amount" not in keys
            )
        return lines

    def write(self, vals):
        # the amounts of a confirmed renegotiation are its REN entry's
        self.renegotiation_id._check_lines_can_change()
        res = super().write(vals)
        if "renegotiation_id" in vals:
            self.renegotiation_id._check_lines_can_change()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed(self):
        self.renegotiation_id._check_lines_can_change()

    @api.constrains("open_amount", "fine_amount", "interest_amount")
    def _check_charge_bounds(self):
        """The fine and the interest of a title stay within sensible bounds:
        the fine at most the open amount (100 %), the interest at most
        :data:`MAX_INTEREST_FACTOR` times it."""
        for line in self:
            currency = line.currency_id or line.move_line_id.company_currency_id
            base = max(line.open_amount, 0.0)
            name = line.move_line_id.title_number or line.move_line_id.display_name
            if currency.compare_amounts(line.fine_amount, base) > 0:
                raise ValidationError(
                    self.env._(
                        "The fine of the title %(title)s cannot exceed its open "
                        "amount.",
                        title=name,
                    )
                )
            if (
                currency.compare_amounts(
                    line.interest_amount, base * MAX_INTEREST_FACTOR
                )
                > 0
            ):
                raise ValidationError(
                    self.env._(
                        "The interest of the title %(title)s cannot exceed "
                        "%(factor)s times its open amount.",
                        title=name,
                        factor=MAX_INTEREST_FACTOR,
                    )
                )

    def _get_charges(self):
        """Fine and interest of the title on the renegotiation date (F5.7)."""
        self.ensure_one()
        company = self.renegotiation_id.company_id
        title = self.move_line_id
        try:
            return charges(
                max(self.open_amount, 0.0),
                title.date_maturity or self.renegotiation_id.date,
                self.renegotiation_id.date,
                fine_percent=company.telecobranca_fine_percent,
                monthly_interest_percent=company.telecobranca_interest_percent,
                grace_days=max(company.telecobranca_grace_days, 0),
            )
        except ValueError as error:
            raise UserError(
                self.env._(
                    "The fine and interest of the title %(title)s cannot be "
                    "computed with the settings of %(company)s: %(error)s",
                    title=title.title_number or title.display_name,
                    company=company.display_name,
                    error=str(error),
                )
            ) from None

    def _set_default_charges(self, fine=True, interest=True):
        for line in self:
            result = line._get_charges()
            if fine:
                line.fine_amount = float(result.fine)
            if interest:
                line.interest_amount = float(result.interest)

    def _check_renegotiable(self):
        for line in self:
            # read as superuser: a title of a company the user cannot see is
            # refused by this clear message, not by an access error
            title = line.sudo().move_line_id
            if title.company_id != line.sudo().renegotiation_id.company_id:
                raise UserError(
                    self.env._(
                        "The title %(title)s belongs to another company.",
                        title=title.title_number or title.display_name,
                    )
                )
        self.env["telecobranca.settlement"]._check_can_settle(
            self.move_line_id, renegotiation=self.renegotiation_id
        )

    def action_open_timeline(self):
        return self.move_line_id.action_open_telecobranca_timeline()
