# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Instructions to the bank in CNAB 240 and CNAB 400 remittances.

The codes are the ones of FEBRABAN's CNAB 240 layout v10, note C004 (código de
movimento remessa) and of each bank's CNAB 400 manual (the "código de
ocorrência" of the detail, positions 109-110); the same tables are in OCA
l10n-brazil, l10n_br_account_payment_order/data/cnab_codes/
(banco_itau_cnab_240_400.xml: itau_400_instruction_02/04/05/06/09/18;
banco_bradesco_cnab_240_400.xml: bradesco_240_instruction_02..11 — FEBRABAN's
C004 — and bradesco_400_instruction_02/04/05/06/09/18/19;
banco_santander_cnab_240_400.xml: santander_400_instruction_02/04/05/06/09/18;
banco_do_brasil_cnab_400.xml: brasil_400_instruction_02/04/05/06/09/10).
Positions are 1-based and inclusive, as in the manuals.
"""

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

import pytest

from odoo.addons.telecobranca.tools import cnab240, cnab400
from odoo.addons.telecobranca.tools import cnab_instruction as ci

D = Decimal
COMPANY = cnab240.Company("Empresa de Cobrança Ltda", "11.222.333/0001-81")
GENERATED = datetime(2024, 3, 10, 9, 0, 0)
NEW_DUE = date(2024, 4, 30)


def at(line: str, start: int, end: int) -> str:
    """Positions ``start``-``end`` (1-based, inclusive) of ``line``."""
    return line[start - 1 : end]


def title(cls=cnab240.Title, **changes):
    values = {
        "nosso_numero": "00000000123",
        "document_number": "1001",
        "due_date": date(2024, 3, 31),
        "amount": D("1500.75"),
        "issue_date": date(2024, 3, 1),
        "payer_name": "Conceição Araújo Comércio",
        "payer_document": "529.982.247-25",
        "payer_address": "Rua das Flores, 123",
        "payer_district": "Centro",
        "payer_zip": "01310-100",
        "payer_city": "São Paulo",
        "payer_state": "SP",
        "fine_percent": D("2.00"),
    }
    values.update(changes)
    return cls(**values)


# --------------------------------------------------------------------------
# Codes
# --------------------------------------------------------------------------


def test_febraban_240_codes():
    """FEBRABAN CNAB 240 v10, note C004: the same for every bank."""
    expected = {
        ci.WRITEOFF: "02",
        ci.REBATE: "04",
        ci.CANCEL_REBATE: "05",
        ci.DUE_DATE: "06",
        ci.PROTEST: "09",
        ci.CANCEL_PROTEST_WRITEOFF: "10",
        ci.CANCEL_PROTEST: "11",
    }
    for bank in ("001", "104", "237", "341", "748", "756"):
        assert {kind: ci.code(240, bank, kind) for kind in expected} == expected


@pytest.mark.parametrize(
    ("bank", "cancel_protest", "cancel_protest_writeoff"),
    [
        ("341", "18", None),  # Itaú: 18 sustar o protesto
        ("237", "19", "18"),  # Bradesco: 19 sustar e manter, 18 sustar e baixar
        ("033", "18", None),  # Santander: 18 sustar o protesto
        ("001", "10", None),  # Banco do Brasil: 10 sustar protesto
        ("748", "19", "18"),  # Sicredi: as Bradesco
        ("756", "10", None),  # Sicoob: 10 desistência do protesto
    ],
)
def test_cnab400_codes_per_bank(bank, cancel_protest, cancel_protest_writeoff):
    assert ci.code(400, bank, ci.WRITEOFF) == "02"
    assert ci.code(400, bank, ci.REBATE) == "04"
    assert ci.code(400, bank, ci.CANCEL_REBATE) == "05"
    assert ci.code(400, bank, ci.DUE_DATE) == "06"
    assert ci.code(400, bank, ci.PROTEST) == "09"
    assert ci.code(400, bank, ci.CANCEL_PROTEST) == cancel_protest
    assert ci.code(400, bank, ci.CANCEL_PROTEST_WRITEOFF) == cancel_protest_writeoff
    assert ci.supports(400, bank, ci.CANCEL_PROTEST_WRITEOFF) is bool(
        cancel_protest_writeoff
    )


def test_unknown_codes():
    with pytest.raises(ValueError, match="Unknown instruction"):
        ci.code(240, "001", "renegotiate")
    with pytest.raises(ValueError, match="No CNAB 400 instruction codes"):
        ci.code(400, "104", ci.WRITEOFF)
    with pytest.raises(ValueError, match="Unknown CNAB layout"):
        ci.code(500, "001", ci.WRITEOFF)
    assert not ci.supports(400, "104", ci.WRITEOFF)


def test_instruction_title_checks_its_data():
    base = title()
    with pytest.raises(ValueError, match="new due date is missing"):
        ci.instruction_title(base, ci.DUE_DATE, layout=240, bank="001")
    with pytest.raises(ValueError, match="before the issue date"):
        ci.instruction_title(
            base, ci.DUE_DATE, layout=240, bank="001", new_due_date=date(2024, 2, 1)
        )
    for amount in (None, 0, D("-1")):
        with pytest.raises(ValueError, match="more than zero"):
            ci.instruction_title(
                base, ci.REBATE, layout=240, bank="001", rebate_amount=amount
            )
    with pytest.raises(ValueError, match="less than the amount"):
        ci.instruction_title(
            base, ci.REBATE, layout=240, bank="001", rebate_amount=D("1500.75")
        )
    for days in (None, 0, 100):
        with pytest.raises(ValueError, match="protest days must be 1 to 99"):
            ci.instruction_title(
                base, ci.PROTEST, layout=240, bank="001", protest_days=days
            )
    with pytest.raises(ValueError, match="takes no cancel protest writeoff"):
        ci.instruction_title(base, ci.CANCEL_PROTEST_WRITEOFF, layout=400, bank="341")


def test_answers_of_return_occurrences():
    assert ci.answer(240, "001", "14") == (ci.CONFIRMED, (ci.DUE_DATE,))
    assert ci.answer(240, "001", "09")[1] == (ci.WRITEOFF, ci.CANCEL_PROTEST_WRITEOFF)
    assert ci.answer(240, "001", "23") == (ci.PROTESTED, (ci.PROTEST,))
    assert ci.answer(240, "001", "26")[0] == ci.REJECTED
    assert ci.answer(240, "001", "06") == (None, ())
    assert ci.answer(400, "237", "12") == (ci.CONFIRMED, (ci.REBATE,))
    assert ci.answer(400, "237", "32")[0] == ci.REJECTED
    assert ci.answer(400, "341", "16")[0] == ci.REJECTED
    assert ci.answer(400, "341", "23") == (ci.PROTESTED, (ci.PROTEST,))
    assert ci.answer(400, "001", "24") == (ci.CONFIRMED, (ci.CANCEL_PROTEST,))
    assert ci.answer(400, "104", "09") == (None, ())


def test_every_answer_names_a_known_kind():
    tables = [ci.CNAB240_ANSWERS, *ci.CNAB400_ANSWERS.values()]
    for table in tables:
        for outcome, kinds in table.values():
            assert outcome in (ci.CONFIRMED, ci.REJECTED, ci.PROTESTED)
            assert kinds and set(kinds) <= set(ci.KINDS)
    # every CNAB 400 bank of the return tables has its answers, and every
    # answered occurrence is one the bank's return table knows
    for bank, table in ci.CNAB400_ANSWERS.items():
        assert set(table) <= set(cnab400.OCCURRENCES[bank]), bank
    assert set(ci.CNAB240_ANSWERS) <= set(cnab240.OCCURRENCES)


# --------------------------------------------------------------------------
# CNAB 240 remittance lines
# --------------------------------------------------------------------------

ACCOUNT_240 = cnab240.BankAccount(
    bank_code="001",
    bank_name="Banco do Brasil",
    agency="1234",
    agency_digit="3",
    account="99999",
    account_digit="7",
    agreement="1234567",
    wallet="1",
)


def remittance_240(records):
    content = cnab240.remittance(
        COMPANY, ACCOUNT_240, records, file_sequence=5, generated_at=GENERATED
    )
    return content.decode("ascii").split("\r\n")[:-1]


def segments(lines, kind):
    return [
        line for line in lines if at(line, 8, 8) == "3" and at(line, 14, 14) == kind
    ]


@pytest.mark.parametrize(
    ("kind", "options", "movement"),
    [
        (ci.WRITEOFF, {}, "02"),
        (ci.DUE_DATE, {"new_due_date": NEW_DUE}, "06"),
        (ci.REBATE, {"rebate_amount": D("100.25")}, "04"),
        (ci.PROTEST, {"protest_days": 5}, "09"),
        (ci.CANCEL_PROTEST, {}, "11"),
        (ci.CANCEL_PROTEST_WRITEOFF, {}, "10"),
    ],
)
def test_cnab240_instruction_lines(kind, options, movement):
    record = ci.instruction_title(title(), kind, layout=240, bank="001", **options)
    lines = remittance_240([record])
    (p,) = segments(lines, "P")
    (q,) = segments(lines, "Q")
    # an instruction repeats P and Q, never the fine of segment R
    assert not segments(lines, "R")
    assert at(p, 16, 17) == movement
    assert at(q, 16, 17) == movement
    assert at(p, 38, 57).strip() == "00000000123"
    assert at(p, 86, 100) == "000000000150075"  # the amount as registered
    due = NEW_DUE if kind == ci.DUE_DATE else date(2024, 3, 31)
    assert at(p, 78, 85) == due.strftime("%d%m%Y")
    rebate = "000000000010025" if kind == ci.REBATE else "0" * 15
    assert at(p, 181, 195) == rebate
    if kind == ci.PROTEST:
        assert (at(p, 221, 221), at(p, 222, 223)) == ("1", "05")
    else:
        assert at(p, 221, 221) == "3"  # the title's own code: do not protest
    assert all(len(line) == 240 for line in lines)


def test_cnab240_file_of_instructions_only_and_mixed():
    entry = title(nosso_numero="124")
    writeoff = ci.instruction_title(title(), ci.WRITEOFF, layout=240, bank="001")
    lines = remittance_240([entry, writeoff])
    assert [at(p, 16, 17) for p in segments(lines, "P")] == ["01", "02"]
    # the fine is registered with the new title only
    assert len(segments(lines, "R")) == 1
    # batch trailer: header + P, Q, R + P, Q + trailer
    trailer = lines[-2]
    assert at(trailer, 8, 8) == "5"
    assert at(trailer, 18, 23) == "000007"
    only = remittance_240([writeoff])
    assert [at(p, 16, 17) for p in segments(only, "P")] == ["02"]
    assert at(only[-1], 24, 29) == "000006"  # file trailer: 6 lines in all


def test_cnab240_rebate_checked_when_written():
    with pytest.raises(ValueError, match="rebate is not less than the amount"):
        remittance_240([replace(title(), movement_code="04", rebate_amount=D("2000"))])


# --------------------------------------------------------------------------
# CNAB 400 remittance lines
# --------------------------------------------------------------------------

ACCOUNTS_400 = {
    "341": cnab400.BankAccount("341", "1234", "12345", "1", "109"),
    "237": cnab400.BankAccount(
        "237", "12345", "1234567", "1", "09", agreement="4567890"
    ),
    "033": cnab400.BankAccount(
        "033", "8888", "000002997", "8", "101", agreement="17777751042700080112"
    ),
    "001": cnab400.BankAccount(
        "001", "1234", "1234", "", "17", agreement="1234567", wallet_variation="019"
    ),
    "756": cnab400.BankAccount(
        "756", "4327", "12345678", "1", "01", agreement="123456789"
    ),
}
NOSSO_NUMERO_400 = {
    "341": "12345678",
    "237": "123",
    "033": "1234567",
    "001": "123",
    "756": "123",
}


def title_400(bank, **changes):
    values = {
        "nosso_numero": NOSSO_NUMERO_400[bank],
        "fine_percent": None,
    }
    if bank in ("341", "001"):
        values["fine_percent"] = D("2.00")  # a fine record with the entry
    values.update(changes)
    return title(cnab400.Title, **values)


def remittance_400(bank, records):
    content = cnab400.remittance(
        COMPANY, ACCOUNTS_400[bank], records, file_sequence=3, generated_at=GENERATED
    )
    return content.decode("ascii").split("\r\n")[:-1]


def details(lines):
    return [line for line in lines if line[0] in "17"]


@pytest.mark.parametrize("bank", sorted(ACCOUNTS_400))
@pytest.mark.parametrize(
    ("kind", "options"),
    [
        (ci.WRITEOFF, {}),
        (ci.DUE_DATE, {"new_due_date": NEW_DUE}),
        (ci.REBATE, {"rebate_amount": D("100.25")}),
        (ci.PROTEST, {"protest_days": 5}),
        (ci.CANCEL_PROTEST, {}),
    ],
)
def test_cnab400_instruction_lines(bank, kind, options):
    record = ci.instruction_title(
        title_400(bank), kind, layout=400, bank=bank, **options
    )
    lines = remittance_400(bank, [record])
    (detail,) = details(lines)
    assert at(detail, 109, 110) == ci.CNAB400_CODES[bank][kind]
    due = NEW_DUE if kind == ci.DUE_DATE else date(2024, 3, 31)
    assert at(detail, 121, 126) == due.strftime("%d%m%y")
    assert at(detail, 127, 139) == "0000000150075"
    rebate = "0000000010025" if kind == ci.REBATE else "0" * 13
    assert at(detail, 206, 218) == rebate
    if kind == ci.PROTEST:
        # the days: positions 392-393, Bradesco's second instruction (159-160)
        days = at(detail, 159, 160) if bank == "237" else at(detail, 392, 393)
        assert days == "05"
    # header, the detail, trailer: no fine record with an instruction
    assert len(lines) == 3
    assert [int(at(line, 395, 400)) for line in lines] == [1, 2, 3]
    assert all(len(line) == 400 for line in lines)


def test_cnab400_codes_written_for_itau_and_bradesco():
    """The codes in 109-110, byte for byte, beside a new title."""
    for bank, expected in (("341", ["01", "02", "18"]), ("237", ["01", "18", "19"])):
        entry = title_400(bank)
        first = ci.instruction_title(
            replace(entry, nosso_numero=str(int(NOSSO_NUMERO_400[bank]) + 1)),
            ci.WRITEOFF if bank == "341" else ci.CANCEL_PROTEST_WRITEOFF,
            layout=400,
            bank=bank,
        )
        second = ci.instruction_title(
            replace(entry, nosso_numero=str(int(NOSSO_NUMERO_400[bank]) + 2)),
            ci.CANCEL_PROTEST,
            layout=400,
            bank=bank,
        )
        lines = remittance_400(bank, [entry, first, second])
        assert [at(line, 109, 110) for line in details(lines)] == expected
