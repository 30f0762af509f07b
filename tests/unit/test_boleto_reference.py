# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""``tools/boleto.py`` against a straightforward reference implementation.

``boleto.compute()`` is optimised (check digits over bytes, folded weighted
sums, cached per-account digits, a quick Boleto construction). The reference
below is the plain version: one ``int()`` per digit, no cache, no trick,
written after the bank manuals the same way ``boleto.py`` was before it was
optimised. Thousands of seeded random inputs per bank, valid and invalid, must
give exactly the same slip (every field, same types and Decimal exponent) or
exactly the same exception (type and message).
"""

import dataclasses
import random
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

import pytest

from odoo.addons.telecobranca.tools import boleto

# ---------------------------------------------------------------------------
# Reference implementation
# ---------------------------------------------------------------------------


def ref_modulo10(number):
    total = 0
    for position, char in enumerate(reversed(number)):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product // 10 + product % 10
    return str((10 - total % 10) % 10)


def ref_weighted_sum(number, weights):
    return sum(
        int(char) * weights[position % len(weights)]
        for position, char in enumerate(reversed(number))
    )


def ref_modulo11(number, *, max_weight=9, results=None):
    result = 11 - ref_weighted_sum(number, range(2, max_weight + 1)) % 11
    results = results or {}
    if result in results:
        return results[result]
    if result > 9:
        raise ValueError(f"Modulo 11 result {result} has no mapping.")
    return str(result)


def ref_sicoob_check_digit(cooperative, client, sequence):
    number = cooperative.zfill(4) + client.zfill(10) + sequence.zfill(7)
    total = sum(
        int(char) * (3, 1, 9, 7)[position % 4] for position, char in enumerate(number)
    )
    remainder = total % 11
    return "0" if remainder in (0, 1) else str(11 - remainder)


def ref_banrisul_double_digit(number):
    first = int(ref_modulo10(number))
    while True:
        remainder = ref_weighted_sum(f"{number}{first}", range(2, 8)) % 11
        if remainder != 1:
            second = 0 if remainder == 0 else 11 - remainder
            return f"{first}{second}"
        first = (first + 1) % 10


def ref_as_date(value, name):
    if hasattr(value, "date") and callable(value.date):
        value = value.date()
    if not isinstance(value, date):
        raise TypeError(f"'{name}' must be a date, got {value!r}.")
    return value


def ref_due_factor(d):
    d = ref_as_date(d, "due_date")
    if d < date(2000, 7, 3):
        raise ValueError(
            f"Due date {d:%d/%m/%Y} is before 03/07/2000, the first date that "
            "has a due factor (1000)."
        )
    if d < date(2025, 2, 22):
        return (d - date(1997, 10, 7)).days
    last = date(2025, 2, 22) + timedelta(days=8999)
    if d > last:
        raise ValueError(
            f"Due date {d:%d/%m/%Y} is after {last:%d/%m/%Y}, the "
            "last date of the current due factor cycle (factor 9999)."
        )
    return 1000 + (d - date(2025, 2, 22)).days


class RefInput:
    def __init__(self, bank, amount, values):
        self.bank = bank
        self.amount = amount
        self.values = values

    def text(self, name):
        value = self.values.get(name)
        if value is None or value is False:
            return None
        return str(value).strip() or None

    def raw_digits(self, name, default=None):
        value = self.text(name) or default
        if value is None:
            raise ValueError(
                f"{boleto.BANK_NAMES[self.bank]} ({self.bank}) needs the "
                f"parameter '{name}'."
            )
        if not (value.isascii() and value.isdigit()):
            raise ValueError(f"'{name}' must contain only digits, got {value!r}.")
        return value

    def fit(self, name, value, size):
        if len(value) > size and len(value.lstrip("0")) <= size:
            value = value.lstrip("0")
        if len(value) > size:
            raise ValueError(
                f"'{name}' has {len(value)} digits ({value}) but "
                f"{boleto.BANK_NAMES[self.bank]} allows at most {size}."
            )
        return value.zfill(size)

    def digits(self, name, size, default=None):
        return self.fit(name, self.raw_digits(name, default), size)


def _with_digit(number, digit, separator="-"):
    return f"{number}{separator}{digit}" if digit else number


BB = {10: "X", 11: "0"}
BRADESCO = {10: "P", 11: "0"}
ZERO = {10: "0", 11: "0"}


def ref_bb(p):
    agreement = p.raw_digits("agreement")
    wallet = p.digits("wallet", 2)
    agency = p.digits("agency", 4)
    account = p.digits("account", 8)
    agency_digit = p.text("agency_digit") or ref_modulo11(agency, results=BB)
    account_digit = p.text("account_digit") or ref_modulo11(account, results=BB)
    agency_account = f"{agency}-{agency_digit} / {account}-{account_digit}"
    sizes = {4: 7, 6: 5, 7: 10, 8: 9}
    if len(agreement) not in sizes:
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
        return agreement + nosso_numero + "21", nosso_numero, agency_account
    size = sizes[len(agreement)]
    sequence = p.raw_digits("nosso_numero")
    if len(sequence) == len(agreement) + size and sequence.startswith(agreement):
        sequence = sequence[len(agreement) :]
    nosso_numero = agreement + p.fit("nosso_numero", sequence, size)
    if len(agreement) in (4, 6):
        check = ref_modulo11(nosso_numero, results=BB)
        free_field = nosso_numero + agency + account + wallet
        return free_field, f"{nosso_numero}-{check}", agency_account
    return "000000" + nosso_numero + wallet, nosso_numero, agency_account


def ref_santander(p):
    agreement = p.digits("agreement", 7)
    nosso_numero = p.digits("nosso_numero", 12)
    check = ref_modulo11(nosso_numero, results=ZERO)
    iof = p.digits("iof", 1, "0")
    wallet = p.digits("wallet", 3)
    free_field = "9" + agreement + nosso_numero + check + iof + wallet
    agency = p.digits("agency", 4)
    agency_account = (
        f"{_with_digit(agency, p.text('agency_digit'))} / "
        f"{_with_digit(agreement, p.text('agreement_digit'))}"
    )
    return free_field, f"{nosso_numero}-{check}", agency_account


def ref_caixa(p):
    code = p.raw_digits("agreement").lstrip("0") or "0"
    if len(code) > 7:
        raise ValueError(f"The Caixa beneficiary code {code} has more than 7 digits.")
    if 1 <= int(code) <= 999999:
        code7 = code.zfill(6) + ref_modulo11(code.zfill(6), results=ZERO)
    elif int(code) >= 1100000:
        code7 = code
    else:
        raise ValueError(
            f"The Caixa beneficiary code {code} is outside the ranges "
            "000001-999999 and 1100000-9999999."
        )
    nn = p.raw_digits("nosso_numero")
    if len(nn) != 17:
        wallet = (p.text("wallet") or "RG").upper()
        if wallet.isascii() and wallet.isdigit():
            wallet = str(int(wallet))
        wallets = {"1": "1", "RG": "1", "2": "2", "SR": "2"}
        if wallet not in wallets:
            raise ValueError(f"Unknown Caixa wallet {wallet!r}: use RG (1) or SR (2).")
        emission = p.digits("emission", 1, "4")
        nn = wallets[wallet] + emission + p.digits("nosso_numero", 15)
    body = code7 + nn[2:5] + nn[0] + nn[5:8] + nn[1] + nn[8:17]
    free_field = body + ref_modulo11(body, results=ZERO)
    printed = f"{nn}-{ref_modulo11(nn, results=ZERO)}"
    code_digit = ref_modulo11(code.zfill(7), results=ZERO)
    agency_account = f"{p.digits('agency', 4)} / {code.zfill(7)}-{code_digit}"
    return free_field, printed, agency_account


def ref_bradesco(p):
    agency = p.digits("agency", 4)
    wallet = p.digits("wallet", 2)
    nosso_numero = p.digits("nosso_numero", 11)
    account = p.digits("account", 7)
    free_field = agency + wallet + nosso_numero + account + "0"
    check = ref_modulo11(wallet + nosso_numero, max_weight=7, results=BRADESCO)
    agency_digit = p.text("agency_digit") or ref_modulo11(agency, results=BRADESCO)
    account_digit = p.text("account_digit") or ref_modulo11(account, results=BRADESCO)
    agency_account = f"{agency}-{agency_digit} / {account}-{account_digit}"
    return free_field, f"{wallet}/{nosso_numero}-{check}", agency_account


def ref_itau(p):
    wallet = p.digits("wallet", 3)
    nosso_numero = p.digits("nosso_numero", 8)
    agency = p.digits("agency", 4)
    account = p.digits("account", 5)
    account_dac = ref_modulo10(agency + account)
    given_digit = p.text("account_digit")
    if given_digit and given_digit != account_dac:
        raise ValueError(
            f"Itaú account digit {given_digit} does not match the DAC "
            f"{account_dac} of agency {agency} and account {account}."
        )
    if wallet in {"126", "131", "146", "150", "168"}:
        nn_dac = ref_modulo10(wallet + nosso_numero)
    else:
        nn_dac = ref_modulo10(agency + account + wallet + nosso_numero)
    if wallet in {"107", "122", "142", "143", "196", "198"}:
        body = wallet + nosso_numero
        body += p.digits("document_number", 7) + p.digits("agreement", 5)
        free_field = body + ref_modulo10(body) + "0"
    else:
        free_field = wallet + nosso_numero + nn_dac + agency + account
        free_field += account_dac + "000"
    printed = f"{wallet}/{nosso_numero}-{nn_dac}"
    return free_field, printed, f"{agency}/{account}-{account_dac}"


def ref_sicredi(p):
    agency = p.digits("agency", 4)
    post = p.digits("post", 2)
    code = p.digits("agreement", 5)
    charge_type = p.text("wallet") or "1"
    if charge_type.isascii() and charge_type.isdigit():
        charge_type = str(int(charge_type))
    if charge_type not in ("1", "3"):
        raise ValueError(f"Sicredi wallet must be '1' or '3', got {charge_type!r}.")
    given = p.raw_digits("nosso_numero")
    if len(given) == 8:
        base = given
    else:
        issue = ref_as_date(p.values.get("issue_date") or date.today(), "issue_date")
        byte = p.digits("byte_idt", 1, "2")
        if byte in ("0", "1"):
            raise ValueError("Sicredi byte_idt must be 2 to 9 (1 is for the bank).")
        base = f"{issue:%y}" + byte + p.digits("nosso_numero", 5)
    check = ref_modulo11(agency + post + code + base, results=ZERO)
    value_flag = "1" if p.amount > 0 else "0"
    body = charge_type + "1" + base + check + agency + post + code + value_flag + "0"
    free_field = body + ref_modulo11(body, results=ZERO)
    return free_field, f"{base[:2]}/{base[2:]}-{check}", f"{agency}.{post}.{code}"


def ref_sicoob(p):
    wallet = p.digits("wallet", 1, "1")
    cooperative = p.digits("agency", 4)
    modality = p.digits("modality", 2, p.text("wallet_variation") or "01")
    client = p.digits("agreement", 7)
    sequence = p.digits("nosso_numero", 7)
    check = ref_sicoob_check_digit(cooperative, client, sequence)
    installment = p.digits("installment", 3, "001")
    free_field = wallet + cooperative + modality + client + sequence + check
    free_field += installment
    return free_field, f"{sequence}-{check}", f"{cooperative} / {client}"


def ref_banrisul(p):
    product = p.digits("wallet", 1, "2")
    agency = p.digits("agency", 4)
    code = p.digits("agreement", 7)
    nosso_numero = p.digits("nosso_numero", 8)
    body = product + "1" + agency + code + nosso_numero + "40"
    free_field = body + ref_banrisul_double_digit(body)
    printed = f"{nosso_numero}.{ref_banrisul_double_digit(nosso_numero)}"
    agency_account = (
        f"{_with_digit(agency, p.text('agency_digit'), '.')} / "
        f"{_with_digit(code[:6] + '.' + code[6], p.text('agreement_digit'), '.')}"
    )
    return free_field, printed, agency_account


def ref_inter(p):
    agency = p.digits("agency", 4, "0001")
    wallet = p.digits("wallet", 3, "112")
    code = p.digits("agreement", 7)
    nosso_numero = p.digits("nosso_numero", 11)
    return agency + wallet + code + nosso_numero, nosso_numero, f"{agency}/{code}"


def ref_digit(p, name):
    digit = p.text(name)
    if digit is None:
        raise ValueError(
            f"{boleto.BANK_NAMES[p.bank]} ({p.bank}) needs the parameter '{name}'."
        )
    if len(digit) != 1 or not digit.isascii() or not digit.isdigit():
        raise ValueError(f"'{name}' must be one digit, got {digit!r}.")
    return digit


def ref_wallet(p, size, accepted):
    wallet = p.digits("wallet", size, next(iter(accepted)))
    if wallet not in accepted:
        names = ", ".join(f"{code} ({name})" for code, name in accepted.items())
        raise ValueError(
            f"{boleto.BANK_NAMES[p.bank]} wallet {wallet} is not supported: "
            f"only {names}."
        )
    return wallet


def ref_bnb(p):
    agency = p.digits("agency", 4)
    account = p.digits("account", 7)
    account_digit = ref_digit(p, "account_digit")
    wallet = ref_wallet(p, 2, {"21": "cobrança simples"})
    nn = p.digits("nosso_numero", 7)
    check = ref_modulo11(nn, max_weight=8, results=ZERO)
    free_field = agency + account + account_digit + nn + check + wallet + "000"
    return free_field, f"{nn}-{check}", f"{agency}/{account}-{account_digit}"


def ref_banestes(p):
    nn = p.digits("nosso_numero", 8)
    agency = p.digits("agency", 4)
    account = p.digits("account", 10)
    account_digit = ref_digit(p, "account_digit")
    kind = p.digits("wallet_variation", 1, "4")
    if kind not in "4567":
        raise ValueError(
            f"Banestes collection type {kind} is not supported: only the "
            "registered types 4, 5, 6 and 7."
        )
    body = nn + account + account_digit + kind + "021"
    first = ref_modulo11(nn, results=ZERO)
    second = ref_modulo11(nn + first, results=ZERO)
    printed = f"{int(agency)} / {int(account)}{account_digit}"
    return body + ref_banrisul_double_digit(body), f"{nn}-{first}{second}", printed


def ref_brb(p):
    agency = p.digits("agency", 3)
    account = p.digits("account", 7)
    wallet = ref_wallet(p, 1, {"2": "direct registered collection"})
    nn = p.digits("nosso_numero", 6)
    body = "000" + agency + account + wallet + nn + "070"
    free_field = body + ref_banrisul_double_digit(body)
    return (
        free_field,
        wallet + nn + "070" + free_field[-2:],
        (f"000 - {agency} - {account}"),
    )


def ref_uniprime(p):
    agency = p.digits("agency", 4)
    wallet = ref_wallet(p, 2, {"09": "registered"})
    nn = p.digits("nosso_numero", 11)
    account = p.digits("account", 7)
    check = ref_modulo11(wallet + nn, max_weight=7, results=BRADESCO)
    printed = (
        f"{_with_digit(agency, p.text('agency_digit'))} / "
        f"{_with_digit(account, p.text('account_digit'))}"
    )
    return agency + wallet + nn + account + "0", f"{wallet}/{nn}-{check}", printed


def ref_ailos(p):
    agreement = p.digits("agreement", 6)
    agency = p.digits("agency", 4)
    account = p.digits("account", 7)
    account_digit = ref_modulo11(account, results=ZERO)
    given = p.text("account_digit")
    if given and given != account_digit:
        raise ValueError(
            f"Ailos account digit {given} does not match the digit "
            f"{account_digit} of the account {account}."
        )
    wallet = ref_wallet(p, 2, {"01": "cobrança simples"})
    nn = account + account_digit + p.digits("nosso_numero", 9)
    agency_digit = p.text("agency_digit") or ref_modulo11(agency, results=BB)
    printed = f"{agency}-{agency_digit}/{int(account)}-{account_digit}"
    return agreement + nn + wallet, nn, printed


def ref_credisis(p):
    ref_wallet(p, 2, {"18": "cobrança simples"})
    document = p.raw_digits("beneficiary_document")
    if len(document) not in (11, 14):
        raise ValueError(
            "The beneficiary document of a CrediSIS slip is a CPF (11 digits) "
            f"or a CNPJ (14 digits), got {document!r}."
        )
    agency = p.digits("agency", 4)
    agreement = p.digits("agreement", 6)
    sequence = p.digits("nosso_numero", 6)
    x = ref_modulo11(document, results={10: "1", 11: "1"})
    nn = "097" + x + agency + agreement + sequence
    account = p.digits("account", 7)
    agency_digit = p.text("agency_digit") or ref_modulo11(agency, results=BB)
    account_digit = p.text("account_digit") or ref_modulo11(account, results=BB)
    return "00000" + nn, nn, f"{agency}-{agency_digit} / {account}-{account_digit}"


def ref_unicred(p):
    agency = p.digits("agency", 4)
    account = p.digits("account", 9)
    account_digit = ref_digit(p, "account_digit")
    ref_wallet(p, 2, {"21": "registered"})
    nn = p.digits("nosso_numero", 10)
    check = ref_modulo11(nn, results=ZERO)
    free_field = agency + account + account_digit + nn + check
    return free_field, f"{nn}-{check}", f"{agency} / {account}-{account_digit}"


def ref_safra(p):
    agency = p.digits("agency", 4)
    agency_digit = ref_digit(p, "agency_digit")
    account = p.digits("account", 8)
    account_digit = ref_digit(p, "account_digit")
    nn = p.digits("nosso_numero", 8)
    check = ref_modulo11(nn, results={10: "0", 11: "1"})
    free_field = "7" + agency + agency_digit + account + account_digit
    free_field += nn + check + "2"
    printed = f"{agency}{agency_digit} / {account}{account_digit}"
    return free_field, f"{nn}-{check}", printed


def ref_citibank(p):
    wallet = p.digits("wallet", 3)
    agreement = p.digits("agreement", 10)
    nn = p.digits("nosso_numero", 11)
    check = ref_modulo11(nn, results=ZERO)
    agency = p.digits("agency", 4)
    free_field = "3" + wallet + agreement[1:] + nn + check
    return free_field, f"{nn}.{check}", f"{agency} / {agreement}"


REF_BUILDERS = {
    "001": ref_bb,
    "033": ref_santander,
    "041": ref_banrisul,
    "077": ref_inter,
    "104": ref_caixa,
    "237": ref_bradesco,
    "341": ref_itau,
    "748": ref_sicredi,
    "756": ref_sicoob,
    "004": ref_bnb,
    "021": ref_banestes,
    "070": ref_brb,
    "084": ref_uniprime,
    "085": ref_ailos,
    "097": ref_credisis,
    "136": ref_unicred,
    "422": ref_safra,
    "745": ref_citibank,
}
REF_BUILDERS = dict(sorted(REF_BUILDERS.items()))  # the order of the error
PARAMETERS = [
    "agency",
    "account",
    "wallet",
    "agreement",
    "nosso_numero",
    "agency_digit",
    "account_digit",
    "wallet_variation",
    "post",
    "byte_idt",
    "modality",
    "document_number",
]
EXTRAS = {
    "iof",
    "installment",
    "issue_date",
    "emission",
    "agreement_digit",
    "beneficiary_document",
}


def ref_amount(amount):
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
    top = Decimal("99999999.99")
    if value > top:
        raise ValueError(
            f"The amount {value} does not fit the 10 digits of the barcode "
            f"(at most {top})."
        )
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(f"The amount {value} has more than two decimals.")
    return abs(value)


def ref_compute(bank_code, *, due_date, amount, **kwargs):
    """The fields of the slip, in the order of boleto.Boleto."""
    extra = set(kwargs) - set(PARAMETERS)
    unknown = extra - EXTRAS
    if unknown:
        raise TypeError(f"Unknown parameter(s): {', '.join(sorted(unknown))}.")
    bank = str(bank_code).strip().zfill(3)
    if bank not in REF_BUILDERS:
        supported = ", ".join(f"{c} {boleto.BANK_NAMES[c]}" for c in REF_BUILDERS)
        raise ValueError(f"Unsupported bank {bank_code!r}; supported: {supported}.")
    value = ref_amount(amount)
    due = ref_as_date(due_date, "due_date")
    factor = ref_due_factor(due)
    values = dict.fromkeys(PARAMETERS) | kwargs
    free_field, nosso_numero, agency_account = REF_BUILDERS[bank](
        RefInput(bank, value, values)
    )
    assert len(free_field) == 25 and free_field.isdigit()
    without_dv = f"{bank}9{factor:04d}{int(value * 100):010d}{free_field}"
    dv = ref_modulo11(without_dv, results={10: "1", 11: "1"})
    barcode = without_dv[:4] + dv + without_dv[4:]
    field1 = barcode[0:4] + barcode[19:24]
    field2 = barcode[24:34]
    field3 = barcode[34:44]
    line = field1 + ref_modulo10(field1) + field2 + ref_modulo10(field2)
    line += field3 + ref_modulo10(field3) + barcode[4] + barcode[5:19]
    formatted = (
        f"{line[0:5]}.{line[5:10]} {line[10:15]}.{line[15:21]} "
        f"{line[21:26]}.{line[26:32]} {line[32]} {line[33:47]}"
    )
    return (
        bank,
        boleto.BANK_CODE_DIGITS[bank],
        "9",
        due,
        value.quantize(Decimal("0.01")),
        factor,
        free_field,
        barcode,
        line,
        formatted,
        nosso_numero,
        agency_account,
    )


# ---------------------------------------------------------------------------
# Random inputs
# ---------------------------------------------------------------------------

# Digit parameters of each bank with their size; other choices below.
DIGIT_PARAMETERS = {
    "001": {"wallet": 2, "agency": 4, "account": 8},
    "033": {"agreement": 7, "nosso_numero": 12, "iof": 1, "wallet": 3, "agency": 4},
    "041": {"wallet": 1, "agency": 4, "agreement": 7, "nosso_numero": 8},
    "077": {"agency": 4, "wallet": 3, "agreement": 7, "nosso_numero": 11},
    "104": {"emission": 1, "agency": 4},
    "237": {"agency": 4, "wallet": 2, "nosso_numero": 11, "account": 7},
    "341": {
        "nosso_numero": 8,
        "agency": 4,
        "account": 5,
        "document_number": 7,
        "agreement": 5,
    },
    "748": {"agency": 4, "post": 2, "agreement": 5},
    "756": {
        "wallet": 1,
        "agency": 4,
        "modality": 2,
        "wallet_variation": 2,
        "agreement": 7,
        "nosso_numero": 7,
        "installment": 3,
    },
    "004": {"agency": 4, "account": 7, "wallet": 2, "nosso_numero": 7},
    "021": {"nosso_numero": 8, "agency": 4, "account": 10},
    "070": {"agency": 3, "account": 7, "nosso_numero": 6},
    "084": {"agency": 4, "nosso_numero": 11, "account": 7},
    "085": {"agreement": 6, "agency": 4, "account": 7, "nosso_numero": 9},
    "097": {"agency": 4, "agreement": 6, "nosso_numero": 6, "account": 7},
    "136": {"agency": 4, "account": 9, "nosso_numero": 10},
    "422": {"agency": 4, "account": 8, "nosso_numero": 8},
    "745": {"wallet": 3, "agreement": 10, "nosso_numero": 11, "agency": 4},
}
# Parameters some banks do not require: sometimes left out.
OPTIONAL = {
    "iof",
    "emission",
    "installment",
    "modality",
    "wallet_variation",
    "agency_digit",
    "account_digit",
    "agreement_digit",
}


def _digits(rng, size):
    return "".join(rng.choice("0123456789") for _ in range(size))


def _messy(rng, size):
    """Mostly a valid number of at most ``size`` digits, sometimes not."""
    roll = rng.random()
    if roll < 0.9:
        return _digits(rng, rng.randint(1, size))
    if roll < 0.92:
        return _digits(rng, size + rng.randint(1, 3))  # too long
    if roll < 0.94:
        return f" {_digits(rng, rng.randint(1, size))} "  # stripped
    if roll < 0.96:
        return rng.randint(0, 10**size - 1)  # an int
    return rng.choice([None, False, "", "  ", "1a", "١٢", "-1", "1.0"])


def _check_digit(rng):
    return rng.choice([None, False, "", _digits(rng, 1), "X", "P", " 7 "])


# Wallets the banks added later accept (the others are refused).
ONLY_WALLETS = {"004": "21", "084": "09", "085": "01", "097": "18"}
ONLY_WALLETS |= {"136": "21", "070": "2"}


def _more_bank_parameters(rng, bank, kwargs):
    """Choices of the other banks, in place (see _bank_parameters)."""
    if bank == "021":
        kwargs["wallet_variation"] = rng.choice([*"4567", "04", "2", "3", None, "x"])
    elif bank in ("004", "084", "085", "097", "136", "070"):
        wallet = ONLY_WALLETS[bank]
        kwargs["wallet"] = rng.choice(
            [wallet, wallet, wallet.lstrip("0"), "0" + wallet, None, "31", "x"]
        )
        if bank == "097":
            kwargs["beneficiary_document"] = rng.choice(
                [_digits(rng, 11), _digits(rng, 14)] * 4 + [_digits(rng, 12), None]
            )
        if bank == "085" and rng.random() < 0.3:
            account = str(kwargs.get("account") or "").strip()
            if account.isascii() and account.isdigit() and len(account) <= 7:
                kwargs["account_digit"] = ref_modulo11(account.zfill(7), results=ZERO)
    elif bank in ("001", "237", "341", "756") and rng.random() < 0.1:
        wallet = kwargs.get("wallet")
        if isinstance(wallet, str):
            kwargs["wallet"] = "0" + wallet  # zero-padded
    if bank in ("004", "021", "136", "422"):  # digits the bank gives
        for name in ("agency_digit", "account_digit"):
            if rng.random() < 0.85:
                kwargs[name] = _digits(rng, 1)


def _bank_parameters(rng, bank):
    kwargs = {name: _messy(rng, size) for name, size in DIGIT_PARAMETERS[bank].items()}
    if bank == "001":
        size = rng.choice([4, 6, 7, 8, 4, 6, 7, 8, 5])
        agreement = _digits(rng, size)
        kwargs["agreement"] = agreement
        if size == 6 and rng.random() < 0.4:
            kwargs["modality"] = "21"
            kwargs["wallet"] = rng.choice(["16", "18", "17"])
            kwargs["nosso_numero"] = _messy(rng, 17)
        else:
            sequence = {4: 7, 6: 5, 7: 10, 8: 9}.get(size, 7)
            kwargs["nosso_numero"] = _messy(rng, sequence)
            if rng.random() < 0.2:  # the whole nosso número, agreement included
                kwargs["nosso_numero"] = agreement + _digits(rng, sequence)
    elif bank == "104":
        kwargs["agreement"] = rng.choice(
            [
                str(rng.randint(1, 999999)),
                str(rng.randint(1100000, 9999999)),
                str(rng.randint(1, 999999)).zfill(7),
                str(rng.randint(1000000, 1099999)),
                "0",
                _digits(rng, 8),
                rng.randint(1, 999999),
            ]
        )
        kwargs["nosso_numero"] = rng.choice([_messy(rng, 15), _digits(rng, 17)])
        kwargs["wallet"] = rng.choice(
            ["RG", "SR", "1", "2", "rg", " sr ", None, "3", "01", "02"]
        )
    elif bank == "341":
        kwargs["wallet"] = rng.choice(
            ["109", "110", "112", "175", "126", "131", "146", "150", "168"]
            + ["107", "122", "142", "143", "196", "198", _messy(rng, 3)]
        )
        agency, account = kwargs["agency"], kwargs["account"]
        if isinstance(agency, str) and isinstance(account, str) and rng.random() < 0.3:
            number = agency.strip().zfill(4) + account.strip().zfill(5)
            if number.isascii() and number.isdigit() and len(number) == 9:
                kwargs["account_digit"] = ref_modulo10(number)  # the right one
    elif bank == "748":
        kwargs["wallet"] = rng.choice(["1", "3", "1", "3", None, "", "2", 3, "03"])
        kwargs["nosso_numero"] = rng.choice(
            [_messy(rng, 5), _digits(rng, 8), _digits(rng, 6)]
        )
        kwargs["byte_idt"] = rng.choice([*"0123456789", *"23456789", None, "22"])
        kwargs["issue_date"] = rng.choice(
            [date(2000, 1, 1) + timedelta(days=rng.randint(0, 18000))] * 6
            + [datetime(2024, 5, 17, 13, 30), None, "2024-01-01"]
        )
    else:
        _more_bank_parameters(rng, bank, kwargs)
    for name in ("agency_digit", "account_digit", "agreement_digit"):
        kwargs.setdefault(name, _check_digit(rng))
    for name in OPTIONAL & set(kwargs):
        if rng.random() < 0.3:
            del kwargs[name]
    return kwargs


FIRST = boleto.FIRST_FACTOR_DATE
LAST = boleto.LAST_FACTOR_DATE


def _random_call(rng, bank):
    kwargs = _bank_parameters(rng, bank)
    roll = rng.random()
    if roll < 0.9:
        due = FIRST + timedelta(days=rng.randint(0, (LAST - FIRST).days))
    elif roll < 0.95:
        due = datetime(2030, 1, 2, 23, 59)
    else:
        due = rng.choice([FIRST - timedelta(days=1), LAST + timedelta(days=1), "x"])
    roll = rng.random()
    if roll < 0.85:
        amount = Decimal(rng.randint(1, 9_999_999_999)) / 100
    else:
        amount = rng.choice(
            [1, "12.5", " 3.10 ", Decimal("1E+2"), Decimal("0.001"), 0, -5]
            + [Decimal("0.00"), Decimal("-0"), "0", Decimal("-0.01")]
            + [Decimal("1E+9"), "abc", 1.5, True, Decimal("NaN"), Decimal("1.50")]
        )
    bank_code = bank
    if rng.random() < 0.05:
        bank_code = rng.choice([int(bank), bank.lstrip("0"), f" {bank} ", "999"])
    if rng.random() < 0.02:
        kwargs["unknown_parameter"] = "1"
    return bank_code, due, amount, kwargs


def _outcome(function, *args, **kwargs):
    try:
        result = function(*args, **kwargs)
    except (ValueError, TypeError, AssertionError) as error:
        return ("error", type(error), str(error))
    return ("ok", [(type(value), repr(value)) for value in result])


def _slip_fields(bank_code, due_date, amount, kwargs):
    slip = boleto.compute(bank_code, due_date=due_date, amount=amount, **kwargs)
    return dataclasses.astuple(slip)


# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------

CASES_PER_BANK = 2500


@pytest.mark.parametrize("bank", sorted(boleto.FREE_FIELD_BUILDERS))
def test_compute_matches_the_reference(bank):
    rng = random.Random(f"boleto-{bank}")
    valid = 0
    for _ in range(CASES_PER_BANK):
        bank_code, due, amount, kwargs = _random_call(rng, bank)
        expected = _outcome(
            ref_compute, bank_code, due_date=due, amount=amount, **kwargs
        )
        got = _outcome(_slip_fields, bank_code, due, amount, kwargs)
        assert got == expected, (bank_code, due, amount, kwargs)
        valid += expected[0] == "ok"
    assert valid > CASES_PER_BANK // 4  # the valid path is well covered


def test_boleto_object_is_a_plain_frozen_dataclass():
    slip = boleto.compute(
        "001",
        agency="1234",
        account="99999",
        wallet="17",
        agreement="1234567",
        nosso_numero="42",
        due_date=date(2025, 3, 1),
        amount=Decimal("10.5"),
    )
    fields = dataclasses.asdict(slip)
    same = boleto.Boleto(**fields)
    assert same == slip
    assert hash(same) == hash(slip)
    assert repr(same) == repr(slip)
    assert vars(same) == vars(slip)
    assert str(slip.amount) == "10.50"
    assert slip.bank_code_formatted == "001-9"
    with pytest.raises(dataclasses.FrozenInstanceError):
        slip.barcode = "0"


def test_check_digit_helpers_match_the_reference():
    rng = random.Random("check digits")
    for _ in range(5000):
        # Mostly up to 50 digits, sometimes up to 300: beyond 28 digits per
        # weight the folding in _weighted_sum gives way to the plain sum.
        size = rng.randint(0, 300) if rng.random() < 0.1 else rng.randint(0, 50)
        number = _digits(rng, size)
        assert boleto.modulo10(number) == ref_modulo10(number)
        weights = rng.choice(
            [range(2, 8), (3, 1, 9, 7), [rng.randint(0, 12) for _ in range(9)]]
        )[: rng.randint(1, 9)]
        assert boleto.weighted_sum(number, weights) == ref_weighted_sum(number, weights)
        max_weight = rng.choice([7, 9, rng.randint(2, 12)])
        results = rng.choice([BB, BRADESCO, ZERO, {10: "1", 11: "1"}, None, {}])
        assert _outcome_of(
            boleto.modulo11, number, max_weight=max_weight, results=results
        ) == _outcome_of(ref_modulo11, number, max_weight=max_weight, results=results)
        assert boleto.banrisul_double_digit(number) == ref_banrisul_double_digit(number)
        parts = _digits(rng, 4), _digits(rng, 7), _digits(rng, 7)
        assert boleto.sicoob_check_digit(*parts) == ref_sicoob_check_digit(*parts)


def _outcome_of(function, *args, **kwargs):
    try:
        return function(*args, **kwargs)
    except ValueError as error:
        return str(error)


def test_check_digit_helpers_on_odd_text():
    # Other Unicode decimal digits are read like int() reads them...
    assert boleto.modulo10("١٢٣") == ref_modulo10("123")
    assert boleto.modulo11("١٢٣", results=ZERO) == ref_modulo11("123", results=ZERO)
    # ... anything else is a ValueError, as int() of the character gives.
    for text in ("12a", "1 2", "²", "-1"):
        for function in (boleto.modulo10, boleto.modulo11):
            with pytest.raises(ValueError):
                function(text)
    assert boleto.modulo10("") == ref_modulo10("") == "0"
    assert boleto.weighted_sum("", range(2, 10)) == 0
    with pytest.raises(ValueError, match="has no mapping"):
        boleto.modulo11("")  # result 11 without a mapping
