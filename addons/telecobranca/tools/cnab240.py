# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""FEBRABAN CNAB 240 for collections (cobrança): read returns, write remittances.

Layout: *Padrão FEBRABAN 240 posições*, collection service (``01``), versions
08.x/10.x.  A file is a file header (record type ``0``), batches (``1`` batch
header, ``3`` detail segments, ``5`` batch trailer) and a file trailer (``9``).
A remittance sends each title as segments P (title), Q (payer) and, for a
fine, R; a return reports each occurrence of a title as segments T and U.

Every record is described below as a table of ``(name, start, end, kind)``
fields, positions being 1-based and inclusive as in the FEBRABAN manual, and
one generic pair, :func:`read_record` / :func:`write_record`, turns a 240
character line into a dict and back.  Where a bank departs from FEBRABAN in a
return file (Santander, 033), it has its own table, picked by bank code.

Only the standard library is used; the module knows nothing of Odoo.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

LINE_LENGTH = 240
EOF_CHAR = "\x1a"

# Kinds of field.
ALPHA = "alpha"  # text: left-aligned, blank-padded; read stripped
NUM = "num"  # digits: right-aligned, zero-padded; read as a string of digits
MONEY = "money"  # digits with 2 implied decimals; read as Decimal
DATE = "date"  # DDMMYYYY; zeros (or blanks) for "no date"; read as date | None
DATE6 = "date6"  # DDMMYY (CNAB 400), years 2000-2099; zeros or blanks for none
DATE_YMD = "date_ymd"  # YYYYMMDD (Sicredi CNAB 400); zeros or blanks for none
TIME = "time"  # HHMMSS; read as time | None (blank)
BLANK = "blank"  # reserved for FEBRABAN/CNAB or unused: written blank, not read

# Record types (position 8).
FILE_HEADER_TYPE = "0"
BATCH_HEADER_TYPE = "1"
BATCH_START_TYPE = "2"
DETAIL_TYPE = "3"
BATCH_END_TYPE = "4"
BATCH_TRAILER_TYPE = "5"
FILE_TRAILER_TYPE = "9"

# Codes of the file and batch headers.
REMITTANCE_FILE_CODE = "1"
RETURN_FILE_CODE = "2"
REMITTANCE_OPERATION = "R"
RETURN_OPERATION = "T"
COLLECTION_SERVICE = "01"
# Layout versions written by default, as Sicoob and Sicredi write them in the
# FEBRABAN 08.1 remittances of tests/data/cnab; a bank wanting others sets
# BankAccount.file_layout_version / batch_layout_version.
DEFAULT_FILE_LAYOUT_VERSION = "081"
DEFAULT_BATCH_LAYOUT_VERSION = "040"

# Return occurrence codes ("código de movimento retorno", FEBRABAN note C044).
OCCURRENCES = {
    "02": "Entry confirmed",
    "03": "Entry rejected",
    "04": "Wallet transfer (entry)",
    "05": "Wallet transfer (write-off)",
    "06": "Settlement",
    "07": "Discount instruction confirmed",
    "08": "Discount cancellation confirmed",
    "09": "Write-off",
    "11": "Titles in portfolio (open)",
    "12": "Rebate instruction confirmed",
    "13": "Rebate cancellation confirmed",
    "14": "Due date change confirmed",
    "15": "Free of payment (franco de pagamento)",
    "17": "Settlement after write-off, or of an unregistered title",
    "19": "Protest instruction confirmed",
    "20": "Protest suspension/cancellation instruction confirmed",
    "23": "Sent to the notary's office for protest",
    "24": "Withdrawn from the notary's office and kept in portfolio",
    "25": "Protested and written off",
    "26": "Instruction rejected",
    "27": "Change of other data confirmed",
    "28": "Debit of fees/costs",
    "29": "Payer occurrence",
    "30": "Data change rejected",
    "33": "Credit split data change confirmed",
    "34": "Credit split data cancellation confirmed",
    "35": "Automatic debit unscheduling confirmed",
    "36": "E-mail/SMS sending confirmed",
    "37": "E-mail/SMS sending rejected",
    "38": "Payment deadline change confirmed",
    "39": "Payment deadline waiver confirmed",
    "40": "Title number change by the beneficiary confirmed",
    "41": "Participant control number change confirmed",
    "42": "Payer data change confirmed",
    "43": "Guarantor (sacador/avalista) data change confirmed",
    "44": "Title paid with a returned cheque",
    "45": "Title paid with a cleared cheque",
    "46": "Protest cancellation instruction confirmed",
    "47": "Protest for bankruptcy purposes confirmed",
    "48": "Wallet/collection mode transfer instruction confirmed",
    "49": "Collection contract change",
    "50": "Title paid with a cheque pending clearance",
    "51": "DDA title acknowledged by the payer",
    "52": "DDA title not acknowledged by the payer",
    "53": "DDA title refused by CIP",
    "54": "Write-off of a credit-bureau listed title without protest confirmed",
    "55": "Fine waiver confirmed",
    "56": "Fine charge confirmed",
    "57": "Interest charge change confirmed",
    "58": "Discount amount/date change confirmed",
    "59": "Beneficiary change confirmed",
    "60": "Late interest waiver confirmed",
}
SETTLEMENT_OCCURRENCES = frozenset({"06", "17"})
REJECTION_OCCURRENCES = frozenset({"03", "26", "30"})
WRITE_OFF_OCCURRENCES = frozenset({"05", "09", "25"})

# What an occurrence means for the title, whatever the bank's code for it
# (``ReturnRecord.kind``): the import acts on the kind.
KIND_REGISTERED = "registered"  # entry confirmed
KIND_REJECTED = "rejected"  # entry rejected (the title is not at the bank)
KIND_INSTRUCTION_REJECTED = "instruction_rejected"  # an instruction refused
KIND_PAID = "paid"  # settled: money for the beneficiary
KIND_WRITTEN_OFF = "written_off"  # written off without payment
KIND_OTHER = "other"  # confirmations, fees, protest steps...
FEBRABAN_KINDS = {
    "02": KIND_REGISTERED,
    "03": KIND_REJECTED,
    "26": KIND_INSTRUCTION_REJECTED,
    "30": KIND_INSTRUCTION_REJECTED,
    **dict.fromkeys(SETTLEMENT_OCCURRENCES, KIND_PAID),
    **dict.fromkeys(WRITE_OFF_OCCURRENCES, KIND_WRITTEN_OFF),
}


def occurrence_kind(code: str) -> str:
    """The kind of the FEBRABAN return occurrence ``code``."""
    return FEBRABAN_KINDS.get(code, KIND_OTHER)


