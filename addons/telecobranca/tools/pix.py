# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Static Pix BR Code: build and read the "copia e cola" payload.

The payload is an EMV Merchant-Presented QR Code (EMV MPM) as profiled by the
Banco Central do Brasil in the *Manual de Padrões para Iniciação do Pix*: a
string of TLV fields, each an ``ID`` (2 digits), a ``length`` (2 digits) and
the value, ending with a CRC16 field.  Fields written by :func:`payload`:

====  =========================================  ===============================
 ID   meaning                                    value
====  =========================================  ===============================
 00   payload format indicator                   ``01``
 26   merchant account information (template)   00 GUI ``br.gov.bcb.pix``,
                                                 01 Pix key, 02 description
 52   merchant category code                     ``0000``
 53   transaction currency (ISO 4217)            ``986`` (BRL)
 54   transaction amount (omitted when open)     ``%.2f``
 58   country code                               ``BR``
 59   merchant name                              at most 25 characters
 60   merchant city                              at most 15 characters
 62   additional data field (template)           05 txid, ``***`` when none
 63   CRC16-CCITT-FALSE of everything before,    4 upper-case hex digits
      including ``6304``
====  =========================================  ===============================

Only the standard library is used; the module knows nothing of Odoo.
"""

import re
import unicodedata
from decimal import Decimal, InvalidOperation

GUI = "br.gov.bcb.pix"
NO_TXID = "***"

# Top-level field IDs.
ID_PAYLOAD_FORMAT = "00"
ID_POINT_OF_INITIATION = "01"
ID_MERCHANT_ACCOUNT = "26"
ID_MERCHANT_CATEGORY = "52"
ID_CURRENCY = "53"
ID_AMOUNT = "54"
ID_COUNTRY = "58"
ID_MERCHANT_NAME = "59"
ID_MERCHANT_CITY = "60"
ID_ADDITIONAL_DATA = "62"
ID_CRC = "63"
# Inside the merchant account information template.
SUB_GUI = "00"
SUB_KEY = "01"
SUB_DESCRIPTION = "02"
SUB_URL = "25"
# Inside the additional data field template.
SUB_TXID = "05"

PAYLOAD_FORMAT = "01"
MERCHANT_CATEGORY = "0000"
CURRENCY_BRL = "986"
COUNTRY = "BR"

MAX_FIELD_LENGTH = 99
MAX_NAME_LENGTH = 25
MAX_CITY_LENGTH = 15
MAX_TXID_LENGTH = 25
MAX_AMOUNT_LENGTH = 13
MAX_EMAIL_LENGTH = 77
CRC_FIELD_PREFIX = ID_CRC + "04"

# EMV templates: their value is itself a list of TLV fields.
TEMPLATE_IDS = frozenset(
    [f"{i:02d}" for i in range(26, 52)]
    + ["62", "64"]
    + [f"{i:02d}" for i in range(80, 100)]
)
MANDATORY_IDS = (
    (ID_PAYLOAD_FORMAT, "payload format indicator"),
    (ID_MERCHANT_CATEGORY, "merchant category code"),
    (ID_CURRENCY, "transaction currency"),
    (ID_COUNTRY, "country code"),
    (ID_MERCHANT_NAME, "merchant name"),
    (ID_MERCHANT_CITY, "merchant city"),
    (ID_ADDITIONAL_DATA, "additional data field"),
)

_EVP_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_PHONE_RE = re.compile(r"\+55[1-9]{2}9[0-9]{8}")
_EMAIL_RE = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+"
)
_TXID_RE = re.compile(rf"[A-Za-z0-9]{{1,{MAX_TXID_LENGTH}}}")
# "10", "10.5", "10.50" and "10." (the BR Code allows a trailing point).
_AMOUNT_RE = re.compile(r"[0-9]+(\.[0-9]*)?|\.[0-9]+")
_URL_SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://")
_DOCUMENT_PUNCTUATION = re.compile(r"[.\-/ ]")
_PHONE_PUNCTUATION = re.compile(r"[\s()\-]")


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------


def crc16(data: str) -> str:
    """CRC16-CCITT-FALSE (poly 0x1021, init 0xFFFF) of ``data`` as 4 hex digits.

    The text is taken as UTF-8 bytes; the result is upper-case, as the BR Code
    wants it (``crc16("123456789") == "29B1"``, the standard check value).
    """
    crc = 0xFFFF
    for byte in data.encode("utf-8"):
        crc ^= byte << 8
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def fold(text: str) -> str:
    """``text`` in printable ASCII: accents removed, other characters dropped.

    Runs of white space become one blank and the ends are stripped
    (``"São  Paulo"`` gives ``"Sao Paulo"``).  Case is kept.
    """
    decomposed = unicodedata.normalize("NFKD", text or "")
    kept = []
    for char in decomposed:
        if char.isspace():
            kept.append(" ")
        elif " " <= char <= "~":
            kept.append(char)
        # combining accents and anything outside printable ASCII are dropped
    return " ".join("".join(kept).split())


def _check_digits_valid(digits: str, weights_list) -> bool:
    """Modulo-11 check digits of CPF and CNPJ: one weight list per digit."""
    for weights in weights_list:
        weights = tuple(weights)
        pairs = zip(digits, weights, strict=False)
        total = sum(int(digit) * weight for digit, weight in pairs)
        remainder = total % 11
        expected = 0 if remainder < 2 else 11 - remainder
        if int(digits[len(weights)]) != expected:
            return False
    return True


def is_valid_cpf(digits: str) -> bool:
    """Whether ``digits`` (11 digits, no punctuation) is a valid CPF."""
    if not re.fullmatch(r"[0-9]{11}", digits or "") or len(set(digits)) == 1:
        return False
    return _check_digits_valid(digits, (range(10, 1, -1), range(11, 1, -1)))


def is_valid_cnpj(digits: str) -> bool:
    """Whether ``digits`` (14 digits, no punctuation) is a valid CNPJ."""
    if not re.fullmatch(r"[0-9]{14}", digits or "") or len(set(digits)) == 1:
        return False
    first = (5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
    second = (6,) + first
    return _check_digits_valid(digits, (first, second))


def key_type(key: str) -> tuple[str, str]:
    """Kind and canonical form of a Pix key, or ``ValueError`` when it is none.

    Returns ``(kind, key)`` with kind one of ``cpf``, ``cnpj``, ``email``,
    ``phone`` or ``evp`` (random key).  Canonical forms: CPF and CNPJ as bare
    digits (dots, dashes, slashes and blanks are removed first), a phone as
    ``+55`` + area code + 9-digit mobile number (blanks, dashes and brackets
    removed), an EVP in lower case, an e-mail as given.
    """
    if not isinstance(key, str) or not key.strip():
        raise ValueError("The Pix key is missing.")
    key = key.strip()
    if _EVP_RE.fullmatch(key.lower()):
        return "evp", key.lower()
    if key.startswith("+"):
        phone = _PHONE_PUNCTUATION.sub("", key)
        if _PHONE_RE.fullmatch(phone):
            return "phone", phone
        raise ValueError(
            f"Invalid Pix key {key!r}: a phone key is +55, a 2-digit area code "
            "and a 9-digit mobile number."
        )
    if "@" in key:
        if len(key) <= MAX_EMAIL_LENGTH and _EMAIL_RE.fullmatch(key):
            return "email", key
        raise ValueError(
            f"Invalid Pix key {key!r}: not an e-mail address of at most "
            f"{MAX_EMAIL_LENGTH} characters."
        )
    digits = _DOCUMENT_PUNCTUATION.sub("", key)
    if len(digits) == 11 and is_valid_cpf(digits):
        return "cpf", digits
    if len(digits) == 14 and is_valid_cnpj(digits):
        return "cnpj", digits
    raise ValueError(
        f"Invalid Pix key {key!r}: not a CPF, CNPJ, e-mail, +55 phone number "
        "or random (EVP) key."
    )


def _amount_text(amount) -> str:
    """``amount`` as the BR Code writes it (``"10.50"``), or ``ValueError``."""
    if isinstance(amount, bool) or not isinstance(amount, int | float | Decimal | str):
        raise TypeError(f"The amount must be a number, got {amount!r}.")
    try:
        value = Decimal(repr(amount) if isinstance(amount, float) else amount)
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(f"Invalid amount {amount!r}.") from None
    if not value.is_finite() or value <= 0:
        raise ValueError(f"The amount must be greater than zero, got {amount!r}.")
    cents = value.quantize(Decimal("0.01"))
    if cents != value:
        raise ValueError(f"The amount {amount!r} has more than 2 decimal places.")
    text = f"{cents:f}"
    if len(text) > MAX_AMOUNT_LENGTH:
        raise ValueError(f"The amount {amount!r} is too large for a BR Code.")
    return text


def _tlv(field_id: str, value: str) -> str:
    if len(value) > MAX_FIELD_LENGTH:
        raise ValueError(
            f"Field {field_id} is {len(value)} characters long, "
            f"more than {MAX_FIELD_LENGTH}."
        )
    return f"{field_id}{len(value):02d}{value}"


# --------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------


def payload(
    key: str,
    *,
    amount=None,
    merchant_name: str,
    merchant_city: str,
    txid: str | None = None,
    description: str | None = None,
) -> str:
    """The static Pix BR Code ("copia e cola") for ``key``.

    :param key: the receiver's Pix key (CPF, CNPJ, e-mail, +55 mobile number or
        random EVP key), validated and put in canonical form (see
        :func:`key_type`).
    :param amount: ``Decimal``, ``int``, ``float`` or numeric string, > 0 with
        at most 2 decimal places; ``None`` lets the payer type the amount.
    :param merchant_name: folded to ASCII (:func:`fold`), cut to 25 characters.
    :param merchant_city: folded to ASCII, cut to 15 characters.
    :param txid: 1 to 25 letters and digits; ``None`` writes ``***``.
    :param description: free text for the payer, folded to ASCII; the key and
        it must fit the 99 characters of field 26.
    :raises ValueError: on any invalid input.
    """
    _kind, key = key_type(key)
    name = fold(merchant_name)[:MAX_NAME_LENGTH].strip()
    city = fold(merchant_city)[:MAX_CITY_LENGTH].strip()
    if not name:
        raise ValueError("The merchant name is missing.")
    if not city:
        raise ValueError("The merchant city is missing.")
    if txid is None or txid == NO_TXID:
        txid = NO_TXID
    elif not isinstance(txid, str) or not _TXID_RE.fullmatch(txid):
        raise ValueError(
            f"Invalid txid {txid!r}: 1 to {MAX_TXID_LENGTH} letters and digits."
        )
    description = fold(description or "")

    account_info = _tlv(SUB_GUI, GUI) + _tlv(SUB_KEY, key)
    if description:
        account_info += _tlv(SUB_DESCRIPTION, description)
    if len(account_info) > MAX_FIELD_LENGTH:
        raise ValueError(
            f"The key and description take {len(account_info)} characters in "
            f"field 26, more than {MAX_FIELD_LENGTH}: shorten the description."
        )

    parts = [
        _tlv(ID_PAYLOAD_FORMAT, PAYLOAD_FORMAT),
        _tlv(ID_MERCHANT_ACCOUNT, account_info),
        _tlv(ID_MERCHANT_CATEGORY, MERCHANT_CATEGORY),
        _tlv(ID_CURRENCY, CURRENCY_BRL),
    ]
    if amount is not None:
        parts.append(_tlv(ID_AMOUNT, _amount_text(amount)))
    parts += [
        _tlv(ID_COUNTRY, COUNTRY),
        _tlv(ID_MERCHANT_NAME, name),
        _tlv(ID_MERCHANT_CITY, city),
        _tlv(ID_ADDITIONAL_DATA, _tlv(SUB_TXID, txid)),
        CRC_FIELD_PREFIX,
    ]
    text = "".join(parts)
    return text + crc16(text)


# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------


def _read_tlv(text: str, where: str) -> list[tuple[str, str]]:
    """The ``(id, value)`` pairs of a TLV string, or ``ValueError``."""
    fields = []
    position = 0
    while position < len(text):
        header = text[position : position + 4]
        if len(header) < 4:
            raise ValueError(
                f"Malformed BR Code: truncated field header {header!r} "
                f"at position {position} of {where}."
            )
        field_id, length = header[:2], header[2:]
        if not (field_id.isascii() and field_id.isdigit()):
            raise ValueError(
                f"Malformed BR Code: field ID {field_id!r} is not 2 digits "
                f"(position {position} of {where})."
            )
        if not (length.isascii() and length.isdigit()):
            raise ValueError(
                f"Malformed BR Code: length {length!r} of field {field_id} is not "
                f"2 digits (position {position} of {where})."
            )
        start = position + 4
        end = start + int(length)
        if end > len(text):
            raise ValueError(
                f"Malformed BR Code: field {field_id} of {where} declares "
                f"{int(length)} characters but only {len(text) - start} remain."
            )
        fields.append((field_id, text[start:end]))
        position = end
    return fields


def _tree(text: str, where: str, *, top: bool = True) -> dict:
    """The TLV fields of ``text`` as a dict; templates are read into dicts too."""
    tree = {}
    for field_id, value in _read_tlv(text, where):
        if field_id in tree:
            raise ValueError(
                f"Malformed BR Code: field {field_id} repeated in {where}."
            )
        if top and field_id in TEMPLATE_IDS:
            value = _tree(value, f"field {field_id}", top=False)
        tree[field_id] = value
    return tree


def parse(payload: str) -> dict:
    """Read a BR Code and check it: CRC, TLV structure and mandatory fields.

    Returns a dict with ``payload_format``, ``point_of_initiation`` (``None``,
    ``"11"`` or ``"12"``), ``gui``, ``key`` (``None`` in a dynamic code),
    ``url`` (field 26-25 of a dynamic code, else ``None``), ``description``,
    ``merchant_category_code``, ``currency``, ``amount`` (``Decimal`` or
    ``None``), ``country``, ``merchant_name``, ``merchant_city``, ``txid``
    (``None`` for ``***``), ``crc`` and ``fields``: the raw TLV tree, a dict
    from field ID to value, templates (26-51, 62, 64, 80-99) being dicts too.

    The BR Code rules of the *Manual de Padrões para Iniciação do Pix* are
    checked too: merchant name of at most 25 and city of at most 15 ASCII
    characters, a location URL (26-25) written without its scheme, an amount
    of at most 13 characters (``10``, ``10.5`` and ``10.`` are valid).

    :raises ValueError: bad CRC, malformed TLV (non-digit ID or length, a
        length running past the end, a repeated field), a CRC field that is
        not the last one, a missing mandatory field or a broken BR Code rule.
    """
    if not isinstance(payload, str) or not payload:
        raise ValueError("The BR Code is empty.")
    payload = payload.strip()
    fields = _tree(payload, "the payload")
    if ID_CRC not in fields:
        raise ValueError("Missing mandatory field 63 (CRC16).")
    crc_at = len(payload) - 8
    if payload[crc_at : crc_at + 4] != CRC_FIELD_PREFIX:
        raise ValueError("The CRC16 field 63 must be the last one, 4 characters long.")
    expected = crc16(payload[: crc_at + 4])
    given = fields[ID_CRC].upper()
    if given != expected:
        raise ValueError(
            f"Bad CRC16: the BR Code says {given}, the data gives {expected}."
        )

    for field_id, label in MANDATORY_IDS:
        if field_id not in fields:
            raise ValueError(f"Missing mandatory field {field_id} ({label}).")
    if next(iter(fields)) != ID_PAYLOAD_FORMAT:
        raise ValueError("The payload format indicator (field 00) must come first.")
    if fields[ID_PAYLOAD_FORMAT] != PAYLOAD_FORMAT:
        raise ValueError(f"Unknown payload format {fields[ID_PAYLOAD_FORMAT]!r}.")

    account = _pix_account(fields)
    additional = fields[ID_ADDITIONAL_DATA]
    if SUB_TXID not in additional:
        raise ValueError("Missing mandatory field 62-05 (txid).")
    amount = None
    if ID_AMOUNT in fields:
        text = fields[ID_AMOUNT]
        if len(text) > MAX_AMOUNT_LENGTH or not _AMOUNT_RE.fullmatch(text):
            raise ValueError(f"Invalid amount {text!r} in field 54.")
        amount = Decimal(text)
    _check_text(fields[ID_MERCHANT_NAME], "59", "merchant name", MAX_NAME_LENGTH)
    _check_text(fields[ID_MERCHANT_CITY], "60", "merchant city", MAX_CITY_LENGTH)
    url = account.get(SUB_URL)
    if url is not None and _URL_SCHEME_RE.match(url):
        raise ValueError(
            f"The location URL {url!r} (field 26-25) must be written without "
            "its scheme (no https://)."
        )
    txid = additional[SUB_TXID]
    return {
        "payload_format": fields[ID_PAYLOAD_FORMAT],
        "point_of_initiation": fields.get(ID_POINT_OF_INITIATION),
        "gui": account[SUB_GUI],
        "key": account.get(SUB_KEY),
        "url": account.get(SUB_URL),
        "description": account.get(SUB_DESCRIPTION),
        "merchant_category_code": fields[ID_MERCHANT_CATEGORY],
        "currency": fields[ID_CURRENCY],
        "amount": amount,
        "country": fields[ID_COUNTRY],
        "merchant_name": fields[ID_MERCHANT_NAME],
        "merchant_city": fields[ID_MERCHANT_CITY],
        "txid": None if txid == NO_TXID else txid,
        "crc": given,
        "fields": fields,
    }


def _check_text(value, field_id: str, label: str, size: int):
    """A merchant name or city: 1 to ``size`` printable ASCII characters."""
    if not isinstance(value, str) or not value:
        raise ValueError(f"The {label} (field {field_id}) is empty.")
    if len(value) > size:
        raise ValueError(
            f"The {label} (field {field_id}) has {len(value)} characters, "
            f"more than {size}."
        )
    if not all(" " <= char <= "~" for char in value):
        raise ValueError(
            f"The {label} {value!r} (field {field_id}) may only contain ASCII "
            "characters (no accents)."
        )


def _pix_account(fields: dict) -> dict:
    """The merchant account template (IDs 26-51) whose GUI is the Pix one."""
    for field_id in sorted(fields):
        value = fields[field_id]
        if (
            "26" <= field_id <= "51"
            and isinstance(value, dict)
            and value.get(SUB_GUI, "").lower() == GUI
        ):
            if SUB_KEY not in value and SUB_URL not in value:
                raise ValueError(
                    f"Missing mandatory field {field_id}-01 (Pix key) or -25 (URL)."
                )
            return value
    raise ValueError(
        f"Missing mandatory field 26 (merchant account information with GUI {GUI!r})."
    )
