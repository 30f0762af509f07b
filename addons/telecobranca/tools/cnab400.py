# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""CNAB 400 for collections (cobrança): read returns, write remittances.

CNAB 400 is older than FEBRABAN's CNAB 240 and every bank wrote its own: the
file is a header (record type ``0``), one detail per title (``1``; ``7`` at
Banco do Brasil for 7-digit agreements; ``2`` for Itaú's fine) and a trailer
(``9``), 400 characters a line, each line numbered in positions 395-400.
The fields that matter sit mostly in the same places (occurrence at 109-110,
due date at 147-152, amount at 153-165...), the rest — nosso número,
account, fees, reasons, credit date — is where each bank's manual puts it.

Positions are 1-based and inclusive, as in the manuals; the tables reuse the
reader and writer of :mod:`cnab240`.  A return gives the same
:class:`cnab240.ReturnRecord` as a CNAB 240 return, with ``layout`` 400, the
bank's own occurrence code, its ``kind`` and a key (``"341-06"``) into the
bank's table of occurrence descriptions (:data:`OCCURRENCES`).

Sources of the positions (the banks' manuals, as the established libraries
that follow them read them; the samples of ``tests/data/cnab`` confirm them):

- 341 Itaú, "Cobrança CNAB 400 posições" (layout_cobranca_400bytes_cnab_itau);
- 237 Bradesco, "Layout Cobrança" 4008.524.0121;
- 033 Santander, "Layout de Cobrança CNAB 400";
- 001 Banco do Brasil, "CBR643 / CNAB 400 - convênio de 7 posições";
- 748 Sicredi, "Manual CNAB 400" (August 2019);
- 756 Sicoob, "Layout CNAB 400 - Sicoob".

Only the standard library is used; the module knows nothing of Odoo.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from . import cnab240
from .boleto import BB_RESULTS, BRADESCO_RESULTS, modulo11
from .cnab240 import (
    ALPHA,
    BLANK,
    DATE,
    DATE6,
    DATE_YMD,
    KIND_INSTRUCTION_REJECTED,
    KIND_OTHER,
    KIND_PAID,
    KIND_REGISTERED,
    KIND_REJECTED,
    KIND_WRITTEN_OFF,
    MONEY,
    NUM,
    Field,
    FileHeader,
    Layout,
    ReturnRecord,
    read_record,
    write_record,
)

LINE_LENGTH = 400
ZERO = Decimal("0.00")


def _layout(name: str, rows) -> Layout:
    """A 400-position layout from ``rows``; the gaps between them are reserved.

    Return layouts list what is read; what lies between is blank to the
    reader (and written blank).
    """
    fields, position = [], 1
    for row in sorted(rows, key=lambda row: row[1]):
        if row[1] > position:
            fields.append(Field("reserved", position, row[1] - 1, BLANK))
        fields.append(Field(*row))
        position = row[2] + 1
    if position <= LINE_LENGTH:
        fields.append(Field("reserved", position, LINE_LENGTH, BLANK))
    return Layout(name, tuple(fields), LINE_LENGTH)


# --------------------------------------------------------------------------
# Occurrence tables
# --------------------------------------------------------------------------

R, J, P, W, I, O = (
    KIND_REGISTERED,
    KIND_REJECTED,
    KIND_PAID,
    KIND_WRITTEN_OFF,
    KIND_INSTRUCTION_REJECTED,
    KIND_OTHER,
)

# bank -> {occurrence code: (description, kind)}; the descriptions are the
# banks' (their manuals' "código de ocorrência" tables), in English.
OCCURRENCES = {
    "341": {
        "02": ("Entry confirmed", R),
        "03": ("Entry rejected", J),
        "04": ("Data changed: new entry", O),
        "05": ("Data changed: write-off", W),
        "06": ("Settlement", P),
        "07": ("Partial settlement", P),
        "08": ("Settlement at the notary's office", P),
        "09": ("Write-off", W),
        "10": ("Written off as settled", O),
        "11": ("Titles in portfolio (open)", O),
        "12": ("Rebate granted", O),
        "13": ("Rebate cancelled", O),
        "14": ("Due date changed", O),
        "15": ("Write-off rejected", I),
        "16": ("Instruction rejected", I),
        "17": ("Data change rejected", I),
        "19": ("Protest instruction received", O),
        "20": ("Protest suspension instruction received", O),
        "21": ("Do-not-protest instruction received", O),
        "23": ("Sent to the notary's office for protest", O),
        "24": ("Protest instruction rejected, suspended or pending", I),
        "25": ("Payer's allegations", O),
        "32": ("Written off as protested", W),
        "33": ("Protest costs", O),
        "47": ("Written off and transferred to discount", W),
        "57": ("Instruction cancelled", O),
        "59": ("Settled by credit to the account (SISPAG)", P),
        "60": ("Entry rejected (booklet)", J),
        "64": ("Entry confirmed with credit split", R),
        "69": ("Returned cheque", O),
        "71": ("Entry registered, awaiting assessment", R),
        "72": ("Settled by credit to the account (SISPAG) without a title", O),
        "73": ("Entry confirmed in simple collection", R),
    },
    "237": {
        "02": ("Entry confirmed", R),
        "03": ("Entry rejected", J),
        "06": ("Settlement", P),
        "09": ("Written off automatically", W),
        "10": ("Written off as instructed by the branch", W),
        "11": ("Titles in portfolio (open)", O),
        "12": ("Rebate granted", O),
        "13": ("Rebate cancelled", O),
        "14": ("Due date changed", O),
        "15": ("Settlement at the notary's office", P),
        "16": ("Paid by cheque (pending clearance)", O),
        "17": ("Settlement after write-off, or of an unregistered title", P),
        "19": ("Protest instruction received", O),
        "20": ("Protest suspension instruction received", O),
        "22": ("Payment cancelled", O),
        "23": ("Sent to the notary's office for protest", O),
        "24": ("Entry rejected: irregular ZIP code", J),
        "27": ("Write-off rejected", I),
        "28": ("Debit of fees/costs", O),
        "30": ("Data change rejected", I),
        "32": ("Instruction rejected", I),
        "33": ("Change of other data confirmed", O),
        "34": ("Withdrawn from the notary's office and kept in portfolio", O),
        "40": ("Payment reversed", O),
        "55": ("Suspended by court order", O),
    },
    "033": {
        "01": ("Title does not exist", O),
        "02": ("Entry confirmed", R),
        "03": ("Entry rejected", J),
        "06": ("Settlement", P),
        "07": ("Settlement on account", P),
        "08": ("Settlement of the balance", P),
        "09": ("Written off automatically", W),
        "10": ("Written off as instructed or as protested", W),
        "11": ("Titles in portfolio (open)", O),
        "12": ("Rebate granted", O),
        "13": ("Rebate cancelled", O),
        "14": ("Due date changed", O),
        "15": ("Sent to the notary's office for protest", O),
        "16": ("Title already written off or settled", O),
        "17": ("Settlement at the notary's office", P),
        "21": ("Entered at the notary's office", O),
        "22": ("Withdrawn from the notary's office", O),
        "24": ("Notary's office costs", O),
        "25": ("Protest the title", O),
        "26": ("Suspend the protest", O),
    },
    "001": {
        "02": ("Entry confirmed", R),
        "03": ("Command refused", J),
        "05": ("Settled without registration", P),
        "06": ("Settlement", P),
        "07": ("Settlement on account", P),
        "08": ("Settlement of the balance", P),
        "09": ("Write-off", W),
        "10": ("Write-off requested", W),
        "11": ("Titles in portfolio (open)", O),
        "12": ("Rebate granted", O),
        "13": ("Rebate cancelled", O),
        "14": ("Due date changed", O),
        "15": ("Settlement at the notary's office", P),
        "16": ("Late interest change confirmed", O),
        "19": ("Protest instruction received", O),
        "20": ("Debit to the account", O),
        "21": ("Payer name changed", O),
        "22": ("Payer address changed", O),
        "23": ("Sent to the notary's office for protest", O),
        "24": ("Protest suspended", O),
        "25": ("Late interest waived", O),
        "28": ("Overdue title maintenance", O),
        "44": ("Title paid with a returned cheque", O),
        "46": ("Paid by cheque (pending clearance)", O),
        "96": ("Protest costs", O),
        "97": ("Protest suspension costs", O),
        "98": ("Debit of advance costs", O),
    },
    "748": {
        "02": ("Entry confirmed", R),
        "03": ("Entry rejected", J),
        "06": ("Settlement", P),
        "09": ("Written off automatically", W),
        "10": ("Written off as instructed by the cooperative", W),
        "12": ("Rebate granted", O),
        "13": ("Rebate cancelled", O),
        "14": ("Due date changed", O),
        "15": ("Settlement at the notary's office", P),
        "17": ("Settlement after write-off", P),
        "19": ("Protest instruction received", O),
        "20": ("Protest suspension instruction received", O),
        "23": ("Sent to the notary's office for protest", O),
        "24": ("Entry rejected: irregular ZIP code", J),
        "27": ("Write-off rejected", I),
        "28": ("Debit of fees/costs", O),
        "29": ("Refused by the payer", O),
        "30": ("Data change rejected", I),
        "32": ("Instruction rejected", I),
        "33": ("Change of other data confirmed", O),
        "34": ("Withdrawn from the notary's office and kept in portfolio", O),
        "35": ("Accepted by the payer", O),
    },
    "756": {
        "02": ("Entry confirmed", R),
        "03": ("Entry rejected", J),
        "05": ("Settled without registration", P),
        "06": ("Settlement", P),
        "09": ("Write-off", W),
        "10": ("Write-off requested", W),
        "11": ("Titles in portfolio (open)", O),
        "14": ("Due date changed", O),
        "15": ("Settlement at the notary's office", P),
        "23": ("Sent to the notary's office for protest", O),
        "27": ("Change of other data confirmed", O),
        "48": ("Wallet/collection mode transfer instruction confirmed", O),
    },
}

# bank -> {reason code: description}: the reasons a bank gives for refusing
# an entry (its manual's "motivos de rejeição"), the commonest ones.
REJECTION_REASONS = {
    "341": {
        "03": "Collecting branch: no protest service for this ZIP code",
        "04": "Invalid state",
        "05": "Due date outside the allowed term",
        "07": "Amount above 10,000,000.00",
        "08": "Payer name missing or misplaced",
        "09": "Branch closed",
        "10": "Payer address missing or misplaced",
        "11": "Invalid ZIP code",
        "13": "ZIP code does not match the state",
        "14": "Nosso número already registered or outside the range",
        "15": "Nosso número repeated in the same file",
        "18": "Invalid entry date for this wallet",
        "19": "Invalid occurrence",
        "22": "Wallet not allowed",
        "26": "Account not enabled for collection",
        "37": "Payer CPF/CNPJ not numeric or zero",
        "42": "Nosso número outside the range",
        "60": "Invalid rebate",
        "61": "Late interest above the allowed",
        "62": "Discount greater than the amount",
        "64": "Invalid issue date",
        "66": "Invalid due date",
        "67": "Invalid amount",
        "68": "Invalid wallet",
    },
    "237": {
        "02": "Invalid occurrence code",
        "03": "Invalid occurrence date",
        "04": "Occurrence code not allowed for the wallet",
        "05": "Non-numeric occurrence code",
        "08": "Invalid nosso número",
        "09": "Nosso número repeated",
        "10": "Invalid wallet",
        "13": "Unidentified title",
        "15": "Instruction not allowed for this title",
        "16": "Invalid due date",
        "18": "Due date before the issue date",
        "20": "Invalid amount",
        "21": "Invalid species",
        "24": "Invalid issue date",
        "27": "Invalid late interest",
        "28": "Invalid discount date",
        "29": "Discount not less than the amount",
        "33": "Invalid rebate",
        "34": "Rebate not less than the amount",
        "45": "Payer name missing",
        "46": "Invalid payer document type",
        "47": "Payer address missing",
        "48": "Invalid ZIP code",
        "50": "ZIP code irregular: bank correspondent",
        "63": "Entry for a title already registered",
        "68": "Automatic debit not agreed",
    },
}

# The FEBRABAN reasons for a rejected entry or instruction (CNAB 240 note
# C047, table A), used when a CNAB 240 record gives them.
FEBRABAN_REJECTION_REASONS = {
    "01": "Invalid bank code",
    "02": "Invalid record type",
    "03": "Invalid segment",
    "04": "Invalid movement code",
    "05": "Invalid movement code",
    "06": "Invalid agency/account",
    "07": "Invalid agency/account",
    "08": "Invalid nosso número",
    "09": "Nosso número repeated",
    "10": "Invalid wallet",
    "16": "Invalid due date",
    "17": "Due date before the issue date",
    "18": "Due date outside the allowed term",
    "20": "Invalid amount",
    "21": "Invalid species",
    "22": "Species not allowed for the wallet",
    "24": "Invalid issue date",
    "27": "Invalid late interest",
    "29": "Discount not less than the amount",
    "30": "Discount not allowed",
    "33": "Invalid rebate",
    "34": "Rebate not less than the amount",
    "38": "Invalid protest term",
    "45": "Payer name missing",
    "46": "Invalid payer document type",
    "47": "Invalid payer document",
    "48": "Payer address missing",
    "49": "Invalid ZIP code",
    "52": "Invalid payer state",
    "63": "Entry for a title already registered",
    "A4": "Payer registered for DDA",
}


def occurrence_key(bank: str, code: str) -> str:
    """The key of a bank's own occurrence ``code`` in :data:`OCCURRENCES`."""
    return f"{bank}-{code}"


def occurrence_choices() -> list[tuple[str, str]]:
    """``(key, description)`` of every bank's CNAB 400 occurrences."""
    return [
        (occurrence_key(bank, code), description)
        for bank, table in sorted(OCCURRENCES.items())
        for code, (description, _kind) in sorted(table.items())
    ]


def reason_choices() -> list[tuple[str, str]]:
    """``(key, description)`` of the rejection reasons: ``"<bank>-<code>"``
    for a bank's table, ``"febraban-<code>"`` for FEBRABAN's."""
    choices = [
        (f"{bank}-{code}", description)
        for bank, table in sorted(REJECTION_REASONS.items())
        for code, description in sorted(table.items())
    ]
    choices += [
        (f"febraban-{code}", description)
        for code, description in sorted(FEBRABAN_REJECTION_REASONS.items())
    ]
    return choices


def reason_key(record: ReturnRecord, code: str) -> str | None:
    """The key in :func:`reason_choices` of a rejection reason of ``record``.

    None when the record is no rejection or the code is not in the tables.
    """
    if record.kind not in (KIND_REJECTED, KIND_INSTRUCTION_REJECTED):
        return None
    if record.layout == 400:
        table = REJECTION_REASONS.get(record.bank, {})
        return f"{record.bank}-{code}" if code in table else None
    return f"febraban-{code}" if code in FEBRABAN_REJECTION_REASONS else None


# --------------------------------------------------------------------------
# Return files
# --------------------------------------------------------------------------

RETURN_HEADER = _layout(
    "CNAB 400 return header",
    [
        ("record_type", 1, 1, ALPHA),
        ("file_code", 2, 2, ALPHA),  # 2 return
        ("literal", 3, 9, ALPHA),  # RETORNO
        ("bank", 77, 79, ALPHA),
        ("bank_name", 80, 94, ALPHA),
    ],
)

# The amounts every bank writes in the same places.
_AMOUNTS = [
    ("iof_amount", 215, 227, MONEY),
    ("rebate_amount", 228, 240, MONEY),
    ("discount_amount", 241, 253, MONEY),
    ("paid_amount", 254, 266, MONEY),
    ("interest_amount", 267, 279, MONEY),
    ("other_credits", 280, 292, MONEY),
]
_COMMON = [
    ("occurrence_code", 109, 110, ALPHA),
    ("occurrence_date", 111, 116, DATE6),
    ("document_number", 117, 126, ALPHA),
    ("due_date", 147, 152, DATE6),
    ("nominal_amount", 153, 165, MONEY),
    ("sequence", 395, 400, NUM),
]
_FEE = [("fee_amount", 176, 188, MONEY)]
# Banco do Brasil and Sicoob: the credit date before a shorter fee field.
_CREDIT_DATE_AND_FEE = [
    ("credit_date", 176, 181, DATE6),
    ("fee_amount", 182, 188, MONEY),
]


@dataclass(frozen=True)
class BankLayout:
    """How one bank writes its CNAB 400 return and remittance."""

    code: str
    name: str
    header: Layout  # the return header
    detail: Layout  # a title detail of the return
    detail_types: frozenset = frozenset({"1"})
    # types of other details, skipped (Itaú's PIX/split records...)
    skipped_types: frozenset = frozenset()
    # Itaú's "valor principal" is what reaches the account: the fee is
    # already taken from it.
    paid_is_net_of_fees: bool = False
    reason_size: int = 2  # characters of one reason code
    trailer: Layout | None = None  # totals checked against the details
    extra: dict = field(default_factory=dict)


ITAU = BankLayout(
    code="341",
    name="Itaú",
    header=_layout(
        "Itaú return header",
        [
            ("record_type", 1, 1, ALPHA),
            ("file_code", 2, 2, ALPHA),
            ("literal", 3, 9, ALPHA),
            ("agency", 27, 30, ALPHA),
            ("account", 33, 37, ALPHA),
            ("account_digit", 38, 38, ALPHA),
            ("company_name", 47, 76, ALPHA),
            ("bank", 77, 79, ALPHA),
            ("bank_name", 80, 94, ALPHA),
            ("generation_date", 95, 100, DATE6),
            ("file_sequence", 109, 113, NUM),
        ],
    ),
    detail=_layout(
        "Itaú return detail",
        [
            ("record_type", 1, 1, ALPHA),
            ("company_document", 4, 17, ALPHA),
            ("agency", 18, 21, ALPHA),
            ("account", 24, 28, ALPHA),
            ("account_digit", 29, 29, ALPHA),
            ("company_reference", 38, 62, ALPHA),
            ("wallet", 83, 85, ALPHA),
            ("nosso_numero", 86, 93, ALPHA),
            ("nosso_numero_digit", 94, 94, ALPHA),
            *_COMMON,
            *_FEE,
            *_AMOUNTS,
            ("credit_date", 296, 301, DATE6),
            ("payer_name", 325, 354, ALPHA),
            ("reasons", 378, 385, ALPHA),
        ],
    ),
    skipped_types=frozenset({"3", "4"}),
    paid_is_net_of_fees=True,
    trailer=_layout(
        "Itaú return trailer",
        [
            ("record_type", 1, 1, ALPHA),
            ("detail_count", 213, 220, NUM),
            ("detail_total", 221, 234, MONEY),
            ("sequence", 395, 400, NUM),
        ],
    ),
)

BRADESCO = BankLayout(
    code="237",
    name="Bradesco",
    header=_layout(
        "Bradesco return header",
        [
            ("record_type", 1, 1, ALPHA),
            ("file_code", 2, 2, ALPHA),
            ("literal", 3, 9, ALPHA),
            ("agreement", 27, 46, ALPHA),  # código da empresa
            ("company_name", 47, 76, ALPHA),
            ("bank", 77, 79, ALPHA),
            ("bank_name", 80, 94, ALPHA),
            ("generation_date", 95, 100, DATE6),
            ("file_sequence", 109, 113, NUM),  # número do aviso bancário
        ],
    ),
    detail=_layout(
        "Bradesco return detail",
        [
            ("record_type", 1, 1, ALPHA),
            ("company_document", 4, 17, ALPHA),
            ("wallet", 22, 24, ALPHA),
            ("agency", 25, 29, ALPHA),
            ("account", 30, 36, ALPHA),
            ("account_digit", 37, 37, ALPHA),
            ("company_reference", 38, 62, ALPHA),
            ("nosso_numero", 71, 81, ALPHA),
            ("nosso_numero_digit", 82, 82, ALPHA),
            *_COMMON,
            *_FEE,
            *_AMOUNTS,
            ("credit_date", 296, 301, DATE6),
            ("reasons", 319, 328, ALPHA),
        ],
    ),
    skipped_types=frozenset({"4"}),
    trailer=_layout(
        "Bradesco return trailer",
        [
            ("record_type", 1, 1, ALPHA),
            ("entry_count", 58, 62, NUM),  # occurrences 02
            ("settlement_count", 87, 91, NUM),  # occurrences 06
            ("writeoff_count", 104, 108, NUM),  # occurrences 09 and 10
            ("sequence", 395, 400, NUM),
        ],
    ),
)

SANTANDER = BankLayout(
    code="033",
    name="Santander",
    header=_layout(
        "Santander return header",
        [
            ("record_type", 1, 1, ALPHA),
            ("file_code", 2, 2, ALPHA),
            ("literal", 3, 9, ALPHA),
            ("agency", 27, 30, ALPHA),
            ("agreement", 31, 38, ALPHA),  # código do beneficiário
            ("account", 39, 46, ALPHA),
            ("company_name", 47, 76, ALPHA),
            ("bank", 77, 79, ALPHA),
            ("bank_name", 80, 94, ALPHA),
            ("generation_date", 95, 100, DATE6),
        ],
    ),
    detail=_layout(
        "Santander return detail",
        [
            ("record_type", 1, 1, ALPHA),
            ("company_document", 4, 17, ALPHA),
            ("company_reference", 38, 62, ALPHA),
            ("nosso_numero", 63, 70, ALPHA),  # 7 digits and the check digit
            ("reasons", 137, 145, ALPHA),  # three codes of 3 digits
            ("wallet", 108, 108, ALPHA),
            *_COMMON,
            *_FEE,
            *_AMOUNTS,
            ("credit_date", 296, 301, DATE6),
        ],
    ),
    skipped_types=frozenset({"2"}),
    reason_size=3,
)

BANCO_DO_BRASIL = BankLayout(
    code="001",
    name="Banco do Brasil",
    header=_layout(
        "Banco do Brasil return header",
        [
            ("record_type", 1, 1, ALPHA),
            ("file_code", 2, 2, ALPHA),
            ("literal", 3, 9, ALPHA),
            ("agency", 27, 30, ALPHA),
            ("agency_digit", 31, 31, ALPHA),
            ("account", 32, 39, ALPHA),
            ("account_digit", 40, 40, ALPHA),
            ("company_name", 47, 76, ALPHA),
            ("bank", 77, 79, ALPHA),
            ("bank_name", 80, 94, ALPHA),
            ("generation_date", 95, 100, DATE6),
            ("file_sequence", 101, 107, NUM),
            ("agreement", 150, 156, ALPHA),
        ],
    ),
    detail=_layout(
        "Banco do Brasil return detail",
        [
            ("record_type", 1, 1, ALPHA),
            ("company_document", 4, 17, ALPHA),
            ("company_reference", 39, 63, ALPHA),
            ("nosso_numero", 64, 80, ALPHA),
            ("reasons", 87, 88, ALPHA),
            ("wallet", 107, 108, ALPHA),
            *_COMMON,
            *_CREDIT_DATE_AND_FEE,
            *_AMOUNTS,
        ],
    ),
    detail_types=frozenset({"7"}),
)

SICREDI = BankLayout(
    code="748",
    name="Sicredi",
    header=_layout(
        "Sicredi return header",
        [
            ("record_type", 1, 1, ALPHA),
            ("file_code", 2, 2, ALPHA),
            ("literal", 3, 9, ALPHA),
            ("agreement", 27, 31, ALPHA),  # código do beneficiário
            ("company_document", 32, 45, ALPHA),
            ("bank", 77, 79, ALPHA),
            ("bank_name", 80, 94, ALPHA),
            ("generation_date", 95, 102, DATE_YMD),
            ("file_sequence", 111, 117, NUM),
        ],
    ),
    detail=_layout(
        "Sicredi return detail",
        [
            ("record_type", 1, 1, ALPHA),
            ("nosso_numero", 48, 62, ALPHA),
            *_COMMON,
            *_FEE,
            *_AMOUNTS,
            ("reasons", 319, 328, ALPHA),
            ("credit_date", 329, 336, DATE_YMD),
        ],
    ),
)

SICOOB = BankLayout(
    code="756",
    name="Sicoob",
    header=_layout(
        "Sicoob return header",
        [
            ("record_type", 1, 1, ALPHA),
            ("file_code", 2, 2, ALPHA),
            ("literal", 3, 9, ALPHA),
            ("agency", 27, 30, ALPHA),
            ("agency_digit", 31, 31, ALPHA),
            ("account", 32, 39, ALPHA),
            ("account_digit", 40, 40, ALPHA),
            ("agreement", 41, 46, ALPHA),  # código do cliente
            ("company_name", 47, 76, ALPHA),
            ("bank", 77, 79, ALPHA),
            ("bank_name", 80, 94, ALPHA),
            ("generation_date", 95, 100, DATE6),
            ("file_sequence", 101, 107, NUM),
        ],
    ),
    detail=_layout(
        "Sicoob return detail",
        [
            ("record_type", 1, 1, ALPHA),
            ("company_document", 4, 17, ALPHA),
            ("company_reference", 38, 62, ALPHA),
            ("nosso_numero", 63, 73, ALPHA),  # with its check digit
            ("wallet", 108, 108, ALPHA),
            *_COMMON,
            *_CREDIT_DATE_AND_FEE,
            *_AMOUNTS,
            ("reasons", 319, 328, ALPHA),
        ],
    ),
)

BANKS = {
    bank.code: bank
    for bank in (ITAU, BRADESCO, SANTANDER, BANCO_DO_BRASIL, SICREDI, SICOOB)
}


def _bank_of(line: str, number: int) -> BankLayout:
    header = read_record(RETURN_HEADER, line, number)
    if header["record_type"] != "0":
        raise ValueError(f"line {number}: missing file header (record type 0).")
    if header["file_code"] == "1" or header["literal"] == "REMESSA":
        raise ValueError(f"line {number}: this is a remittance file, not a return.")
    if header["file_code"] != "2" or header["literal"] != "RETORNO":
        raise ValueError(
            f"line {number}: the file header is not a return's (positions 2-9 "
            f"{line[1:9]!r}, expected '2RETORNO')."
        )
    bank = BANKS.get(header["bank"])
    if bank is None:
        supported = ", ".join(f"{code} {b.name}" for code, b in sorted(BANKS.items()))
        raise ValueError(
            f"line {number}: CNAB 400 returns of the bank {header['bank']!r} are "
            f"not supported; supported: {supported}."
        )
    return bank


def parse_header(content: bytes, *, lenient_padding: bool = True) -> FileHeader:
    """The file header of a CNAB 400 return, as a :class:`cnab240.FileHeader`.

    Where a bank's header lacks the account (Bradesco), it is read from the
    first title detail.  ``layout_version`` is ``"400"``.

    :raises ValueError: naming the line, when line 1 is no return header of
        a supported bank.
    """
    lines = cnab240.split_lines(
        content, length=LINE_LENGTH, lenient_padding=lenient_padding
    )
    number, line = lines[0]
    bank = _bank_of(line, number)
    values = read_record(bank.header, line, number)
    if values.get("generation_date") is None:
        raise ValueError(f"line {number}: the file header has no generation date.")
    if not values.get("account"):
        detail = next(
            ((n, text) for n, text in lines[1:] if text[:1] in bank.detail_types),
            None,
        )
        if detail is not None and any(
            item.name == "account" for item in bank.detail.fields
        ):
            found = read_record(bank.detail, detail[1], detail[0])
            values.update(
                agency=found.get("agency", ""),
                account=found["account"],
                account_digit=found.get("account_digit", ""),
            )
    document = values.get("company_document", "").strip()
    return FileHeader(
        bank=bank.code,
        company_document=document.lstrip("0").zfill(14) if document.strip("0") else "",
        agreement=values.get("agreement", ""),
        agency=values.get("agency", ""),
        agency_digit=values.get("agency_digit", ""),
        account=values.get("account", ""),
        account_digit=values.get("account_digit", ""),
        company_name=values.get("company_name", ""),
        bank_name=values["bank_name"],
        file_code=cnab240.RETURN_FILE_CODE,
        generation_date=values["generation_date"],
        generation_time=None,
        file_sequence=int(values.get("file_sequence") or 0),
        layout_version="400",
    )


def _reason_codes(text: str, size: int) -> list[str]:
    codes = [text[i : i + size] for i in range(0, len(text), size)]
    return [code for code in codes if code.strip() and code.strip("0")]


def _nosso_numero(bank: BankLayout, values: dict) -> str:
    """The nosso número as the bank prints it on the boleto.

    Itaú and Bradesco print it with the wallet (``109/00000011-4``,
    ``09/00000000030-3``), so that is how the title is found; the other banks
    return the number with its check digit.
    """
    number = values["nosso_numero"]
    digit = values.get("nosso_numero_digit", "")
    if bank.code == "341" and number:
        return f"{values['wallet']}/{number}-{digit}"
    if bank.code == "237" and number:
        return f"{values['wallet'][-2:]}/{number}-{digit}"
    return number


def _record(bank: BankLayout, number: int, line: str) -> ReturnRecord:
    values = read_record(bank.detail, line, number)
    code = values["occurrence_code"]
    if not (code.isascii() and code.isdigit() and len(code) == 2):
        raise ValueError(
            f"line {number}: {bank.detail.name} field 'occurrence_code' "
            f"(positions 109-110) not numeric: {code!r}."
        )
    description, kind = OCCURRENCES[bank.code].get(
        code, (f"Unknown occurrence (code {code})", KIND_OTHER)
    )
    fee = values.get("fee_amount", ZERO)
    paid = values["paid_amount"]
    net = paid
    if bank.paid_is_net_of_fees:
        # Itaú: "valor principal" = amount + interest - discounts - fee.
        paid = paid + fee if paid else paid
    else:
        net = paid - fee if paid > fee else ZERO
    interest = values["interest_amount"]
    if bank.code != "341":
        interest += values["other_credits"]  # the fine, apart at these banks
    return ReturnRecord(
        bank=bank.code,
        nosso_numero=_nosso_numero(bank, values),
        document_number=values["document_number"],
        occurrence_code=code,
        occurrence=description,
        nominal_amount=values["nominal_amount"],
        paid_amount=paid,
        interest_amount=interest,
        discount_amount=values["discount_amount"],
        fee_amount=fee,
        occurrence_date=values["occurrence_date"],
        credit_date=values.get("credit_date"),
        due_date=values["due_date"],
        reasons=_reason_codes(values.get("reasons", ""), bank.reason_size),
        line_number=number,
        rebate_amount=values["rebate_amount"],
        net_amount=net,
        other_credits=values["other_credits"],
        company_reference=values.get("company_reference", ""),
        payer_name=values.get("payer_name", ""),
        payer_document="",
        kind=kind,
        occurrence_key=occurrence_key(bank.code, code),
        layout=400,
    )


def _check_trailer(bank, number, line, records, details):
    if bank.trailer is None:
        return
    totals = read_record(bank.trailer, line, number)

    def check(what, counted, written):
        if counted != written:
            raise ValueError(
                f"line {number}: the file trailer counts {written} {what}, "
                f"the file has {counted}."
            )

    if "detail_count" in totals:
        check("details", details, int(totals["detail_count"]))
        total = sum((record.nominal_amount for record in records), ZERO)
        if total != totals["detail_total"]:
            raise ValueError(
                f"line {number}: the file trailer totals {totals['detail_total']}, "
                f"the details {total}."
            )
    codes = [record.occurrence_code for record in records]
    if "entry_count" in totals:
        check("entries (02)", codes.count("02"), int(totals["entry_count"]))
        check("settlements (06)", codes.count("06"), int(totals["settlement_count"]))
        check(
            "write-offs (09, 10)",
            codes.count("09") + codes.count("10"),
            int(totals["writeoff_count"]),
        )


def parse_return(content: bytes, *, lenient_padding: bool = True) -> list:
    """The title occurrences of a CNAB 400 collection return file.

    One :class:`cnab240.ReturnRecord` per title detail, read per the bank of
    the header (341 Itaú, 237 Bradesco, 033 Santander, 001 Banco do Brasil,
    748 Sicredi, 756 Sicoob).  Files are read as they arrive
    (:func:`cnab240.split_lines`: trimmed blanks, any line end, EOF byte).

    :raises ValueError: naming the line: a CNAB 240 file, a remittance, an
        unsupported bank, a line not 400 characters long (beyond trimmed
        blanks), a record out of place (header not first, trailer not last,
        an unknown record type), a record number (395-400) out of sequence,
        a non-numeric number, amount or date, trailer totals that do not
        match the details.
    """
    lines = cnab240.split_lines(
        content, length=LINE_LENGTH, lenient_padding=lenient_padding
    )
    number, header = lines[0]
    bank = _bank_of(header, number)
    last_number, last = lines[-1]
    if len(lines) < 2 or last[:1] != "9":
        raise ValueError(
            f"line {last_number}: missing file trailer (record type 9): "
            "the file is incomplete."
        )
    records, details = [], 0
    for number, line in lines:
        sequence = line[394:400]
        if sequence != f"{number:06d}":
            raise ValueError(
                f"line {number}: record number {sequence.strip()!r} (positions "
                f"395-400), expected {number:06d}."
            )
        if number in (1, last_number):
            continue
        record_type = line[:1]
        if record_type == "0":
            raise ValueError(f"line {number}: file header inside the file.")
        if record_type == "9":
            raise ValueError(f"line {number}: file trailer before the end of the file.")
        if record_type in bank.detail_types:
            details += 1
            records.append(_record(bank, number, line))
        elif record_type not in bank.skipped_types:
            raise ValueError(
                f"line {number}: unknown record type {record_type!r} for a "
                f"{bank.name} return."
            )
    _check_trailer(bank, last_number, last, records, details)
    return records


# --------------------------------------------------------------------------
# Remittance files
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class BankAccount:
    """The collection account as a CNAB 400 remittance names it.

    ``wallet`` is the bank's carteira as printed on the boleto (Itaú 109,
    Bradesco 09); ``agreement`` the company code the bank gave (Bradesco's
    código da empresa, 20 digits at most; Santander's código de transmissão,
    20 digits).
    """

    bank_code: str
    agency: str
    account: str
    account_digit: str
    wallet: str
    agreement: str = ""
    agency_digit: str = ""
    # FEBRABAN collection type: 1 simple, 2 linked, 3 secured, 4 discounted
    # (Santander and Banco do Brasil write their own code for it)
    collection_type: str = "1"
    wallet_variation: str = ""  # Banco do Brasil's variação da carteira
    lead_agreement: str = ""  # Banco do Brasil's convênio líder


@dataclass(frozen=True)
class Title(cnab240.Title):
    """A title to register (see :class:`cnab240.Title`), plus what CNAB 400
    has: a fixed fine ``fine_amount`` (Itaú), instead of ``fine_percent``."""

    fine_amount: Decimal | None = None


REMITTANCE_HEADER_START = [
    ("record_type", 1, 1, ALPHA, "0"),
    ("file_code", 2, 2, ALPHA, "1"),
    ("literal", 3, 9, ALPHA, "REMESSA"),
    ("service", 10, 11, ALPHA, "01"),
    ("service_name", 12, 26, ALPHA, "COBRANCA".ljust(15)),
]
_TRAILER = _layout(
    "CNAB 400 remittance trailer",
    [("record_type", 1, 1, ALPHA, "9"), ("sequence", 395, 400, NUM)],
)

ITAU_REMITTANCE_HEADER = _layout(
    "Itaú remittance header",
    [
        *REMITTANCE_HEADER_START,
        ("agency", 27, 30, NUM),
        ("zeros", 31, 32, NUM),
        ("account", 33, 37, NUM),
        ("account_digit", 38, 38, ALPHA),
        ("company_name", 47, 76, ALPHA),
        ("bank", 77, 79, NUM, "341"),
        ("bank_name", 80, 94, ALPHA, "BANCO ITAU SA".ljust(15)),
        ("generation_date", 95, 100, DATE6),
        ("sequence", 395, 400, NUM),
    ],
)

ITAU_REMITTANCE_DETAIL = _layout(
    "Itaú remittance detail",
    [
        ("record_type", 1, 1, ALPHA, "1"),
        ("company_document_type", 2, 3, NUM),
        ("company_document", 4, 17, NUM),
        ("agency", 18, 21, NUM),
        ("zeros", 22, 23, NUM),
        ("account", 24, 28, NUM),
        ("account_digit", 29, 29, ALPHA),
        ("cancelled_instruction", 34, 37, NUM),
        ("company_reference", 38, 62, ALPHA),
        ("nosso_numero", 63, 70, NUM),
        ("currency_quantity", 71, 83, NUM),
        ("wallet", 84, 86, NUM),
        ("wallet_code", 108, 108, ALPHA),
        ("movement_code", 109, 110, NUM),
        ("document_number", 111, 120, ALPHA),
        ("due_date", 121, 126, DATE6),
        ("amount", 127, 139, MONEY),
        ("bank", 140, 142, NUM, "341"),
        ("collecting_agency", 143, 147, NUM),
        ("species", 148, 149, ALPHA),
        ("acceptance", 150, 150, ALPHA),
        ("issue_date", 151, 156, DATE6),
        ("instruction_1", 157, 158, ALPHA),
        ("instruction_2", 159, 160, ALPHA),
        ("interest_per_day", 161, 173, MONEY),
        ("discount_date", 174, 179, DATE6),
        ("discount_amount", 180, 192, MONEY),
        ("iof_amount", 193, 205, MONEY),
        ("rebate_amount", 206, 218, MONEY),
        ("payer_document_type", 219, 220, NUM),
        ("payer_document", 221, 234, NUM),
        ("payer_name", 235, 264, ALPHA),
        ("payer_address", 275, 314, ALPHA),
        ("payer_district", 315, 326, ALPHA),
        ("payer_zip", 327, 334, NUM),
        ("payer_city", 335, 349, ALPHA),
        ("payer_state", 350, 351, ALPHA),
        ("guarantor_name", 352, 381, ALPHA),
        ("interest_date", 386, 391, DATE6),
        ("instruction_days", 392, 393, NUM),
        ("sequence", 395, 400, NUM),
    ],
)

ITAU_REMITTANCE_FINE = _layout(
    "Itaú remittance fine",
    [
        ("record_type", 1, 1, ALPHA, "2"),
        ("fine_code", 2, 2, ALPHA),  # 1 amount in reais, 2 percentage
        ("fine_date", 3, 10, DATE),
        ("fine_amount", 11, 23, MONEY),
        ("sequence", 395, 400, NUM),
    ],
)

BRADESCO_REMITTANCE_HEADER = _layout(
    "Bradesco remittance header",
    [
        *REMITTANCE_HEADER_START,
        ("agreement", 27, 46, NUM),  # código da empresa
        ("company_name", 47, 76, ALPHA),
        ("bank", 77, 79, NUM, "237"),
        ("bank_name", 80, 94, ALPHA, "BRADESCO".ljust(15)),
        ("generation_date", 95, 100, DATE6),
        ("system", 109, 110, ALPHA, "MX"),
        ("file_sequence", 111, 117, NUM),
        ("sequence", 395, 400, NUM),
    ],
)

BRADESCO_REMITTANCE_DETAIL = _layout(
    "Bradesco remittance detail",
    [
        ("record_type", 1, 1, ALPHA, "1"),
        ("debit_account", 2, 20, NUM),  # automatic debit: none
        ("zero", 21, 21, NUM),
        ("wallet", 22, 24, NUM),
        ("agency", 25, 29, NUM),
        ("account", 30, 36, NUM),
        ("account_digit", 37, 37, ALPHA),
        ("company_reference", 38, 62, ALPHA),
        ("debit_bank", 63, 65, NUM),
        ("fine_code", 66, 66, NUM),  # 0 none, 2 percentage
        ("fine_percent", 67, 70, MONEY),
        ("nosso_numero", 71, 81, NUM),
        ("nosso_numero_digit", 82, 82, ALPHA),
        ("daily_bonus", 83, 92, MONEY),
        ("issuer", 93, 93, ALPHA, "2"),  # 2: the company prints the boleto
        ("debit_notice", 94, 94, ALPHA, "N"),
        ("split_credit", 105, 105, ALPHA),
        ("debit_warning", 106, 106, ALPHA, "2"),
        ("movement_code", 109, 110, NUM),
        ("document_number", 111, 120, ALPHA),
        ("due_date", 121, 126, DATE6),
        ("amount", 127, 139, MONEY),
        ("collecting_bank", 140, 142, NUM),
        ("collecting_agency", 143, 147, NUM),
        ("species", 148, 149, ALPHA),
        ("acceptance", 150, 150, ALPHA),
        ("issue_date", 151, 156, DATE6),
        ("instruction_1", 157, 158, ALPHA),
        ("instruction_2", 159, 160, ALPHA),
        ("interest_per_day", 161, 173, MONEY),
        ("discount_date", 174, 179, DATE6),
        ("discount_amount", 180, 192, MONEY),
        ("iof_amount", 193, 205, MONEY),
        ("rebate_amount", 206, 218, MONEY),
        ("payer_document_type", 219, 220, NUM),
        ("payer_document", 221, 234, NUM),
        ("payer_name", 235, 274, ALPHA),
        ("payer_address", 275, 314, ALPHA),
        ("message_1", 315, 326, ALPHA),
        ("payer_zip", 327, 334, NUM),
        ("message_2", 335, 394, ALPHA),
        ("sequence", 395, 400, NUM),
    ],
)

# FEBRABAN species (cnab240.Title.species) -> the bank's CNAB 400 code.
SPECIES = {
    "341": {
        "02": "01",
        "12": "02",
        "16": "03",
        "21": "04",
        "17": "05",
        "04": "08",
        "07": "09",
        "19": "13",
        "99": "99",
    },
    "033": {"02": "01", "12": "02", "16": "03", "17": "05", "04": "06", "07": "07"},
    "001": {"02": "01", "12": "02", "16": "03", "17": "05", "04": "12", "07": "08"},
    "756": {"02": "01", "12": "02", "16": "03", "17": "05", "04": "12", "07": "08"},
    "237": {
        "02": "01",
        "12": "02",
        "16": "03",
        "17": "05",
        "07": "10",
        "19": "11",
        "04": "12",
        "99": "99",
    },
    # Sicredi "Manual CNAB 400", espécie de documento (position 149)
    "748": {
        "02": "A",
        "06": "B",
        "12": "C",
        "13": "D",
        "16": "E",
        "17": "G",
        "07": "H",
        "19": "I",
        "04": "J",
        "99": "K",
    },
}
# Itaú's wallet code (position 108) by wallet; "I" for the others.
ITAU_WALLET_CODES = {"147": "E", "150": "U", "191": "1"}
# The instruction to protest, in positions 157-158.
PROTEST_INSTRUCTION = {
    "341": "09",
    "237": "06",
    "033": "06",
    "001": "06",
    "748": "06",
}
REMITTANCE_BANKS = {
    "341": "Itaú",
    "237": "Bradesco",
    "033": "Santander",
    "001": "Banco do Brasil",
    "756": "Sicoob",
    "748": "Sicredi",
}

SICOOB_REMITTANCE_HEADER = _layout(
    "Sicoob remittance header",
    [
        *REMITTANCE_HEADER_START,
        ("agency", 27, 30, NUM),  # the cooperative
        ("agency_digit", 31, 31, ALPHA),
        ("agreement", 32, 40, NUM),  # código do cliente and its digit
        ("company_name", 47, 76, ALPHA),
        ("bank", 77, 79, NUM, "756"),
        ("bank_name", 80, 94, ALPHA, "BANCOOBCED".ljust(15)),
        ("generation_date", 95, 100, DATE6),
        ("file_sequence", 101, 107, NUM),
        ("sequence", 395, 400, NUM),
    ],
)

SICOOB_REMITTANCE_DETAIL = _layout(
    "Sicoob remittance detail",
    [
        ("record_type", 1, 1, ALPHA, "1"),
        ("company_document_type", 2, 3, NUM),
        ("company_document", 4, 17, NUM),
        ("agency", 18, 21, NUM),
        ("agency_digit", 22, 22, ALPHA),
        ("account", 23, 30, NUM),
        ("account_digit", 31, 31, ALPHA),
        ("agreement", 32, 37, NUM),  # convênio de cobrança: zeros
        ("company_reference", 38, 62, ALPHA),
        ("nosso_numero", 63, 74, NUM),  # with its check digit
        ("installment", 75, 76, NUM),
        ("value_group", 77, 78, NUM),
        ("wallet_variation", 86, 88, NUM),
        ("guarantee_account", 89, 89, NUM),
        ("contract", 90, 95, NUM),
        ("bordereau", 96, 101, NUM),
        ("issuer", 106, 106, ALPHA, "2"),  # 2: the company prints the boleto
        ("wallet", 107, 108, NUM),  # 01 simple with registration
        ("movement_code", 109, 110, NUM),
        ("document_number", 111, 120, ALPHA),
        ("due_date", 121, 126, DATE6),
        ("amount", 127, 139, MONEY),
        ("bank", 140, 142, NUM, "756"),
        ("collecting_agency", 143, 146, NUM),
        ("collecting_agency_digit", 147, 147, ALPHA),
        ("species", 148, 149, ALPHA),
        ("acceptance", 150, 150, ALPHA),  # 1 accepted, 0 not
        ("issue_date", 151, 156, DATE6),
        ("instruction_1", 157, 158, ALPHA),
        ("instruction_2", 159, 160, ALPHA),
        ("interest_rate", 161, 166, NUM),
        ("fine_rate", 167, 172, NUM),
        ("distribution", 173, 173, ALPHA, "2"),  # 2: the company delivers it
        ("discount_date", 174, 179, DATE6),
        ("discount_amount", 180, 192, MONEY),
        ("iof_amount", 193, 205, MONEY),
        ("rebate_amount", 206, 218, MONEY),
        ("payer_document_type", 219, 220, NUM),
        ("payer_document", 221, 234, NUM),
        ("payer_name", 235, 274, ALPHA),
        ("payer_address", 275, 311, ALPHA),
        ("payer_district", 312, 326, ALPHA),
        ("payer_zip", 327, 334, NUM),
        ("payer_city", 335, 349, ALPHA),
        ("payer_state", 350, 351, ALPHA),
        ("protest_days", 392, 393, NUM),
        ("sequence", 395, 400, NUM),
    ],
)
_ZERO_TRAILER = _layout(
    "CNAB 400 remittance trailer (zeros)",
    [
        ("record_type", 1, 1, ALPHA, "9"),
        ("zeros", 2, 394, NUM),
        ("sequence", 395, 400, NUM),
    ],
)
# Banco do Brasil's "tipo de cobrança" (positions 102-106) by FEBRABAN
# collection type; blank for simple collection.
BB_COLLECTION_TYPES = {"1": "", "2": "02VIN", "3": "01CAU", "4": "04DSC"}

BB_REMITTANCE_HEADER = _layout(
    "Banco do Brasil remittance header",
    [
        *REMITTANCE_HEADER_START,
        ("agency", 27, 30, NUM),
        ("agency_digit", 31, 31, ALPHA),
        ("account", 32, 39, NUM),
        ("account_digit", 40, 40, ALPHA),
        ("zeros", 41, 46, NUM),
        ("company_name", 47, 76, ALPHA),
        ("bank", 77, 79, NUM, "001"),
        ("bank_name", 80, 94, ALPHA, "BANCODOBRASIL".ljust(15)),
        ("generation_date", 95, 100, DATE6),
        ("file_sequence", 101, 107, NUM),
        ("lead_agreement", 130, 136, NUM),
        ("sequence", 395, 400, NUM),
    ],
)

# Detail type 7: agreements of 7 digits, the nosso número being the
# agreement and a 10-digit sequence.
BB_REMITTANCE_DETAIL = _layout(
    "Banco do Brasil remittance detail",
    [
        ("record_type", 1, 1, ALPHA, "7"),
        ("company_document_type", 2, 3, NUM),
        ("company_document", 4, 17, NUM),
        ("agency", 18, 21, NUM),
        ("agency_digit", 22, 22, ALPHA),
        ("account", 23, 30, NUM),
        ("account_digit", 31, 31, ALPHA),
        ("agreement", 32, 38, NUM),
        ("company_reference", 39, 63, ALPHA),
        ("nosso_numero", 64, 80, NUM),  # agreement + sequence
        ("installment", 81, 82, NUM),
        ("value_group", 83, 84, NUM),
        ("wallet_variation", 92, 94, NUM),
        ("guarantee_account", 95, 95, NUM),
        ("bordereau", 96, 101, NUM),
        ("collection_type", 102, 106, ALPHA),
        ("wallet", 107, 108, NUM),
        ("movement_code", 109, 110, NUM),
        ("document_number", 111, 120, ALPHA),
        ("due_date", 121, 126, DATE6),
        ("amount", 127, 139, MONEY),
        ("bank", 140, 142, NUM, "001"),
        ("collecting_agency", 143, 146, NUM),
        ("species", 148, 149, ALPHA),
        ("acceptance", 150, 150, ALPHA),
        ("issue_date", 151, 156, DATE6),
        ("instruction_1", 157, 158, ALPHA),
        ("instruction_2", 159, 160, ALPHA),
        ("interest_per_day", 161, 173, MONEY),
        ("discount_date", 174, 179, DATE6),
        ("discount_amount", 180, 192, MONEY),
        ("iof_amount", 193, 205, MONEY),
        ("rebate_amount", 206, 218, MONEY),
        ("payer_document_type", 219, 220, NUM),
        ("payer_document", 221, 234, NUM),
        ("payer_name", 235, 271, ALPHA),
        ("payer_address", 275, 314, ALPHA),
        ("payer_district", 315, 326, ALPHA),
        ("payer_zip", 327, 334, NUM),
        ("payer_city", 335, 349, ALPHA),
        ("payer_state", 350, 351, ALPHA),
        ("protest_days", 392, 393, NUM),
        ("sequence", 395, 400, NUM),
    ],
)

# Banco do Brasil's optional record 5, service 99: the fine.
BB_REMITTANCE_FINE = _layout(
    "Banco do Brasil remittance fine",
    [
        ("record_type", 1, 1, ALPHA, "5"),
        ("service", 2, 3, NUM, "99"),
        ("fine_code", 4, 4, NUM),  # 1 amount, 2 percentage
        ("fine_date", 5, 10, DATE6),
        ("fine_amount", 11, 22, MONEY),
        ("sequence", 395, 400, NUM),
    ],
)
# Santander's wallet code (position 108) by FEBRABAN collection type:
# 1 electronic with registration, 3 secured electronic, 7 discounted.
SANTANDER_WALLET_CODES = {"1": "1", "3": "3", "4": "7"}

SANTANDER_REMITTANCE_HEADER = _layout(
    "Santander remittance header",
    [
        *REMITTANCE_HEADER_START,
        ("agreement", 27, 46, NUM),  # código de transmissão
        ("company_name", 47, 76, ALPHA),
        ("bank", 77, 79, NUM, "033"),
        ("bank_name", 80, 94, ALPHA, "SANTANDER".ljust(15)),
        ("generation_date", 95, 100, DATE6),
        ("zeros", 101, 116, NUM),
        ("version", 392, 394, NUM, "058"),
        ("sequence", 395, 400, NUM),
    ],
)

SANTANDER_REMITTANCE_DETAIL = _layout(
    "Santander remittance detail",
    [
        ("record_type", 1, 1, ALPHA, "1"),
        ("company_document_type", 2, 3, NUM),
        ("company_document", 4, 17, NUM),
        ("agreement", 18, 37, NUM),  # código de transmissão
        ("company_reference", 38, 62, ALPHA),
        ("nosso_numero", 63, 70, NUM),  # 7 digits and the check digit
        ("discount_2_date", 71, 76, DATE6),
        ("fine_code", 78, 78, NUM),  # 0 none, 4 percentage
        ("fine_percent", 79, 82, MONEY),
        ("currency_unit", 83, 84, NUM),  # 00: reais
        ("currency_quantity", 85, 97, NUM),
        ("fine_date", 102, 107, DATE6),  # zeros: from the day after the due date
        ("wallet_code", 108, 108, ALPHA),
        ("movement_code", 109, 110, NUM),
        ("document_number", 111, 120, ALPHA),
        ("due_date", 121, 126, DATE6),
        ("amount", 127, 139, MONEY),
        ("bank", 140, 142, NUM, "033"),
        ("collecting_agency", 143, 147, NUM),
        ("species", 148, 149, ALPHA),
        ("acceptance", 150, 150, ALPHA),
        ("issue_date", 151, 156, DATE6),
        ("instruction_1", 157, 158, ALPHA),
        ("instruction_2", 159, 160, ALPHA),
        ("interest_per_day", 161, 173, MONEY),
        ("discount_date", 174, 179, DATE6),
        ("discount_amount", 180, 192, MONEY),
        ("iof_amount", 193, 205, MONEY),
        ("rebate_amount", 206, 218, MONEY),
        ("payer_document_type", 219, 220, NUM),
        ("payer_document", 221, 234, NUM),
        ("payer_name", 235, 274, ALPHA),
        ("payer_address", 275, 314, ALPHA),
        ("payer_district", 315, 326, ALPHA),
        ("payer_zip", 327, 334, NUM),
        ("payer_city", 335, 349, ALPHA),
        ("payer_state", 350, 351, ALPHA),
        ("guarantor_name", 352, 381, ALPHA),
        # accounts of 9 digits: "I", the 9th digit and the account digit
        ("account_complement", 383, 385, ALPHA),
        ("protest_days", 392, 393, NUM),
        ("sequence", 395, 400, NUM),
    ],
)

SANTANDER_REMITTANCE_TRAILER = _layout(
    "Santander remittance trailer",
    [
        ("record_type", 1, 1, ALPHA, "9"),
        ("record_count", 2, 7, NUM),  # every line, the trailer included
        ("total", 8, 20, MONEY),
        ("zeros", 21, 394, NUM),
        ("sequence", 395, 400, NUM),
    ],
)


# Sicredi, "Manual CNAB 400" (August 2019), items 3 and 4: the cooperative's
# own layout. The dates of the header and of the instruction are YYYYMMDD;
# the beneficiary is its código do beneficiário (5 digits) throughout.
SICREDI_REMITTANCE_HEADER = _layout(
    "Sicredi remittance header",
    [
        *REMITTANCE_HEADER_START,
        ("agreement", 27, 31, NUM),  # código do beneficiário
        ("company_document", 32, 45, NUM),
        ("bank", 77, 79, NUM, "748"),
        ("bank_name", 80, 94, ALPHA, "SICREDI".ljust(15)),
        ("generation_date", 95, 102, DATE_YMD),
        ("file_sequence", 111, 117, NUM),
        ("version", 391, 394, ALPHA, "2.00"),
        ("sequence", 395, 400, NUM),
    ],
)

SICREDI_REMITTANCE_DETAIL = _layout(
    "Sicredi remittance detail",
    [
        ("record_type", 1, 1, ALPHA, "1"),
        ("collection_type", 2, 2, ALPHA, "A"),  # A: with registration
        ("wallet_type", 3, 3, ALPHA, "A"),  # A: simple
        ("print_type", 4, 4, ALPHA, "A"),  # A: normal, B: booklet
        ("currency", 17, 17, ALPHA, "A"),  # A: reais
        ("discount_type", 18, 18, ALPHA, "A"),  # A: amount
        ("interest_type", 19, 19, ALPHA, "A"),  # A: amount a day
        ("nosso_numero", 48, 56, NUM),  # year, byte, sequence and digit
        ("instruction_date", 63, 70, DATE_YMD),
        ("mailing", 72, 72, ALPHA, "N"),  # N: the bank mails nothing
        ("issuer", 74, 74, ALPHA, "B"),  # B: the beneficiary prints it
        ("fine_percent", 93, 96, MONEY),
        ("movement_code", 109, 110, NUM),
        ("document_number", 111, 120, ALPHA),
        ("due_date", 121, 126, DATE6),
        ("amount", 127, 139, MONEY),
        ("species", 149, 149, ALPHA),
        ("acceptance", 150, 150, ALPHA),  # S or N
        ("issue_date", 151, 156, DATE6),
        ("instruction_1", 157, 158, ALPHA),  # 06: protest, 00: none
        ("protest_days", 159, 160, NUM),
        ("interest_per_day", 161, 173, MONEY),
        ("discount_date", 174, 179, DATE6),
        ("discount_amount", 180, 192, MONEY),
        ("zeros", 193, 205, NUM),
        ("rebate_amount", 206, 218, MONEY),
        ("payer_document_type", 219, 219, NUM),  # 1 CPF, 2 CNPJ
        ("zero", 220, 220, NUM),
        ("payer_document", 221, 234, NUM),
        ("payer_name", 235, 274, ALPHA),
        ("payer_address", 275, 314, ALPHA),
        ("payer_code", 315, 319, NUM),  # the payer's code at the cooperative
        ("zeros_2", 320, 325, NUM),
        ("payer_zip", 327, 334, NUM),
        ("payer_reference", 335, 339, NUM),
        ("guarantor_document", 340, 353, NUM),
        ("guarantor_name", 354, 394, ALPHA),
        ("sequence", 395, 400, NUM),
    ],
)

SICREDI_REMITTANCE_TRAILER = _layout(
    "Sicredi remittance trailer",
    [
        ("record_type", 1, 1, ALPHA, "9"),
        ("file_code", 2, 2, ALPHA, "1"),
        ("bank", 3, 5, NUM, "748"),
        ("agreement", 6, 10, NUM),  # código do beneficiário
        ("sequence", 395, 400, NUM),
    ],
)


def supports_remittance(bank_code: str) -> bool:
    """Whether :func:`remittance` writes CNAB 400 files for ``bank_code``."""
    return bank_code in REMITTANCE_BANKS


def _title_values(bank: str, title: Title, index: int) -> dict:
    """The values of a title common to both banks' details, checked."""
    name = f"Title {index} ({title.document_number or title.nosso_numero})"

    def label(what: str) -> str:
        return f"{name}: {what}"

    cnab240._check_title_dates(title, label)
    if title.issue_date > title.due_date:
        raise ValueError(label("the issue date is after the due date."))
    amount = cnab240._money(title.amount, label("the amount"))
    payer = cnab240._payer_values(title, label)
    species = SPECIES[bank].get(str(title.species or ""))
    if species is None:
        raise ValueError(
            label(
                f"the species {title.species!r} has no {REMITTANCE_BANKS[bank]} code."
            )
        )
    values = {
        "movement_code": cnab240._digits(
            title.movement_code, label("the movement code"), 2
        ),
        "company_reference": cnab240._code(
            title.company_reference, label("the company reference"), 25
        ),
        "document_number": cnab240._code(
            title.document_number, label("the document number"), 10, required=True
        ),
        "due_date": title.due_date,
        "amount": amount,
        "species": species,
        "acceptance": cnab240._code(
            title.acceptance, label("the acceptance"), 1, required=True
        ),
        "issue_date": title.issue_date,
        "instruction_1": "00",
        "instruction_2": "00",
        "payer_document_type": payer["payer_document_type"].zfill(2),
        "payer_document": payer["payer_document"],
        "payer_zip": payer["payer_zip"] + payer["payer_zip_suffix"],
        "payer_state": payer["payer_state"],
    }
    if title.protest_code == "1":
        values["instruction_1"] = PROTEST_INSTRUCTION.get(bank, "00")
    if title.interest_per_day is not None:
        values["interest_per_day"] = cnab240._money(
            title.interest_per_day, label("the interest per day")
        )
    discount = cnab240._discount_values(title, amount, label)
    values.update(
        discount_date=discount.get("discount_date"),
        discount_amount=discount.get("discount_amount"),
        rebate_amount=cnab240._rebate_values(title, amount, label).get("rebate_amount"),
    )
    values["_label"] = label
    return values


def _instruction_protest_days(title: Title, values: dict, label) -> str:
    """The protest days of a protest instruction (movement 09), else none."""
    if values["movement_code"] != "09":
        return ""
    return cnab240._digits(title.protest_days, label("the protest days"), 2).zfill(2)


def _itau_lines(company, account, titles, generated_at):
    agency = cnab240._digits(account.agency, "The agency", 4).zfill(4)
    number = cnab240._digits(account.account, "The account", 5).zfill(5)
    digit = cnab240._code(account.account_digit, "The account digit", 1, required=True)
    wallet = cnab240._digits(account.wallet, "The wallet", 3).zfill(3)
    company_type, company_document = cnab240._document(
        company.document, "The company document"
    )
    company_name = cnab240._text(company.name, "The company name", 30)
    lines = [
        write_record(
            ITAU_REMITTANCE_HEADER,
            {
                "agency": agency,
                "account": number,
                "account_digit": digit,
                "company_name": company_name,
                "generation_date": generated_at.date(),
                "sequence": 1,
            },
        )
    ]
    for index, title in enumerate(titles, 1):
        values = _title_values("341", title, index)
        label = values.pop("_label")
        interest_date = None
        if title.interest_per_day is not None:
            interest_date = title.due_date + timedelta(days=1)
        values.update(
            company_document_type=company_type.zfill(2),
            company_document=company_document,
            agency=agency,
            account=number,
            account_digit=digit,
            nosso_numero=cnab240._digits(
                title.nosso_numero, label("the nosso número"), 8
            ),
            wallet=wallet,
            wallet_code=ITAU_WALLET_CODES.get(wallet, "I"),
            payer_name=cnab240._text(title.payer_name, label("the payer name"), 30),
            payer_address=cnab240._text(
                title.payer_address, label("the payer address"), 40
            ),
            payer_district=cnab240._text(
                title.payer_district, label("the payer district"), 12, required=False
            ),
            payer_city=cnab240._text(title.payer_city, label("the payer city"), 15),
            interest_date=interest_date,
            instruction_days=cnab240._digits(
                title.protest_days, label("the protest days"), 2, required=False
            ),
            sequence=len(lines) + 1,
        )
        lines.append(write_record(ITAU_REMITTANCE_DETAIL, values))
        fine = _itau_fine(title, label)
        if fine and values["movement_code"] == "01":
            lines.append(
                write_record(ITAU_REMITTANCE_FINE, {**fine, "sequence": len(lines) + 1})
            )
    return lines


def _itau_fine(title: Title, label) -> dict | None:
    fine_amount = getattr(title, "fine_amount", None)  # a cnab240.Title has none
    if fine_amount is not None and title.fine_percent is not None:
        raise ValueError(label("a fine both as an amount and as a percentage."))
    if fine_amount is not None:
        code, value = "1", cnab240._money(fine_amount, label("the fine amount"))
    elif title.fine_percent is not None:
        code = "2"
        value = cnab240._money(title.fine_percent, label("the fine percentage"))
        if value >= 100:
            raise ValueError(label("the fine percentage must be less than 100."))
    else:
        if title.fine_date is not None:
            raise ValueError(label("a fine date without a fine."))
        return None
    return {
        "fine_code": code,
        "fine_date": title.fine_date or title.due_date + timedelta(days=1),
        "fine_amount": value,
    }


def bradesco_check_digit(wallet: str, nosso_numero: str) -> str:
    """Bradesco's nosso número digit: modulo 11, weights 2 to 7, over wallet
    (2) + nosso número (11); 'P' for 10, 0 for 11."""
    return modulo11(
        wallet.zfill(2)[-2:] + nosso_numero.zfill(11),
        max_weight=7,
        results=BRADESCO_RESULTS,
    )


def _bradesco_lines(company, account, titles, generated_at, file_sequence):
    agency = cnab240._digits(account.agency, "The agency", 5).zfill(5)
    number = cnab240._digits(account.account, "The account", 7).zfill(7)
    digit = cnab240._code(account.account_digit, "The account digit", 1, required=True)
    wallet = cnab240._digits(account.wallet, "The wallet", 3)
    agreement = cnab240._digits(account.agreement, "The company code", 20)
    lines = [
        write_record(
            BRADESCO_REMITTANCE_HEADER,
            {
                "agreement": agreement,
                "company_name": cnab240._text(company.name, "The company name", 30),
                "generation_date": generated_at.date(),
                "file_sequence": file_sequence,
                "sequence": 1,
            },
        )
    ]
    for index, title in enumerate(titles, 1):
        values = _title_values("237", title, index)
        label = values.pop("_label")
        nosso_numero = cnab240._digits(
            title.nosso_numero, label("the nosso número"), 11
        ).zfill(11)
        if getattr(title, "fine_amount", None) is not None:
            raise ValueError(
                label("Bradesco takes the fine as a percentage, not as an amount.")
            )
        fine = {"fine_code": "0"}
        if title.fine_percent is not None:
            percent = cnab240._money(title.fine_percent, label("the fine percentage"))
            if percent >= 100:
                raise ValueError(label("the fine percentage must be less than 100."))
            fine = {"fine_code": "2", "fine_percent": percent}
        street = cnab240._text(title.payer_address, label("the payer address"), 20)
        city = cnab240._text(title.payer_city, label("the payer city"), 15)
        values.update(
            wallet=wallet.zfill(3),
            agency=agency,
            account=number,
            account_digit=digit,
            nosso_numero=nosso_numero,
            nosso_numero_digit=bradesco_check_digit(wallet, nosso_numero),
            payer_name=cnab240._text(title.payer_name, label("the payer name"), 40),
            # Bradesco has no city and state fields: the full address holds
            # street, city and state.
            payer_address=f"{street} {city}{values['payer_state']}",
            sequence=len(lines) + 1,
            **fine,
        )
        del values["payer_state"]
        if values["movement_code"] == "09":
            # Bradesco has no protest days field: a protest instruction
            # takes them in the second instruction (positions 159-160)
            values["instruction_2"] = _instruction_protest_days(title, values, label)
        lines.append(write_record(BRADESCO_REMITTANCE_DETAIL, values))
    return lines


def _amounts(titles):
    return [cnab240._money(title.amount, "The amount") for title in titles]


def _santander_lines(company, account, titles, generated_at):
    agreement = cnab240._digits(account.agreement, "The transmission code", 20)
    number = cnab240._digits(account.account, "The account", 9)
    digit = cnab240._code(account.account_digit, "The account digit", 1)
    complement = f"I{number[8]}{digit}" if len(number) > 8 else ""
    wallet_code = SANTANDER_WALLET_CODES.get(str(account.collection_type or "1"))
    if wallet_code is None:
        raise ValueError(
            f"The collection type {account.collection_type!r} has no Santander "
            "wallet code (1 simple, 3 secured, 4 discounted)."
        )
    company_type, company_document = cnab240._document(
        company.document, "The company document"
    )
    lines = [
        write_record(
            SANTANDER_REMITTANCE_HEADER,
            {
                "agreement": agreement,
                "company_name": cnab240._text(company.name, "The company name", 30),
                "generation_date": generated_at.date(),
                "sequence": 1,
            },
        )
    ]
    for index, title in enumerate(titles, 1):
        values = _title_values("033", title, index)
        label = values.pop("_label")
        if getattr(title, "fine_amount", None) is not None:
            raise ValueError(
                label("Santander takes the fine as a percentage, not as an amount.")
            )
        fine = {"fine_code": "0"}
        if title.fine_percent is not None:
            percent = cnab240._money(title.fine_percent, label("the fine percentage"))
            if percent >= 100:
                raise ValueError(label("the fine percentage must be less than 100."))
            fine = {
                "fine_code": "4",
                "fine_percent": percent,
                "fine_date": title.fine_date,
            }
        values.update(
            company_document_type=company_type.zfill(2),
            company_document=company_document,
            agreement=agreement,
            nosso_numero=cnab240._digits(
                title.nosso_numero, label("the nosso número"), 8
            ),
            wallet_code=wallet_code,
            payer_name=cnab240._text(title.payer_name, label("the payer name"), 40),
            payer_address=cnab240._text(
                title.payer_address, label("the payer address"), 40
            ),
            payer_district=cnab240._text(
                title.payer_district, label("the payer district"), 12, required=False
            ),
            payer_city=cnab240._text(title.payer_city, label("the payer city"), 15),
            account_complement=complement,
            protest_days=cnab240._digits(
                title.protest_days, label("the protest days"), 2, required=False
            ),
            sequence=len(lines) + 1,
            **fine,
        )
        lines.append(write_record(SANTANDER_REMITTANCE_DETAIL, values))
    return lines


def _bb_lines(company, account, titles, generated_at, file_sequence):
    agency = cnab240._digits(account.agency, "The agency", 4).zfill(4)
    number = cnab240._digits(account.account, "The account", 8).zfill(8)
    agency_digit = account.agency_digit or modulo11(agency, results=BB_RESULTS)
    digit = account.account_digit or modulo11(number, results=BB_RESULTS)
    agreement = cnab240._digits(account.agreement, "The agreement", 7)
    if len(agreement) != 7:
        raise ValueError(
            "Banco do Brasil CNAB 400 remittances are written for agreements "
            f"(convênios) of 7 digits, not {agreement!r}."
        )
    wallet = cnab240._digits(account.wallet, "The wallet", 2)
    collection = BB_COLLECTION_TYPES.get(str(account.collection_type or "1"))
    if collection is None:
        raise ValueError(f"Unknown collection type {account.collection_type!r}.")
    company_type, company_document = cnab240._document(
        company.document, "The company document"
    )
    lines = [
        write_record(
            BB_REMITTANCE_HEADER,
            {
                "agency": agency,
                "agency_digit": agency_digit,
                "account": number,
                "account_digit": digit,
                "company_name": cnab240._text(company.name, "The company name", 30),
                "generation_date": generated_at.date(),
                "file_sequence": file_sequence,
                "lead_agreement": cnab240._digits(
                    account.lead_agreement, "The lead agreement", 7, required=False
                ),
                "sequence": 1,
            },
        )
    ]
    for index, title in enumerate(titles, 1):
        values = _title_values("001", title, index)
        label = values.pop("_label")
        sequence = cnab240._digits(title.nosso_numero, label("the nosso número"), 17)
        if len(sequence) == 17 and not sequence.startswith(agreement):
            raise ValueError(
                label(f"the nosso número {sequence} does not start with the agreement.")
            )
        values.update(
            company_document_type=company_type.zfill(2),
            company_document=company_document,
            agency=agency,
            agency_digit=agency_digit,
            account=number,
            account_digit=digit,
            agreement=agreement,
            nosso_numero=sequence
            if len(sequence) == 17
            else agreement + sequence.zfill(10),
            wallet_variation=cnab240._digits(
                account.wallet_variation, "The wallet variation", 3
            ),
            collection_type=collection,
            wallet=wallet,
            payer_name=cnab240._text(title.payer_name, label("the payer name"), 37),
            payer_address=cnab240._text(
                title.payer_address, label("the payer address"), 40
            ),
            payer_district=cnab240._text(
                title.payer_district, label("the payer district"), 12, required=False
            ),
            payer_city=cnab240._text(title.payer_city, label("the payer city"), 15),
            protest_days=cnab240._digits(
                title.protest_days, label("the protest days"), 2, required=False
            ),
            sequence=len(lines) + 1,
        )
        lines.append(write_record(BB_REMITTANCE_DETAIL, values))
        fine = _itau_fine(title, label)  # the same codes: 1 amount, 2 percentage
        if fine and values["movement_code"] == "01":
            lines.append(
                write_record(BB_REMITTANCE_FINE, {**fine, "sequence": len(lines) + 1})
            )
    return lines


def _sicoob_lines(company, account, titles, generated_at, file_sequence):
    agency = cnab240._digits(account.agency, "The cooperative", 4).zfill(4)
    agency_digit = account.agency_digit or modulo11(agency, results={10: "0"})
    number = cnab240._digits(account.account, "The account", 8).zfill(8)
    digit = cnab240._code(account.account_digit, "The account digit", 1, required=True)
    client = cnab240._digits(account.agreement, "The client code", 9).zfill(9)
    company_type, company_document = cnab240._document(
        company.document, "The company document"
    )
    lines = [
        write_record(
            SICOOB_REMITTANCE_HEADER,
            {
                "agency": agency,
                "agency_digit": agency_digit,
                "agreement": client,
                "company_name": cnab240._text(company.name, "The company name", 30),
                "generation_date": generated_at.date(),
                "file_sequence": file_sequence,
                "sequence": 1,
            },
        )
    ]
    for index, title in enumerate(titles, 1):
        values = _title_values("756", title, index)
        label = values.pop("_label")
        if (
            title.fine_percent is not None
            or getattr(title, "fine_amount", None) is not None
            or title.interest_per_day is not None
            or (title.protest_code == "1" and values["movement_code"] == "01")
        ):
            # Sicoob takes rates (fine, monthly interest) and protest days as
            # registered with the cooperative; they are not written here.
            raise ValueError(
                label(
                    "Sicoob CNAB 400 remittances are written without fine, "
                    "interest or protest: the cooperative applies the ones "
                    "agreed with it."
                )
            )
        values.update(
            company_document_type=company_type.zfill(2),
            company_document=company_document,
            agency=agency,
            agency_digit=agency_digit,
            account=number,
            account_digit=digit,
            nosso_numero=cnab240._digits(
                title.nosso_numero, label("the nosso número"), 12
            ),
            installment="01",
            wallet=cnab240._digits(account.wallet or "1", "The wallet", 2),
            collecting_agency=agency,
            collecting_agency_digit=agency_digit,
            acceptance="1" if values["acceptance"] == "A" else "0",
            payer_name=cnab240._text(title.payer_name, label("the payer name"), 40),
            payer_address=cnab240._text(
                title.payer_address, label("the payer address"), 37
            ),
            payer_district=cnab240._text(
                title.payer_district, label("the payer district"), 15, required=False
            ),
            payer_city=cnab240._text(title.payer_city, label("the payer city"), 15),
            protest_days=_instruction_protest_days(title, values, label),
            sequence=len(lines) + 1,
        )
        lines.append(write_record(SICOOB_REMITTANCE_DETAIL, values))
    lines.append(write_record(_ZERO_TRAILER, {"sequence": len(lines) + 1}))
    return lines


def _sicredi_lines(company, account, titles, generated_at, file_sequence):
    code = cnab240._digits(account.agreement, "The código do beneficiário", 5).zfill(5)
    _company_type, company_document = cnab240._document(
        company.document, "The company document"
    )
    lines = [
        write_record(
            SICREDI_REMITTANCE_HEADER,
            {
                "agreement": code,
                "company_document": company_document,
                "generation_date": generated_at.date(),
                "file_sequence": file_sequence,
                "sequence": 1,
            },
        )
    ]
    for index, title in enumerate(titles, 1):
        values = _title_values("748", title, index)
        label = values.pop("_label")
        if getattr(title, "fine_amount", None) is not None:
            raise ValueError(
                label("Sicredi takes the fine as a percentage, not as an amount.")
            )
        nosso_numero = cnab240._digits(title.nosso_numero, label("the nosso número"), 9)
        if len(nosso_numero) != 9:
            raise ValueError(
                label(
                    f"the nosso número {title.nosso_numero!r} is not Sicredi's 9 "
                    "digits (year, byte, sequence and check digit)."
                )
            )
        fine = None
        if title.fine_percent is not None:
            fine = cnab240._money(title.fine_percent, label("the fine percentage"))
            if fine >= 100:
                raise ValueError(label("the fine percentage must be less than 100."))
        payer_type = values.pop("payer_document_type").lstrip("0")
        protest = values["instruction_1"] == PROTEST_INSTRUCTION["748"]
        values.update(
            nosso_numero=nosso_numero,
            instruction_date=generated_at.date(),
            fine_percent=fine,
            acceptance="S" if values["acceptance"] == "A" else "N",
            protest_days=(
                cnab240._digits(title.protest_days, label("the protest days"), 2)
                if protest
                else None
            ),
            payer_document_type=payer_type,
            payer_name=cnab240._text(title.payer_name, label("the payer name"), 40),
            payer_address=cnab240._text(
                title.payer_address, label("the payer address"), 40
            ),
            sequence=len(lines) + 1,
        )
        values.pop("payer_state")
        values.pop("instruction_2")
        values.pop("company_reference")
        lines.append(write_record(SICREDI_REMITTANCE_DETAIL, values))
    lines.append(
        write_record(
            SICREDI_REMITTANCE_TRAILER, {"agreement": code, "sequence": len(lines) + 1}
        )
    )
    return lines


def remittance(
    company: cnab240.Company,
    account: BankAccount,
    titles: list,
    *,
    file_sequence: int,
    generated_at: datetime,
    line_end: str = "\r\n",
) -> bytes:
    """A CNAB 400 collection remittance registering ``titles`` (Itaú,
    Bradesco, Santander, Banco do Brasil with a 7-digit agreement, Sicoob,
    Sicredi).

    Header, one detail per title (and, at Itaú, a fine record after it) and a
    trailer, each line numbered; upper-case ASCII, ``line_end`` after every
    line.  Titles are :class:`Title` (or :class:`cnab240.Title`); species are
    given in FEBRABAN's codes and written in the bank's.

    :raises ValueError: naming the title and field, on missing or invalid
        data, or for a bank without CNAB 400 remittances here.
    """
    if not titles:
        raise ValueError("A remittance needs at least one title.")
    if not isinstance(file_sequence, int) or not 1 <= file_sequence <= 9999999:
        raise ValueError(f"The file sequence {file_sequence!r} is not 1 to 9999999.")
    if not isinstance(generated_at, datetime):
        raise TypeError(f"generated_at must be a datetime, got {generated_at!r}.")
    bank = str(account.bank_code or "").zfill(3)
    if bank == "033":
        lines = _santander_lines(company, account, titles, generated_at)
        total = sum(_amounts(titles), ZERO)
        lines.append(
            write_record(
                SANTANDER_REMITTANCE_TRAILER,
                {
                    "record_count": len(lines) + 1,
                    "total": total,
                    "sequence": len(lines) + 1,
                },
            )
        )
        return "".join(line + line_end for line in lines).encode("ascii")
    if bank == "756":
        lines = _sicoob_lines(company, account, titles, generated_at, file_sequence)
        return "".join(line + line_end for line in lines).encode("ascii")
    if bank == "748":
        lines = _sicredi_lines(company, account, titles, generated_at, file_sequence)
        return "".join(line + line_end for line in lines).encode("ascii")
    if bank == "001":
        lines = _bb_lines(company, account, titles, generated_at, file_sequence)
    elif bank == "341":
        lines = _itau_lines(company, account, titles, generated_at)
    elif bank == "237":
        lines = _bradesco_lines(company, account, titles, generated_at, file_sequence)
    else:
        supported = ", ".join(f"{c} {n}" for c, n in sorted(REMITTANCE_BANKS.items()))
        raise ValueError(
            f"CNAB 400 remittances are not written for the bank {bank}; "
            f"supported: {supported}."
        )
    lines.append(write_record(_TRAILER, {"sequence": len(lines) + 1}))
    return "".join(line + line_end for line in lines).encode("ascii")