# --------------------------------------------------------------------------
# Field tables and the generic fixed-width reader/writer
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One field of a record: positions ``start``..``end`` (1-based, inclusive)."""

    name: str
    start: int
    end: int
    kind: str = ALPHA
    fixed: str | None = None  # constant content written when no value is given

    @property
    def size(self) -> int:
        return self.end - self.start + 1

    def slice(self, line: str) -> str:
        """The raw characters of this field in ``line``."""
        return line[self.start - 1 : self.end]


@dataclass(frozen=True)
class Layout:
    """A record layout: fields covering positions 1 to ``length`` without gap."""

    name: str
    fields: tuple[Field, ...]
    length: int = LINE_LENGTH

    def __post_init__(self):
        position = 1
        names = set()
        for item in self.fields:
            if item.start != position or item.end < item.start:
                raise ValueError(
                    f"{self.name}: field {item.name!r} starts at {item.start}, "
                    f"expected {position}."
                )
            if item.kind != BLANK:
                if item.name in names:
                    raise ValueError(f"{self.name}: field {item.name!r} repeated.")
                names.add(item.name)
            if item.fixed is not None and len(item.fixed) != item.size:
                raise ValueError(f"{self.name}: fixed value of {item.name!r}.")
            position = item.end + 1
        if position != self.length + 1:
            raise ValueError(f"{self.name}: fields end at {position - 1}.")

    def field(self, name: str) -> Field:
        for item in self.fields:
            if item.name == name and item.kind != BLANK:
                return item
        raise KeyError(f"{self.name} has no field {name!r}")


def _layout(name: str, rows, length: int = LINE_LENGTH) -> Layout:
    """A :class:`Layout` from rows ``(name, start, end, kind[, fixed])``."""
    return Layout(name, tuple(Field(*row) for row in rows), length)


def _reserved(start: int, end: int) -> tuple:
    return ("reserved", start, end, BLANK)


# Positions 1-8 (and 9-15 in segments) are the same in every record.
def _control(record_type: str, batch: str | None = None) -> list:
    return [
        ("bank", 1, 3, NUM),
        ("batch", 4, 7, NUM, batch),
        ("record_type", 8, 8, NUM, record_type),
    ]


def _segment_control(segment: str) -> list:
    return [
        *_control(DETAIL_TYPE),
        ("sequence", 9, 13, NUM),
        ("segment", 14, 14, ALPHA, segment),
        _reserved(15, 15),
        ("movement_code", 16, 17, NUM),
    ]


FILE_HEADER = _layout(
    "file header",
    [
        *_control(FILE_HEADER_TYPE, "0000"),
        _reserved(9, 17),
        ("company_document_type", 18, 18, NUM),  # 1 CPF, 2 CNPJ
        ("company_document", 19, 32, NUM),
        ("agreement", 33, 52, ALPHA),  # convênio
        ("agency", 53, 57, NUM),
        ("agency_digit", 58, 58, ALPHA),
        ("account", 59, 70, NUM),
        ("account_digit", 71, 71, ALPHA),
        ("agency_account_digit", 72, 72, ALPHA),
        ("company_name", 73, 102, ALPHA),
        ("bank_name", 103, 132, ALPHA),
        _reserved(133, 142),
        ("file_code", 143, 143, NUM),  # 1 remittance, 2 return
        ("generation_date", 144, 151, DATE),
        ("generation_time", 152, 157, TIME),
        ("file_sequence", 158, 163, NUM),  # NSA
        ("layout_version", 164, 166, NUM),
        ("density", 167, 171, NUM),
        ("bank_reserved", 172, 191, ALPHA),
        ("company_reserved", 192, 211, ALPHA),
        _reserved(212, 240),
    ],
)

BATCH_HEADER = _layout(
    "batch header",
    [
        *_control(BATCH_HEADER_TYPE),
        ("operation", 9, 9, ALPHA),  # R remittance, T return
        ("service", 10, 11, NUM),  # 01 collection
        _reserved(12, 13),
        ("layout_version", 14, 16, NUM),
        _reserved(17, 17),
        ("company_document_type", 18, 18, NUM),
        ("company_document", 19, 33, NUM),
        ("agreement", 34, 53, ALPHA),
        ("agency", 54, 58, NUM),
        ("agency_digit", 59, 59, ALPHA),
        ("account", 60, 71, NUM),
        ("account_digit", 72, 72, ALPHA),
        ("agency_account_digit", 73, 73, ALPHA),
        ("company_name", 74, 103, ALPHA),
        ("message_1", 104, 143, ALPHA),
        ("message_2", 144, 183, ALPHA),
        ("file_sequence", 184, 191, NUM),  # número remessa/retorno
        ("recording_date", 192, 199, DATE),
        ("credit_date", 200, 207, DATE),
        _reserved(208, 240),
    ],
)

SEGMENT_P = _layout(
    "segment P",
    [
        *_segment_control("P"),
        ("agency", 18, 22, NUM),
        ("agency_digit", 23, 23, ALPHA),
        ("account", 24, 35, NUM),
        ("account_digit", 36, 36, ALPHA),
        ("agency_account_digit", 37, 37, ALPHA),
        ("nosso_numero", 38, 57, ALPHA),
        ("wallet", 58, 58, ALPHA),  # 1 simple, 2 linked, 3 secured, 4 discounted
        ("registration", 59, 59, NUM),  # 1 registered
        ("document_type", 60, 60, ALPHA),  # 1 traditional, 2 book-entry
        ("boleto_issuer", 61, 61, NUM),  # 1 bank, 2 company
        ("boleto_distribution", 62, 62, ALPHA),  # 1 bank, 2 company
        ("document_number", 63, 77, ALPHA),  # seu número
        ("due_date", 78, 85, DATE),
        ("amount", 86, 100, MONEY),
        ("collecting_agency", 101, 105, NUM),
        ("collecting_agency_digit", 106, 106, ALPHA),
        ("species", 107, 108, NUM),  # 02 DM (duplicata mercantil), ...
        ("acceptance", 109, 109, ALPHA),  # A accepted, N not accepted
        ("issue_date", 110, 117, DATE),
        ("interest_code", 118, 118, NUM),  # 1 amount a day, 2 monthly rate, 3 none
        ("interest_date", 119, 126, DATE),
        ("interest_amount", 127, 141, MONEY),
        ("discount_code", 142, 142, NUM),  # 0 none, 1 fixed amount until the date
        ("discount_date", 143, 150, DATE),
        ("discount_amount", 151, 165, MONEY),
        ("iof_amount", 166, 180, MONEY),
        ("rebate_amount", 181, 195, MONEY),
        ("company_reference", 196, 220, ALPHA),  # uso da empresa, echoed in T
        ("protest_code", 221, 221, NUM),  # 1 calendar days, 3 do not protest
        ("protest_days", 222, 223, NUM),
        ("writeoff_code", 224, 224, NUM),  # 1 write off/return, 2 do not
        ("writeoff_days", 225, 227, NUM),
        ("currency", 228, 229, NUM, "09"),  # 09 real
        ("contract", 230, 239, NUM),
        _reserved(240, 240),
    ],
)

SEGMENT_Q = _layout(
    "segment Q",
    [
        *_segment_control("Q"),
        ("payer_document_type", 18, 18, NUM),
        ("payer_document", 19, 33, NUM),
        ("payer_name", 34, 73, ALPHA),
        ("payer_address", 74, 113, ALPHA),
        ("payer_district", 114, 128, ALPHA),
        ("payer_zip", 129, 133, NUM),
        ("payer_zip_suffix", 134, 136, NUM),
        ("payer_city", 137, 151, ALPHA),
        ("payer_state", 152, 153, ALPHA),
        ("guarantor_document_type", 154, 154, NUM),
        ("guarantor_document", 155, 169, NUM),
        ("guarantor_name", 170, 209, ALPHA),
        ("correspondent_bank", 210, 212, NUM),
        ("correspondent_nosso_numero", 213, 232, ALPHA),
        _reserved(233, 240),
    ],
)

SEGMENT_R = _layout(
    "segment R",
    [
        *_segment_control("R"),
        ("discount_2_code", 18, 18, NUM),
        ("discount_2_date", 19, 26, DATE),
        ("discount_2_amount", 27, 41, MONEY),
        ("discount_3_code", 42, 42, NUM),
        ("discount_3_date", 43, 50, DATE),
        ("discount_3_amount", 51, 65, MONEY),
        ("fine_code", 66, 66, NUM),  # 0 none, 1 fixed amount, 2 percentage
        ("fine_date", 67, 74, DATE),
        ("fine_amount", 75, 89, MONEY),  # amount or percentage (2 decimals)
        ("payer_information", 90, 99, ALPHA),
        ("message_3", 100, 139, ALPHA),
        ("message_4", 140, 179, ALPHA),
        _reserved(180, 199),
        ("payer_occurrence_code", 200, 207, NUM),
        ("debit_bank", 208, 210, NUM),
        ("debit_agency", 211, 215, NUM),
        ("debit_agency_digit", 216, 216, ALPHA),
        ("debit_account", 217, 228, NUM),
        ("debit_account_digit", 229, 229, ALPHA),
        ("debit_agency_account_digit", 230, 230, ALPHA),
        ("debit_notice", 231, 231, NUM),
        _reserved(232, 240),
    ],
)

# Return segments.  Fields banks fill in their own way (account, payer...) are
# ALPHA so that reading them never fails; what the parser uses is typed.
SEGMENT_T = _layout(
    "segment T",
    [
        *_segment_control("T"),
        ("agency", 18, 22, ALPHA),
        ("agency_digit", 23, 23, ALPHA),
        ("account", 24, 35, ALPHA),
        ("account_digit", 36, 36, ALPHA),
        ("agency_account_digit", 37, 37, ALPHA),
        ("nosso_numero", 38, 57, ALPHA),
        ("wallet", 58, 58, ALPHA),
        ("document_number", 59, 73, ALPHA),
        ("due_date", 74, 81, DATE),
        ("nominal_amount", 82, 96, MONEY),
        ("collecting_bank", 97, 99, ALPHA),
        ("collecting_agency", 100, 104, ALPHA),
        ("collecting_agency_digit", 105, 105, ALPHA),
        ("company_reference", 106, 130, ALPHA),
        ("currency", 131, 132, ALPHA),
        ("payer_document_type", 133, 133, ALPHA),
        ("payer_document", 134, 148, ALPHA),
        ("payer_name", 149, 188, ALPHA),
        ("contract", 189, 198, ALPHA),
        ("fee_amount", 199, 213, MONEY),
        ("reasons", 214, 223, ALPHA),  # up to 5 two-character reason codes
        _reserved(224, 240),
    ],
)

SEGMENT_U = _layout(
    "segment U",
    [
        *_segment_control("U"),
        ("interest_amount", 18, 32, MONEY),  # interest, fine and charges
        ("discount_amount", 33, 47, MONEY),
        ("rebate_amount", 48, 62, MONEY),
        ("iof_amount", 63, 77, MONEY),
        ("paid_amount", 78, 92, MONEY),
        ("net_amount", 93, 107, MONEY),
        ("other_expenses", 108, 122, MONEY),
        ("other_credits", 123, 137, MONEY),
        ("occurrence_date", 138, 145, DATE),
        ("credit_date", 146, 153, DATE),
        ("payer_occurrence_code", 154, 157, ALPHA),
        ("payer_occurrence_date", 158, 165, ALPHA),
        ("payer_occurrence_amount", 166, 180, ALPHA),
        ("payer_occurrence_text", 181, 210, ALPHA),
        ("correspondent_bank", 211, 213, ALPHA),
        ("correspondent_nosso_numero", 214, 233, ALPHA),
        _reserved(234, 240),
    ],
)

BATCH_TRAILER = _layout(
    "batch trailer",
    [
        *_control(BATCH_TRAILER_TYPE),
        _reserved(9, 17),
        ("record_count", 18, 23, NUM),  # header, details and trailer
        ("simple_count", 24, 29, NUM),
        ("simple_total", 30, 46, MONEY),
        ("linked_count", 47, 52, NUM),
        ("linked_total", 53, 69, MONEY),
        ("secured_count", 70, 75, NUM),
        ("secured_total", 76, 92, MONEY),
        ("discounted_count", 93, 98, NUM),
        ("discounted_total", 99, 115, MONEY),
        ("notice_number", 116, 123, ALPHA),
        _reserved(124, 240),
    ],
)

FILE_TRAILER = _layout(
    "file trailer",
    [
        *_control(FILE_TRAILER_TYPE, "9999"),
        _reserved(9, 17),
        ("batch_count", 18, 23, NUM),
        ("record_count", 24, 29, NUM),
        ("account_count", 30, 35, NUM),
        _reserved(36, 240),
    ],
)

# Santander (033) returns: the file header carries agency/account/beneficiary
# code in its own places, and segment T has a 13-digit nosso número at 41-53,
# which shifts what follows by four positions.
SANTANDER_FILE_HEADER = _layout(
    "Santander file header",
    [
        *_control(FILE_HEADER_TYPE, "0000"),
        _reserved(9, 16),
        ("company_document_type", 17, 17, NUM),
        ("company_document", 18, 32, NUM),
        ("agency", 33, 36, NUM),
        ("agency_digit", 37, 37, ALPHA),
        ("account", 38, 46, NUM),
        ("account_digit", 47, 47, ALPHA),
        _reserved(48, 52),
        ("agreement", 53, 61, ALPHA),  # código do beneficiário
        _reserved(62, 72),
        ("company_name", 73, 102, ALPHA),
        ("bank_name", 103, 132, ALPHA),
        _reserved(133, 142),
        ("file_code", 143, 143, NUM),
        ("generation_date", 144, 151, DATE),
        _reserved(152, 157),
        ("file_sequence", 158, 163, NUM),
        ("layout_version", 164, 166, NUM),
        _reserved(167, 240),
    ],
)

SANTANDER_SEGMENT_T = _layout(
    "Santander segment T",
    [
        *_segment_control("T"),
        ("agency", 18, 21, ALPHA),
        ("agency_digit", 22, 22, ALPHA),
        ("account", 23, 31, ALPHA),
        ("account_digit", 32, 32, ALPHA),
        _reserved(33, 40),
        ("nosso_numero", 41, 53, ALPHA),
        ("wallet", 54, 54, ALPHA),
        ("document_number", 55, 69, ALPHA),
        ("due_date", 70, 77, DATE),
        ("nominal_amount", 78, 92, MONEY),
        ("collecting_bank", 93, 95, ALPHA),
        ("collecting_agency", 96, 99, ALPHA),
        ("collecting_agency_digit", 100, 100, ALPHA),
        ("company_reference", 101, 125, ALPHA),
        ("currency", 126, 127, ALPHA),
        ("payer_document_type", 128, 128, ALPHA),
        ("payer_document", 129, 143, ALPHA),
        ("payer_name", 144, 183, ALPHA),
        ("collection_account", 184, 193, ALPHA),
        ("fee_amount", 194, 208, MONEY),
        ("reasons", 209, 218, ALPHA),
        _reserved(219, 240),
    ],
)


def _with_fields(name: str, layout: Layout, replaced: str, rows) -> Layout:
    """``layout`` with the field ``replaced`` split into ``rows``."""
    fields = []
    for item in layout.fields:
        if item.name == replaced and item.kind != BLANK:
            fields.extend(Field(*row) for row in rows)
        else:
            fields.append(item)
    return Layout(name, tuple(fields), layout.length)


# Sicoob (756) fills positions 38-57 of segment T as its CNAB 240 manual
# describes them for segment P: the nosso número (10 digits, its check digit
# last), the installment (2), the modality (2), the form type (1) and 5
# blanks; the nosso número is the first 10 alone ("0000000083" in the
# brcobranca sample CNAB240SICOOB.RET).
SICOOB_SEGMENT_T = _with_fields(
    "Sicoob segment T",
    SEGMENT_T,
    "nosso_numero",
    [
        ("nosso_numero", 38, 47, ALPHA),
        ("installment", 48, 49, ALPHA),
        ("modality", 50, 51, ALPHA),
        ("form_type", 52, 52, ALPHA),
        _reserved(53, 57),
    ],
)


@dataclass(frozen=True)
class BankProfile:
    """What a bank's return files do differently from plain FEBRABAN."""

    file_header: Layout = FILE_HEADER
    segment_t: Layout = SEGMENT_T
    # FEBRABAN counts the batch header and trailer in the batch trailer's
    # record count; Santander counts the detail records only.
    batch_count_details_only: bool = False


