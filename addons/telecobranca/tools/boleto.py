# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Brazilian bank slips (boletos de cobrança): barcode, digitable line, bars.

Pure Python (standard library only, no ``odoo`` import). The module has four
parts, read top to bottom:

1. check-digit helpers (modulo 10 and modulo 11) and the FEBRABAN due factor;
2. one small function per bank that builds its 25-digit free field ("campo
   livre") together with the "nosso número" and the "Agência/Código do
   Beneficiário" as printed on the slip; they are registered in
   :data:`FREE_FIELD_BUILDERS` and :func:`compute` assembles the slip;
3. :func:`parse_digitable_line` / :func:`parse_barcode`, which validate every
   check digit and decode amount and due date;
4. the interleaved 2 of 5 (ITF) bars and an SVG drawing of the barcode.

FEBRABAN barcode, 44 digits::

    bank(3) currency(1) DV(1) due factor(4) amount in cents(10) free field(25)

Digitable line, 47 digits (shown as ``AAAAA.AAAAA BBBBB.BBBBBB CCCCC.CCCCCC D
EEEEEEEEEEEEEE``): field 1 = bank, currency and free field 1-5 plus a modulo 10
digit; field 2 = free field 6-15 plus a modulo 10 digit; field 3 = free field
16-25 plus a modulo 10 digit; field 4 = the barcode DV; field 5 = due factor
and amount.

Parameters of :func:`compute` shared by the banks: ``agency`` is the branch
(cooperative for Sicredi/Sicoob) without check digit, ``account`` the current
account without check digit, ``agreement`` the code the bank gives the
beneficiary (convênio, código do beneficiário/cedente, código do cliente),
``wallet`` the carteira and ``nosso_numero`` the number identifying the slip,
without check digit. Numbers may be given as str or int; they are left-padded
with zeros, and a ValueError is raised when they are too long for the bank.

:func:`compute` runs for every slip of a batch, so it is written for speed
where that pays: check digits over bytes (see :func:`_weighted_sum`), values
that only depend on the account cached, no dataclass __init__. The plain
version lives on as the reference of ``tests/unit/test_boleto_reference.py``,
which checks both give the same results on thousands of random inputs.
"""

import functools
import itertools
import operator
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

CURRENCY_REAL = "9"

# FEBRABAN due factor: days since 07/10/1997, so 03/07/2000 is factor 1000
# and 21/02/2025 is factor 9999. On 22/02/2025 the factor went back to 1000
# (FEBRABAN notices FB-082 and FB-122): every cycle covers 9000 days.
FACTOR_BASE_DATE = date(1997, 10, 7)
FIRST_FACTOR_DATE = date(2000, 7, 3)
NEW_CYCLE_START = date(2025, 2, 22)
FACTOR_CYCLE_DAYS = 9000
LAST_FACTOR_DATE = NEW_CYCLE_START + timedelta(days=FACTOR_CYCLE_DAYS - 1)

MAX_AMOUNT = Decimal("99999999.99")
CENT = Decimal("0.01")

# Modulo 11 "result" mappings (the result is 11 - remainder, so 1 to 11).
BARCODE_DV_RESULTS = {10: "1", 11: "1"}  # barcode DV: never 0 (remainder 0/1/10)
ZERO_ABOVE_9 = {10: "0", 11: "0"}  # "if the result is above 9 the digit is 0"
BB_RESULTS = {10: "X", 11: "0"}
BRADESCO_RESULTS = {10: "P", 11: "0"}

# Check digit of the bank code, printed next to it ("001-9"). Not derivable
# from one rule (104-0 and 748-X give the same remainder), hence the table.
BANK_CODE_DIGITS = {
    "001": "9",
    "004": "3",
    "021": "3",
    "033": "7",
    "041": "8",
    "070": "1",
    "077": "9",
    "084": "1",
    "085": "0",
    "097": "3",
    "104": "0",
    "136": "8",
    "237": "2",
    "341": "7",
    "422": "7",
    "745": "5",
    "748": "X",
    "756": "0",
}

BANK_NAMES = {
    "001": "Banco do Brasil",
    "004": "Banco do Nordeste",
    "021": "Banestes",
    "033": "Santander",
    "041": "Banrisul",
    "070": "BRB",
    "077": "Inter",
    "084": "Uniprime",
    "085": "Ailos",
    "097": "CrediSIS",
    "104": "Caixa Econômica Federal",
    "136": "Unicred",
    "237": "Bradesco",
    "341": "Itaú",
    "422": "Safra",
    "745": "Citibank",
    "748": "Sicredi",
    "756": "Sicoob",
}


# ---------------------------------------------------------------------------
# Check digits
# ---------------------------------------------------------------------------


# The check digits are computed over bytes rather than characters:
# "407".encode().translate(_DIGIT_VALUES) is b"\x04\x00\x07", and iterating
# over bytes gives ints, so sum() and map() do the arithmetic in C instead of
# calling int() on every character. Every slip computes at least five check
# digits (one over 43 digits): this is where most of the time goes.
_DIGIT_VALUES = bytes.maketrans(b"0123456789", bytes(range(10)))
# Modulo 10 doubles every other digit and adds the digits of the product:
# 0, 1, 2, 3, 4 give 0, 2, 4, 6, 8 and 5, 6, 7, 8, 9 give 10, 12, ... -> 1, 3, ...
_DOUBLED_DIGIT_SUMS = bytes.maketrans(
    bytes(range(10)), bytes((0, 2, 4, 6, 8, 1, 3, 5, 7, 9))
)


def _digit_values(number: str) -> bytes:
    """The digits of ``number`` as bytes holding their values 0-9.

    Raises ValueError for anything but digits, like int() of each character.
    """
    if not (number.isdigit() and number.isascii()):
        # Other Unicode decimal digits are accepted (int() reads them),
        # anything else raises ValueError from int().
        number = "".join(str(int(char)) for char in number)
    return number.encode().translate(_DIGIT_VALUES)


# The modulo 10 check digit by total % 10, i.e. (10 - total % 10) % 10.
_MODULO10_DIGITS = "0987654321"


def modulo10(number: str) -> str:
    """Modulo 10 check digit (FEBRABAN digitable line fields).

    From the right, the digits are multiplied by 2, 1, 2, 1...; the digits of
    each product are added; the check digit is what is missing to reach the
    next multiple of ten (0 when the total already is one).
    """
    values = _digit_values(number)
    doubled = values[::-2]  # the rightmost digit, then every other one
    kept = values[-2::-2]  # the others, multiplied by 1
    total = sum(doubled.translate(_DOUBLED_DIGIT_SUMS)) + sum(kept)
    return _MODULO10_DIGITS[total % 10]


def weighted_sum(number: str, weights) -> int:
    """Sum of digit x weight, the rightmost digit taking ``weights[0]``.

    The weights repeat when the number is longer than the sequence.
    """
    weights = tuple(weights)
    if not weights:
        raise ValueError("No weights given.")
    return _weighted_sum(_digit_values(number), weights)


# 256**period - 1 by period, for the folding in _weighted_sum().
_FOLDING_MODULI = {period: 256**period - 1 for period in range(1, 9)}


def _weighted_sum(values: bytes, weights: tuple[int, ...]) -> int:
    """:func:`weighted_sum` of digit values (the last one takes weights[0])."""
    period = len(weights)
    if len(values) > period:
        if len(values) > 28 * period:  # far longer than any FEBRABAN number
            return sum(map(operator.mul, reversed(values), itertools.cycle(weights)))
        # Trick, to avoid one multiplication per digit: the digits sharing a
        # weight (positions i, i + period, i + 2 * period... from the right)
        # are first added up all at once by integer arithmetic. Read as one
        # base-256 number, the values are sum(value_i * 256**i), i counted
        # from the right. As 256**period leaves 1 modulo 256**period - 1,
        # reducing the number modulo 256**period - 1 folds it into ``period``
        # bytes, byte i (from the right) being the sum of the values at
        # positions i, i + period, ... No carry goes from one byte to the next
        # while each sum stays below 256: 28 digits (of at most 9) per byte.
        modulus = _FOLDING_MODULI.get(period) or 256**period - 1
        folded = int.from_bytes(values, "big") % modulus
        values = folded.to_bytes(period, "big")
    return sum(map(operator.mul, reversed(values), weights))


# Modulo 11 weights 2, 3, ... max_weight, by max_weight.
_MODULO11_WEIGHTS = {size: tuple(range(2, size + 1)) for size in range(2, 10)}


def modulo11(number: str, *, max_weight: int = 9, results=None) -> str:
    """Modulo 11 check digit with weights 2, 3, ... ``max_weight`` from the right.

    The result is ``11 - (weighted sum % 11)``, a number from 1 to 11. The
    results 10 and 11 are not digits: each bank says what to print instead,
    given here as ``results`` (e.g. :data:`BARCODE_DV_RESULTS`).
    """
    weights = _MODULO11_WEIGHTS.get(max_weight) or tuple(range(2, max_weight + 1))
    if not weights:
        raise ValueError(f"Modulo 11 needs max_weight 2 or more, not {max_weight}.")
    result = 11 - _weighted_sum(_digit_values(number), weights) % 11
    if results and result in results:
        return results[result]
    if result > 9:
        raise ValueError(f"Modulo 11 result {result} has no mapping.")
    return str(result)


def barcode_check_digit(barcode_without_dv: str) -> str:
    """General DV (position 5) of the 43 other digits of a barcode."""
    return modulo11(barcode_without_dv, results=BARCODE_DV_RESULTS)


# ---------------------------------------------------------------------------
# Due factor
# ---------------------------------------------------------------------------


def due_factor(d: date) -> int:
    """FEBRABAN due factor of a due date.

    Days since 07/10/1997 up to 21/02/2025 (factor 9999); from 22/02/2025 the
    count starts again at 1000 (i.e. days since 29/05/2022). Dates before
    03/07/2000 (factor 1000) or after the last day of the current cycle
    (factor 9999) raise ValueError.
    """
    d = _as_date(d, "due_date")
    if d < FIRST_FACTOR_DATE:
        raise ValueError(
            f"Due date {d:%d/%m/%Y} is before 03/07/2000, the first date that "
            "has a due factor (1000)."
        )
    if d < NEW_CYCLE_START:
        return (d - FACTOR_BASE_DATE).days
    if d > LAST_FACTOR_DATE:
        raise ValueError(
            f"Due date {d:%d/%m/%Y} is after {LAST_FACTOR_DATE:%d/%m/%Y}, the "
            "last date of the current due factor cycle (factor 9999)."
        )
    return 1000 + (d - NEW_CYCLE_START).days


def date_from_factor(factor: int, reference: date | None = None) -> date:
    """Due date of a factor (1000-9999), in the cycle nearest to ``reference``.

    A factor names one date per 9000-day cycle (factor 1000 is 03/07/2000 and
    22/02/2025, ...); the candidate closest to ``reference`` (default: today)
    is returned.
    """
    if isinstance(factor, bool) or not isinstance(factor, int):
        raise TypeError("The due factor must be an int.")
    if not 1000 <= factor <= 9999:
        raise ValueError(f"Due factor {factor} is outside 1000-9999.")
    reference = _as_date(reference or date.today(), "reference")
    first = FACTOR_BASE_DATE + timedelta(days=factor)
    cycle = max(0, round((reference - first).days / FACTOR_CYCLE_DAYS))
    return first + timedelta(days=cycle * FACTOR_CYCLE_DAYS)


def _as_date(value, name: str) -> date:
    if value.__class__ is date:  # the usual case, checked first for speed
        return value
    if hasattr(value, "date") and callable(value.date):  # a datetime
        value = value.date()
    if not isinstance(value, date):
        raise TypeError(f"'{name}' must be a date, got {value!r}.")
    return value


# ---------------------------------------------------------------------------
# Parameters given to the bank functions
# ---------------------------------------------------------------------------


class FreeField(NamedTuple):  # a named tuple: quicker to create than a dataclass
    """What a bank function returns."""

    free_field: str  # 25 digits, positions 20-44 of the barcode
    nosso_numero: str  # as printed on the slip, with its check digit
    agency_account: str  # "Agência/Código do Beneficiário" as printed


class SlipInput:
    """The keyword arguments of :func:`compute`, read by the bank functions."""

    def __init__(self, bank_code: str, amount: Decimal, values: dict):
        self.bank_code = bank_code
        self.amount = amount
        self.values = values

    def text(self, name: str) -> str | None:
        """The parameter as a stripped string, or None when not given."""
        value = self.values.get(name)
        if value is None or value is False:  # False: an empty Odoo field
            return None
        value = str(value).strip()
        return value or None

    def raw_digits(self, name: str, *, default: str | None = None) -> str:
        """The parameter, which must be digits only, without padding."""
        value = self.values.get(name)
        if value.__class__ is str and value.isdigit() and value.isascii():
            return value  # the usual case: nothing to strip, nothing missing
        if value is None or value is False:  # as in text(), without the call
            value = default
        else:
            value = str(value).strip() or default
        if value is None:
            raise ValueError(
                f"{BANK_NAMES[self.bank_code]} ({self.bank_code}) needs the "
                f"parameter '{name}'."
            )
        if not (value.isascii() and value.isdigit()):
            raise ValueError(f"'{name}' must contain only digits, got {value!r}.")
        return value

    def digits(self, name: str, size: int, *, default: str | None = None) -> str:
        """The parameter as exactly ``size`` digits, zero-padded on the left."""
        value = self.values.get(name)
        if not (value.__class__ is str and value.isdigit() and value.isascii()):
            value = self.raw_digits(name, default=default)  # the general case
        if len(value) > size:
            value = self._unpadded(name, value, size)
        return value.zfill(size)

    def sequence(self, name: str, size: int, prefix: str) -> str:
        """Like :meth:`digits`, also accepting the number already prefixed.

        Some banks build the nosso número as ``prefix + sequence``; callers may
        give either the sequence alone or the whole number.
        """
        value = self.raw_digits(name)
        if len(value) == len(prefix) + size and value.startswith(prefix):
            value = value[len(prefix) :]
        if len(value) > size:
            value = self._unpadded(name, value, size)
        return value.zfill(size)

    def _unpadded(self, name: str, value: str, size: int) -> str:
        """``value`` without the leading zeros beyond ``size`` digits.

        Banks and users pad numbers with zeros ("03" for the wallet 3):
        extra leading zeros do not change the number, other digits do.
        """
        unpadded = value.lstrip("0")
        if len(unpadded) > size:
            self._too_long(name, value, size)
        return unpadded

    def _too_long(self, name: str, value: str, size: int):
        raise ValueError(
            f"'{name}' has {len(value)} digits ({value}) but "
            f"{BANK_NAMES[self.bank_code]} allows at most {size}."
        )


def _with_digit(number: str, digit: str | None, separator: str = "-") -> str:
    return f"{number}{separator}{digit}" if digit else number


def _unpadded_code(code: str) -> str:
    """A numeric code without its padding zeros ("03" is the wallet "3")."""
    if code.isascii() and code.isdigit():
        return code.lstrip("0") or "0"
    return code


# ---------------------------------------------------------------------------
# Free field of each bank
# ---------------------------------------------------------------------------

# Banco do Brasil: length of the agreement -> length of the sequence.
BB_SEQUENCE_SIZES = {4: 7, 6: 5, 7: 10, 8: 9}


# The functions decorated with @_per_account compute what only depends on the
# account (the printed agency and account with their check digits): it is the
# same on every slip of an account, so it is computed once and kept.
_per_account = functools.lru_cache(maxsize=1024)


@_per_account
def _bb_agency_account(agency, account, agency_digit, account_digit) -> str:
    agency_digit = agency_digit or modulo11(agency, results=BB_RESULTS)
    account_digit = account_digit or modulo11(account, results=BB_RESULTS)
    return f"{agency}-{agency_digit} / {account}-{account_digit}"


def banco_do_brasil(p: SlipInput) -> FreeField:
    """001 Banco do Brasil.

    Source: "Especificações Técnicas para Confecção de Boleto de Cobrança do
    Banco do Brasil", annexes VII to XI. The length of ``agreement`` (the
    convênio, give it with its leading zeros) selects the layout:

    - 4 or 6 digits: nosso número = convênio + sequence (7 or 5 digits), 11
      digits with a modulo 11 check digit (X for 10); free field = nosso
      número + agency(4) + account(8) + wallet(2);
    - 6 digits with ``modality='21'``: 17-digit nosso número chosen freely,
      no check digit, wallet 16 or 18; free field = convênio + nosso
      número(17) + '21';
    - 7 (or 8) digits: nosso número = convênio + sequence of 10 (or 9), no
      check digit; free field = '000000' + nosso número(17) + wallet(2).
    """
    agreement = p.raw_digits("agreement")
    wallet = p.digits("wallet", 2)
    agency = p.digits("agency", 4)
    account = p.digits("account", 8)
    agency_account = _bb_agency_account(
        agency, account, p.text("agency_digit"), p.text("account_digit")
    )
    if len(agreement) not in BB_SEQUENCE_SIZES:
        raise ValueError(
            "The Banco do Brasil agreement (convênio) must have 4, 6, 7 or 8 "
            f"digits, got {agreement!r}."
        )
    if len(agreement) == 6 and p.text("modality") == "21":
        if wallet not in ("16", "18"):
            raise ValueError(
                "Banco do Brasil only allows the 17-digit nosso número (modality "
                f"21) with wallet 16 or 18, not {wallet}."
            )
        nosso_numero = p.digits("nosso_numero", 17)
        free_field = agreement + nosso_numero + "21"
        return FreeField(free_field, nosso_numero, agency_account)
    size = BB_SEQUENCE_SIZES[len(agreement)]
    nosso_numero = agreement + p.sequence("nosso_numero", size, prefix=agreement)
    if len(agreement) in (4, 6):
        free_field = nosso_numero + agency + account + wallet
        check = modulo11(nosso_numero, results=BB_RESULTS)
        return FreeField(free_field, f"{nosso_numero}-{check}", agency_account)
    free_field = "000000" + nosso_numero + wallet
    return FreeField(free_field, nosso_numero, agency_account)


def santander(p: SlipInput) -> FreeField:
    """033 Santander.

    Source: Santander "Código de Barras - Cobrança", v3.1 (January 2017).
    Free field = '9' + código do beneficiário (``agreement``, 7) + nosso
    número (12) + its modulo 11 digit + IOF (``iof``, '0' except insurers) +
    wallet (3, e.g. 101).
    """
    agreement = p.digits("agreement", 7)
    nosso_numero = p.digits("nosso_numero", 12)
    check = modulo11(nosso_numero, results=ZERO_ABOVE_9)
    iof = p.digits("iof", 1, default="0")
    wallet = p.digits("wallet", 3)
    free_field = "9" + agreement + nosso_numero + check + iof + wallet
    agency = p.digits("agency", 4)
    agency_account = (
        f"{_with_digit(agency, p.text('agency_digit'))} / "
        f"{_with_digit(agreement, p.text('agreement_digit'))}"
    )
    return FreeField(free_field, f"{nosso_numero}-{check}", agency_account)


CAIXA_WALLETS = {"1": "1", "RG": "1", "2": "2", "SR": "2"}


def caixa(p: SlipInput) -> FreeField:
    """104 Caixa Econômica Federal, SIGCB.

    Source: "Especificações Técnicas para Emissão de Boletos - Cobrança
    Bancária Caixa - SIGCB" (67.119 v010, April 2020), annexes III to VI.
    ``agreement`` is the código do beneficiário: up to 999999 it takes six
    positions plus its modulo 11 digit, from 1100000 on all seven positions.
    The 17-digit nosso número is wallet ('1'/'RG' registered, the default) +
    emission ('4', by the beneficiary) + ``nosso_numero`` (15); it may also be
    given whole. Free field = code(7) + NN 3-5 + NN 1 + NN 6-8 + NN 2 + NN
    9-17 + modulo 11 digit of the 24 previous digits.
    """
    code7, printed_code = _caixa_codes(p.raw_digits("agreement").lstrip("0") or "0")
    given = p.raw_digits("nosso_numero")
    if len(given) == 17:
        nosso_numero = given
    else:
        wallet = _unpadded_code((p.text("wallet") or "RG").upper())
        if wallet not in CAIXA_WALLETS:
            raise ValueError(f"Unknown Caixa wallet {wallet!r}: use RG (1) or SR (2).")
        emission = p.digits("emission", 1, default="4")
        nosso_numero = CAIXA_WALLETS[wallet] + emission + p.digits("nosso_numero", 15)
    nn = nosso_numero
    body = code7 + nn[2:5] + nn[0] + nn[5:8] + nn[1] + nn[8:17]
    free_field = body + modulo11(body, results=ZERO_ABOVE_9)
    printed = f"{nosso_numero}-{modulo11(nosso_numero, results=ZERO_ABOVE_9)}"
    agency_account = f"{p.digits('agency', 4)} / {printed_code}"
    return FreeField(free_field, printed, agency_account)


@_per_account
def _caixa_codes(code: str) -> tuple[str, str]:
    """The beneficiary code in the free field (7 digits) and as printed."""
    if len(code) > 7:
        raise ValueError(f"The Caixa beneficiary code {code} has more than 7 digits.")
    if 1 <= int(code) <= 999999:
        code6 = code.zfill(6)
        code7 = code6 + modulo11(code6, results=ZERO_ABOVE_9)
    elif int(code) >= 1100000:
        code7 = code
    else:
        raise ValueError(
            f"The Caixa beneficiary code {code} is outside the ranges "
            "000001-999999 and 1100000-9999999."
        )
    # Printed as XXXXXXX-D, D computed over the 7-position code.
    printed_code = code.zfill(7)
    return code7, f"{printed_code}-{modulo11(printed_code, results=ZERO_ABOVE_9)}"


@_per_account
def _bradesco_agency_account(agency, account, agency_digit, account_digit) -> str:
    agency_digit = agency_digit or modulo11(agency, results=BRADESCO_RESULTS)
    account_digit = account_digit or modulo11(account, results=BRADESCO_RESULTS)
    return f"{agency}-{agency_digit} / {account}-{account_digit}"


def bradesco(p: SlipInput) -> FreeField:
    """237 Bradesco.

    Source: Bradesco "Especificação de boleto" (August 2015), "Montagem dos
    Dados do Código de Barras". Free field = agency(4) + wallet(2) + nosso
    número(11) + account(7) + '0'. Printed nosso número: wallet/NN-D, D by
    modulo 11 with weights 2 to 7 over wallet + NN ('P' for 10, 0 for 11).
    """
    agency = p.digits("agency", 4)
    wallet = p.digits("wallet", 2)
    nosso_numero = p.digits("nosso_numero", 11)
    account = p.digits("account", 7)
    free_field = agency + wallet + nosso_numero + account + "0"
    check = modulo11(wallet + nosso_numero, max_weight=7, results=BRADESCO_RESULTS)
    agency_account = _bradesco_agency_account(
        agency, account, p.text("agency_digit"), p.text("account_digit")
    )
    return FreeField(free_field, f"{wallet}/{nosso_numero}-{check}", agency_account)


# Itaú wallets whose nosso número DAC uses wallet + nosso número only.
ITAU_SHORT_DAC_WALLETS = {"126", "131", "146", "150", "168"}
# Itaú wallets with the 15-position layout (nosso número + seu número).
ITAU_SEU_NUMERO_WALLETS = {"107", "122", "142", "143", "196", "198"}


@_per_account
def _itau_account_dac(agency: str, account: str) -> str:
    return modulo10(agency + account)


def itau(p: SlipInput) -> FreeField:
    """341 Itaú.

    Source: Itaú "Cobrança CNAB 400" (March 2015), annexes 2 to 5. Free
    field = wallet(3) + nosso número(8) + DAC + agency(4) + account(5) + DAC
    of agency + account + '000'. The nosso número DAC is modulo 10 of agency
    + account + wallet + NN, or of wallet + NN for wallets 126, 131, 146, 150
    and 168. Wallets 107, 122, 142, 143, 196 and 198 use wallet(3) + NN(8) +
    seu número (``document_number``, 7) + código do cliente (``agreement``,
    5) + modulo 10 DAC of those + '0'. A given ``account_digit`` must be the
    DAC of agency + account (Itaú's account digit).
    """
    wallet = p.digits("wallet", 3)
    nosso_numero = p.digits("nosso_numero", 8)
    agency = p.digits("agency", 4)
    account = p.digits("account", 5)
    account_dac = _itau_account_dac(agency, account)
    given_digit = p.text("account_digit")
    if given_digit and given_digit != account_dac:
        raise ValueError(
            f"Itaú account digit {given_digit} does not match the DAC "
            f"{account_dac} of agency {agency} and account {account}."
        )
    if wallet in ITAU_SHORT_DAC_WALLETS:
        nn_dac = modulo10(wallet + nosso_numero)
    else:
        nn_dac = modulo10(agency + account + wallet + nosso_numero)
    if wallet in ITAU_SEU_NUMERO_WALLETS:
        body = (
            wallet
            + nosso_numero
            + p.digits("document_number", 7)
            + p.digits("agreement", 5)
        )
        free_field = body + modulo10(body) + "0"
    else:
        free_field = (
            wallet + nosso_numero + nn_dac + agency + account + account_dac + "000"
        )
    return FreeField(
        free_field,
        f"{wallet}/{nosso_numero}-{nn_dac}",
        f"{agency}/{account}-{account_dac}",
    )


SICREDI_CHARGE_TYPES = {"1", "3"}  # 1 = registered, 3 = unregistered


def sicredi(p: SlipInput) -> FreeField:
    """748 Sicredi.

    Source: Sicredi "Manual CNAB 400" (August 2019), items 5.3-5.4 and 10.7.
    ``agency`` is the cooperative (4), ``post`` the posto (2), ``agreement``
    the código do beneficiário (5), ``wallet`` the charge type ('1'
    registered, the default, or '3'). The 9-digit nosso número is year(2) +
    byte (``byte_idt``, 2-9, default 2) + sequence(5) + modulo 11 digit of
    agency + post + code + those 8 digits. ``nosso_numero`` is either the
    sequence (year taken from ``issue_date``, default today) or the 8 digits
    year + byte + sequence. Free field = charge type + '1' (simple wallet) +
    nosso número(9) + agency(4) + post(2) + code(5) + '1' (amount given) +
    '0' + modulo 11 digit of the previous 24.
    """
    agency = p.digits("agency", 4)
    post = p.digits("post", 2)
    code = p.digits("agreement", 5)
    charge_type = _unpadded_code(p.text("wallet") or "1")
    if charge_type not in SICREDI_CHARGE_TYPES:
        raise ValueError(f"Sicredi wallet must be '1' or '3', got {charge_type!r}.")
    given = p.raw_digits("nosso_numero")
    if len(given) == 8:
        base = given
    else:
        issue_date = _as_date(p.values.get("issue_date") or date.today(), "issue_date")
        byte = p.digits("byte_idt", 1, default="2")
        if byte in ("0", "1"):
            raise ValueError("Sicredi byte_idt must be 2 to 9 (1 is for the bank).")
        base = f"{issue_date:%y}" + byte + p.digits("nosso_numero", 5)
    check = modulo11(agency + post + code + base, results=ZERO_ABOVE_9)
    nosso_numero = base + check
    value_flag = "1" if p.amount > 0 else "0"
    body = charge_type + "1" + nosso_numero + agency + post + code + value_flag + "0"
    free_field = body + modulo11(body, results=ZERO_ABOVE_9)
    printed = f"{base[:2]}/{base[2:]}-{check}"
    return FreeField(free_field, printed, f"{agency}.{post}.{code}")


# Sicoob nosso número weights, aligned from the left: 3197 3197 ...
SICOOB_WEIGHTS = (3, 1, 9, 7)


def sicoob_check_digit(cooperative: str, client: str, sequence: str) -> str:
    """Sicoob nosso número digit over cooperative(4) + client(10) + NN(7).

    Weights 3, 1, 9, 7 repeated from the left; 11 - remainder, 0 when the
    remainder is 0 or 1 ("constante 3197").
    """
    number = cooperative.zfill(4) + client.zfill(10) + sequence.zfill(7)
    from_the_left = _digit_values(number)[::-1]  # the last one takes weights[0]
    total = _weighted_sum(from_the_left, SICOOB_WEIGHTS)
    remainder = total % 11
    return "0" if remainder in (0, 1) else str(11 - remainder)


def sicoob(p: SlipInput) -> FreeField:
    """756 Sicoob.

    Source: Sicoob "Layouts para troca de informações" (February 2017),
    sheet "Especificações do Boleto", item 3.13. ``agency`` is the
    cooperative (4), ``agreement`` the código do cliente with its digit (7),
    ``wallet`` 1 (default), ``modality`` 2 digits (default 01, or
    ``wallet_variation``), ``installment`` 3 digits (default 001). Free
    field = wallet(1) + cooperative(4) + modality(2) + client(7) + nosso
    número(7) + its digit + installment(3).
    """
    wallet = p.digits("wallet", 1, default="1")
    cooperative = p.digits("agency", 4)
    modality = p.digits("modality", 2, default=p.text("wallet_variation") or "01")
    client = p.digits("agreement", 7)
    sequence = p.digits("nosso_numero", 7)
    check = sicoob_check_digit(cooperative, client, sequence)
    installment = p.digits("installment", 3, default="001")
    free_field = wallet + cooperative + modality + client + sequence + check
    free_field += installment
    return FreeField(free_field, f"{sequence}-{check}", f"{cooperative} / {client}")


def banrisul_double_digit(number: str) -> str:
    """Banrisul "NC": a modulo 10 digit followed by a modulo 11 digit.

    The modulo 11 digit uses weights 2 to 7 over the number plus the first
    digit; remainder 0 gives 0. Remainder 1 is invalid: the first digit is
    increased by one (9 becomes 0) and the modulo 11 is computed again.
    """
    first = int(modulo10(number))
    while True:
        remainder = weighted_sum(f"{number}{first}", _MODULO11_WEIGHTS[7]) % 11
        if remainder != 1:
            second = 0 if remainder == 0 else 11 - remainder
            return f"{first}{second}"
        first = (first + 1) % 10


def banrisul(p: SlipInput) -> FreeField:
    """041 Banrisul.

    Source: Banrisul "Cobrança - Leiaute CNAB 400 posições" (agency with 4
    digits), items 4.1 and 5.2. Free field = product (``wallet``: '2' slip
    printed by the beneficiary, the default, or '1') + '1' + agency(4) +
    código do beneficiário (``agreement``, 7) + nosso número(8) + '40' + the
    double check digit "NC" of the previous 23 digits.
    """
    product = p.digits("wallet", 1, default="2")
    agency = p.digits("agency", 4)
    code = p.digits("agreement", 7)
    nosso_numero = p.digits("nosso_numero", 8)
    body = product + "1" + agency + code + nosso_numero + "40"
    free_field = body + banrisul_double_digit(body)
    printed = f"{nosso_numero}.{banrisul_double_digit(nosso_numero)}"
    agency_account = (
        f"{_with_digit(agency, p.text('agency_digit'), '.')} / "
        f"{_with_digit(code[:6] + '.' + code[6], p.text('agreement_digit'), '.')}"
    )
    return FreeField(free_field, printed, agency_account)


def inter(p: SlipInput) -> FreeField:
    """077 Banco Inter.

    Inter registers every slip through its API and returns the nosso número
    (11 digits, its check digit included). Free field = agency(4, default
    0001) + wallet(3, default 112) + código do beneficiário (``agreement``,
    7) + nosso número(11).
    """
    agency = p.digits("agency", 4, default="0001")
    wallet = p.digits("wallet", 3, default="112")
    code = p.digits("agreement", 7)
    nosso_numero = p.digits("nosso_numero", 11)
    free_field = agency + wallet + code + nosso_numero
    return FreeField(free_field, nosso_numero, f"{agency}/{code}")


# ---------------------------------------------------------------------------
# Banks added with their published examples (tests/unit/test_boleto.py)
# ---------------------------------------------------------------------------

# Modulo 11 results of Safra's nosso número digit: 10 gives 0, 11 gives 1.
SAFRA_RESULTS = {10: "0", 11: "1"}


def _only_wallet(p: SlipInput, bank: str, size: int, accepted: dict) -> str:
    """The wallet (``accepted``: code -> name, the first is the default).

    A wallet of another layout (not registered, printed by the bank...) is
    refused: its free field is not the one computed here.
    """
    default = next(iter(accepted))
    wallet = p.digits("wallet", size, default=default)
    if wallet not in accepted:
        names = ", ".join(f"{code} ({name})" for code, name in accepted.items())
        raise ValueError(
            f"{BANK_NAMES[bank]} wallet {wallet} is not supported: only {names}."
        )
    return wallet


def _required_digit(p: SlipInput, name: str) -> str:
    """A check digit the bank gives and no rule computes (one character)."""
    digit = p.text(name)
    if digit is None:
        raise ValueError(
            f"{BANK_NAMES[p.bank_code]} ({p.bank_code}) needs the parameter '{name}'."
        )
    if len(digit) != 1 or not digit.isascii() or not digit.isdigit():
        raise ValueError(f"'{name}' must be one digit, got {digit!r}.")
    return digit


def banco_do_nordeste(p: SlipInput) -> FreeField:
    """004 Banco do Nordeste.

    Free field = agency(4) + account(7) + account digit + nosso número(7) +
    its digit + wallet(2) + '000'. The nosso número digit is modulo 11 with
    weights 2 to 8 (0 when the result is above 9). Wallet 21 (cobrança
    simples, slip printed by the beneficiary) only.
    """
    agency = p.digits("agency", 4)
    account = p.digits("account", 7)
    account_digit = _required_digit(p, "account_digit")
    wallet = _only_wallet(p, "004", 2, {"21": "cobrança simples"})
    nosso_numero = p.digits("nosso_numero", 7)
    check = modulo11(nosso_numero, max_weight=8, results=ZERO_ABOVE_9)
    free_field = agency + account + account_digit + nosso_numero + check
    free_field += wallet + "000"
    return FreeField(
        free_field, f"{nosso_numero}-{check}", f"{agency}/{account}-{account_digit}"
    )


BANESTES_REGISTERED_TYPES = {"4", "5", "6", "7"}


def banestes(p: SlipInput) -> FreeField:
    """021 Banestes, the "chave ASBACE".

    Free field = nosso número(8) + account(10) + account digit + collection
    type (``wallet_variation``: 4, the default, to 7 registered; 2 unregistered
    and 3 secured are refused) + '021' + the double check digit of the 23
    previous digits (a modulo 10 digit then a modulo 11 one, as Banrisul's).
    The printed nosso número carries two modulo 11 digits (weights 2 to 9, 0
    above 9), the second one over the number and the first digit.
    """
    nosso_numero = p.digits("nosso_numero", 8)
    agency = p.digits("agency", 4)
    account = p.digits("account", 10)
    account_digit = _required_digit(p, "account_digit")
    kind = p.digits("wallet_variation", 1, default="4")
    if kind not in BANESTES_REGISTERED_TYPES:
        raise ValueError(
            f"Banestes collection type {kind} is not supported: only the "
            "registered types 4, 5, 6 and 7."
        )
    body = nosso_numero + account + account_digit + kind + "021"
    free_field = body + banrisul_double_digit(body)
    first = modulo11(nosso_numero, results=ZERO_ABOVE_9)
    second = modulo11(nosso_numero + first, results=ZERO_ABOVE_9)
    agency_account = f"{int(agency)} / {int(account)}{account_digit}"
    return FreeField(free_field, f"{nosso_numero}-{first}{second}", agency_account)


def brb(p: SlipInput) -> FreeField:
    """070 BRB - Banco de Brasília, the "chave BRB".

    Free field = '000' + agency(3) + account(7) + modality (``wallet``: 2,
    direct registered collection; 1 and 3 are refused) + nosso número(6) +
    '070' + the double check digit of the 23 previous digits (modulo 10 then
    modulo 11, as Banrisul's). The printed nosso número is the last 12 digits.
    """
    agency = p.digits("agency", 3)
    account = p.digits("account", 7)
    wallet = _only_wallet(p, "070", 1, {"2": "direct registered collection"})
    nosso_numero = p.digits("nosso_numero", 6)
    body = "000" + agency + account + wallet + nosso_numero + "070"
    free_field = body + banrisul_double_digit(body)
    return FreeField(free_field, free_field[13:], f"000 - {agency} - {account}")


def uniprime(p: SlipInput) -> FreeField:
    """084 Uniprime, on Bradesco's layout.

    Free field = agency(4) + wallet(2, 09 registered only) + nosso número(11)
    + account(7) + '0'; printed nosso número wallet/NN-D, D as Bradesco's.
    """
    agency = p.digits("agency", 4)
    wallet = _only_wallet(p, "084", 2, {"09": "registered"})
    nosso_numero = p.digits("nosso_numero", 11)
    account = p.digits("account", 7)
    free_field = agency + wallet + nosso_numero + account + "0"
    check = modulo11(wallet + nosso_numero, max_weight=7, results=BRADESCO_RESULTS)
    agency_account = (
        f"{_with_digit(agency, p.text('agency_digit'))} / "
        f"{_with_digit(account, p.text('account_digit'))}"
    )
    return FreeField(free_field, f"{wallet}/{nosso_numero}-{check}", agency_account)


def ailos(p: SlipInput) -> FreeField:
    """085 Ailos (formerly Cecred).

    Free field = agreement (convênio, 6) + nosso número(17) + wallet(2, 01
    only). The nosso número is account(7) + its digit + sequence(9); the
    account digit is modulo 11 (0 above 9) and a given ``account_digit``
    must match it. The agency digit printed is modulo 11 (X for 10); Ailos
    prints "0101-5/244140-3" and its bank code 085-0.
    """
    agreement = p.digits("agreement", 6)
    agency = p.digits("agency", 4)
    account = p.digits("account", 7)
    account_digit = modulo11(account, results=ZERO_ABOVE_9)
    given = p.text("account_digit")
    if given and given != account_digit:
        raise ValueError(
            f"Ailos account digit {given} does not match the digit "
            f"{account_digit} of the account {account}."
        )
    wallet = _only_wallet(p, "085", 2, {"01": "cobrança simples"})
    nosso_numero = account + account_digit + p.digits("nosso_numero", 9)
    free_field = agreement + nosso_numero + wallet
    agency_digit = p.text("agency_digit") or modulo11(agency, results=BB_RESULTS)
    agency_account = f"{agency}-{agency_digit}/{int(account)}-{account_digit}"
    return FreeField(free_field, nosso_numero, agency_account)


def credisis(p: SlipInput) -> FreeField:
    """097 CrediSIS.

    Free field = '00000' + nosso número(20): '097' + X + agency(4) +
    agreement (convênio, 6) + sequence(6), X the modulo 11 digit of the
    beneficiary's CPF or CNPJ (``beneficiary_document``, check digits
    included; 1 when the result is 10 or 11). Wallet 18 only. Agency and
    account digits printed are modulo 11 (X for 10).
    """
    _only_wallet(p, "097", 2, {"18": "cobrança simples"})
    document = p.raw_digits("beneficiary_document")
    if len(document) not in (11, 14):
        raise ValueError(
            "The beneficiary document of a CrediSIS slip is a CPF (11 digits) "
            f"or a CNPJ (14 digits), got {document!r}."
        )
    agency = p.digits("agency", 4)
    agreement = p.digits("agreement", 6)
    sequence = p.digits("nosso_numero", 6)
    nosso_numero = "097" + modulo11(document, results=BARCODE_DV_RESULTS)
    nosso_numero += agency + agreement + sequence
    account = p.digits("account", 7)
    agency_digit = p.text("agency_digit") or modulo11(agency, results=BB_RESULTS)
    account_digit = p.text("account_digit") or modulo11(account, results=BB_RESULTS)
    agency_account = f"{agency}-{agency_digit} / {account}-{account_digit}"
    return FreeField("00000" + nosso_numero, nosso_numero, agency_account)


def unicred(p: SlipInput) -> FreeField:
    """136 Unicred.

    Free field = agency(4) + account(9) + account digit + nosso número(10) +
    its modulo 11 digit (0 above 9). Wallet 21 (registered) only.
    """
    agency = p.digits("agency", 4)
    account = p.digits("account", 9)
    account_digit = _required_digit(p, "account_digit")
    _only_wallet(p, "136", 2, {"21": "registered"})
    nosso_numero = p.digits("nosso_numero", 10)
    check = modulo11(nosso_numero, results=ZERO_ABOVE_9)
    free_field = agency + account + account_digit + nosso_numero + check
    return FreeField(
        free_field, f"{nosso_numero}-{check}", f"{agency} / {account}-{account_digit}"
    )


def safra(p: SlipInput) -> FreeField:
    """422 Safra, cobrança registrada.

    Free field = '7' (Safra's system) + agency(4) + agency digit + account(8)
    + account digit + nosso número(8) + its digit + '2' (registered). The
    nosso número digit is modulo 11 with weights 2 to 9, 0 for the result 10
    and 1 for 11. Both account digits are given by Safra.
    """
    agency = p.digits("agency", 4)
    agency_digit = _required_digit(p, "agency_digit")
    account = p.digits("account", 8)
    account_digit = _required_digit(p, "account_digit")
    nosso_numero = p.digits("nosso_numero", 8)
    check = modulo11(nosso_numero, results=SAFRA_RESULTS)
    free_field = "7" + agency + agency_digit + account + account_digit
    free_field += nosso_numero + check + "2"
    agency_account = f"{agency}{agency_digit} / {account}{account_digit}"
    return FreeField(free_field, f"{nosso_numero}-{check}", agency_account)


def citibank(p: SlipInput) -> FreeField:
    """745 Citibank.

    Free field = product '3' (cobrança with registration) + portfolio
    (``wallet``, 3) + the "conta cosmos" (``agreement``, 10 digits: index,
    base, sequence, digit) without its first digit (the index) + nosso
    número(11) + its modulo 11 digit (0 above 9).
    """
    wallet = p.digits("wallet", 3)
    agreement = p.digits("agreement", 10)
    nosso_numero = p.digits("nosso_numero", 11)
    check = modulo11(nosso_numero, results=ZERO_ABOVE_9)
    free_field = "3" + wallet + agreement[1:] + nosso_numero + check
    agency = p.digits("agency", 4)
    return FreeField(free_field, f"{nosso_numero}.{check}", f"{agency} / {agreement}")


FREE_FIELD_BUILDERS = {
    "001": banco_do_brasil,
    "004": banco_do_nordeste,
    "021": banestes,
    "033": santander,
    "041": banrisul,
    "070": brb,
    "077": inter,
    "084": uniprime,
    "085": ailos,
    "097": credisis,
    "104": caixa,
    "136": unicred,
    "237": bradesco,
    "341": itau,
    "422": safra,
    "745": citibank,
    "748": sicredi,
    "756": sicoob,
}

# Bank-specific keyword arguments accepted through ``**extra``.
EXTRA_PARAMETERS = {
    "iof",
    "installment",
    "issue_date",
    "emission",
    "agreement_digit",
    "beneficiary_document",
}


# ---------------------------------------------------------------------------
# Slip assembly
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Boleto:
    """A computed slip."""

    bank_code: str
    bank_digit: str  # printed after the code: "001-9"
    currency: str
    due_date: date
    amount: Decimal
    due_factor: int
    free_field: str
    barcode: str  # 44 digits
    digitable_line: str  # 47 digits
    digitable_line_formatted: str  # AAAAA.AAAAA BBBBB.BBBBBB CCCCC.CCCCCC D E...
    nosso_numero: str
    agency_account: str

    @property
    def bank_code_formatted(self) -> str:
        return f"{self.bank_code}-{self.bank_digit}"


def compute(
    bank_code,
    *,
    agency=None,
    account=None,
    wallet=None,
    agreement=None,
    nosso_numero=None,
    due_date: date,
    amount,
    agency_digit=None,
    account_digit=None,
    wallet_variation=None,
    post=None,
    byte_idt=None,
    modality=None,
    document_number=None,
    **extra,
) -> Boleto:
    """Compute barcode, digitable line and printed fields of a slip.

    ``amount`` is a Decimal (or int/str) with at most two decimals; zero
    leaves the amount of the barcode blank ("0000000000"), which FEBRABAN
    allows for slips whose amount the payer types. See each bank function for
    the parameters it reads. Bank-specific extras:
    ``iof`` (Santander), ``installment`` (Sicoob), ``issue_date`` (Sicredi),
    ``emission`` (Caixa) and ``agreement_digit`` (printed after the agreement
    by Santander and Banrisul) and ``beneficiary_document`` (the CPF or CNPJ
    of the beneficiary, CrediSIS).
    """
    if extra and not EXTRA_PARAMETERS.issuperset(extra):
        unknown = set(extra) - EXTRA_PARAMETERS
        raise TypeError(f"Unknown parameter(s): {', '.join(sorted(unknown))}.")
    bank = normalize_bank_code(bank_code)
    value = _checked_amount(amount)
    due = _as_date(due_date, "due_date")
    factor = due_factor(due)
    values = {
        "agency": agency,
        "account": account,
        "wallet": wallet,
        "agreement": agreement,
        "nosso_numero": nosso_numero,
        "agency_digit": agency_digit,
        "account_digit": account_digit,
        "wallet_variation": wallet_variation,
        "post": post,
        "byte_idt": byte_idt,
        "modality": modality,
        "document_number": document_number,
    }
    if extra:
        values.update(extra)
    result = FREE_FIELD_BUILDERS[bank](SlipInput(bank, value, values))
    if len(result.free_field) != 25 or not result.free_field.isdigit():
        raise AssertionError(f"Bad free field {result.free_field!r} for {bank}.")
    # value is quantized to two decimals, so str() gives "123.45" (never an
    # exponent for 0.01-99999999.99): without the point, the cents.
    cents = str(value).replace(".", "").zfill(10)
    barcode = assemble_barcode(bank, CURRENCY_REAL, factor, cents, result.free_field)
    line = barcode_to_digitable_line(barcode)
    # Same as Boleto(bank_code=bank, ...), faster: the __init__ of a frozen
    # dataclass sets the 12 fields one by one through object.__setattr__,
    # about 4 times slower than filling the instance __dict__ in one call,
    # which gives the same object (fields, repr, equality, still frozen).
    slip = object.__new__(Boleto)
    slip.__dict__.update(
        bank_code=bank,
        bank_digit=BANK_CODE_DIGITS[bank],
        currency=CURRENCY_REAL,
        due_date=due,
        amount=value,
        due_factor=factor,
        free_field=result.free_field,
        barcode=barcode,
        digitable_line=line,
        digitable_line_formatted=format_digitable_line(line),
        nosso_numero=result.nosso_numero,
        agency_account=result.agency_account,
    )
    return slip


def boleto_match_key(nosso_numero) -> str:
    """Nosso número reduced to letters and digits without leading zeros.

    The key a return file's nosso número is matched with: banks pad it with
    zeros, print it with separators and sometimes with its check digit.
    """
    return re.sub(r"[^0-9A-Z]", "", (nosso_numero or "").upper()).lstrip("0")


def normalize_bank_code(bank_code) -> str:
    """The 3-digit code of a supported bank ('1' and 1 give '001')."""
    if bank_code.__class__ is str and bank_code in FREE_FIELD_BUILDERS:
        return bank_code  # already normalized: the usual case
    code = str(bank_code).strip().zfill(3)
    if code not in FREE_FIELD_BUILDERS:
        supported = ", ".join(f"{c} {BANK_NAMES[c]}" for c in FREE_FIELD_BUILDERS)
        raise ValueError(f"Unsupported bank {bank_code!r}; supported: {supported}.")
    return code


def _checked_amount(amount) -> Decimal:
    """The amount as a Decimal with exactly two decimals (1.5 gives 1.50)."""
    if isinstance(amount, (bool, float)):
        raise TypeError("The amount must be a Decimal (or int/str), not a float.")
    try:
        value = amount if isinstance(amount, Decimal) else Decimal(str(amount).strip())
    except InvalidOperation:
        raise ValueError(f"The amount {amount!r} is not a number.") from None
    if not value.is_finite():
        raise ValueError(f"The amount {amount!r} is not a finite number.")
    if value < 0:
        raise ValueError(f"The amount cannot be negative, got {value}.")
    if value > MAX_AMOUNT:
        raise ValueError(
            f"The amount {value} does not fit the 10 digits of the barcode "
            f"(at most {MAX_AMOUNT})."
        )
    quantized = value.quantize(CENT)
    if value != quantized:
        raise ValueError(f"The amount {value} has more than two decimals.")
    return quantized.copy_abs()  # -0.00 is 0.00


def assemble_barcode(
    bank: str, currency: str, factor: int, cents: str, free_field: str
) -> str:
    """The 44-digit barcode, its general check digit in position 5."""
    without_dv = f"{bank}{currency}{factor:04d}{cents}{free_field}"
    dv = barcode_check_digit(without_dv)
    return without_dv[:4] + dv + without_dv[4:]


def barcode_to_digitable_line(barcode: str) -> str:
    """The 47-digit digitable line of a 44-digit barcode."""
    field1 = barcode[0:4] + barcode[19:24]
    field2 = barcode[24:34]
    field3 = barcode[34:44]
    return (
        field1
        + _field1_check_digit(field1)
        + field2
        + modulo10(field2)
        + field3
        + modulo10(field3)
        + barcode[4]
        + barcode[5:19]
    )


# Field 1 (bank, currency and the first five digits of the free field) is
# nearly always the same for all the slips of an account: its check digit is
# kept instead of being computed again.
_field1_check_digit = functools.lru_cache(maxsize=1024)(modulo10)


def digitable_line_to_barcode(line: str) -> str:
    """The 44-digit barcode of a 47-digit digitable line (no validation)."""
    return line[0:4] + line[32] + line[33:47] + line[4:9] + line[10:20] + line[21:31]


def format_digitable_line(line: str) -> str:
    """'AAAAA.AAAAA BBBBB.BBBBBB CCCCC.CCCCCC D EEEEEEEEEEEEEE'."""
    return (
        f"{line[0:5]}.{line[5:10]} {line[10:15]}.{line[15:21]} "
        f"{line[21:26]}.{line[26:32]} {line[32]} {line[33:47]}"
    )


# ---------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedLine:
    """What a barcode or digitable line says."""

    bank_code: str
    currency: str
    amount: Decimal | None  # None when the slip carries no amount
    due_date: date | None  # None when the due factor is 0000
    due_factor: int
    free_field: str
    barcode: str
    digitable_line: str


def _only_digits(text: str, what: str) -> str:
    if not isinstance(text, str):
        raise TypeError(f"The {what} must be a str, got {text!r}.")
    digits = text.replace(" ", "").replace(".", "")
    if any(char not in "0123456789" for char in digits):
        raise ValueError(
            f"The {what} may only contain digits, dots and spaces: {text!r}."
        )
    return digits


def parse_digitable_line(text: str, reference: date | None = None) -> ParsedLine:
    """Validate and decode a digitable line (47 digits, dots/spaces allowed).

    A 44-digit barcode is accepted too. Raises ValueError naming the field
    whose check digit is wrong. ``reference`` picks the due factor cycle
    (see :func:`date_from_factor`).
    """
    digits = _only_digits(text, "digitable line")
    if len(digits) == 44:
        return parse_barcode(digits, reference=reference)
    if len(digits) != 47:
        raise ValueError(
            f"A digitable line has 47 digits (or 44 for a barcode), got {len(digits)}."
        )
    fields = ((1, digits[0:9], digits[9]), (2, digits[10:20], digits[20]))
    fields += ((3, digits[21:31], digits[31]),)
    for number, data, digit in fields:
        expected = modulo10(data)
        if digit != expected:
            raise ValueError(
                f"The check digit of field {number} of the digitable line is "
                f"wrong: {digit} instead of {expected}."
            )
    return parse_barcode(digitable_line_to_barcode(digits), reference=reference)


def parse_barcode(text: str, reference: date | None = None) -> ParsedLine:
    """Validate and decode a 44-digit bank slip barcode."""
    barcode = _only_digits(text, "barcode")
    if len(barcode) != 44:
        raise ValueError(f"A barcode has 44 digits, got {len(barcode)}.")
    if barcode[0] == "8":
        raise ValueError(
            "Barcodes starting with 8 are utility/tax slips (arrecadação), "
            "not bank slips."
        )
    expected = barcode_check_digit(barcode[:4] + barcode[5:])
    if barcode[4] != expected:
        raise ValueError(
            "The general check digit (barcode position 5, digitable line field "
            f"4) is wrong: {barcode[4]} instead of {expected}."
        )
    factor = int(barcode[5:9])
    if factor == 0:
        due = None
    elif factor < 1000:
        raise ValueError(f"Invalid due factor {factor:04d} (valid: 0000, 1000-9999).")
    else:
        due = date_from_factor(factor, reference)
    cents = int(barcode[9:19])
    return ParsedLine(
        bank_code=barcode[0:3],
        currency=barcode[3],
        amount=(Decimal(cents) / 100).quantize(CENT) if cents else None,
        due_date=due,
        due_factor=factor,
        free_field=barcode[19:44],
        barcode=barcode,
        digitable_line=barcode_to_digitable_line(barcode),
    )


# ---------------------------------------------------------------------------
# Interleaved 2 of 5 drawing
# ---------------------------------------------------------------------------

NARROW = 1
WIDE = 3
# n = narrow, w = wide, for the five elements of each digit.
ITF_PATTERNS = {
    "0": "nnwwn",
    "1": "wnnnw",
    "2": "nwnnw",
    "3": "wwnnn",
    "4": "nnwnw",
    "5": "wnwnn",
    "6": "nwwnn",
    "7": "nnnww",
    "8": "wnnwn",
    "9": "nwnwn",
}
FEBRABAN_BARCODE_LENGTH_MM = 103


def interleaved_2of5_bars(code: str) -> list[tuple[bool, int]]:
    """The ITF elements from left to right as (is_bar, width in modules).

    Start: narrow bar, narrow space, narrow bar, narrow space. Each pair of
    digits: the first digit is drawn by the bars, the second by the spaces
    between them. Stop: wide bar, narrow space, narrow bar.
    """
    if not (isinstance(code, str) and code.isascii() and code.isdigit()):
        raise ValueError(f"ITF encodes digits only, got {code!r}.")
    if len(code) % 2:
        raise ValueError("ITF needs an even number of digits.")
    elements = [(True, NARROW), (False, NARROW), (True, NARROW), (False, NARROW)]
    for index in range(0, len(code), 2):
        bars = ITF_PATTERNS[code[index]]
        spaces = ITF_PATTERNS[code[index + 1]]
        for bar, space in zip(bars, spaces, strict=True):
            elements.append((True, WIDE if bar == "w" else NARROW))
            elements.append((False, WIDE if space == "w" else NARROW))
    elements += [(True, WIDE), (False, NARROW), (True, NARROW)]
    return elements


def itf_svg(barcode: str, height_mm: float = 13, module_mm: float | None = None) -> str:
    """SVG of the barcode, about 103 mm x 13 mm by default (FEBRABAN size).

    ``module_mm`` is the narrow element width; by default it is chosen so the
    whole code is 103 mm long. Quiet zones are left to the page layout.
    """
    elements = interleaved_2of5_bars(barcode)
    modules = sum(width for _, width in elements)
    if module_mm is None:
        module_mm = FEBRABAN_BARCODE_LENGTH_MM / modules
    rects = []
    x = 0
    for is_bar, width in elements:
        if is_bar:
            rects.append(f'<rect x="{x}" y="0" width="{width}" height="1"/>')
        x += width
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'width="{modules * module_mm:.3f}mm" height="{height_mm}mm" '
        f'viewBox="0 0 {modules} 1" preserveAspectRatio="none" '
        'shape-rendering="crispEdges">'
        f'<g fill="#000">{"".join(rects)}</g></svg>'
    )
