# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models


class TelecobrancaCaseOpenWizard(models.TransientModel):
    """*New collection* (F2.4): open a case by hand for one customer."""

    _name = "telecobranca.case.open.wizard"
    _inherit = ["telecobranca.wizard.mixin"]
    _description = "New Collection"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, check_company=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    existing_case_id = fields.Many2one(
        "telecobranca.case", compute="_compute_existing_case_id"
    )
    eligible_title_ids = fields.Many2many(
        "account.move.line", compute="_compute_selectable_title_ids"
    )
    not_due_title_ids = fields.Many2many(
        "account.move.line", compute="_compute_selectable_title_ids"
    )
    selectable_title_ids = fields.Many2many(
        "account.move.line", compute="_compute_selectable_title_ids"
    )
    include_not_due = fields.Boolean(
        string="Titles Not Yet Due",
        help="Also collect the customer's titles that are not due yet; allowed "
        "only with at least one overdue title in the case.",
    )
    line_ids = fields.One2many(
        "telecobranca.case.open.wizard.line",
        "wizard_id",
        string="Titles",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
        help="The customer's titles, by due date: untick those not to collect.",
    )
    title_ids = fields.Many2many(
        "account.move.line",
        string="Titles to Collect",
        compute="_compute_title_ids",
    )
    note = fields.Html(string="Collection Note", required=True)
    case_type_id = fields.Many2one(
        "telecobranca.case.type",
        default=lambda self: self.env.company.telecobranca_case_type_id,
        check_company=True,
    )
    contact_type_id = fields.Many2one(
        "telecobranca.contact.type",
        default=lambda self: self.env.company.telecobranca_contact_type_id,
        check_company=True,
    )
    contact_partner_id = fields.Many2one(
        "res.partner",
        string="Contact Person",
        domain="[('commercial_partner_id', '=', partner_id)]",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Collector",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        domain="[('share', '=', False)]",
    )
    next_date = fields.Date(
        string="Next Collection Date",
        required=True,
        default=fields.Date.context_today,
    )

    @api.depends("partner_id", "company_id")
    def _compute_existing_case_id(self):
        for wizard in self:
            wizard.existing_case_id = self.env["telecobranca.case"]._get_open_cases(
                wizard.partner_id, wizard.company_id
            )

    @api.depends("existing_case_id")
    def _compute_user_id(self):
        """The open case's collector, else the one the settings give the next
        case (``telecobranca.case.opening._get_collectors``), else the user."""
        Opening = self.env["telecobranca.case.opening"]
        for wizard in self:
            wizard.user_id = (
                wizard.existing_case_id.user_id
                or Opening._get_next_collector(wizard.company_id)
                or self.env.user
            )

    @api.depends("partner_id", "company_id", "include_not_due")
    def _compute_selectable_title_ids(self):
        Opening = self.env["telecobranca.case.opening"]
        for wizard in self:
            partner = wizard.partner_id.commercial_partner_id
            if not partner:
                wizard.eligible_title_ids = wizard.not_due_title_ids = False
                wizard.selectable_title_ids = False
                continue
            wizard.eligible_title_ids = Opening._get_eligible_titles(
                wizard.company_id, partner_ids=partner.ids
            )
            wizard.not_due_title_ids = Opening._get_not_due_titles(
                wizard.company_id, partner
            )
            wizard.selectable_title_ids = wizard.eligible_title_ids | (
                wizard.not_due_title_ids
                if wizard.include_not_due
                else self.env["account.move.line"]
            )

    @api.depends("partner_id", "company_id")
    def _compute_line_ids(self):
        # in a new wizard the computed titles are new versions of the titles:
        # the lines point to the titles themselves (``_origin``), so that
        # their numbers show from the start
        for wizard in self:
            wizard.line_ids = [Command.clear()] + [
                Command.create({"move_line_id": title.id})
                for title in wizard.eligible_title_ids._origin.sorted(
                    lambda title: (title.date_maturity, title.id)
                )
            ]

    @api.depends("line_ids.selected", "line_ids.move_line_id")
    def _compute_title_ids(self):
        for wizard in self:
            wizard.title_ids = wizard.line_ids.filtered("selected").move_line_id

    @api.onchange("include_not_due")
    def _onchange_include_not_due(self):
        not_due = self.not_due_title_ids._origin
        if self.include_not_due:
            known = self.line_ids.move_line_id._origin
            self.line_ids = [
                Command.create({"move_line_id": title.id})
                for title in (not_due - known).sorted(
                    lambda title: (title.date_maturity, title.id)
                )
            ]
        else:
            self.line_ids = [
                Command.unlink(line.id)
                for line in self.line_ids
                if line.move_line_id._origin in not_due
            ]

    def action_confirm(self):
        self.ensure_one()
        case = (
            self.env["telecobranca.case.opening"]
            .with_company(self.company_id)
            ._open_case_manually(
                self.partner_id,
                self.title_ids,
                include_not_due=self.include_not_due,
                case_vals={
                    "user_id": self.user_id.id,
                    "case_type_id": self.case_type_id.id,
                    "contact_type_id": self.contact_type_id.id,
                    "contact_partner_id": self.contact_partner_id.id,
                    "next_date": self.next_date,
                },
                note=self.note,
            )
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "telecobranca.case",
            "res_id": case.id,
            "view_mode": "form",
        }


class TelecobrancaCaseOpenWizardLine(models.TransientModel):
    """A title offered by *New collection*: ticked, it joins the case."""

    _name = "telecobranca.case.open.wizard.line"
    _description = "Title of a New Collection"
    _order = "date_maturity, id"
    _check_company_auto = True

    wizard_id = fields.Many2one(
        "telecobranca.case.open.wizard", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="wizard_id.company_id", store=True)
    selected = fields.Boolean(string="Collect", default=True)
    move_line_id = fields.Many2one(
        "account.move.line", string="Title", required=True, ondelete="cascade"
    )
    title_number = fields.Char(related="move_line_id.title_number")
    date_maturity = fields.Date(
        related="move_line_id.date_maturity", string="Due Date", store=True
    )
    days_overdue = fields.Integer(related="move_line_id.days_overdue")
    company_currency_id = fields.Many2one(related="move_line_id.company_currency_id")
    amount_residual = fields.Monetary(
        related="move_line_id.amount_residual",
        string="Open Amount",
        currency_field="company_currency_id",
    )
    payment_form_id = fields.Many2one(related="move_line_id.payment_form_id")
    collection_status_id = fields.Many2one(related="move_line_id.collection_status_id")
