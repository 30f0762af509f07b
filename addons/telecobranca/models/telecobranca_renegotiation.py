# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Renegotiation of receivable titles (renegociação, SPEC F5, F6).

A renegotiation is a persistent document: while in draft it is a saved
simulation (a *pending renegotiation*, also the base of a proposal letter);
its confirmation posts ONE balanced journal entry in the ``REN`` journal that
settles the original titles and creates the new ones, so that, to the cent,
for every debtor (F5.2: nobody's debt is moved to somebody else)::

    debtor's new titles = debtor's open amounts + fines + interest
                          + surcharge - discount - credit letters used

The entry has one balanced group of lines per debtor (the commercial entity
of the titles; with *single payer*, the one payer chosen for all): it credits
the open amounts of the debtor's titles, one line per receivable account and
partner (reconciled with each of its titles: the partials say how much of
each title it settled), debits one receivable line per installment (the new
titles), credits fines, interest and surcharge to the income accounts, debits
the discount, and debits each credit letter used on the letter's own account
(receivable refund or payable credit letter), reconciled with it: that line
consumes the letter and is never a title. Surcharge and discount are shared
between the debtors in proportion to their open amounts plus charges::

    installments + discount + credit letters
        = open amounts + fines + interest + surcharge      (per debtor)

Every line carries an explicit key (``telecobranca_renegotiation_key``) by
which the confirmation maps it back to its titles, installment, charge or
credit letter, checked against what was prepared.

Locking and checking the titles is the ``telecobranca.settlement`` service's.

Collectors read accounting documents and edit none (security/
telecobranca_groups.xml): their confirmation posts the REN entry as
superuser, once ``_check_can_confirm`` has checked them, as themselves.

The REN entry cannot be reset, cancelled, reversed or unreconciled on its own
(``account.move._telecobranca_check_can_change``): undoing a confirmed
renegotiation is the renegotiation's own action, for the collection manager.
It never edits a posted line: it unreconciles the REN entry from the
originals and credit letters, posts a reversal entry reconciled line by line
with the REN entry (the REN titles are settled by it), cancels the REN
titles' boletos, reopens the originals' collection case and logs a note. The
renegotiation ends *Undone*.
"""

from datetime import timedelta

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_amount, format_date

from ..tools import relative_dates
from ..tools.interest import accrue_interest
from .account_move_line import CREDIT_LETTER_KEY_PREFIX
from .telecobranca_flow import FLOW, in_flow
from .telecobranca_input import check_date_values

# *Undone*: confirmed, then undone by a manager (its REN titles exist, settled
# by the reversal): neither a draft nor *Cancelled* (which can be reset).
STATES = [
    ("draft", "Draft"),
    ("done", "Confirmed"),
    ("cancel", "Cancelled"),
    ("undone", "Undone"),
]
# What fixes the money of a renegotiation: written only while it is pending.
FROZEN_WHEN_CONFIRMED = frozenset(
    {
        "company_id",
        "date",
        "partner_ids",
        "line_ids",
        "credit_line_ids",
        "installment_ids",
        "writeoff_type_id",
        "surcharge",
        "discount",
        "payment_term_id",
        "is_single_payer",
        "payer_partner_id",
    }
)
STEPS = [
    ("filter", "Filter"),
    ("titles", "Titles"),
    ("charges", "Fine and Interest"),
    ("terms", "Terms"),
    ("final", "Confirmation"),
]
PERIOD_ANCHORS = [("manual", "Empty date (manual)"), *relative_dates.SELECTION_ANCHORS]


class TelecobrancaRenegotiation(models.Model):
    _name = "telecobranca.renegotiation"
    _description = "Renegotiation of Titles"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(
        required=True, readonly=True, copy=False, default="/", tracking=True
    )
    state = fields.Selection(
        STATES, required=True, default="draft", readonly=True, copy=False, tracking=True
    )
    step = fields.Selection(STEPS, required=True, default="titles", copy=False)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        required=True,
        check_company=True,
        help="Renegotiate the titles of these persons.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_partner_id",
        store=True,
        index=True,
    )
    # Filter (F5.1)
    period_start_anchor = fields.Selection(
        PERIOD_ANCHORS, string="Issued From", default="manual"
    )
    period_start_offset = fields.Integer(string="Start Offset")
    period_start_unit = fields.Selection(
        relative_dates.SELECTION_UNITS, string="Start Unit", default="day"
    )
    period_end_anchor = fields.Selection(
        PERIOD_ANCHORS, string="Issued Until", default="manual"
    )
    period_end_offset = fields.Integer(string="End Offset")
    period_end_unit = fields.Selection(
        relative_dates.SELECTION_UNITS, string="End Unit", default="day"
    )
    date_from = fields.Date(string="Issued From (Manual)")
    date_to = fields.Date(string="Issued Until (Manual)")
    # Titles, credit letters, charges
    line_ids = fields.One2many(
        "telecobranca.renegotiation.line", "renegotiation_id", string="Titles"
    )
    credit_line_ids = fields.One2many(
        "telecobranca.renegotiation.credit",
        "renegotiation_id",
        string="Credit Letters",
    )
    writeoff_type_id = fields.Many2one(
        "telecobranca.writeoff.type",
        string="Final Write-off Type",
        compute="_compute_writeoff_type_id",
        store=True,
        readonly=False,
        check_company=True,
        domain="[('is_final_no_cash', '=', True)]",
        help="Write-off (no cash) the original titles are settled under.",
    )
    is_optimized = fields.Boolean(
        string="Optimized (1 to 1)",
        compute="_compute_is_optimized",
        help="One title renegotiated into exactly one new title.",
    )
    # Terms (F5.8, F5.9)
    surcharge = fields.Monetary()
    discount = fields.Monetary()
    payment_term_id = fields.Many2one(
        "account.payment.term", string="Payment Terms", check_company=True
    )
    initial_check_number = fields.Integer(
        help="Numbers the check installments consecutively from this number.",
    )
    installment_ids = fields.One2many(
        "telecobranca.renegotiation.installment",
        "renegotiation_id",
        string="Installments",
    )
    installments_edited = fields.Boolean(
        copy=False,
        help="The installments were changed by hand since they were last "
        "computed: a change of the terms recomputes them, and says so.",
    )
    note = fields.Text(help="Written on all the new titles.")
    is_single_payer = fields.Boolean(
        string="Single Payer",
        help="Issue all the new titles, charges and credits of the renegotiation "
        "to one payer instead of each customer getting their own (F5.2).",
    )
    payer_partner_id = fields.Many2one(
        "res.partner",
        string="Payer",
        domain="[('id', 'in', partner_ids)]",
        help="The customer who pays for all when Single Payer is on.",
    )
    # Final step (F5.10)
    contact_partner_id = fields.Many2one("res.partner", string="Contact Person")
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
    )
    move_id = fields.Many2one(
        "account.move",
        string="Journal Entry",
        readonly=True,
        copy=False,
        check_company=True,
    )
    new_title_ids = fields.Many2many(
        "account.move.line",
        string="New Titles",
        compute="_compute_new_title_ids",
    )
    # Totals
    amount_open = fields.Monetary(string="Open Amount", compute="_compute_amounts")
    amount_fine = fields.Monetary(string="Fines", compute="_compute_amounts")
    amount_interest = fields.Monetary(string="Interest", compute="_compute_amounts")
    amount_credit = fields.Monetary(
        string="Credit Letters Used", compute="_compute_amounts"
    )
    amount_subtotal = fields.Monetary(
        string="Subtotal",
        compute="_compute_amounts",
        help="Open amounts, fines, interest and surcharge.",
    )
    amount_total = fields.Monetary(
        string="Total",
        compute="_compute_amounts",
        help="Subtotal minus discount and credit letters: the new titles' sum.",
    )
    amount_installments = fields.Monetary(compute="_compute_amounts")
    amount_installments_difference = fields.Monetary(
        string="Difference",
        compute="_compute_amounts",
        help="Total minus the sum of the installments: zero when they add up.",
    )
    installments_warning = fields.Char(compute="_compute_installments_warning")
    # Proposal (F6)
    proposal_valid_until = fields.Date(
        string="Valid Until",
        compute="_compute_proposal_valid_until",
        store=True,
        readonly=False,
    )
    proposal_expired = fields.Boolean(
        string="Expired", compute="_compute_proposal_expired"
    )
    proposal_text = fields.Html()

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    @api.depends("partner_ids")
    def _compute_partner_id(self):
        for reneg in self:
            reneg.partner_id = reneg.partner_ids[:1]

    @api.depends("company_id")
    def _compute_writeoff_type_id(self):
        for reneg in self:
            if not reneg.writeoff_type_id and reneg.company_id:
                reneg.writeoff_type_id = reneg.company_id.telecobranca_writeoff_type_id

    @api.depends("company_id", "line_ids.selected")
    def _compute_is_optimized(self):
        for reneg in self:
            reneg.is_optimized = bool(
                reneg.company_id.telecobranca_optimized_renegotiation
                and len(reneg.line_ids.filtered("selected")) == 1
            )

    @api.depends("move_id", "installment_ids.move_line_id")
    def _compute_new_title_ids(self):
        for reneg in self:
            reneg.new_title_ids = reneg.installment_ids.move_line_id

    @api.depends(
        "line_ids.selected",
        "line_ids.open_amount",
        "line_ids.fine_amount",
        "line_ids.interest_amount",
        "credit_line_ids.selected",
        "credit_line_ids.amount_used",
        "surcharge",
        "discount",
        "installment_ids.amount",
    )
    def _compute_amounts(self):
        for reneg in self:
            lines = reneg.line_ids.filtered("selected")
            credit_lines = reneg.credit_line_ids.filtered("selected")
            reneg.amount_open = sum(lines.mapped("open_amount"))
            reneg.amount_fine = sum(lines.mapped("fine_amount"))
            reneg.amount_interest = sum(lines.mapped("interest_amount"))
            reneg.amount_credit = sum(credit_lines.mapped("amount_used"))
            reneg.amount_subtotal = (
                reneg.amount_open
                + reneg.amount_fine
                + reneg.amount_interest
                + reneg.surcharge
            )
            reneg.amount_total = reneg.currency_id.round(
                reneg.amount_subtotal - reneg.discount - reneg.amount_credit
            )
            reneg.amount_installments = sum(reneg.installment_ids.mapped("amount"))
            reneg.amount_installments_difference = reneg.currency_id.round(
                reneg.amount_total - reneg.amount_installments
            )

    @api.depends_context("lang")
    @api.depends("state", "installment_ids", "amount_installments_difference")
    def _compute_installments_warning(self):
        for reneg in self:
            currency = reneg.currency_id
            if (
                reneg.state != "draft"
                or not reneg.installment_ids
                or currency.is_zero(reneg.amount_installments_difference)
            ):
                reneg.installments_warning = False
                continue
            reneg.installments_warning = self.env._(
                "The installments add up to %(sum)s but the total is %(total)s "
                "(difference %(difference)s): correct them before going on.",
                sum=format_amount(self.env, reneg.amount_installments, currency),
                total=format_amount(self.env, reneg.amount_total, currency),
                difference=format_amount(
                    self.env, reneg.amount_installments_difference, currency
                ),
            )

    @api.depends("date", "company_id")
    def _compute_proposal_valid_until(self):
        for reneg in self:
            days = reneg.company_id.telecobranca_proposal_validity_days
            reneg.proposal_valid_until = reneg.date and reneg.date + timedelta(
                days=days
            )

    @api.depends_context("tz")
    @api.depends(
        "proposal_valid_until",
        "state",
        "date",
        "company_id.telecobranca_proposal_validity_days",
    )
    def _compute_proposal_expired(self):
        today = fields.Date.context_today(self)
        for reneg in self:
            reneg.proposal_expired = bool(
                reneg.state == "draft"
                and (
                    (reneg.proposal_valid_until and reneg.proposal_valid_until < today)
                    or reneg._is_simulation_expired()
                )
            )

    def _get_simulation_valid_until(self):
        """Last day the simulation's amounts hold: its date plus the
        company's validity (F6.2), whatever "Valid until" says."""
        self.ensure_one()
        return self.date + timedelta(
            days=self.company_id.telecobranca_proposal_validity_days
        )

    def _is_simulation_expired(self):
        self.ensure_one()
        return bool(
            self.state == "draft"
            and self.date
            and self._get_simulation_valid_until() < fields.Date.context_today(self)
        )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("proposal_valid_until", "date")
    def _check_proposal_valid_until(self):
        for reneg in self:
            if (
                reneg.proposal_valid_until
                and reneg.date
                and reneg.proposal_valid_until < reneg.date
            ):
                raise ValidationError(
                    self.env._(
                        "The proposal %(name)s cannot be valid until %(until)s, "
                        "before its simulation date (%(date)s).",
                        name=reneg.name,
                        until=format_date(self.env, reneg.proposal_valid_until),
                        date=format_date(self.env, reneg.date),
                    )
                )

    @api.constrains("is_single_payer", "payer_partner_id", "partner_ids")
    def _check_payer_partner_id(self):
        for reneg in self.filtered("is_single_payer"):
            payer = reneg.payer_partner_id.commercial_partner_id
            if payer and payer not in reneg.partner_ids.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "The single payer %(payer)s is not one of the customers "
                        "of %(name)s.",
                        payer=payer.display_name,
                        name=reneg.name,
                    )
                )

    @api.onchange("payment_term_id", "surcharge", "discount")
    def _onchange_terms(self):
        """The terms step recomputes the installments when the term, the
        surcharge or the discount changes (F5.8); installments edited by hand
        are recomputed too, and the user is told so."""
        if self.state != "draft" or not (
            self.installment_ids or self.step in ("terms", "final")
        ):
            return None
        edited = self.installments_edited
        self._do_compute_installments()
        if not edited:
            return None
        return {
            "warning": {
                "title": self.env._("Installments recomputed"),
                "message": self.env._(
                    "The installments you had changed were recomputed from the "
                    "new terms: %(count)s installments, total %(total)s. Edit "
                    "them again if needed.",
                    count=len(self.installment_ids),
                    total=format_amount(self.env, self.amount_total, self.currency_id),
                ),
                "type": "notification",
            }
        }

    @api.onchange("installment_ids")
    def _onchange_installment_ids(self):
        self.installments_edited = bool(
            self.installment_ids and not self._installments_match_terms()
        )

    def _installments_match_terms(self):
        """Whether the installments are those the terms give (not edited)."""
        self.ensure_one()
        currency = self.currency_id

        def key(date, amount, form, debtor):
            return (date, currency.round(amount), form.id, debtor.id)

        current = [
            key(inst.date_maturity, inst.amount, inst.payment_form_id, inst.debtor_id)
            for inst in self.installment_ids.sorted(lambda i: (i.sequence, i.id))
        ]
        Form = self.env["telecobranca.payment.form"]
        Partner = self.env["res.partner"]
        computed = [
            key(
                vals["date_maturity"],
                vals["amount"],
                Form.browse(vals["payment_form_id"]),
                Partner.browse(vals["debtor_id"]),
            )
            for vals in self._prepare_installment_vals()
        ]
        return current == computed

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        check_date_values(self, vals_list)
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("telecobranca.renegotiation")
                    or "/"
                )
        renegotiations = super().create(vals_list)
        # explicit step: the REN journal of a company that has none yet is
        # created with its first draft, not by two users confirming their
        # first renegotiations at the same time
        for company in renegotiations.company_id:
            company._telecobranca_create_renegotiation_journal()
        return renegotiations

    @api.model
    def default_get(self, fields_list):
        """A new renegotiation opened by *Renegotiate* (see
        :meth:`_get_new_form_action`) starts with its titles listed, their
        fines and interest computed, and nothing stored until the user saves
        it or goes to the next step."""
        defaults = super().default_get(fields_list)
        context = self.env.context
        partner_ids = context.get("telecobranca_renegotiate_partner_ids")
        title_ids = context.get("telecobranca_renegotiate_title_ids")
        if not (partner_ids or title_ids) or "line_ids" not in fields_list:
            return defaults
        titles = self.env["account.move.line"].browse(title_ids or []).exists()
        partners = (
            self.env["res.partner"].browse(partner_ids or []).exists()
            | titles.partner_id
        ).commercial_partner_id
        company = titles[:1].company_id or self.env["res.company"].browse(
            defaults.get("company_id") or self.env.company.id
        )
        defaults["company_id"] = company.id
        defaults["partner_ids"] = [Command.set(partners.ids)]
        draft = self.new(
            {
                "company_id": company.id,
                "partner_ids": [Command.set(partners.ids)],
                "date": defaults.get("date") or fields.Date.context_today(self),
            }
        )
        if titles:
            # the titles chosen in a list: selected, and only them
            lines = draft._prepare_title_line_vals(titles, selected=True)
        else:
            lines = draft._prepare_title_line_vals(
                self.env["account.move.line"].search(
                    draft._get_title_domain(), order="date_maturity, id"
                ),
                selected=False,
            )
            if "credit_line_ids" in fields_list:
                selected = not company.telecobranca_credit_letters_unselected
                letters = self.env["account.move.line"].search(
                    draft._get_credit_letter_domain(), order="date, id"
                )
                defaults["credit_line_ids"] = [
                    Command.create({"move_line_id": letter.id, "selected": selected})
                    for letter in letters
                ]
        defaults["line_ids"] = [Command.create(vals) for vals in lines]
        return defaults

    def write(self, vals):
        """The state and the entry change only through the actions (confirm,
        cancel, reset, undo); what fixes the money (titles, credit letters,
        terms, installments) only while pending. Their flows carry the FLOW
        mark (telecobranca_flow.py), which no RPC client can send."""
        if not in_flow(self.env):
            if {"state", "move_id"} & set(vals):
                raise UserError(
                    self.env._(
                        "A renegotiation is confirmed, cancelled or undone only "
                        "with its buttons, never by changing its state directly."
                    )
                )
            if FROZEN_WHEN_CONFIRMED & set(vals):
                self._check_draft()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_draft(self):
        if any(reneg.state != "draft" for reneg in self):
            raise UserError(
                self.env._("Only pending (draft) renegotiations can be deleted.")
            )
        if self.env.su or self.env.user.has_group(
            "telecobranca.group_telecobranca_supervisor"
        ):
            return
        for reneg in self:
            if self.env.user not in reneg.create_uid | reneg.user_id:
                raise UserError(
                    self.env._(
                        "The renegotiation %(name)s is not yours: only its "
                        "collector or a supervisor may delete it.",
                        name=reneg.name,
                    )
                )

    # ------------------------------------------------------------------
    # Actions: steps (F5.1 - F5.11)
    # ------------------------------------------------------------------
    @api.model
    def _get_new_form_action(self, partners=None, titles=None):
        """The form of a new, unsaved renegotiation of ``partners``' open
        titles (unselected) or of the chosen ``titles`` (selected): it is
        stored when the user saves it or goes on (F5.11), never by merely
        opening it."""
        # no ``default_*`` key: the form's context reaches every button,
        # and a default partner list would reach the chatter's messages
        if titles:
            context = {"telecobranca_renegotiate_title_ids": titles.ids}
        else:
            context = {
                "telecobranca_renegotiate_partner_ids": (
                    partners.commercial_partner_id.ids
                )
            }
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Renegotiation"),
            "res_model": self._name,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": context,
        }

    def _get_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Renegotiation"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }

    def _get_period(self):
        """Issue period (start, end) of the filter, relative dates resolved."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        lang = self.env["res.lang"]._lang_get(self.env.lang or "en_US")
        week_start = int(lang.week_start) - 1 if lang else 0

        def side(anchor, offset, unit):
            if not anchor or anchor == "manual":
                return None
            return relative_dates.RelativeDate(anchor, offset or 0, unit or "day")

        try:
            return relative_dates.resolve_period(
                side(
                    self.period_start_anchor,
                    self.period_start_offset,
                    self.period_start_unit,
                ),
                side(
                    self.period_end_anchor, self.period_end_offset, self.period_end_unit
                ),
                today,
                week_start=week_start,
                manual_start=self.date_from or None,
                manual_end=self.date_to or None,
            )
        except ValueError as error:
            raise UserError(
                self.env._("Invalid issue period: %(error)s", error=error)
            ) from error

    def _get_title_domain(self):
        self.ensure_one()
        date_from, date_to = self._get_period()
        domain = [
            *self.env["account.move.line"]._telecobranca_open_titles_domain(
                self.partner_ids, self.company_id
            ),
            ("amount_residual", ">", 0),
        ]
        if date_from:
            domain.append(("move_id.date", ">=", date_from))
        if date_to:
            domain.append(("move_id.date", "<=", date_to))
        return domain

    def _get_credit_letter_domain(self):
        self.ensure_one()
        return [
            ("company_id", "=", self.company_id.id),
            ("parent_state", "=", "posted"),
            ("reconciled", "=", False),
            ("amount_residual", "<", 0),
            ("partner_id", "child_of", self.partner_ids.ids),
            "|",
            "&",
            ("account_id.account_type", "=", "asset_receivable"),
            "|",
            ("move_id.move_type", "=", "out_refund"),
            ("is_credit_letter", "=", True),
            "&",
            ("account_id.account_type", "=", "liability_payable"),
            ("is_credit_letter", "=", True),
        ]

    def _prepare_title_line_vals(self, titles, selected=False):
        """Values of the renegotiation lines of ``titles``: their open amount
        and their fine and interest on the renegotiation date (F5.7)."""
        self.ensure_one()
        Line = self.env["telecobranca.renegotiation.line"]
        vals_list = []
        for title in titles:
            vals = {
                "move_line_id": title.id,
                "selected": selected,
                "open_amount": title.amount_residual,
            }
            result = Line.new({**vals, "renegotiation_id": self})._get_charges()
            vals["fine_amount"] = float(result.fine)
            vals["interest_amount"] = float(result.interest)
            vals_list.append(vals)
        return vals_list

    def action_load_titles(self):
        """Add the open titles and credit letters of the filter (unselected)."""
        self._check_draft()
        for reneg in self:
            known = reneg.line_ids.move_line_id
            titles = self.env["account.move.line"].search(
                reneg._get_title_domain(), order="date_maturity, id"
            )
            reneg.line_ids = [
                Command.create({"move_line_id": title.id, "selected": False})
                for title in titles - known
            ]
            reneg._load_credit_letters()
            if reneg.step == "filter":
                reneg.step = "titles"
        return True

    def _load_credit_letters(self):
        self.ensure_one()
        known = self.credit_line_ids.move_line_id
        letters = self.env["account.move.line"].search(
            self._get_credit_letter_domain(), order="date, id"
        )
        selected = not self.company_id.telecobranca_credit_letters_unselected
        self.credit_line_ids = [
            Command.create({"move_line_id": letter.id, "selected": selected})
            for letter in letters - known
        ]

    def _unselect_foreign_credit_letters(self):
        """Unselect the credit letters of customers without a title selected:
        one customer's credit never pays another's debt, unless a single payer
        takes over all (F5.2)."""
        self.ensure_one()
        if self.is_single_payer:
            return
        debtors = self.line_ids.filtered("selected").debtor_id
        self.credit_line_ids.filtered(
            lambda credit: credit.selected and credit.debtor_id not in debtors
        ).selected = False

    def action_select_all(self):
        self._check_draft()
        self.line_ids.selected = True

    def action_next_step(self):
        self._check_draft()
        for reneg in self:
            reneg._do_next_step()
        return True

    def _do_next_step(self):
        self.ensure_one()
        order = [key for key, _label in STEPS]
        if self.step == "filter":
            self.action_load_titles()
            return
        if self.step == "titles":
            if not self.line_ids.filtered("selected"):
                raise UserError(self.env._("Select the titles to renegotiate."))
            self.line_ids.filtered(lambda line: not line.selected).unlink()
            self.line_ids._check_renegotiable()
            if not self.credit_line_ids:
                self._load_credit_letters()
            self._unselect_foreign_credit_letters()
            if self.is_optimized:
                self.action_compute_installments()
                self.step = "terms"
                return
        if self.step == "charges" and not self.installment_ids:
            self.action_compute_installments()
        if self.step == "terms":
            self._check_installments()
        self.step = order[min(order.index(self.step) + 1, len(order) - 1)]

    def action_previous_step(self):
        self._check_draft()
        order = [key for key, _label in STEPS]
        for reneg in self:
            if reneg.step == "terms" and reneg.is_optimized:
                reneg.step = "titles"
            else:
                reneg.step = order[max(order.index(reneg.step) - 1, 0)]
        return True

    def action_save(self):
        """*Save renegotiation* (F5.11): the form saved it before calling this;
        say what was saved: a pending renegotiation, its total, where to find
        it again."""
        self._check_draft()
        self.ensure_one()
        message = self._get_saved_message()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Renegotiation saved"),
                "message": message,
                "type": "success",
                "sticky": False,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _get_saved_message(self):
        self.ensure_one()
        return self.env._(
            "Pending renegotiation %(name)s saved: %(count)s titles selected, "
            "total %(total)s. Reopen it from the customer's renegotiation "
            "proposals to continue.",
            name=self.name,
            count=len(self.line_ids.filtered("selected")),
            total=format_amount(self.env, self.amount_total, self.currency_id),
        )

    def action_compute_charges(self):
        """Refresh the open amounts and recompute fines and interest (F5.7)."""
        self._check_draft()
        for line in self.line_ids:
            line.open_amount = line.move_line_id.amount_residual
        self.line_ids._set_default_charges()
        return True

    def action_compute_installments(self):
        """Split the total into installments by the payment terms (F5.8)."""
        self._check_draft()
        for reneg in self:
            reneg._do_compute_installments()
        return True

    def _do_compute_installments(self):
        self.ensure_one()
        self.installment_ids = [Command.clear()] + [
            Command.create(vals) for vals in self._prepare_installment_vals()
        ]
        self._fill_check_numbers()
        self.installments_edited = False

    def action_fill_check_numbers(self):
        self._check_draft()
        for reneg in self:
            reneg._fill_check_numbers()
        return True

    def action_confirm(self):
        """Confirm, then offer the statement (the manual's step 21): the
        returned action prints it; the form reloads when it is downloaded."""
        for reneg in self:
            reneg._check_can_confirm()
            reneg._do_confirm()
        return self.action_print_statement()

    def action_cancel(self):
        # a confirmed renegotiation's entry cannot be reversed by hand
        if any(reneg.state != "draft" for reneg in self):
            raise UserError(
                self.env._(
                    "Only pending renegotiations can be cancelled: a collection "
                    "manager undoes a confirmed one with Undo, which reverses "
                    "its journal entry and reopens the original titles."
                )
            )
        self.with_context(telecobranca_flow=FLOW).state = "cancel"
        return True

    def action_draft(self):
        if any(reneg.state != "cancel" for reneg in self):
            raise UserError(
                self.env._("Only cancelled renegotiations can be reset to draft.")
            )
        self.with_context(telecobranca_flow=FLOW).state = "draft"
        return True

    def action_update_proposal(self):
        """Bring an expired simulation up to today (F6.2)."""
        self._check_draft()
        self.filtered("proposal_expired")._recalculate_if_expired(force=True)
        return True

    def _recalculate_if_expired(self, force=False):
        """Recalculate the simulations whose date plus validity is past (or,
        with ``force``, whose "Valid until" is past too).

        Interest accrues on the days beyond the validity up to today (F5.7,
        F6.2); the renegotiation date moves to today and the installments are
        recomputed. Returns the renegotiations recalculated.
        """
        today = fields.Date.context_today(self)
        expired = self.filtered(
            lambda reneg: (
                reneg.state == "draft"
                and (
                    reneg._is_simulation_expired() or (force and reneg.proposal_expired)
                )
            )
        )
        for reneg in expired:
            rate = reneg.company_id.telecobranca_interest_percent
            since = min(
                reneg._get_simulation_valid_until(),
                reneg.proposal_valid_until or reneg._get_simulation_valid_until(),
            )
            for line in reneg.line_ids:
                extra = accrue_interest(line.open_amount, since, today, rate)
                line.interest_amount += float(extra)
            reneg.date = today
            reneg.proposal_valid_until = today + timedelta(
                days=reneg.company_id.telecobranca_proposal_validity_days
            )
            if reneg.installment_ids:
                reneg.action_compute_installments()
            reneg._message_log(
                body=self.env._(
                    "Proposal updated to %(date)s: new total %(total)s.",
                    date=format_date(self.env, today),
                    total=format_amount(
                        self.env, reneg.amount_total, reneg.currency_id
                    ),
                )
            )
        return expired

    def _check_can_send_proposal(self):
        """Raise unless the proposal can be sent; an expired simulation is
        recalculated first, so that no stale amount goes out (F6.2), whatever
        "Valid until" the sender chose."""
        self._check_draft()
        self._recalculate_if_expired()
        return True

    def action_open_move(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.move_id.id,
            "view_mode": "form",
        }

    def action_print_statement(self):
        return self.env.ref(
            "telecobranca.telecobranca_renegotiation_statement_report"
        ).report_action(self, config=False)

    def action_print_proposal(self):
        return self.env.ref(
            "telecobranca.telecobranca_renegotiation_proposal_report"
        ).report_action(self, config=False)

    def action_send_proposal(self):
        self.ensure_one()
        self._check_can_send_proposal()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "telecobranca.telecobranca_proposal_send_wizard_action"
        )
        action["context"] = {"default_renegotiation_id": self.id}
        return action

    def action_undo(self):
        self._check_can_undo()
        for reneg in self:
            reneg._do_undo()
        return True

    def _check_can_undo(self):
        """Raise a clear error unless the renegotiations can be undone now."""
        if not self.env.user.has_group("telecobranca.group_telecobranca_manager"):
            raise UserError(
                self.env._("Only a collection manager may undo a renegotiation.")
            )
        settlement = self.env["telecobranca.settlement"]
        for reneg in self:
            if reneg.state != "done" or reneg.move_id.state != "posted":
                raise UserError(
                    self.env._(
                        "The renegotiation %(name)s is not confirmed: there is "
                        "nothing to undo.",
                        name=reneg.name,
                    )
                )
            new_titles = reneg.installment_ids.move_line_id
            settlement._lock_titles(new_titles | reneg.line_ids.move_line_id)
            for title in new_titles:
                currency = title.company_currency_id
                paid = title.balance - title.amount_residual
                if (
                    title.matched_debit_ids
                    or title.matched_credit_ids
                    or not currency.is_zero(paid)
                ):
                    raise UserError(
                        self.env._(
                            "The title %(title)s of the renegotiation %(name)s "
                            "has been paid or settled (%(amount)s) since its "
                            "confirmation: the renegotiation can no longer be "
                            "undone.",
                            title=title.title_number or title.display_name,
                            name=reneg.name,
                            amount=format_amount(self.env, paid, currency),
                        )
                    )
            settlement._check_lock_date(
                reneg.company_id, reneg._get_undo_date(), reneg.move_id.journal_id
            )

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _check_draft(self):
        if any(reneg.state != "draft" for reneg in self):
            raise UserError(
                self.env._(
                    "The renegotiation %(name)s is not pending anymore.",
                    name=", ".join(
                        self.filtered(lambda r: r.state != "draft").mapped("name")
                    ),
                )
            )

    def _check_lines_can_change(self):
        """Raise unless the titles, credit letters and installments of the
        renegotiations ``self`` may change: only while they are pending, or by
        their flows (FLOW mark, telecobranca_flow.py)."""
        if not in_flow(self.env):
            self._check_draft()

    def _get_default_debtor(self):
        """Debtor of a new installment: the single payer, or the customer."""
        self.ensure_one()
        if self.is_single_payer and self.payer_partner_id:
            return self.payer_partner_id.commercial_partner_id
        return self.partner_id.commercial_partner_id

    def _get_debtor(self, partner):
        """Who pays for what ``partner`` owes or is owed: the partner's
        commercial entity, or the single payer."""
        self.ensure_one()
        if self.is_single_payer and self.payer_partner_id:
            return self.payer_partner_id.commercial_partner_id
        return partner.commercial_partner_id

    def _get_debtor_amounts(self):
        """``{debtor: amounts}`` of the selected titles and credit letters, in
        the order of the titles. ``amounts`` has ``open``, ``fine``,
        ``interest``, ``surcharge``, ``discount``, ``credit`` and ``total``;
        surcharge and discount are shared in proportion to each debtor's open
        amounts plus charges (the last debtor gets the rounding rest)."""
        self.ensure_one()
        currency = self.currency_id
        keys = ("open", "fine", "interest", "surcharge", "discount", "credit")
        amounts = {}
        for line in self.line_ids.filtered("selected"):
            debtor = self._get_debtor(line.move_line_id.partner_id)
            values = amounts.setdefault(debtor, dict.fromkeys(keys, 0.0))
            values["open"] += line.open_amount
            values["fine"] += line.fine_amount
            values["interest"] += line.interest_amount
        for credit in self.credit_line_ids.filtered("selected"):
            debtor = self._get_debtor(credit.move_line_id.partner_id)
            values = amounts.setdefault(debtor, dict.fromkeys(keys, 0.0))
            values["credit"] += credit.amount_used
        bases = {
            debtor: values["open"] + values["fine"] + values["interest"]
            for debtor, values in amounts.items()
        }
        base_total = sum(bases.values())
        debtors = list(amounts)
        for name, value in (("surcharge", self.surcharge), ("discount", self.discount)):
            allocated = 0.0
            for index, debtor in enumerate(debtors):
                if index == len(debtors) - 1:
                    share = currency.round(value - allocated)
                else:
                    share = currency.round(
                        value * bases[debtor] / base_total if base_total else 0.0
                    )
                    allocated += share
                amounts[debtor][name] = share
        for values in amounts.values():
            for key in keys:
                values[key] = currency.round(values[key])
            values["total"] = currency.round(
                values["open"]
                + values["fine"]
                + values["interest"]
                + values["surcharge"]
                - values["discount"]
                - values["credit"]
            )
        return amounts

    def _prepare_installment_vals(self):
        """Installments of each debtor's total: by the payment terms, or one
        (1 to 1)."""
        self.ensure_one()
        vals_list = []
        for debtor, values in self._get_debtor_amounts().items():
            for vals in self._prepare_debtor_installment_vals(debtor, values["total"]):
                vals["sequence"] = len(vals_list) + 1
                vals_list.append(vals)
        return vals_list

    def _prepare_debtor_installment_vals(self, debtor, total):
        """Installments of ``total`` owed by ``debtor``."""
        self.ensure_one()
        if self.currency_id.compare_amounts(total, 0) <= 0:
            return []
        own_lines = self.line_ids.filtered(
            lambda line: (
                line.selected
                and self._get_debtor(line.move_line_id.partner_id) == debtor
            )
        )
        form = own_lines[:1].move_line_id.payment_form_id
        if not form:
            form = debtor.with_company(self.company_id).telecobranca_payment_form_id
        terms = []
        if self.payment_term_id:
            result = self.payment_term_id._compute_terms(
                date_ref=self.date,
                currency=self.currency_id,
                company=self.company_id,
                tax_amount=0.0,
                tax_amount_currency=0.0,
                sign=1,
                untaxed_amount=total,
                untaxed_amount_currency=total,
            )
            terms = [
                (term["date"], term["company_amount"]) for term in result["line_ids"]
            ]
        if not terms:
            terms = [(self.date, total)]
        if self.is_optimized:
            terms = [(terms[-1][0], total)]
        vals_list = []
        allocated = 0.0
        for index, (date, amount) in enumerate(terms):
            if index == len(terms) - 1:
                amount = self.currency_id.round(total - allocated)  # rounding rest
            else:
                amount = self.currency_id.round(amount)
                allocated += amount
            vals_list.append(
                {
                    "sequence": index + 1,
                    "date_maturity": max(date, self.date),
                    "amount": amount,
                    "payment_form_id": form.id,
                    "debtor_id": debtor.id,
                }
            )
        return vals_list

    def _fill_check_numbers(self):
        """Number the check installments consecutively (F5.8)."""
        self.ensure_one()
        if not self.initial_check_number:
            return
        number = self.initial_check_number
        for installment in self.installment_ids.sorted(lambda i: (i.sequence, i.id)):
            if installment.payment_form_id.kind == "check":
                installment.check_number = str(number)
                number += 1

    # ------------------------------------------------------------------
    # Business: confirmation, the REN entry (F5.10)
    # ------------------------------------------------------------------
    def _check_installments(self):
        """Raise unless the installments add up to the total, all valid."""
        self.ensure_one()
        currency = self.currency_id
        if (
            currency.compare_amounts(self.discount, 0) < 0
            or currency.compare_amounts(self.surcharge, 0) < 0
        ):
            raise UserError(
                self.env._("The surcharge and the discount cannot be negative.")
            )
        before_discount = self.amount_subtotal
        if currency.compare_amounts(self.discount, before_discount) > 0:
            raise UserError(
                self.env._(
                    "The discount (%(discount)s) is larger than the total (%(total)s).",
                    discount=format_amount(self.env, self.discount, currency),
                    total=format_amount(self.env, before_discount, currency),
                )
            )
        if currency.compare_amounts(self.amount_total, 0) < 0:
            raise UserError(
                self.env._(
                    "The credit letters used (%(credit)s) exceed the total "
                    "(%(total)s).",
                    credit=format_amount(self.env, self.amount_credit, currency),
                    total=format_amount(
                        self.env, before_discount - self.discount, currency
                    ),
                )
            )
        for installment in self.installment_ids:
            if currency.compare_amounts(installment.amount, 0) <= 0:
                raise UserError(
                    self.env._("Every installment must have a positive amount.")
                )
            if not installment.date_maturity or installment.date_maturity < self.date:
                raise UserError(
                    self.env._(
                        "An installment cannot be due before the renegotiation "
                        "date (%(date)s).",
                        date=format_date(self.env, self.date),
                    )
                )
            if not installment.partner_id or not installment.debtor_id:
                raise UserError(self.env._("Every installment needs a debtor."))
        self._check_debtor_installments()
        if currency.compare_amounts(self.amount_installments, self.amount_total):
            raise UserError(
                self.env._(
                    "The installments add up to %(sum)s but the renegotiation "
                    "total is %(total)s.",
                    sum=format_amount(self.env, self.amount_installments, currency),
                    total=format_amount(self.env, self.amount_total, currency),
                )
            )

    def _check_debtor_installments(self):
        """Raise unless each debtor's installments add up to that debtor's
        total: a renegotiation never moves debt between customers unless a
        single payer was chosen (F5.2)."""
        self.ensure_one()
        currency = self.currency_id
        if self.is_single_payer:
            payer = self.payer_partner_id.commercial_partner_id
            if not payer or payer not in self.partner_ids.commercial_partner_id:
                raise UserError(
                    self.env._(
                        "Choose the single payer among the customers of the "
                        "renegotiation."
                    )
                )
        amounts = self._get_debtor_amounts()
        strangers = self.installment_ids.debtor_id - self.env["res.partner"].concat(
            *amounts
        )
        if strangers:
            raise UserError(
                self.env._(
                    "%(debtors)s owe nothing in this renegotiation: their "
                    "installments belong to another customer.",
                    debtors=", ".join(strangers.mapped("display_name")),
                )
            )
        for debtor, values in amounts.items():
            if currency.compare_amounts(values["total"], 0) < 0:
                raise UserError(
                    self.env._(
                        "The credit letters of %(debtor)s (%(credit)s) exceed "
                        "their total (%(total)s).",
                        debtor=debtor.display_name,
                        credit=format_amount(self.env, values["credit"], currency),
                        total=format_amount(
                            self.env, values["total"] + values["credit"], currency
                        ),
                    )
                )
            own = self.installment_ids.filtered(
                lambda inst, debtor=debtor: inst.debtor_id == debtor
            )
            installments = sum(own.mapped("amount"))
            if currency.compare_amounts(installments, values["total"]):
                raise UserError(
                    self.env._(
                        "The installments of %(debtor)s add up to %(sum)s but "
                        "their total is %(total)s.",
                        debtor=debtor.display_name,
                        sum=format_amount(self.env, installments, currency),
                        total=format_amount(self.env, values["total"], currency),
                    )
                )

    def _check_can_confirm(self):
        """Raise a clear error unless the renegotiation can be posted now.

        Locks the titles and credit letters so that two users confirming
        renegotiations that share a title cannot both succeed.
        """
        self.ensure_one()
        self._check_draft()
        # a collector confirms only the renegotiations he may change (the
        # record rules): the posting itself then runs as superuser
        self.check_access("write")
        lines = self.line_ids.filtered("selected")
        if not lines:
            raise UserError(self.env._("Select the titles to renegotiate."))
        lines._check_renegotiable()
        credit_lines = self.credit_line_ids.filtered("selected")
        wrong_company = (lines.move_line_id | credit_lines.move_line_id).filtered(
            lambda line: line.company_id != self.company_id
        )
        if wrong_company:
            raise UserError(
                self.env._(
                    "The titles %(titles)s belong to another company.",
                    titles=", ".join(wrong_company.mapped("display_name")),
                )
            )
        settlement = self.env["telecobranca.settlement"]
        journal = self.company_id._telecobranca_get_renegotiation_journal()
        settlement._check_can_settle(
            lines.move_line_id, self.date, journal, renegotiation=self
        )
        settlement._lock_titles(lines.move_line_id | credit_lines.move_line_id)
        lines._check_renegotiable()
        currency = self.currency_id
        for line in lines:
            if currency.compare_amounts(
                line.open_amount, line.move_line_id.amount_residual
            ):
                raise UserError(
                    self.env._(
                        "The open amount of %(title)s changed since the "
                        "simulation: recompute the charges.",
                        title=line.move_line_id.title_number,
                    )
                )
            if line.fine_amount < 0 or line.interest_amount < 0:
                raise UserError(self.env._("Fines and interest cannot be negative."))
        for credit in credit_lines:
            available = -credit.move_line_id.amount_residual
            if (
                credit.move_line_id.reconciled
                or currency.compare_amounts(credit.amount_used, available) > 0
            ):
                raise UserError(
                    self.env._(
                        "The credit letter %(letter)s has only %(amount)s left.",
                        letter=credit.move_line_id.display_name,
                        amount=format_amount(self.env, max(available, 0.0), currency),
                    )
                )
            if currency.compare_amounts(credit.amount_used, 0) <= 0:
                raise UserError(
                    self.env._("A credit letter used must have a positive amount.")
                )
        self._check_installments()
        if (
            currency.compare_amounts(self.amount_total, 0) > 0
            and not self.installment_ids
        ):
            raise UserError(
                self.env._("Compute the installments of the renegotiation first.")
            )
        for amount, field_name in self._get_charge_accounts():
            if not currency.is_zero(amount):
                self.company_id._telecobranca_get_account(field_name)

    def _get_charge_accounts(self):
        """``[(amount, company account field)]`` of the charges booked."""
        self.ensure_one()
        return [
            (self.amount_fine, "telecobranca_fine_account_id"),
            (self.amount_interest + self.surcharge, "telecobranca_interest_account_id"),
            (self.discount, "telecobranca_discount_account_id"),
        ]

    def _receivable_account(self, partner):
        account = partner.with_company(self.company_id).property_account_receivable_id
        return account or self.line_ids[:1].move_line_id.account_id

    def _original_groups(self, lines):
        """``[((account, partner), renegotiation lines)]`` of the originals,
        in a stable order: one credit line of the entry each."""
        groups = {}
        for line in lines:
            title = line.move_line_id
            key = (title.account_id, title.partner_id)
            groups[key] = groups.get(key, self.env[line._name]) | line
        return list(groups.items())

    @api.model
    def _original_key(self, account, partner):
        return f"titles:{account.id}:{partner.id}"

    @api.model
    def _installment_key(self, installment):
        return f"installment:{installment.id}"

    @api.model
    def _credit_letter_key(self, credit):
        return f"{CREDIT_LETTER_KEY_PREFIX}{credit.id}"

    def _prepare_move_line_vals(self):
        """Lines of the REN entry, one balanced group per debtor, each with
        its explicit ``telecobranca_renegotiation_key``."""
        self.ensure_one()
        company = self.company_id
        lines = self.line_ids.filtered("selected")
        credit_lines = self.credit_line_ids.filtered("selected")
        installments = self.installment_ids.sorted(lambda i: (i.sequence, i.id))
        note = self.note or ""
        move_lines = []
        for debtor, values in self._get_debtor_amounts().items():
            own_lines = lines.filtered(
                lambda line, debtor=debtor: (
                    self._get_debtor(line.move_line_id.partner_id) == debtor
                )
            )
            for (account, partner), group in self._original_groups(own_lines):
                if len(group) == 1:
                    name = self.env._(
                        "Renegotiation of %(title)s",
                        title=group.move_line_id.title_number,
                    )
                else:
                    name = self.env._(
                        "Renegotiation of %(count)s titles", count=len(group)
                    )
                move_lines.append(
                    {
                        "name": name,
                        "account_id": account.id,
                        "partner_id": partner.id,
                        "credit": sum(group.mapped("open_amount")),
                        "debit": 0.0,
                        "telecobranca_renegotiation_key": self._original_key(
                            account, partner
                        ),
                    }
                )
            own_installments = installments.filtered(
                lambda inst, debtor=debtor: inst.debtor_id == debtor
            )
            count = len(own_installments)
            for index, inst in enumerate(own_installments, start=1):
                label = self.env._(
                    "%(name)s installment %(n)s/%(count)s",
                    name=self.name,
                    n=index,
                    count=count,
                )
                move_lines.append(
                    {
                        "name": f"{label} {note}".strip(),
                        "account_id": self._receivable_account(inst.partner_id).id,
                        "partner_id": inst.partner_id.id,
                        "debit": inst.amount,
                        "credit": 0.0,
                        "date_maturity": inst.date_maturity,
                        "payment_form_id": inst.payment_form_id.id,
                        "telecobranca_renegotiation_key": self._installment_key(inst),
                    }
                )
            charges = (
                ("fine", "telecobranca_fine_account_id", "credit"),
                ("interest", "telecobranca_interest_account_id", "credit"),
                ("surcharge", "telecobranca_interest_account_id", "credit"),
                ("discount", "telecobranca_discount_account_id", "debit"),
            )
            labels = {
                "fine": self.env._("%(name)s Fines", name=self.name),
                "interest": self.env._("%(name)s Interest", name=self.name),
                "surcharge": self.env._("%(name)s Surcharge", name=self.name),
                "discount": self.env._("%(name)s Discount", name=self.name),
            }
            for charge, field_name, side in charges:
                amount = values[charge]
                if self.currency_id.is_zero(amount):
                    continue
                account = company._telecobranca_get_account(field_name)
                move_lines.append(
                    {
                        "name": labels[charge],
                        "account_id": account.id,
                        "partner_id": debtor.id,
                        "debit": amount if side == "debit" else 0.0,
                        "credit": amount if side == "credit" else 0.0,
                        "telecobranca_renegotiation_key": f"{charge}:{debtor.id}",
                    }
                )
            own_credits = credit_lines.filtered(
                lambda credit, debtor=debtor: (
                    self._get_debtor(credit.move_line_id.partner_id) == debtor
                )
            )
            for credit in own_credits:
                letter = credit.move_line_id
                move_lines.append(
                    {
                        "name": self.env._(
                            "Credit letter %(letter)s", letter=letter.move_id.name
                        ),
                        "account_id": letter.account_id.id,
                        "partner_id": letter.partner_id.id,
                        "debit": credit.amount_used,
                        "credit": 0.0,
                        "telecobranca_renegotiation_key": self._credit_letter_key(
                            credit
                        ),
                    }
                )
        return move_lines

    def _prepare_move_vals(self, line_vals=None):
        """Values of the REN entry (see the module docstring); ``line_vals``:
        those of :meth:`_prepare_move_line_vals`, when already prepared."""
        self.ensure_one()
        company = self.company_id
        if line_vals is None:
            line_vals = self._prepare_move_line_vals()
        return {
            "move_type": "entry",
            "journal_id": company._telecobranca_get_renegotiation_journal().id,
            "company_id": company.id,
            "date": self.date,
            "ref": self.name,
            "telecobranca_origin": "renegotiation",
            "line_ids": [Command.create(vals) for vals in line_vals],
        }

    def _map_move_lines(self, move, expected):
        """``{key: line}`` of the posted REN entry, checked against the
        ``expected`` line values: every key exactly once, with its account,
        partner and amounts (like the CNAB import checks a return against the
        titles it names). Never by position."""
        self.ensure_one()
        currency = self.currency_id
        by_key = {}
        for line in move.line_ids:
            key = line.telecobranca_renegotiation_key
            if not key or key in by_key:
                raise UserError(
                    self.env._(
                        "The line %(line)s of %(move)s has no or a repeated "
                        "renegotiation key.",
                        line=line.name,
                        move=move.name,
                    )
                )
            by_key[key] = line
        expected_keys = {vals["telecobranca_renegotiation_key"] for vals in expected}
        if set(by_key) != expected_keys:
            raise UserError(
                self.env._(
                    "The lines of %(move)s do not match the renegotiation %(name)s.",
                    move=move.name,
                    name=self.name,
                )
            )
        for vals in expected:
            line = by_key[vals["telecobranca_renegotiation_key"]]
            if (
                line.account_id.id != vals["account_id"]
                or line.partner_id.id != vals["partner_id"]
                or currency.compare_amounts(line.debit, vals["debit"])
                or currency.compare_amounts(line.credit, vals["credit"])
            ):
                raise UserError(
                    self.env._(
                        "The line %(line)s of %(move)s differs from what the "
                        "renegotiation %(name)s prepared.",
                        line=line.name,
                        move=move.name,
                        name=self.name,
                    )
                )
        return by_key

    def _do_confirm(self):
        """Post the REN entry as superuser.

        A collector may renegotiate (``_check_can_confirm`` ran as the
        collector: the titles he reads, their company, the amounts) but has
        no right to create entries or reconcile journal items: the flow does
        it for him. Nothing else leaks: the entry is the one of
        ``_prepare_move_vals``, built from the checked renegotiation, and
        notes and messages keep the collector as author.
        """
        if self.env.su:
            return self._do_confirm_entry()
        return self.sudo()._do_confirm_entry().sudo(False)

    def _do_confirm_entry(self):
        self.ensure_one()
        self.line_ids.filtered(lambda line: not line.selected).unlink()
        self.credit_line_ids.filtered(lambda credit: not credit.selected).unlink()
        titles = self.line_ids.move_line_id
        cases = titles.collection_case_id  # before the titles are settled
        for line in self.line_ids.filtered("note"):
            line.move_line_id.telecobranca_title_note = line.note  # F5.3
        expected = self._prepare_move_line_vals()
        move = self.env["account.move"].create(self._prepare_move_vals(expected))
        move.action_post()
        by_key = self._map_move_lines(move, expected)
        n_titles = len(self.line_ids)
        installments = self.installment_ids.sorted(lambda i: (i.sequence, i.id))
        # every group of originals with its credit line, and every credit
        # letter with the line consuming it, in one plan: the REN entry is
        # checked once, not once per title
        pairs = [
            group.move_line_id | by_key[self._original_key(account, partner)]
            for (account, partner), group in self._original_groups(self.line_ids)
        ] + [
            credit.move_line_id | by_key[self._credit_letter_key(credit)]
            for credit in self.credit_line_ids
        ]
        self.env["account.move.line"]._reconcile_plan(pairs)
        for installment in installments:
            installment.with_context(telecobranca_flow=FLOW).move_line_id = by_key[
                self._installment_key(installment)
            ]
        for debtor in installments.debtor_id:
            originals = self.line_ids.filtered(
                lambda line, debtor=debtor: (
                    self._get_debtor(line.move_line_id.partner_id) == debtor
                )
            ).move_line_id
            installments.filtered(
                lambda inst, debtor=debtor: inst.debtor_id == debtor
            ).move_line_id.renegotiation_origin_ids = [Command.set(originals.ids)]
        self.with_context(telecobranca_flow=FLOW).write(
            {"state": "done", "move_id": move.id, "step": "final"}
        )
        body = Markup("<p>%s</p>") % self.env._(
            "Renegotiation confirmed: %(count)s titles settled (%(type)s), "
            "%(new)s new titles in %(move)s, total %(total)s.",
            count=n_titles,
            type=self.writeoff_type_id.name or "-",
            new=len(installments),
            move=move.name,
            total=format_amount(self.env, self.amount_total, self.currency_id),
        )
        settlement = self.env["telecobranca.settlement"]
        settlement._log_settlement([self, move], cases, body)
        if self.is_single_payer:
            self._log_single_payer(cases)
        return move

    def _log_single_payer(self, cases):
        """Tell every debtor's open case that one payer took over (F5.2)."""
        self.ensure_one()
        open_cases = self.env["telecobranca.case"]._get_open_cases(
            self.partner_ids, self.company_id
        )
        body = Markup("<p>%s</p>") % self.env._(
            "Renegotiation %(name)s: %(payer)s is the single payer of the titles "
            "of %(customers)s, total %(total)s.",
            name=self.name,
            payer=self.payer_partner_id.commercial_partner_id.display_name,
            customers=", ".join(self.partner_ids.mapped("display_name")),
            total=format_amount(self.env, self.amount_total, self.currency_id),
        )
        self.env["telecobranca.note"]._log_system_note(cases | open_cases, body)

    # ------------------------------------------------------------------
    # Business: undo (issue 13)
    # ------------------------------------------------------------------
    def _telecobranca_undo_moves(self):
        """The entries the undo of ``self`` may unreconcile and reverse."""
        return self.move_id

    def _get_undo_date(self):
        self.ensure_one()
        return max(fields.Date.context_today(self), self.move_id.date)

    def _do_undo(self):
        """Reverse the REN entry of the (checked) renegotiation; return the
        reversal entry."""
        self.ensure_one()
        move = self.move_id
        # the one code path let through the entry's guard: the context holds
        # this record, which no RPC client can send
        undo_move = move.with_context(telecobranca_undo=self)
        originals = self.line_ids.move_line_id
        new_titles = self.installment_ids.move_line_id
        undo_move.line_ids.remove_move_reconcile()
        reversal = undo_move._reverse_moves(
            [
                {
                    "date": self._get_undo_date(),
                    "ref": self.env._("Undo of %(name)s", name=self.name),
                    "telecobranca_origin": "renegotiation",
                }
            ]
        ).with_env(self.env)
        # posting a reversal reconciles each receivable line of the REN entry
        # with its reversed twin (Odoo's _reconcile_reversed_moves): the
        # REN titles are settled by the reversal
        reversal.action_post()
        boletos = new_titles.filtered(
            lambda title: title.boleto_status and title.boleto_status != "cancelled"
        )
        # the undo owns the boleto state of the titles it cancels
        boletos.with_context(skip_invoice_sync=True, telecobranca_flow=FLOW).write(
            {"boleto_status": "cancelled"}
        )
        self.with_context(telecobranca_flow=FLOW).write({"state": "undone"})
        cases = self._reopen_original_cases(originals)
        body = Markup("<p>%s</p>") % self.env._(
            "Renegotiation %(name)s undone by %(user)s: %(move)s reversed by "
            "%(reversal)s; the titles %(titles)s are open again (%(amount)s), "
            "the new titles %(new)s are settled by the reversal.",
            name=self.name,
            user=self.env.user.name,
            move=move.name,
            reversal=reversal.name,
            titles=", ".join(originals.mapped("title_number")),
            amount=format_amount(
                self.env, sum(originals.mapped("amount_residual")), self.currency_id
            ),
            new=", ".join(new_titles.mapped("title_number")) or "-",
        )
        if boletos:
            body += Markup("<p>%s</p>") % self.env._(
                "Boletos cancelled: %(titles)s.",
                titles=", ".join(boletos.mapped("title_number")),
            )
        self.env["telecobranca.settlement"]._log_settlement(
            [self, move, reversal], cases, body
        )
        return reversal

    def _reopen_original_cases(self, originals):
        """Put the reopened ``originals`` back in their customer's open case:
        the open case, else the last closed case that held them (reopened),
        else a new case. Return the cases."""
        self.ensure_one()
        Case = self.env["telecobranca.case"]
        CaseLine = self.env["telecobranca.case.line"]
        cases = Case
        for partner, titles in originals.grouped(
            lambda title: title.partner_id.commercial_partner_id
        ).items():
            case = Case._get_open_cases(partner, self.company_id)[:1]
            if not case:
                case = (
                    CaseLine.search(
                        [
                            ("move_line_id", "in", titles.ids),
                            ("case_id.state", "=", "closed"),
                        ],
                        order="id desc",
                        limit=1,
                    )
                ).case_id
                if case:
                    case._do_reopen()
            if not case:
                case = Case.create(
                    self.env["telecobranca.case.opening"]._prepare_manual_case_vals(
                        self.company_id, partner, {}
                    )
                )
            known = case.line_ids.filtered(
                lambda line, titles=titles: line.move_line_id in titles
            )
            known.with_context(telecobranca_flow=FLOW).write({"is_open": True})
            case.line_ids = [
                Command.create({"move_line_id": title.id})
                for title in titles - known.move_line_id
            ]
            cases |= case
        return cases