FEBRABAN_PROFILE = BankProfile()
BANK_PROFILES = {
    "033": BankProfile(
        file_header=SANTANDER_FILE_HEADER,
        segment_t=SANTANDER_SEGMENT_T,
        batch_count_details_only=True,
    ),
    "756": BankProfile(segment_t=SICOOB_SEGMENT_T),
}


def bank_profile(bank_code: str) -> BankProfile:
    """The return-file profile of a bank (FEBRABAN unless listed)."""
    return BANK_PROFILES.get(bank_code, FEBRABAN_PROFILE)


def _where(line_number: int | None) -> str:
    return f"line {line_number}: " if line_number else ""


_DATE_PATTERNS = {DATE: "DDMMYYYY", DATE6: "DDMMYY", DATE_YMD: "YYYYMMDD"}


def _decode(item: Field, raw: str):
    if item.kind == ALPHA:
        return raw.strip()
    if item.kind == NUM:
        if not (raw.isascii() and raw.isdigit()):
            raise ValueError(f"not numeric: {raw!r}")
        return raw
    if item.kind == MONEY:
        if not (raw.isascii() and raw.isdigit()):
            raise ValueError(f"not numeric: {raw!r}")
        return Decimal(int(raw)).scaleb(-2)
    if item.kind in _DATE_PATTERNS:
        if not raw.strip() or raw.strip("0") == "":
            return None
        if not (raw.isascii() and raw.isdigit()):
            raise ValueError(f"not a {_DATE_PATTERNS[item.kind]} date: {raw!r}")
        if item.kind == DATE_YMD:
            year, month, day = int(raw[:4]), int(raw[4:6]), int(raw[6:])
        else:
            day, month, year = int(raw[:2]), int(raw[2:4]), int(raw[4:])
            year += 2000 if item.kind == DATE6 else 0
        try:
            return date(year, month, day)
        except ValueError:
            raise ValueError(f"not a valid date: {raw!r}") from None
    if item.kind == TIME:
        if not raw.strip():
            return None
        if not (raw.isascii() and raw.isdigit()):
            raise ValueError(f"not an HHMMSS time: {raw!r}")
        try:
            return time(int(raw[:2]), int(raw[2:4]), int(raw[4:]))
        except ValueError:
            raise ValueError(f"not a valid time: {raw!r}") from None
    raise ValueError(f"unknown field kind {item.kind!r}")


