# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Confirmation of a renegotiation: checks and the REN journal entry (F5.10).

The entry credits the open amounts of the original titles, one line per
receivable account and partner (reconciled with each of its titles: the
partials say how much of each title it settled; one line per title made the
entry, and its creation, grow with the titles for no information), debits
one receivable line per installment (the new titles), credits fines,
interest and surcharge to the income accounts, debits the discount and the
credit letters used (reconciled with them). Balanced by construction::

    installments + discount + credit letters
        = open amounts + fines + interest + surcharge
"""

from markupsafe import Markup

from odoo import Command, fields, models
from odoo.exceptions import UserError


class TelecobrancaRenegotiation(models.Model):
    _inherit = "telecobranca.renegotiation"

    # ------------------------------------------------------------------
    # Confirmation
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
                    "The discount (%(discount).2f) is larger than the total "
                    "(%(total).2f).",
                    discount=self.discount,
                    total=before_discount,
                )
            )
        if currency.compare_amounts(self.amount_total, 0) < 0:
            raise UserError(
                self.env._(
                    "The credit letters used (%(credit).2f) exceed the total "
                    "(%(total).2f).",
                    credit=self.amount_credit,
                    total=before_discount - self.discount,
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
                        date=fields.Date.to_string(self.date),
                    )
                )
            if not installment.partner_id:
                raise UserError(self.env._("Every installment needs a debtor."))
        if currency.compare_amounts(self.amount_installments, self.amount_total):
            raise UserError(
                self.env._(
                    "The installments add up to %(sum).2f but the renegotiation "
                    "total is %(total).2f.",
                    sum=self.amount_installments,
                    total=self.amount_total,
                )
            )

    def _check_can_confirm(self):
        """Raise a clear error unless the renegotiation can be posted now.

        Locks the titles and credit letters so that two users confirming
        renegotiations that share a title cannot both succeed.
        """
        self.ensure_one()
        self._check_draft()
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
        journal = self.company_id._telecobranca_renegotiation_journal()
        self.env["account.move.line"]._telecobranca_check_lock_date(
            self.company_id, self.date, journal
        )
        (lines.move_line_id | credit_lines.move_line_id)._telecobranca_lock_titles()
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
                        "The credit letter %(letter)s has only %(amount).2f left.",
                        letter=credit.move_line_id.display_name,
                        amount=max(available, 0.0),
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
        accounts = {
            "fine": (self.amount_fine, self.company_id._telecobranca_fine_account()),
            "interest": (
                self.amount_interest + self.surcharge,
                self.company_id._telecobranca_interest_account(),
            ),
            "discount": (
                self.discount,
                self.company_id._telecobranca_discount_account(),
            ),
        }
        for amount, account in accounts.values():
            if currency.compare_amounts(amount, 0) and not account:
                raise UserError(
                    self.env._(
                        "Set the fine, interest and discount accounts in the "
                        "renegotiation settings."
                    )
                )

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

    def _prepare_move_vals(self):
        """Values of the REN entry (see the module docstring)."""
        self.ensure_one()
        company = self.company_id
        lines = self.line_ids.filtered("selected")
        credit_lines = self.credit_line_ids.filtered("selected")
        note = self.note or ""
        move_lines = []
        for (account, partner), group in self._original_groups(lines):
            if len(group) == 1:
                name = self.env._(
                    "Renegotiation of %(title)s", title=group.move_line_id.title_number
                )
            else:
                name = self.env._("Renegotiation of %(count)s titles", count=len(group))
            move_lines.append(
                {
                    "name": name,
                    "account_id": account.id,
                    "partner_id": partner.id,
                    "credit": sum(group.mapped("open_amount")),
                    "debit": 0.0,
                }
            )
        count = len(self.installment_ids)
        for index, inst in enumerate(
            self.installment_ids.sorted(lambda i: (i.sequence, i.id)), start=1
        ):
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
                }
            )
        partner = self.partner_id.commercial_partner_id
        for amount, account, label, side in (
            (self.amount_fine, company._telecobranca_fine_account(), "Fines", "credit"),
            (
                self.amount_interest,
                company._telecobranca_interest_account(),
                "Interest",
                "credit",
            ),
            (
                self.surcharge,
                company._telecobranca_interest_account(),
                "Surcharge",
                "credit",
            ),
            (
                self.discount,
                company._telecobranca_discount_account(),
                "Discount",
                "debit",
            ),
        ):
            if self.currency_id.is_zero(amount):
                continue
            move_lines.append(
                {
                    "name": f"{self.name} {label}",
                    "account_id": account.id,
                    "partner_id": partner.id,
                    "debit": amount if side == "debit" else 0.0,
                    "credit": amount if side == "credit" else 0.0,
                }
            )
        for credit in credit_lines:
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
                }
            )
        return {
            "move_type": "entry",
            "journal_id": company._telecobranca_renegotiation_journal().id,
            "company_id": company.id,
            "date": self.date,
            "ref": self.name,
            "line_ids": [Command.create(vals) for vals in move_lines],
        }

    def _do_confirm(self):
        self.ensure_one()
        self.line_ids.filtered(lambda line: not line.selected).unlink()
        self.credit_line_ids.filtered(lambda credit: not credit.selected).unlink()
        titles = self.line_ids.move_line_id
        cases = titles._telecobranca_open_cases()
        move = self.env["account.move"].create(self._prepare_move_vals())
        move.action_post()
        n_titles = len(self.line_ids)
        groups = self._original_groups(self.line_ids)
        installments = self.installment_ids.sorted(lambda i: (i.sequence, i.id))
        n_inst = len(installments)
        move_lines = move.line_ids.sorted("id")
        # lines keep the order of creation: originals, installments, ...
        credit_lines = move_lines[: len(groups)]
        new_titles = move_lines[len(groups) : len(groups) + n_inst]
        n_letters = len(self.credit_line_ids)
        letter_lines = move_lines[len(move_lines) - n_letters :] if n_letters else []
        # every group of originals with its credit line, in one plan:
        # the REN entry is checked once, not once per title
        pairs = [
            group.move_line_id | counterpart
            for (_key, group), counterpart in zip(groups, credit_lines, strict=True)
        ] + [
            credit.move_line_id | counterpart
            for credit, counterpart in zip(
                self.credit_line_ids, letter_lines, strict=True
            )
        ]
        self.env["account.move.line"]._reconcile_plan(pairs)
        for installment, title in zip(installments, new_titles, strict=True):
            installment.move_line_id = title
        new_titles.renegotiation_origin_ids = [Command.set(titles.ids)]
        self.write({"state": "done", "move_id": move.id, "step": "final"})
        body = Markup("<p>%s</p>") % self.env._(
            "Renegotiation confirmed: %(count)s titles settled (%(type)s), "
            "%(new)s new titles in %(move)s, total %(total).2f.",
            count=n_titles,
            type=self.writeoff_type_id.name or "-",
            new=n_inst,
            move=move.name,
            total=self.amount_total,
        )
        self.message_post(body=body)
        move.message_post(body=body)
        titles._telecobranca_log_case_note(cases, body)
        return move
