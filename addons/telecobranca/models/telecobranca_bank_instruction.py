# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Instructions to the bank about a registered boleto (issue 14).

After the bank registered a boleto, the company tells it what to do with it:
write it off (baixa), change its due date (prorrogação), grant a rebate
(abatimento), protest it or cancel its protest. Each instruction is a record
of its title's company: *queued* until it leaves, *sent* by the next CNAB
remittance of the account (``telecobranca.cnab.export``) or at once through
the account's bank connector (``_send_instructions``), then *confirmed* or
*rejected* by the bank's return (``_apply_return``) or the connector's answer;
a queued instruction made pointless (its title settled) is *cancelled*.

Instructions are written only by their flows (:data:`FLOW`): the wizard and
the cadence call :meth:`action_queue`, the settlement of a title in Odoo
(``account.full.reconcile``) calls :meth:`_queue_writeoffs`, the export and
the return call the sending and answering methods. Users read them.
"""

from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount, format_date

from ..tools import cnab_instruction
from .telecobranca_flow import FLOW, in_flow

INSTRUCTION_KINDS = [
    ("writeoff", "Write-off"),
    ("due_date", "Due Date Change"),
    ("rebate", "Rebate"),
    ("protest", "Protest"),
    ("cancel_protest", "Cancel Protest"),
]
INSTRUCTION_STATES = [
    ("queued", "Queued"),
    ("sent", "Sent"),
    ("confirmed", "Confirmed"),
    ("rejected", "Rejected"),
    ("cancelled", "Cancelled"),
]
INSTRUCTION_ORIGINS = [
    ("user", "User"),
    ("settlement", "Title settled in Odoo"),
    ("cadence", "Dunning cadence"),
]
# States of an instruction the bank has not answered yet.
PENDING_STATES = ("queued", "sent")
# Bank statuses of a boleto the bank holds: instructions may be sent about it.
REGISTERED_STATUSES = ("registered", "protested")
# A settled title's boleto is written off at the bank when the bank may hold
# it (a remittance may have registered it already).
WRITEOFF_STATUSES = ("sent", "registered", "protested")


class TelecobrancaBankInstruction(models.Model):
    _name = "telecobranca.bank.instruction"
    _description = "Instruction to the Bank"
    _order = "create_date desc, id desc"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    title_id = fields.Many2one(
        "account.move.line",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    partner_id = fields.Many2one(
        related="title_id.partner_id.commercial_partner_id", string="Customer"
    )
    title_number = fields.Char(related="title_id.title_number")
    nosso_numero = fields.Char(related="title_id.boleto_nosso_numero")
    bank_account_id = fields.Many2one(
        "res.partner.bank", required=True, readonly=True, index=True
    )
    kind = fields.Selection(
        INSTRUCTION_KINDS, string="Instruction", required=True, readonly=True
    )
    new_due_date = fields.Date(readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    rebate_amount = fields.Monetary(readonly=True, currency_field="currency_id")
    protest_days = fields.Integer(readonly=True)
    state = fields.Selection(
        INSTRUCTION_STATES, required=True, default="queued", readonly=True, index=True
    )
    origin = fields.Selection(
        INSTRUCTION_ORIGINS, required=True, default="user", readonly=True
    )
    user_id = fields.Many2one(
        "res.users", string="Requested By", readonly=True, default=lambda s: s.env.user
    )
    code = fields.Char(
        string="Bank Code",
        readonly=True,
        help="The bank's movement or occurrence code the instruction was sent with.",
    )
    remittance_id = fields.Many2one(
        "telecobranca.cnab.remittance",
        readonly=True,
        index="btree_not_null",
        check_company=True,
        help="The CNAB remittance file that carried the instruction.",
    )
    connector = fields.Char(
        readonly=True, help="The bank connector that carried the instruction."
    )
    bank_message = fields.Char(
        readonly=True, help="The bank's answer: its occurrence and reasons."
    )
    date_sent = fields.Datetime(readonly=True)
    date_answered = fields.Datetime(readonly=True)

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    @api.depends("kind", "title_id.title_number")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for instruction in self:
            instruction.display_name = self.env._(
                "%(kind)s %(title)s",
                kind=kinds.get(instruction.kind, ""),
                title=instruction.title_id.title_number or "",
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not in_flow(self.env):
            raise UserError(
                self.env._(
                    "An instruction to the bank is created only by Send Instruction "
                    "to the Bank on the titles."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if not in_flow(self.env):
            raise UserError(
                self.env._(
                    "An instruction to the bank changes only when it is sent and "
                    "when the bank answers it."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_flow(self):
        if not in_flow(self.env):
            raise UserError(
                self.env._(
                    "An instruction to the bank is never deleted: the bank may "
                    "have it already."
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    @api.model
    def action_queue(self, titles, kind, **options):
        """Queue the instruction ``kind`` for ``titles`` (options: new_due_date,
        rebate_amount, protest_days) and send at once those of accounts with a
        bank connector; returns the instructions."""
        options = self._normalize_options(kind, options)
        self._check_can_queue(titles, kind, **options)
        return self._do_queue(titles, kind, origin="user", **options)

    @api.model
    def _normalize_options(self, kind, options):
        unknown = set(options) - {"new_due_date", "rebate_amount", "protest_days"}
        if unknown:
            raise UserError(
                self.env._("Unknown option %(name)s.", name=", ".join(sorted(unknown)))
            )
        values = {}
        if kind == "due_date":
            values["new_due_date"] = fields.Date.to_date(options.get("new_due_date"))
        if kind == "rebate":
            values["rebate_amount"] = options.get("rebate_amount") or 0.0
        if kind == "protest":
            values["protest_days"] = options.get("protest_days") or 0
        return values

    @api.model
    def _check_can_queue(
        self, titles, kind, new_due_date=None, rebate_amount=None, protest_days=None
    ):
        """A clear error when the instruction cannot be sent for ``titles``."""
        if kind not in dict(INSTRUCTION_KINDS):
            raise UserError(
                self.env._("Unknown instruction %(kind)s.", kind=kind or "-")
            )
        if not titles:
            raise UserError(self.env._("Select at least one title."))
        titles.check_access("read")
        today = fields.Date.context_today(self)
        if kind == "due_date" and (not new_due_date or new_due_date < today):
            raise UserError(
                self.env._(
                    "The new due date must be today or later, not %(date)s.",
                    date=format_date(self.env, new_due_date) if new_due_date else "-",
                )
            )
        if kind == "protest" and not 1 <= (protest_days or 0) <= 99:
            raise UserError(
                self.env._(
                    "The protest days must be 1 to 99, not %(days)s.",
                    days=protest_days or 0,
                )
            )
        pending = self._pending_kinds(titles)
        disputed = (
            titles.filtered("telecobranca_in_dispute") if kind == "protest" else []
        )
        for title in titles:
            self._check_title_boleto(title, kind)
            self._check_title_instruction(
                title, kind, pending.get(title.id, ()), title in disputed, rebate_amount
            )

    @api.model
    def _check_title_boleto(self, title, kind):
        """The title is an open title of ours whose boleto the bank holds, on
        an account that reaches its bank with this instruction."""
        name = title.title_number or title.display_name
        if not title.is_title:
            raise UserError(self.env._("%(name)s is not a title.", name=name))
        if title.company_id not in self.env.companies:
            raise UserError(
                self.env._("The title %(name)s belongs to another company.", name=name)
            )
        statuses = WRITEOFF_STATUSES if kind == "writeoff" else REGISTERED_STATUSES
        if title.boleto_status not in statuses:
            status_labels = dict(
                title._fields["boleto_status"]._description_selection(self.env)
            )
            raise UserError(
                self.env._(
                    "The title %(name)s has no boleto registered at the bank "
                    "(bank status: %(status)s): an instruction needs one.",
                    name=name,
                    status=status_labels.get(title.boleto_status) or self.env._("none"),
                )
            )
        if kind != "writeoff" and title.reconciled:
            raise UserError(
                self.env._("The title %(name)s is already settled.", name=name)
            )
        account = title.boleto_account_id
        if account.boleto_integration not in ("cnab", "api"):
            raise UserError(
                self.env._(
                    "The account %(account)s of the boleto of %(name)s sends "
                    "nothing to its bank: set its bank integration.",
                    account=account.display_name,
                    name=name,
                )
            )
        layout = account.boleto_cnab_layout or "240"
        if account.boleto_integration == "cnab" and not cnab_instruction.supports(
            layout, account.boleto_bank_code, kind
        ):
            raise UserError(
                self.env._(
                    "The bank %(bank)s takes no %(kind)s instruction in CNAB "
                    "%(layout)s files (title %(name)s).",
                    bank=account.boleto_bank_code,
                    kind=self._kind_label(kind),
                    layout=layout,
                    name=name,
                )
            )

    @api.model
    def _check_title_instruction(self, title, kind, pending, disputed, rebate_amount):
        """The instruction makes sense for the title: not waiting already,
        no protest in dispute, a protest to cancel, a rebate below the open
        amount."""
        name = title.title_number or title.display_name
        if kind in pending:
            raise UserError(
                self.env._(
                    "A %(kind)s instruction for the title %(name)s is already "
                    "waiting for the bank.",
                    kind=self._kind_label(kind),
                    name=name,
                )
            )
        if disputed:
            raise UserError(
                self.env._(
                    "The title %(name)s is in dispute: it is not protested.",
                    name=name,
                )
            )
        if (
            kind == "cancel_protest"
            and title.boleto_status != "protested"
            and "protest" not in pending
        ):
            raise UserError(
                self.env._(
                    "The title %(name)s is not protested: there is no protest "
                    "to cancel.",
                    name=name,
                )
            )
        currency = title.company_currency_id
        if kind == "rebate" and (
            rebate_amount <= 0
            or currency.compare_amounts(rebate_amount, title.amount_residual) >= 0
        ):
            raise UserError(
                self.env._(
                    "The rebate of the title %(name)s must be more than zero and "
                    "less than its open amount %(residual)s.",
                    name=name,
                    residual=format_amount(self.env, title.amount_residual, currency),
                )
            )

    @api.model
    def _kind_label(self, kind):
        return dict(self._fields["kind"]._description_selection(self.env))[kind]

    @api.model
    def _pending_kinds(self, titles):
        """{title id: set of kinds of its instructions not answered yet}."""
        pending = defaultdict(set)
        groups = self.sudo()._read_group(
            [("title_id", "in", titles.ids), ("state", "in", PENDING_STATES)],
            ["title_id", "kind"],
        )
        for title, kind in groups:
            pending[title.id].add(kind)
        return pending

    # ------------------------------------------------------------------
    # Business: queue and send
    # ------------------------------------------------------------------
    @api.model
    def _do_queue(self, titles, kind, origin="user", **options):
        """Create the instructions (checked by the caller), note them on the
        titles' entries and send those of connector accounts at once."""
        # sudo: instructions are written by their flows only (users read
        # them); the caller checked the titles as the user
        instructions = (
            self.sudo()
            .with_context(telecobranca_flow=FLOW)
            .create(
                [
                    {
                        "title_id": title.id,
                        "company_id": title.company_id.id,
                        "bank_account_id": title.boleto_account_id.id,
                        "kind": kind,
                        "origin": origin,
                        "user_id": self.env.user.id,
                        **options,
                    }
                    for title in titles
                ]
            )
        )
        instructions._log_on_titles()
        instructions.filtered(
            lambda i: i.bank_account_id.boleto_integration == "api"
        )._send_through_connector()
        return instructions.sudo(False)

    @api.model
    def _queue_writeoffs(self, titles, origin="settlement"):
        """Queue the write-off of the boletos the bank may hold for ``titles``,
        settled in Odoo: set-based, one instruction per title at most; the
        other instructions still queued for them are cancelled."""
        titles = titles.filtered(
            lambda t: (
                t.boleto_status in WRITEOFF_STATUSES
                and t.boleto_account_id.boleto_integration in ("cnab", "api")
            )
        )
        if not titles:
            return self.browse()
        pending = self._pending_kinds(titles)
        stale = self.sudo().search(
            [
                ("title_id", "in", titles.ids),
                ("state", "=", "queued"),
                ("kind", "!=", "writeoff"),
            ]
        )
        stale.with_context(telecobranca_flow=FLOW).write(
            {
                "state": "cancelled",
                "bank_message": self.env._("The title was settled before sending."),
                "date_answered": fields.Datetime.now(),
            }
        )
        titles = titles.filtered(lambda t: "writeoff" not in pending.get(t.id, ()))
        if not titles:
            return self.browse()
        instructions = (
            self.sudo()
            .with_context(telecobranca_flow=FLOW)
            .create(
                [
                    {
                        "title_id": title.id,
                        "company_id": title.company_id.id,
                        "bank_account_id": title.boleto_account_id.id,
                        "kind": "writeoff",
                        "origin": origin,
                    }
                    for title in titles
                ]
            )
        )
        instructions._log_on_titles(settled=True)
        if instructions.filtered(
            lambda i: i.bank_account_id.boleto_integration == "api"
        ):
            # the connector is called after the settlement, in the background
            self.env.ref(
                "telecobranca.ir_cron_telecobranca_send_bank_instructions",
                raise_if_not_found=False,
            ).sudo()._trigger()
        return instructions

    @api.model
    def _queue_settlement_writeoffs(self, fulls):
        """Queue the write-off of the boletos of the titles ``fulls``
        (account.full.reconcile) settle, unless the bank's own return settled
        them: the bank knows then. A few queries whatever the number of
        titles."""
        fulls = fulls.sudo()
        titles = self.env["account.move.line"].sudo()
        for full in fulls:
            lines = full.reconciled_line_ids
            if "bank_return" in lines.move_id.mapped("telecobranca_origin"):
                continue
            titles |= lines.filtered(
                lambda line: line.boleto_status in WRITEOFF_STATUSES
            )
        return self._queue_writeoffs(titles)

    def _log_on_titles(self, settled=False):
        """One note on each title's entry naming its instruction."""
        bodies = {}
        for instruction in self:
            if settled:
                text = self.env._(
                    "Title settled: instruction to the bank queued: %(instruction)s.",
                    instruction=instruction._describe(),
                )
            else:
                text = self.env._(
                    "Instruction to the bank queued: %(instruction)s.",
                    instruction=instruction._describe(),
                )
            bodies[instruction.title_id.id] = text
        self.title_id._telecobranca_log_boleto_action("instruction", bodies)

    def _describe(self):
        """The instruction in words: its kind and data."""
        self.ensure_one()
        kind = dict(self._fields["kind"]._description_selection(self.env))[self.kind]
        if self.kind == "due_date":
            return self.env._(
                "%(kind)s to %(date)s",
                kind=kind,
                date=format_date(self.env, self.new_due_date),
            )
        if self.kind == "rebate":
            return self.env._(
                "%(kind)s of %(amount)s",
                kind=kind,
                amount=format_amount(self.env, self.rebate_amount, self.currency_id),
            )
        if self.kind == "protest":
            return self.env._(
                "%(kind)s after %(days)s days", kind=kind, days=self.protest_days
            )
        return kind

    @api.model
    def _get_queued(self, account, company):
        """The queued instructions of ``account`` for ``company`` (CNAB)."""
        return self.sudo().search(
            [
                ("bank_account_id", "=", account.id),
                ("company_id", "=", company.id),
                ("state", "=", "queued"),
            ],
            order="id",
        )

    def _check_can_export(self, account, titles):
        """The instructions a remittance of ``account`` carries: queued, of the
        account and of the company of the file's titles."""
        if not self:
            return
        if self.filtered(lambda i: i.state != "queued"):
            raise UserError(
                self.env._("Only queued instructions to the bank are exported.")
            )
        if self.bank_account_id != account:
            raise UserError(
                self.env._(
                    "These instructions belong to another bank account than "
                    "%(account)s.",
                    account=account.display_name,
                )
            )
        if len(self.company_id | titles.company_id) > 1:
            raise UserError(
                self.env._(
                    "A remittance carries the titles and instructions of one company."
                )
            )

    def _cnab_kind(self):
        """The instruction kind the file carries: the write-off of a protested
        boleto is 'cancel protest and write off' where the bank has it."""
        self.ensure_one()
        account = self.bank_account_id
        layout = account.boleto_cnab_layout or "240"
        if (
            self.kind == "writeoff"
            and self.title_id.boleto_status == "protested"
            and cnab_instruction.supports(
                layout, account.boleto_bank_code, "cancel_protest_writeoff"
            )
        ):
            return "cancel_protest_writeoff"
        return self.kind

    def _cnab_records(self, account):
        """The remittance records (cnab240/cnab400 titles) of the instructions."""
        layout = account.boleto_cnab_layout or "240"
        records = []
        for instruction in self:
            title = instruction.title_id
            base = (
                account._boleto_cnab400_title(title)
                if layout == "400"
                else title._boleto_cnab_title(account)
            )
            records.append(
                cnab_instruction.instruction_title(
                    base,
                    instruction._cnab_kind(),
                    layout=layout,
                    bank=account.boleto_bank_code,
                    new_due_date=instruction.new_due_date or None,
                    rebate_amount=(
                        title.company_currency_id.round(instruction.rebate_amount)
                        if instruction.kind == "rebate"
                        else None
                    ),
                    protest_days=instruction.protest_days or None,
                    label=title.title_number or "",
                )
            )
        return records

    def _mark_sent(self, remittance=None, connector=None):
        """The instructions left by ``remittance`` or through ``connector``."""
        now = fields.Datetime.now()
        for code, instructions in self.grouped(lambda i: i._sent_code()).items():
            instructions.with_context(telecobranca_flow=FLOW).write(
                {
                    "state": "sent",
                    "code": code,
                    "remittance_id": remittance.id if remittance else False,
                    "connector": connector or False,
                    "date_sent": now,
                }
            )

    def _sent_code(self):
        account = self.bank_account_id
        if account.boleto_integration != "cnab":
            return False
        return cnab_instruction.code(
            account.boleto_cnab_layout or "240",
            account.boleto_bank_code,
            self._cnab_kind(),
        )

    def _send_through_connector(self):
        """Send the instructions through their accounts' bank connectors and
        apply the answers."""
        Connector = self.env["telecobranca.bank.connector"]
        for account, instructions in self.sudo().grouped("bank_account_id").items():
            connector = Connector._get_connector(account.boleto_connector)
            instructions._mark_sent(connector=account.boleto_connector)
            answers = connector._send_instructions(instructions)
            for instruction, (state, message) in answers.items():
                instruction._apply_answer(state, message, protested=True)
        return True

    @api.model
    def _cron_send_instructions(self, limit=500):
        """Send the queued instructions of connector accounts (bounded)."""
        queued = self.sudo().search(
            [
                ("state", "=", "queued"),
                ("bank_account_id.boleto_integration", "=", "api"),
            ],
            limit=limit,
            order="id",
        )
        queued._send_through_connector()
        remaining = self.sudo().search_count(
            [
                ("state", "=", "queued"),
                ("bank_account_id.boleto_integration", "=", "api"),
            ]
        )
        self.env["ir.cron"]._notify_progress(done=len(queued), remaining=remaining)

    # ------------------------------------------------------------------
    # Business: answers of the bank
    # ------------------------------------------------------------------
    def _apply_answer(self, state, message, protested=False):
        """The bank confirmed or rejected the instruction: its state, and the
        title's bank status that follows (written off, protested, registered
        again once a protest is cancelled)."""
        self.ensure_one()
        self.with_context(telecobranca_flow=FLOW).write(
            {
                "state": state,
                "bank_message": message or False,
                "date_answered": fields.Datetime.now(),
            }
        )
        title = self.title_id
        status = title.boleto_status
        if state == "confirmed" and status != "paid":
            if self.kind == "writeoff":
                status = "written_off"
            elif self.kind == "protest" and protested:
                status = "protested"
            elif self.kind == "cancel_protest" and status == "protested":
                status = "registered"
        if status != title.boleto_status:
            title.with_context(
                telecobranca_flow=FLOW, skip_invoice_sync=True
            ).sudo().write({"boleto_status": status})
        if state == "confirmed" and self.kind == "due_date" and self.new_due_date:
            title._telecobranca_change_boleto_due_date(self.new_due_date)
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        text = (
            self.env._(
                "The bank confirmed the instruction %(kind)s.", kind=kinds[self.kind]
            )
            if state == "confirmed"
            else self.env._(
                "The bank rejected the instruction %(kind)s: %(message)s",
                kind=kinds[self.kind],
                message=message or "-",
            )
        )
        title._telecobranca_log_boleto_action("instruction", text)

    @api.model
    def _apply_return(self, layout, bank, records, matches, messages, initial):
        """Answer the sent instructions from the records of a return file.

        ``matches`` are the records' titles, ``messages`` their occurrence
        texts, ``initial`` the titles' bank status before the file. One
        search for the instructions of all the titles; a record answers the
        oldest sent instruction of its title among the kinds it answers.
        Returns the instructions answered and the positions (in ``records``)
        of the records that answered one.
        """
        titles = self.env["account.move.line"].union(*filter(None, matches))
        if not titles:
            return self.browse(), set()
        sent = self.sudo().search(
            [("title_id", "in", titles.ids), ("state", "=", "sent")], order="id"
        )
        by_title = defaultdict(list)
        for instruction in sent:
            by_title[instruction.title_id.id].append(instruction)
        answered, positions = self.browse(), set()
        for position, (record, title, message) in enumerate(
            zip(records, matches, messages, strict=True)
        ):
            if not title:
                continue
            outcome, kinds = cnab_instruction.answer(
                layout, bank, record.occurrence_code
            )
            if not outcome:
                continue
            waiting = [
                i
                for i in by_title[title.id]
                if i._cnab_kind() in kinds or i.kind in kinds
            ]
            if outcome == cnab_instruction.PROTESTED:
                if title.boleto_status != "paid":
                    title.with_context(
                        telecobranca_flow=FLOW, skip_invoice_sync=True
                    ).sudo().write({"boleto_status": "protested"})
                for instruction in waiting:
                    instruction._apply_answer("confirmed", message, protested=True)
                    by_title[title.id].remove(instruction)
                    answered |= instruction
                positions.add(position)
                continue
            if not waiting:
                continue
            instruction = waiting[0]
            by_title[title.id].remove(instruction)
            answered |= instruction
            positions.add(position)
            if outcome == cnab_instruction.REJECTED:
                instruction._apply_answer("rejected", message)
                if title.boleto_status == "rejected" and initial.get(title) in (
                    REGISTERED_STATUSES
                ):
                    # the refusal was the instruction's, not the boleto's
                    title.with_context(
                        telecobranca_flow=FLOW, skip_invoice_sync=True
                    ).sudo().write({"boleto_status": initial[title]})
            else:
                instruction._apply_answer("confirmed", message)
        return answered, positions

    # ------------------------------------------------------------------
    # Business: cadence
    # ------------------------------------------------------------------
    @api.model
    def _queue_cadence_protests(self, titles):
        """Queue protest instructions for the cadence: only the titles that
        may be protested (open, registered at a bank that takes a protest,
        not in dispute, no protest waiting); returns (instructions, titles
        left out)."""

        def protestable(title):
            account = title.boleto_account_id
            if title.reconciled or title.boleto_status != "registered":
                return False
            if account.boleto_integration == "api":
                return True
            return account.boleto_integration == "cnab" and cnab_instruction.supports(
                account.boleto_cnab_layout or "240", account.boleto_bank_code, "protest"
            )

        candidates = titles.filtered(protestable)
        candidates -= candidates.filtered("telecobranca_in_dispute")
        pending = self._pending_kinds(candidates)
        candidates = candidates.filtered(
            lambda t: "protest" not in pending.get(t.id, ())
        )
        instructions = self.browse()
        for company, company_titles in candidates.grouped("company_id").items():
            instructions |= self._do_queue(
                company_titles,
                "protest",
                origin="cadence",
                protest_days=company.telecobranca_protest_days or 5,
            )
        return instructions, titles - candidates