def read_record(
    layout: Layout,
    line: str,
    line_number: int | None = None,
    names=None,
) -> dict:
    """The fields of ``line`` (240 characters, or the layout's length) as a dict.

    ALPHA fields come back stripped, NUM fields as strings of digits (leading
    zeros kept), MONEY as ``Decimal`` with 2 places, DATE as ``date`` or
    ``None`` (zeros or blanks), TIME as ``time`` or ``None``.  ``names``
    restricts the reading to those fields.

    :raises ValueError: naming the line, field and positions, when a typed
        field does not hold what its kind requires.
    """
    if len(line) != layout.length:
        raise ValueError(
            f"{_where(line_number)}{len(line)} characters, expected {layout.length}."
        )
    values = {}
    for item in layout.fields:
        if item.kind == BLANK or (names is not None and item.name not in names):
            continue
        try:
            values[item.name] = _decode(item, item.slice(line))
        except ValueError as error:
            raise ValueError(
                f"{_where(line_number)}{layout.name} field {item.name!r} "
                f"(positions {item.start}-{item.end}) {error}."
            ) from None
    return values


def ascii_upper(text: str) -> str:
    """``text`` as CNAB wants it: upper-case printable ASCII, accents folded.

    Characters with no ASCII form are dropped and runs of blanks collapsed
    (``"São João, nº 5"`` gives ``"SAO JOAO, NO 5"``).
    """
    decomposed = unicodedata.normalize("NFKD", str(text or ""))
    kept = "".join(
        " " if char.isspace() else char
        for char in decomposed
        if char.isspace() or " " <= char <= "~"
    )
    return " ".join(kept.split()).upper()


def _encode(item: Field, value) -> str:
    if value is None and item.fixed is not None:
        return item.fixed
    if item.kind == BLANK:
        return " " * item.size
    if item.kind == ALPHA:
        text = ascii_upper(value) if value is not None else ""
        if len(text) > item.size:
            raise ValueError(f"{text!r} is longer than {item.size} characters")
        return text.ljust(item.size)
    if item.kind == NUM:
        text = "" if value is None else str(value)
        if text and not (text.isascii() and text.isdigit()):
            raise ValueError(f"{value!r} is not made of digits")
        if len(text) > item.size:
            raise ValueError(f"{value!r} is longer than {item.size} digits")
        return text.zfill(item.size)
    if item.kind == MONEY:
        amount = Decimal(0) if value is None else _decimal(value)
        if amount < 0:
            raise ValueError(f"{value!r} is negative")
        if amount != amount.quantize(Decimal("0.01")):
            raise ValueError(f"{value!r} has more than 2 decimal places")
        text = str(int(amount * 100))
        if len(text) > item.size:
            raise ValueError(f"{value!r} is too large for {item.size} digits")
        return text.zfill(item.size)
    if item.kind == DATE:
        return value.strftime("%d%m%Y") if value is not None else "0" * item.size
    if item.kind == DATE6:
        return value.strftime("%d%m%y") if value is not None else "0" * item.size
    if item.kind == DATE_YMD:
        return value.strftime("%Y%m%d") if value is not None else "0" * item.size
    if item.kind == TIME:
        return value.strftime("%H%M%S") if value is not None else "0" * item.size
    raise ValueError(f"unknown field kind {item.kind!r}")


def write_record(layout: Layout, values: dict) -> str:
    """A line (240 characters, or the layout's length) from ``values``.

    Missing fields take their fixed content, else blanks (ALPHA) or zeros.
    Text is folded to upper-case ASCII; nothing is cut.

    :raises ValueError: naming the field, for a value that does not fit.
    """
    unknown = set(values) - {item.name for item in layout.fields}
    if unknown:
        raise ValueError(f"{layout.name} has no field {min(unknown)!r}.")
    parts = []
    for item in layout.fields:
        try:
            parts.append(_encode(item, values.get(item.name)))
        except (TypeError, ValueError) as error:
            raise ValueError(f"{layout.name} field {item.name!r}: {error}.") from None
    return "".join(parts)


def _decimal(value) -> Decimal:
    """``value`` (Decimal, int, float or numeric string) as a finite Decimal."""
    if isinstance(value, float):
        value = repr(value)
    elif isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        raise TypeError(f"{value!r} is not an amount")
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(f"{value!r} is not an amount") from None
    if not amount.is_finite():
        raise ValueError(f"{value!r} is not an amount")
    return amount


# --------------------------------------------------------------------------
# Return files
# --------------------------------------------------------------------------


