# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Instructions to the bank about a registered boleto, by CNAB file.

After a boleto is registered (movement ``01``), the company tells the bank
what to do with it by the same remittance file: the title's record again,
with another movement (CNAB 240, segment P positions 16-17, FEBRABAN note
C004) or occurrence code (CNAB 400, detail positions 109-110, each bank's own
table), and the data the instruction needs — the new due date, the rebate in
the rebate field, the protest days.  A remittance may carry only instructions.

The return file answers with its own occurrences: :func:`answer` tells which
instruction an occurrence confirms or rejects, and whether the title is now
protested.

Sources of the codes:

- CNAB 240, FEBRABAN "Layout Padrão CNAB 240" v10, note C004 (código de
  movimento remessa): 02 pedido de baixa, 04 concessão de abatimento,
  05 cancelamento de abatimento, 06 alteração de vencimento, 09 protestar,
  10 sustar protesto e baixar título, 11 sustar protesto e manter em
  carteira; return note C044 (09 baixa, 12/13 abatimento, 14 vencimento,
  19 protesto, 20 sustação, 23 remessa a cartório, 24 retirada de cartório e
  manutenção em carteira, 25 protestado e baixado, 26 instrução rejeitada,
  30 alteração rejeitada, 46 sustação de protesto);
- 341 Itaú, "Cobrança CNAB 400" nota 6: 02 baixa, 04/05 abatimento,
  06 vencimento, 09 protestar, 18 sustar o protesto;
- 237 Bradesco, layout 4008.524.0121, identificação da ocorrência: 02, 04,
  05, 06, 09 pedido de protesto, 18 sustar protesto e baixar título,
  19 sustar protesto e manter em carteira;
- 033 Santander, "Layout de Cobrança CNAB 400": 02, 04, 05, 06, 09
  protestar, 18 sustar o protesto;
- 001 Banco do Brasil, CBR641/643 comandos: 02 solicitação de baixa, 04, 05,
  06, 09 instrução para protestar, 10 instrução para sustar protesto;
- 748 Sicredi, "Manual CNAB 400": 02, 04, 05, 06, 09 pedido de protesto,
  18 sustar protesto e baixar título, 19 sustar protesto e manter em
  carteira;