@dataclass
class ReturnRecord:
    """One occurrence of one title in a return file (segment T and its U)."""

    bank: str
    nosso_numero: str
    document_number: str
    occurrence_code: str
    occurrence: str
    nominal_amount: Decimal
    paid_amount: Decimal
    interest_amount: Decimal
    discount_amount: Decimal
    fee_amount: Decimal
    occurrence_date: date | None
    credit_date: date | None
    due_date: date | None
    reasons: list[str]
    line_number: int
    rebate_amount: Decimal = Decimal("0.00")
    net_amount: Decimal = Decimal("0.00")
    other_credits: Decimal = Decimal("0.00")
    company_reference: str = ""
    payer_name: str = ""
    payer_document: str = ""
    # What the occurrence means (KIND_*), and the key of its description:
    # the FEBRABAN code, or "<bank>-<code>" for a bank's own table (CNAB 400).
    kind: str = KIND_OTHER
    occurrence_key: str = ""
    layout: int = 240  # 240 or 400


@dataclass
class FileHeader:
    """What a file header says of the bank, account and file."""

    bank: str
    company_document: str  # 11 digits (CPF) or 14 (CNPJ)
    agreement: str
    agency: str
    agency_digit: str
    account: str
    account_digit: str
    company_name: str
    bank_name: str
    file_code: str  # 1 remittance, 2 return
    generation_date: date
    generation_time: time | None
    file_sequence: int
    layout_version: str


def split_lines(
    content: bytes, *, length: int = LINE_LENGTH, lenient_padding: bool = True
) -> list[tuple[int, str]]:
    """``(line number, line)`` of the records of ``content``, ``length`` each.

    Files are taken as banks and their portals deliver them: latin-1 text,
    CRLF, LF, CR or no line ends at all, a final EOF character (0x1A), blank
    lines after the last record, a last line without a line end.

    :param lenient_padding: programs that save these files often trim the
        trailing blanks of each line (or add one).  When true (the default), a
        shorter line is padded with blanks and a longer one is cut when what
        exceeds ``length`` is blank.  What the padding filled is checked when
        the records are read: a number, amount or code that falls in it is
        refused, so a truncated line is not taken for a trimmed one.
    :raises ValueError: naming the line, for a line of another length (or, when
        not lenient, of any other length), a file of the other CNAB layout.
    """
    if isinstance(content, str):
        text = content
    else:
        text = bytes(content).decode("latin-1")
    text = text.rstrip(EOF_CHAR + "\r\n")
    if not text.strip():
        raise ValueError("The file is empty.")
    first = re.split(r"\r\n|\n|\r", text, maxsplit=1)[0]
    if length == LINE_LENGTH and (
        len(first.rstrip()) > LINE_LENGTH
        and (len(first) == 400 or first[:9] in ("02RETORNO", "01REMESSA"))
    ):
        raise ValueError(
            f"This is not a CNAB 240 file: line 1 has {len(first)} characters "
            "(a CNAB 400 file?)."
        )
    if (
        length != LINE_LENGTH
        and first[1:9] not in ("2RETORNO", "1REMESSA")
        and first[:3].isdigit()
        and first[7:8] == "0"
    ):
        raise ValueError(
            f"This is not a CNAB {length} file: line 1 is a CNAB 240 file header."
        )
    if "\n" not in text and "\r" not in text:
        if len(text) % length:
            raise ValueError(
                f"This is not a CNAB {length} file: it has no line ends and its "
                f"{len(text)} characters are not a multiple of {length}."
            )
        raw = [text[i : i + length] for i in range(0, len(text), length)]
    else:
        raw = re.split(r"\r\n|\n|\r", text)
    while raw and not raw[-1].strip(" " + EOF_CHAR):
        raw.pop()
    lines = []
    for number, line in enumerate(raw, 1):
        if len(line) != length and lenient_padding:
            if len(line) < length:
                line = line.ljust(length)
            elif not line[length:].strip():
                line = line[:length]
        if len(line) != length:
            raise ValueError(
                f"line {number}: {len(line)} characters, expected {length}."
            )
        lines.append((number, line))
    return lines


_RECORD_TYPE = FILE_HEADER.field("record_type")
_SEGMENT = SEGMENT_T.field("segment")


@dataclass
class _OpenBatch:
    """Book-keeping of the batch being read."""

    number: str
    records: int = 1  # its header so far
    details: int = 0


def _read_control(line: str, line_number: int) -> dict:
    """Bank code and batch number (positions 1-7, the same in every record)."""
    return read_record(BATCH_TRAILER, line, line_number, names={"bank", "batch"})


def parse_header(content: bytes, *, lenient_padding: bool = True) -> FileHeader:
    """The file header of a CNAB 240 file (first line), read per its bank.

    Used to reject a file of another bank or account and to spot a file
    imported twice (bank, agreement, file sequence and generation date).
    ``lenient_padding`` is as for :func:`parse_return`.

    :raises ValueError: when line 1 is not a valid file header.
    """
    number, line = split_lines(content, lenient_padding=lenient_padding)[0]
    if _RECORD_TYPE.slice(line) != FILE_HEADER_TYPE:
        raise ValueError(f"line {number}: missing file header (record type 0).")
    bank = _read_control(line, number)["bank"]
    values = read_record(bank_profile(bank).file_header, line, number)
    if values["generation_date"] is None:
        raise ValueError(f"line {number}: the file header has no generation date.")
    document = values["company_document"]
    document = (
        document[-11:] if values["company_document_type"] == "1" else document[-14:]
    )
    return FileHeader(
        bank=bank,
        company_document=document,
        agreement=values["agreement"],
        agency=values["agency"],
        agency_digit=values["agency_digit"],
        account=values["account"],
        account_digit=values["account_digit"],
        company_name=values["company_name"],
        bank_name=values["bank_name"],
        file_code=values["file_code"],
        generation_date=values["generation_date"],
        generation_time=values.get("generation_time"),
        file_sequence=int(values["file_sequence"]),
        layout_version=values["layout_version"],
    )


def _reason_codes(text: str) -> list[str]:
    """The 2-character reason codes of a 'motivo da ocorrência' field."""
    text = text.ljust(10)
    codes = [text[i : i + 2] for i in range(0, len(text), 2)]
    return [code for code in codes if code.strip() and code != "00"]


def _return_record(bank: str, t_line, u_line, profile: BankProfile) -> ReturnRecord:
    t_number, t_text = t_line
    u_number, u_text = u_line
    t = read_record(profile.segment_t, t_text, t_number)
    u = read_record(SEGMENT_U, u_text, u_number)
    code = t["movement_code"]
    return ReturnRecord(
        bank=bank,
        nosso_numero=t["nosso_numero"],
        document_number=t["document_number"],
        occurrence_code=code,
        occurrence=OCCURRENCES.get(code, f"Unknown occurrence (code {code})"),
        nominal_amount=t["nominal_amount"],
        paid_amount=u["paid_amount"],
        interest_amount=u["interest_amount"],
        discount_amount=u["discount_amount"],
        fee_amount=t["fee_amount"],
        occurrence_date=u["occurrence_date"],
        credit_date=u["credit_date"],
        due_date=t["due_date"],
        reasons=_reason_codes(profile.segment_t.field("reasons").slice(t_text)),
        line_number=t_number,
        rebate_amount=u["rebate_amount"],
        net_amount=u["net_amount"],
        other_credits=u["other_credits"],
        company_reference=t["company_reference"],
        payer_name=t["payer_name"],
        payer_document=t["payer_document"],
        kind=occurrence_kind(code),
        occurrence_key=code,
    )


class _ReturnReader:
    """Reads the records of a return file between its header and trailer.

    Feed it each line after the file header with :meth:`read`, then the file
    trailer with :meth:`finish`, which checks the trailer's counts and gives
    the :class:`ReturnRecord` list.
    """

    def __init__(self, bank: str, profile: BankProfile):
        self.bank = bank
        self.profile = profile
        self.records: list[ReturnRecord] = []
        self.batches = 0
        self.batch: _OpenBatch | None = None  # the batch being read
        self.pending_t = None  # (line number, line) of a segment T waiting for its U

    def feed(self, number: int, line: str) -> None:
        """Read one record between the file header and the file trailer."""
        batch_number = self._check_control(number, line)
        record_type = _RECORD_TYPE.slice(line)
        if record_type == BATCH_HEADER_TYPE:
            self._batch_header(number, line)
            return
        if record_type == FILE_TRAILER_TYPE:
            raise ValueError(f"line {number}: file trailer before the end of the file.")
        self._count_in_batch(number, record_type, batch_number)
        if record_type in (DETAIL_TYPE, BATCH_START_TYPE, BATCH_END_TYPE):
            self._detail(number, line, record_type)
        elif record_type == BATCH_TRAILER_TYPE:
            self._batch_trailer(number, line)
        else:
            raise ValueError(f"line {number}: unknown record type {record_type!r}.")

    def finish(self, number: int, line: str, line_count: int) -> list[ReturnRecord]:
        """Check the file trailer ``line`` against what was read; the records."""
        self._check_control(number, line)
        if self.batch is not None:
            raise ValueError(
                f"line {number}: batch {self.batch.number} has no trailer "
                "(record type 5)."
            )
        totals = read_record(
            FILE_TRAILER, line, number, names={"batch_count", "record_count"}
        )
        if int(totals["record_count"]) != line_count:
            raise ValueError(
                f"line {number}: the file trailer counts "
                f"{int(totals['record_count'])} records, the file has {line_count}."
            )
        if int(totals["batch_count"]) != self.batches:
            raise ValueError(
                f"line {number}: the file trailer counts "
                f"{int(totals['batch_count'])} batches, the file has {self.batches}."
            )
        return self.records

    def _check_control(self, number: int, line: str) -> str:
        """The batch number of a record, checked to be of the file's bank."""
        control = _read_control(line, number)
        line_bank = control["bank"]
        if line_bank != self.bank:
            raise ValueError(
                f"line {number}: bank code {line_bank} differs from the file "
                f"header's {self.bank}."
            )
        return control["batch"]

    def _batch_header(self, number: int, line: str) -> None:
        if self.batch is not None:
            raise ValueError(f"line {number}: batch header inside a batch.")
        values = read_record(
            BATCH_HEADER, line, number, names={"batch", "operation", "service"}
        )
        if values["service"] != COLLECTION_SERVICE:
            raise ValueError(
                f"line {number}: batch of service {values['service']}, "
                f"not collection ({COLLECTION_SERVICE})."
            )
        if values["operation"] == REMITTANCE_OPERATION:
            raise ValueError(f"line {number}: remittance batch in a return file.")
        self.batch = _OpenBatch(values["batch"])
        self.batches += 1

    def _count_in_batch(self, number: int, record_type: str, batch_number: str):
        """Count a record of the open batch, or raise if it lies outside it."""
        if self.batch is None:
            raise ValueError(
                f"line {number}: record type {record_type!r} outside a batch "
                "(missing batch header)."
            )
        if batch_number != self.batch.number:
            raise ValueError(
                f"line {number}: batch number {batch_number} differs "
                f"from the batch header's {self.batch.number}."
            )
        self.batch.records += 1

    def _detail(self, number: int, line: str, record_type: str) -> None:
        """A detail record: pair each segment T with the segment U after it."""
        self.batch.details += 1
        segment = _SEGMENT.slice(line) if record_type == DETAIL_TYPE else ""
        if segment != "U":
            self._check_no_pending_t()
        if segment == "T":
            self.pending_t = (number, line)
        elif segment == "U":
            if self.pending_t is None:
                raise ValueError(
                    f"line {number}: segment U without a segment T before it."
                )
            self.records.append(
                _return_record(self.bank, self.pending_t, (number, line), self.profile)
            )
            self.pending_t = None

    def _batch_trailer(self, number: int, line: str) -> None:
        self._check_no_pending_t()
        count = int(
            read_record(BATCH_TRAILER, line, number, names={"record_count"})[
                "record_count"
            ]
        )
        allowed = {self.batch.records}
        if self.profile.batch_count_details_only:
            allowed.add(self.batch.details)
        if count not in allowed:
            raise ValueError(
                f"line {number}: the batch trailer counts {count} records, "
                f"the batch has {self.batch.records}."
            )
        self.batch = None

    def _check_no_pending_t(self) -> None:
        if self.pending_t is not None:
            raise ValueError(
                f"line {self.pending_t[0]}: segment T without its segment U."
            )


def parse_return(content: bytes, *, lenient_padding: bool = True) -> list[ReturnRecord]:
    """The title occurrences of a CNAB 240 collection return file.

    One :class:`ReturnRecord` per segment T with the segment U that follows
    it; other segments (Y, ...) are skipped.  Accepts CRLF, LF, CR or no line
    ends, latin-1 text, and a trailing EOF character (0x1A) or blank lines.

    :param lenient_padding: as for :func:`split_lines`: trimmed trailing
        blanks are put back (the default); false refuses any line that is not
        240 characters long.
    :raises ValueError: naming the line: a CNAB 400 or malformed file, a line
        not 240 characters long, a missing file header or trailer, a record of
        another bank, a segment T without its U, a trailer whose counts do not
        match, a non-numeric numeric field, a remittance given as a return.
    """
    lines = split_lines(content, lenient_padding=lenient_padding)
    number, header = lines[0]
    if _RECORD_TYPE.slice(header) != FILE_HEADER_TYPE:
        raise ValueError(f"line {number}: missing file header (record type 0).")
    bank = _read_control(header, number)["bank"]
    file_code = FILE_HEADER.field("file_code").slice(header)
    if file_code == REMITTANCE_FILE_CODE:
        raise ValueError(f"line {number}: this is a remittance file, not a return.")
    last_number, last = lines[-1]
    if len(lines) < 2 or _RECORD_TYPE.slice(last) != FILE_TRAILER_TYPE:
        raise ValueError(
            f"line {last_number}: missing file trailer (record type 9): "
            "the file is incomplete."
        )
    reader = _ReturnReader(bank, bank_profile(bank))
    for number, line in lines[1:-1]:
        reader.feed(number, line)
    return reader.finish(last_number, last, len(lines))


# --------------------------------------------------------------------------
# Remittance files
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Company:
    """The beneficiary (cedente): name and CNPJ or CPF (punctuation allowed)."""

    name: str
    document: str


@dataclass(frozen=True)
class BankAccount:
    """The collection account and agreement at the bank."""

    bank_code: str
    bank_name: str
    agency: str
    agency_digit: str
    account: str
    account_digit: str
    agreement: str  # convênio, as the bank wants it in positions 33-52
    wallet: str  # FEBRABAN wallet code: 1 simple, 2 linked, 3 secured, ...
    agency_account_digit: str = ""
    file_layout_version: str = DEFAULT_FILE_LAYOUT_VERSION
    batch_layout_version: str = DEFAULT_BATCH_LAYOUT_VERSION