- 756 Sicoob, "Layout CNAB 400 - Sicoob" (after Banco do Brasil's): 02, 04,
  05, 06, 09 instrução para protestar, 10 instrução para desistência do
  protesto.

These are the tables the OCA l10n-brazil ``l10n_br_account_payment_order``
data files (``data/cnab_codes``) carry for the same banks.

Only the standard library is used; the module knows nothing of Odoo.
"""

from dataclasses import replace
from datetime import date

from . import cnab240

# Kinds of instruction.
WRITEOFF = "writeoff"  # baixa
DUE_DATE = "due_date"  # alteração de vencimento (prorrogação)
REBATE = "rebate"  # concessão de abatimento
CANCEL_REBATE = "cancel_rebate"  # cancelamento de abatimento
PROTEST = "protest"  # protestar
CANCEL_PROTEST = "cancel_protest"  # sustar protesto, the title stays open
CANCEL_PROTEST_WRITEOFF = "cancel_protest_writeoff"  # sustar protesto e baixar
KINDS = (
    WRITEOFF,
    DUE_DATE,
    REBATE,
    CANCEL_REBATE,
    PROTEST,
    CANCEL_PROTEST,
    CANCEL_PROTEST_WRITEOFF,
)

# CNAB 240 (FEBRABAN note C004): the same for every bank.
CNAB240_CODES = {
    WRITEOFF: "02",
    REBATE: "04",
    CANCEL_REBATE: "05",
    DUE_DATE: "06",
    PROTEST: "09",
    CANCEL_PROTEST_WRITEOFF: "10",
    CANCEL_PROTEST: "11",
}
_COMMON_400 = {WRITEOFF: "02", REBATE: "04", CANCEL_REBATE: "05", DUE_DATE: "06"}
# CNAB 400: bank -> kind -> the bank's occurrence code (positions 109-110).
# A bank without "sustar protesto e baixar" gets no code for it: the write-off
# of a protested boleto is then its cancel-protest followed by a write-off.
CNAB400_CODES = {
    "341": {**_COMMON_400, PROTEST: "09", CANCEL_PROTEST: "18"},
    "237": {
        **_COMMON_400,
        PROTEST: "09",
        CANCEL_PROTEST_WRITEOFF: "18",
        CANCEL_PROTEST: "19",
    },
    "033": {**_COMMON_400, PROTEST: "09", CANCEL_PROTEST: "18"},
    "001": {**_COMMON_400, PROTEST: "09", CANCEL_PROTEST: "10"},
    "748": {
        **_COMMON_400,
        PROTEST: "09",
        CANCEL_PROTEST_WRITEOFF: "18",
        CANCEL_PROTEST: "19",
    },
    "756": {**_COMMON_400, PROTEST: "09", CANCEL_PROTEST: "10"},
}

# What a return occurrence says of the instructions.
CONFIRMED = "confirmed"
REJECTED = "rejected"
PROTESTED = "protested"  # the title is at the notary's office / protested

# CNAB 240 return occurrences (note C044) -> (outcome, kinds it answers).
_REJECTIONS = (REJECTED, KINDS)
CNAB240_ANSWERS = {
    "09": (CONFIRMED, (WRITEOFF, CANCEL_PROTEST_WRITEOFF)),
    "12": (CONFIRMED, (REBATE,)),
    "13": (CONFIRMED, (CANCEL_REBATE,)),
    "14": (CONFIRMED, (DUE_DATE,)),
    "19": (CONFIRMED, (PROTEST,)),
    "20": (CONFIRMED, (CANCEL_PROTEST, CANCEL_PROTEST_WRITEOFF)),
    "23": (PROTESTED, (PROTEST,)),
    "24": (CONFIRMED, (CANCEL_PROTEST,)),
    "25": (PROTESTED, (PROTEST,)),
    "26": _REJECTIONS,
    "30": _REJECTIONS,
    "46": (CONFIRMED, (CANCEL_PROTEST, CANCEL_PROTEST_WRITEOFF)),
}
# CNAB 400: bank -> return occurrence -> (outcome, kinds it answers), from the
# return tables of tools/cnab400.py (OCCURRENCES).
_WRITEOFF_ANSWER = (CONFIRMED, (WRITEOFF, CANCEL_PROTEST_WRITEOFF))
_REBATE_ANSWERS = {
    "12": (CONFIRMED, (REBATE,)),
    "13": (CONFIRMED, (CANCEL_REBATE,)),
    "14": (CONFIRMED, (DUE_DATE,)),
}
_BRADESCO_ANSWERS = {
    "09": _WRITEOFF_ANSWER,
    "10": _WRITEOFF_ANSWER,
    **_REBATE_ANSWERS,
    "19": (CONFIRMED, (PROTEST,)),
    "20": (CONFIRMED, (CANCEL_PROTEST, CANCEL_PROTEST_WRITEOFF)),
    "23": (PROTESTED, (PROTEST,)),
    "27": _REJECTIONS,
    "30": _REJECTIONS,
    "32": _REJECTIONS,
    "34": (CONFIRMED, (CANCEL_PROTEST,)),
}
CNAB400_ANSWERS = {
    "341": {
        "05": _WRITEOFF_ANSWER,
        "09": _WRITEOFF_ANSWER,
        **_REBATE_ANSWERS,
        "15": _REJECTIONS,
        "16": _REJECTIONS,
        "17": _REJECTIONS,
        "19": (CONFIRMED, (PROTEST,)),
        "20": (CONFIRMED, (CANCEL_PROTEST,)),
        "23": (PROTESTED, (PROTEST,)),
        "24": _REJECTIONS,
        "32": (PROTESTED, (PROTEST,)),
    },
    "237": _BRADESCO_ANSWERS,
    "748": _BRADESCO_ANSWERS,
    "033": {
        "09": _WRITEOFF_ANSWER,
        "10": _WRITEOFF_ANSWER,
        **_REBATE_ANSWERS,
        "15": (PROTESTED, (PROTEST,)),
        "21": (PROTESTED, (PROTEST,)),
        "22": (CONFIRMED, (CANCEL_PROTEST,)),
        "25": (CONFIRMED, (PROTEST,)),
        "26": (CONFIRMED, (CANCEL_PROTEST,)),
    },
    "001": {
        "03": _REJECTIONS,
        "09": _WRITEOFF_ANSWER,
        "10": _WRITEOFF_ANSWER,
        **_REBATE_ANSWERS,
        "19": (CONFIRMED, (PROTEST,)),
        "23": (PROTESTED, (PROTEST,)),
        "24": (CONFIRMED, (CANCEL_PROTEST,)),
    },
    "756": {
        "09": _WRITEOFF_ANSWER,
        "10": _WRITEOFF_ANSWER,
        "14": (CONFIRMED, (DUE_DATE,)),
        "23": (PROTESTED, (PROTEST,)),
    },
}


def _layout_key(layout) -> int:
    layout = int(layout)
    if layout not in (240, 400):
        raise ValueError(f"Unknown CNAB layout {layout!r}: 240 or 400.")
    return layout


def code(layout, bank: str, kind: str) -> str | None:
    """The bank's movement/occurrence code of the instruction ``kind`` in
    ``layout`` (240 or 400), or None when the bank has none for it.

    :raises ValueError: for an unknown kind or layout, or a CNAB 400 bank
        whose table is not known.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown instruction {kind!r}.")
    if _layout_key(layout) == 240:
        return CNAB240_CODES.get(kind)
    bank = str(bank or "").zfill(3)
    if bank not in CNAB400_CODES:
        raise ValueError(f"No CNAB 400 instruction codes for the bank {bank}.")
    return CNAB400_CODES[bank].get(kind)


def supports(layout, bank: str, kind: str) -> bool:
    """Whether the bank takes the instruction ``kind`` in ``layout``."""
    try:
        return code(layout, bank, kind) is not None
    except ValueError:
        return False


def instruction_title(
    title: cnab240.Title,
    kind: str,
    *,
    layout,
    bank: str,
    new_due_date: date | None = None,
    rebate_amount=None,
    protest_days: int | None = None,
    label: str = "",
):
    """The record of the instruction ``kind`` for the registered ``title``
    (a :class:`cnab240.Title` or :class:`cnab400.Title` as it was
    registered), to write with the layout's ``remittance()``.

    The record is the title with the bank's code in its movement code and
    what the instruction changes: the new due date (``due_date``), the rebate
    (``rebate``: more than zero, less than the amount), the protest days
    (``protest``: 1 to 99).  The other instructions carry the title as it is.

    :raises ValueError: naming ``label`` (the title), when the bank has no
        code for the instruction or its data is missing or wrong.
    """
    name = label or title.document_number or title.nosso_numero
    instruction_code = code(layout, bank, kind)
    if instruction_code is None:
        raise ValueError(
            f"Title {name}: the bank {str(bank).zfill(3)} takes no "
            f"{kind.replace('_', ' ')} instruction in CNAB {int(layout)}."
        )
    changes = {"movement_code": instruction_code}
    if kind == DUE_DATE:
        if not isinstance(new_due_date, date):
            raise ValueError(f"Title {name}: the new due date is missing.")
        if new_due_date < title.issue_date:
            raise ValueError(
                f"Title {name}: the new due date is before the issue date."
            )
        changes["due_date"] = new_due_date
    elif kind == REBATE:
        amount = cnab240._decimal(rebate_amount) if rebate_amount is not None else None
        if amount is None or amount <= 0:
            raise ValueError(f"Title {name}: the rebate must be more than zero.")
        if amount >= cnab240._decimal(title.amount):
            raise ValueError(
                f"Title {name}: the rebate must be less than the amount of the boleto."
            )
        changes["rebate_amount"] = amount
    elif kind == PROTEST:
        if not isinstance(protest_days, int) or not 1 <= protest_days <= 99:
            raise ValueError(
                f"Title {name}: the protest days must be 1 to 99, not {protest_days!r}."
            )
        changes.update(protest_code="1", protest_days=protest_days)
    return replace(title, **changes)


def answer(layout, bank: str, occurrence_code: str):
    """``(outcome, kinds)`` of a return occurrence for the instructions:
    ``outcome`` is CONFIRMED, REJECTED or PROTESTED and ``kinds`` the
    instruction kinds it answers; ``(None, ())`` for an occurrence that
    answers no instruction (registration, settlement, fees...)."""
    if _layout_key(layout) == 240:
        table = CNAB240_ANSWERS
    else:
        table = CNAB400_ANSWERS.get(str(bank or "").zfill(3), {})
    return table.get(str(occurrence_code or ""), (None, ()))