@dataclass(frozen=True)
class Title:
    """One title (boleto) to register.

    Money as ``Decimal`` (or int, float, str) with at most 2 decimal places.
    ``fine_percent`` is a percentage charged from ``fine_date`` (default: the
    day after the due date); ``interest_per_day`` an amount a day of delay
    from the day after the due date; ``discount_amount`` a fixed discount
    until ``discount_date``.  Instruction codes follow FEBRABAN: ``species``
    (02 duplicata mercantil), ``acceptance`` (A/N), ``protest_code`` (1
    protest after ``protest_days`` calendar days, 3 do not protest) and
    ``writeoff_code`` (1 write off/return after ``writeoff_days`` days, 2 do
    not).  ``company_reference`` (25 characters) comes back in the return.
    """

    nosso_numero: str
    document_number: str
    due_date: date
    amount: Decimal
    issue_date: date
    payer_name: str
    payer_document: str
    payer_address: str
    payer_district: str
    payer_zip: str
    payer_city: str
    payer_state: str
    fine_percent: Decimal | None = None
    fine_date: date | None = None
    interest_per_day: Decimal | None = None
    discount_amount: Decimal | None = None
    discount_date: date | None = None
    # 01 entry of titles; another code makes the record an instruction about
    # the registered title (FEBRABAN note C004, see tools/cnab_instruction.py)
    movement_code: str = "01"
    species: str = "02"
    acceptance: str = "N"
    protest_code: str = "3"
    protest_days: int = 0
    writeoff_code: str = "1"
    writeoff_days: int = 60
    company_reference: str = ""
    rebate_amount: Decimal | None = None  # abatimento (instruction 04)


BRAZILIAN_STATES = frozenset(
    ("AC", "AL", "AM", "AP", "BA", "CE", "DF", "ES", "GO", "MA", "MG", "MS", "MT")
    + ("PA", "PB", "PE", "PI", "PR", "RJ", "RN", "RO", "RR", "RS", "SC", "SE", "SP")
    + ("TO",)
)
# Wallet code -> the batch trailer totals it falls in.
_WALLET_TOTALS = {
    "1": ("simple_count", "simple_total"),
    "2": ("linked_count", "linked_total"),
    "3": ("secured_count", "secured_total"),
    "4": ("discounted_count", "discounted_total"),
}


def _document(value: str, label: str) -> tuple[str, str]:
    """``(type, digits)`` of a CPF (type 1) or CNPJ (type 2), or ValueError."""
    digits = re.sub(r"[.\-/ ]", "", value or "")
    if not digits:
        raise ValueError(f"{label} is missing.")
    if not digits.isdigit() or len(digits) not in (11, 14):
        raise ValueError(f"{label} {value!r} is not a CPF (11 digits) or CNPJ (14).")
    return ("1" if len(digits) == 11 else "2"), digits


def _digits(value, label: str, size: int, *, required: bool = True) -> str:
    text = str(value or "").strip()
    if not text:
        if required:
            raise ValueError(f"{label} is missing.")
        return ""
    if not (text.isascii() and text.isdigit()):
        raise ValueError(f"{label} {value!r} must be digits only.")
    if len(text) > size:
        raise ValueError(f"{label} {value!r} is longer than {size} digits.")
    return text


def _code(value, label: str, size: int, *, required: bool = False) -> str:
    text = ascii_upper(value or "")
    if not text and required:
        raise ValueError(f"{label} is missing.")
    if len(text) > size:
        raise ValueError(f"{label} {value!r} is longer than {size} characters.")
    return text


def _text(value, label: str, size: int, *, required: bool = True) -> str:
    """Free text folded to upper-case ASCII and cut to ``size`` characters."""
    text = ascii_upper(value or "")[:size].strip()
    if not text and required:
        raise ValueError(f"{label} is missing.")
    return text


def _money(value, label: str, *, positive: bool = True) -> Decimal:
    try:
        amount = _decimal(value)
    except (TypeError, ValueError):
        raise ValueError(f"{label} {value!r} is not an amount.") from None
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError(f"{label} {value!r} has more than 2 decimal places.")
    if positive and amount <= 0:
        raise ValueError(f"{label} must be greater than zero, got {value!r}.")
    if amount >= Decimal("1e13"):
        raise ValueError(f"{label} {value!r} is too large.")
    return amount


def _account_values(account: BankAccount) -> dict:
    return {
        "agency": _digits(account.agency, "The agency", 5),
        "agency_digit": _code(account.agency_digit, "The agency digit", 1),
        "account": _digits(account.account, "The account", 12),
        "account_digit": _code(account.account_digit, "The account digit", 1),
        "agency_account_digit": _code(
            account.agency_account_digit, "The agency/account digit", 1
        ),
    }


def _check_title_dates(title: Title, label) -> None:
    for attribute in ("due_date", "issue_date"):
        value = getattr(title, attribute)
        if value is None:
            raise ValueError(label(f"the {attribute.replace('_', ' ')} is missing."))
        if not isinstance(value, date):
            raise TypeError(label(f"the {attribute.replace('_', ' ')} must be a date."))


def _payer_values(title: Title, label) -> dict:
    """The payer's document, ZIP code and state of segment Q, checked."""
    payer_type, payer_document = _document(
        title.payer_document, label("the payer document")
    )
    zip_code = re.sub(r"[.\- ]", "", title.payer_zip or "")
    if not re.fullmatch(r"[0-9]{8}", zip_code):
        raise ValueError(
            label(f"the payer ZIP code {title.payer_zip!r} is not 8 digits.")
        )
    state = (title.payer_state or "").strip().upper()
    if state not in BRAZILIAN_STATES:
        raise ValueError(
            label(f"the payer state {title.payer_state!r} is not a Brazilian UF.")
        )
    return {
        "payer_document_type": payer_type,
        "payer_document": payer_document,
        "payer_zip": zip_code[:5],
        "payer_zip_suffix": zip_code[5:],
        "payer_state": state,
    }


def _interest_values(title: Title, label) -> dict:
    """The interest fields of segment P (none unless an interest per day)."""
    if title.interest_per_day is None:
        return {}
    return {
        "interest_code": "1",
        "interest_date": title.due_date + timedelta(days=1),
        "interest_amount": _money(
            title.interest_per_day, label("the interest per day")
        ),
    }


def _discount_values(title: Title, amount: Decimal, label) -> dict:
    """The discount fields of segment P (none unless a discount amount)."""
    if title.discount_amount is None:
        if title.discount_date is not None:
            raise ValueError(label("a discount date without a discount amount."))
        return {}
    discount = _money(title.discount_amount, label("the discount amount"))
    if discount >= amount:
        raise ValueError(label("the discount is not less than the amount."))
    # A discount date that is not a date counts as missing: a ValueError.
    if not isinstance(title.discount_date, date):
        raise ValueError(label("the discount date is missing."))  # noqa: TRY004
    if title.discount_date > title.due_date:
        raise ValueError(label("the discount date is after the due date."))
    return {
        "discount_code": "1",
        "discount_date": title.discount_date,
        "discount_amount": discount,
    }


def _segment_p(title: Title, account: BankAccount, amount: Decimal, label) -> dict:
    """The values of segment P: the title, its interest and its discount."""
    p = {
        "movement_code": _digits(title.movement_code, label("the movement code"), 2),
        **_account_values(account),
        "nosso_numero": _code(
            title.nosso_numero, label("the nosso número"), 20, required=True
        ),
        "wallet": _code(account.wallet, "The wallet", 1, required=True),
        "registration": "1",
        "document_type": "1",
        "boleto_issuer": "2",
        "boleto_distribution": "2",
        "document_number": _code(
            title.document_number, label("the document number"), 15, required=True
        ),
        "due_date": title.due_date,
        "amount": amount,
        "species": _digits(title.species, label("the species"), 2),
        "acceptance": _code(
            title.acceptance, label("the acceptance"), 1, required=True
        ),
        "issue_date": title.issue_date,
        "interest_code": "3",
        "discount_code": "0",
        "company_reference": _code(
            title.company_reference, label("the company reference"), 25
        ),
        "protest_code": _digits(title.protest_code, label("the protest code"), 1),
        "protest_days": _digits(
            title.protest_days, label("the protest days"), 2, required=False
        ),
        "writeoff_code": _digits(title.writeoff_code, label("the write-off code"), 1),
        "writeoff_days": _digits(
            title.writeoff_days, label("the write-off days"), 3, required=False
        ),
    }
    if title.issue_date > title.due_date:
        raise ValueError(label("the issue date is after the due date."))
    p.update(_interest_values(title, label))
    p.update(_discount_values(title, amount, label))
    p.update(_rebate_values(title, amount, label))
    return p


def _rebate_values(title: Title, amount: Decimal, label) -> dict:
    """The rebate (abatimento) of the title, less than its amount."""
    if title.rebate_amount is None:
        return {}
    rebate = _money(title.rebate_amount, label("the rebate"))
    if rebate >= amount:
        raise ValueError(label("the rebate is not less than the amount."))
    return {"rebate_amount": rebate}


def _segment_q(title: Title, movement_code: str, payer: dict, label) -> dict:
    """The values of segment Q: the payer (``payer`` from :func:`_payer_values`)."""
    return {
        "movement_code": movement_code,
        **payer,
        "payer_name": _text(title.payer_name, label("the payer name"), 40),
        "payer_address": _text(title.payer_address, label("the payer address"), 40),
        "payer_district": _text(
            title.payer_district, label("the payer district"), 15, required=False
        ),
        "payer_city": _text(title.payer_city, label("the payer city"), 15),
        "guarantor_document_type": "0",
        "correspondent_bank": "000",
    }


def _segment_r(title: Title, movement_code: str, label) -> dict | None:
    """The values of segment R (the fine), or None for a title without one."""
    if title.fine_percent is None:
        if title.fine_date is not None:
            raise ValueError(label("a fine date without a fine percentage."))
        return None
    percent = _money(title.fine_percent, label("the fine percentage"))
    if percent >= 100:
        raise ValueError(label("the fine percentage must be less than 100."))
    return {
        "movement_code": movement_code,
        "fine_code": "2",
        "fine_date": title.fine_date or title.due_date + timedelta(days=1),
        "fine_amount": percent,
    }


def _title_segments(title: Title, index: int, account: BankAccount) -> list:
    """``(layout, values)`` of the P, Q and, for a fine, R segments of a title.

    The title is checked in a fixed order (dates, amount, payer document, ZIP
    code and state, then the fields of P, Q and R), so that the first error
    found is the one reported.
    """
    name = f"Title {index} ({title.document_number or title.nosso_numero})"

    def label(what: str) -> str:
        return f"{name}: {what}"

    _check_title_dates(title, label)
    amount = _money(title.amount, label("the amount"))
    payer = _payer_values(title, label)
    p = _segment_p(title, account, amount, label)
    q = _segment_q(title, p["movement_code"], payer, label)
    segments = [(SEGMENT_P, p), (SEGMENT_Q, q)]
    # the fine is registered with the title; an instruction (another
    # movement) repeats P and Q only
    r = _segment_r(title, p["movement_code"], label)
    if r is not None and p["movement_code"] == "01":
        segments.append((SEGMENT_R, r))
    return segments


def remittance(
    company: Company,
    account: BankAccount,
    titles: list[Title],
    *,
    file_sequence: int,
    generated_at: datetime,
) -> bytes:
    """A CNAB 240 collection remittance registering ``titles``, one batch.

    File header, batch header (operation R, service 01), segments P, Q and (for
    a fine) R per title, batch trailer and file trailer: 240 upper-case ASCII
    characters a line, CRLF line ends.  Interest and the discount go in segment
    P, where FEBRABAN puts them (discount 1); segment R carries the fine.  Free
    text (names, address, district, city) is folded and cut to its field;
    codes and numbers that do not fit raise.  A title whose movement code is
    not 01 is an instruction about a registered title (segments P and Q,
    :func:`cnab_instruction.instruction_title`): a file may carry only those.

    :param file_sequence: the file's sequence number (NSA), 1 to 999999, also
        written as the batch's remittance number.
    :raises ValueError: naming the title and field, on missing or invalid data.
    """
    if not titles:
        raise ValueError("A remittance needs at least one title.")
    if not isinstance(file_sequence, int) or not 1 <= file_sequence <= 999999:
        raise ValueError(f"The file sequence {file_sequence!r} is not 1 to 999999.")
    if not isinstance(generated_at, datetime):
        raise TypeError(f"generated_at must be a datetime, got {generated_at!r}.")
    bank = _digits(account.bank_code, "The bank code", 3)
    if len(bank) != 3:
        raise ValueError(f"The bank code {account.bank_code!r} is not 3 digits.")
    company_type, company_document = _document(company.document, "The company document")
    company_name = _text(company.name, "The company name", 30)
    common = {"bank": bank}
    account_values = _account_values(account)
    agreement = _code(account.agreement, "The agreement", 20)

    lines = [
        write_record(
            FILE_HEADER,
            {
                **common,
                "company_document_type": company_type,
                "company_document": company_document,
                "agreement": agreement,
                **account_values,
                "company_name": company_name,
                "bank_name": _text(account.bank_name, "The bank name", 30),
                "file_code": REMITTANCE_FILE_CODE,
                "generation_date": generated_at.date(),
                "generation_time": generated_at.time(),
                "file_sequence": file_sequence,
                "layout_version": _digits(
                    account.file_layout_version, "The file layout version", 3
                ),
            },
        ),
        write_record(
            BATCH_HEADER,
            {
                **common,
                "batch": 1,
                "operation": REMITTANCE_OPERATION,
                "service": COLLECTION_SERVICE,
                "layout_version": _digits(
                    account.batch_layout_version, "The batch layout version", 3
                ),
                "company_document_type": company_type,
                "company_document": company_document,
                "agreement": agreement,
                **account_values,
                "company_name": company_name,
                "file_sequence": file_sequence,
                "recording_date": generated_at.date(),
            },
        ),
    ]
    totals = {}
    sequence = 0
    for index, title in enumerate(titles, 1):
        for layout, values in _title_segments(title, index, account):
            sequence += 1
            lines.append(
                write_record(
                    layout, {**common, "batch": 1, "sequence": sequence, **values}
                )
            )
    wallet_totals = _WALLET_TOTALS.get(ascii_upper(account.wallet))
    if wallet_totals:
        count_name, total_name = wallet_totals
        totals[count_name] = len(titles)
        totals[total_name] = sum(
            (_decimal(title.amount) for title in titles), Decimal("0.00")
        )
    lines.append(
        write_record(
            BATCH_TRAILER,
            {**common, "batch": 1, "record_count": sequence + 2, **totals},
        )
    )
    lines.append(
        write_record(
            FILE_TRAILER,
            {**common, "batch_count": 1, "record_count": len(lines) + 1},
        )
    )
    return ("\r\n".join(lines) + "\r\n").encode("ascii")
