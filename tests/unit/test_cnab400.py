# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""CNAB 400 collections: real return files, golden remittances, errors.

The files of tests/data/cnab come from the test fixtures of kivanio/brcobranca
(spec/arquivos, spec/fixtures/remessa) and eduardokum/laravel-boleto
(tests/Retorno/files/cnab400), both MIT-licensed; see tests/data/cnab/README.md.
The expected values were read off the files position by position; where
brcobranca's own specs read the same file (spec/brcobranca/retorno/cnab400/
itau_spec.rb and bradesco_spec.rb) they agree with them.
"""

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from odoo.addons.telecobranca.tools import cnab240, cnab400

DATA = Path(__file__).resolve().parent.parent / "data" / "cnab"
D = Decimal


def read(name: str) -> bytes:
    return (DATA / name).read_bytes()


def lines_of(content: bytes) -> list[str]:
    return content.decode("latin-1").splitlines()


def lines_file(lines: list[str], end: str = "\r\n") -> bytes:
    return (end.join(lines) + end).encode("latin-1")


# --------------------------------------------------------------------------
# Layouts
# --------------------------------------------------------------------------

LAYOUTS = [
    layout
    for bank in cnab400.BANKS.values()
    for layout in (bank.header, bank.detail, bank.trailer)
    if layout is not None
] + [
    cnab400.ITAU_REMITTANCE_HEADER,
    cnab400.ITAU_REMITTANCE_DETAIL,
    cnab400.ITAU_REMITTANCE_FINE,
    cnab400.BRADESCO_REMITTANCE_HEADER,
    cnab400.BRADESCO_REMITTANCE_DETAIL,
    cnab400.SANTANDER_REMITTANCE_HEADER,
    cnab400.SANTANDER_REMITTANCE_DETAIL,
    cnab400.SANTANDER_REMITTANCE_TRAILER,
    cnab400.BB_REMITTANCE_HEADER,
    cnab400.BB_REMITTANCE_DETAIL,
    cnab400.BB_REMITTANCE_FINE,
    cnab400.SICOOB_REMITTANCE_HEADER,
    cnab400.SICOOB_REMITTANCE_DETAIL,
    cnab400.SICREDI_REMITTANCE_HEADER,
    cnab400.SICREDI_REMITTANCE_DETAIL,
    cnab400.SICREDI_REMITTANCE_TRAILER,
]


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
def test_layouts_cover_400_positions(layout):
    assert layout.length == 400
    assert layout.fields[0].start == 1
    assert layout.fields[-1].end == 400
    assert len(cnab240.write_record(layout, {})) == 400


def test_every_bank_has_its_tables():
    assert set(cnab400.BANKS) == {"341", "237", "033", "001", "748", "756"}
    assert set(cnab400.OCCURRENCES) == set(cnab400.BANKS)
    for bank, table in cnab400.OCCURRENCES.items():
        # the codes every bank shares: entry confirmed, settlement
        assert table["02"][1] == cnab240.KIND_REGISTERED, bank
        assert table["06"][1] == cnab240.KIND_PAID, bank
    keys = [key for key, _label in cnab400.occurrence_choices()]
    assert len(keys) == len(set(keys))
    assert "341-06" in keys and "237-17" in keys


# --------------------------------------------------------------------------
# Golden remittances (brcobranca spec/fixtures/remessa)
# --------------------------------------------------------------------------

COMPANY = cnab240.Company("SOCIEDADE BRASILEIRA DE ZOOLOGIA LTDA", "12345678910")
# The payment of brcobranca's spec/support/shared_examples/cnab400.rb, on the
# day the fixtures were generated (14/07/2015).
PAYMENT = {
    "nosso_numero": "123",
    "due_date": date(2015, 7, 14),
    "issue_date": date(2015, 7, 14),
    "amount": D("199.90"),
    "payer_document": "12345678901",
    "payer_name": "PABLO DIEGO JOSÉ FRANCISCO DE PAULA JUAN NEPOMUCENO MARÍA DE "
    "LOS REMEDIOS CIPRIANO DE LA SANTÍSSIMA TRINIDAD RUIZ Y PICASSO",
    "payer_address": "RUA RIO GRANDE DO SUL São paulo Minas caçapa da silva junior",
    "payer_district": "São josé dos quatro apostolos magros",
    "payer_zip": "12345678",
    "payer_city": "Santa rita de cássia maria da silva",
    "payer_state": "SP",
    "company_reference": "6969",
    "protest_days": 3,
}
GENERATED = datetime(2015, 7, 14, 10, 30)


def itau_remittance(**changes):
    title = cnab400.Title(
        **{
            **PAYMENT,
            "document_number": "0000000000",
            # Itaú's fine record: code 1 (an amount in reais), 2.00
            "fine_amount": D("2.00"),
            "fine_date": date(2015, 7, 14),
            **changes,
        }
    )
    account = cnab400.BankAccount("341", "1234", "12345", "1", "123")
    return cnab400.remittance(
        COMPANY, account, [title], file_sequence=1, generated_at=GENERATED
    )


def bradesco_remittance(**changes):
    title = cnab400.Title(
        **{**PAYMENT, "document_number": "1", "fine_percent": D("2.00"), **changes}
    )
    account = cnab400.BankAccount("237", "12345", "1234567", "1", "01", agreement="123")
    return cnab400.remittance(
        COMPANY, account, [title], file_sequence=1, generated_at=GENERATED
    )


def santander_remittance(**changes):
    """brcobranca spec/brcobranca/remessa/cnab400/santander_spec.rb: a 2% fine,
    8.00 of interest a day, protest after 6 days."""
    title = cnab400.Title(
        **{
            **PAYMENT,
            "document_number": "0000000000",
            "fine_percent": D("2.00"),
            "interest_per_day": D("8.00"),
            "protest_code": "1",
            "protest_days": 6,
            **changes,
        }
    )
    account = cnab400.BankAccount(
        "033", "8888", "000002997", "8", "101", agreement="17777751042700080112"
    )
    return cnab400.remittance(
        COMPANY, account, [title], file_sequence=1, generated_at=GENERATED
    )


def bb_remittance(**changes):
    """brcobranca spec/brcobranca/remessa/cnab400/banco_brasil_spec.rb: wallet
    12, variation 123, agreement 1234567, lead agreement 7654321, collection
    04DSC (discounted)."""
    title = cnab400.Title(
        **{
            **PAYMENT,
            "document_number": "0000000000",
            "company_reference": "",
            "protest_days": 0,
            **changes,
        }
    )
    account = cnab400.BankAccount(
        "001",
        "1234",
        "1234",
        "",  # the digits computed: 1234-3 / 00001234-3
        "12",
        agreement="1234567",
        collection_type="4",
        wallet_variation="123",
        lead_agreement="7654321",
    )
    return cnab400.remittance(
        COMPANY, account, [title], file_sequence=1, generated_at=GENERATED
    )


def sicoob_remittance(**changes):
    """brcobranca spec/brcobranca/remessa/cnab400/sicoob_spec.rb: cooperative
    4327, account 12345678-1, client code 12345678-9, wallet 01."""
    title = cnab400.Title(
        **{
            **PAYMENT,
            "document_number": "0000000000",
            "company_reference": "",
            "protest_days": 0,
            **changes,
        }
    )
    account = cnab400.BankAccount(
        "756", "4327", "12345678", "1", "01", agreement="123456789"
    )
    return cnab400.remittance(
        COMPANY, account, [title], file_sequence=1, generated_at=GENERATED
    )


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("brcobranca__remessa-sicoob-cnab400.rem", sicoob_remittance),
        ("brcobranca__remessa-banco-brasil-cnab400.rem", bb_remittance),
        ("brcobranca__remessa-itau-cnab400.rem", itau_remittance),
        ("brcobranca__remessa-bradesco-cnab400.rem", bradesco_remittance),
        ("brcobranca__remessa-santander-cnab400.rem", santander_remittance),
    ],
)
def test_remittance_reproduces_the_golden_file(name, build):
    golden = read(name)
    produced = build()
    # The fixtures are stored with LF line ends; banks take CRLF (default).
    assert produced == golden.replace(b"\n", b"\r\n")
    assert produced.replace(b"\r\n", b"\n") == golden


def test_itau_remittance_positions():
    header, detail, fine, trailer = lines_of(itau_remittance())
    assert header[26:38] == "123400123451"  # agency, 00, account, DAC
    assert header[76:94] == "341BANCO ITAU SA  "
    assert detail[62:70] == "00000123"  # nosso número
    assert detail[83:86] == "123" and detail[107] == "I"  # wallet, its code
    assert detail[120:126] == "140715"  # due date DDMMYY
    assert detail[126:139] == "0000000019990"
    assert detail[147:149] == "01"  # FEBRABAN DM (02) is Itaú's 01
    assert detail[234:264] == "PABLO DIEGO JOSE FRANCISCO DE "
    assert fine[:23] == "21140720150000000000200"
    assert trailer == "9" + " " * 393 + "000004"


def test_bradesco_remittance_positions():
    header, detail, trailer = lines_of(bradesco_remittance())
    assert header[26:46] == "00000000000000000123"  # código da empresa
    assert header[108:117] == "MX0000001"
    assert detail[20:37] == "00011234512345671"  # 0, wallet, agency, account
    assert detail[65:70] == "20200"  # fine: percentage 2.00
    assert detail[70:82] == "00000000123P"  # nosso número and its digit
    assert detail[274:314] == "RUA RIO GRANDE DO SU SANTA RITA DE CSP  "
    assert detail[326:334] == "12345678"
    assert trailer[-6:] == "000003"


def test_bb_remittance_positions():
    header, detail, trailer = lines_of(bb_remittance())
    assert header[26:46] == "12343000012343000000"  # agency-3, account-3
    assert header[100:107] == "0000001" and header[129:136] == "7654321"
    assert detail[0] == "7"  # 7-digit agreement
    assert detail[31:38] == "1234567"
    assert detail[63:80] == "12345670000000123"  # nosso número
    assert detail[91:94] == "123" and detail[101:108] == "04DSC12"
    assert detail[234:271] == "PABLO DIEGO JOSE FRANCISCO DE PAULA J"
    assert trailer == "9" + " " * 393 + "000003"
    # a fine goes in a record 5 (service 99) after the detail
    lines = lines_of(bb_remittance(fine_percent=D("2.00"), protest_code="1"))
    assert lines[1][156:158] == "06"  # protest
    assert lines[2][:22] == "5992150715000000000200"
    assert lines[2][394:] == "000003" and lines[3][394:] == "000004"
    with pytest.raises(ValueError, match="agreements .convênios. of 7 digits"):
        cnab400.remittance(
            COMPANY,
            cnab400.BankAccount("001", "1234", "1234", "", "17", agreement="123456"),
            [cnab400.Title(**PAYMENT, document_number="1")],
            file_sequence=1,
            generated_at=GENERATED,
        )


def test_sicoob_remittance_positions():
    header, detail, trailer = lines_of(sicoob_remittance())
    # cooperative 4327, its digit (modulo 11, 0 for 10), client code and digit
    assert header[26:40] == "43273123456789"
    assert header[76:94] == "756BANCOOBCED     " and header[100:107] == "0000001"
    assert detail[17:31] == "43273123456781"
    assert detail[62:76] == "00000000012301"  # nosso número, installment 01
    assert detail[105:110] == "20101"  # company prints, wallet 01, entry
    assert detail[142:150] == "4327301" + "0"  # collecting coop., DM, not accepted
    assert detail[274:311] == "RUA RIO GRANDE DO SUL SAO PAULO MINAS"  # 37
    assert trailer == "9" + "0" * 393 + "000003"
    with pytest.raises(ValueError, match="Title 1 .*without fine, interest or protest"):
        sicoob_remittance(fine_percent=D("2"))


def test_santander_remittance_positions():
    header, detail, trailer = lines_of(santander_remittance())
    assert header[26:46] == "17777751042700080112"  # código de transmissão
    assert header[391:394] == "058"  # layout version
    assert detail[17:37] == "17777751042700080112"
    assert detail[77:82] == "40200"  # fine: percentage 2.00
    assert detail[101:107] == "000000"  # from the day after the due date
    assert detail[107:110] == "101"  # wallet code 1, entry (01)
    assert detail[156:158] == "06" and detail[391:393] == "06"  # protest, 6 days
    assert detail[160:173] == "0000000000800"  # interest a day
    assert detail[382:385] == "I78"  # 9-digit account: its 9th digit and DV
    assert trailer[:20] == "9000003" + "0000000019990"  # lines, total
    assert trailer[20:394] == "0" * 374


@pytest.mark.parametrize(
    ("wallet", "number", "digit"),
    [
        ("01", "00000000123", "P"),  # brcobranca remessa-bradesco-cnab400.rem
        ("09", "51350000004", "P"),  # line 3
        ("09", "51350000007", "4"),  # line 4
        ("09", "51350000009", "0"),  # line 5
        ("09", "51350000011", "2"),  # line 6
        ("09", "50980000002", "8"),  # line 7
    ],
)
def test_bradesco_nosso_numero_digit(wallet, number, digit):
    assert cnab400.bradesco_check_digit(wallet, number) == digit


def test_remittance_with_interest_discount_and_protest():
    content = itau_remittance(
        interest_per_day=D("0.07"),
        discount_amount=D("5.00"),
        discount_date=date(2015, 7, 10),
        protest_code="1",
        protest_days=5,
        fine_amount=None,
        fine_date=None,
        fine_percent=D("2.00"),
    )
    _header, detail, fine, _trailer = lines_of(content)
    assert detail[156:158] == "09"  # Itaú: protest
    assert detail[160:173] == "0000000000007"
    assert detail[173:179] == "100715" and detail[179:192] == "0000000000500"
    assert detail[385:391] == "150715"  # interest from the day after
    assert detail[391:393] == "05"
    assert fine[:2] == "22" and fine[2:10] == "15072015"  # percentage, next day
    detail = lines_of(bradesco_remittance(protest_code="1", interest_per_day="1.5"))[1]
    assert detail[156:158] == "06"  # Bradesco: protest
    assert detail[160:173] == "0000000000150"


@pytest.mark.parametrize(
    ("build", "changes", "message"),
    [
        (itau_remittance, {"species": "23"}, "species '23' has no Itaú code"),
        (itau_remittance, {"nosso_numero": "123456789"}, "longer than 8 digits"),
        (
            itau_remittance,
            {"fine_percent": D("2")},
            "a fine both as an amount and as a percentage",
        ),
        (
            bradesco_remittance,
            {"fine_amount": D("2")},
            "Bradesco takes the fine as a percentage",
        ),
        (bradesco_remittance, {"payer_zip": "123"}, "ZIP code '123' is not 8"),
        (
            santander_remittance,
            {"fine_amount": D("2")},
            "Santander takes the fine as a percentage",
        ),
        (santander_remittance, {"species": "21"}, "species '21' has no Santander"),
        (bradesco_remittance, {"amount": D("0")}, "the amount must be greater"),
        (
            bradesco_remittance,
            {"document_number": "12345678901"},
            "longer than 10 characters",
        ),
    ],
)
def test_remittance_errors_name_the_title(build, changes, message):
    with pytest.raises(ValueError, match=f"Title 1 .*{message}"):
        build(**changes)


def test_remittance_of_an_unsupported_bank_or_without_titles():
    account = cnab400.BankAccount("104", "1234", "12345", "1", "1")
    with pytest.raises(ValueError, match="not written for the bank 104"):
        cnab400.remittance(
            COMPANY,
            account,
            [cnab400.Title(**PAYMENT, document_number="1")],
            file_sequence=1,
            generated_at=GENERATED,
        )
    with pytest.raises(ValueError, match="at least one title"):
        cnab400.remittance(
            COMPANY, account, [], file_sequence=1, generated_at=GENERATED
        )
    assert cnab400.supports_remittance("341") and not cnab400.supports_remittance("104")
    assert cnab400.supports_remittance("756")
    assert cnab400.supports_remittance("033") and cnab400.supports_remittance("001")


# --------------------------------------------------------------------------
# Real return files
# --------------------------------------------------------------------------

# file -> (records, bank, {index: facts})
RETURN_FILES = {
    "brcobranca__CNAB400ITAU.RET": (
        52,
        "341",
        {
            # brcobranca itau_spec.rb: nosso número 00000011, wallet 109,
            # amount 40.00, fee 2.10, "valor principal" 37.90, occurrence 06
            # of 20/05/13, credit 21/05/13
            0: {
                "nosso_numero": "109/00000011-4",
                "occurrence_code": "06",
                "occurrence": "Settlement",
                "kind": cnab240.KIND_PAID,
                "occurrence_key": "341-06",
                "nominal_amount": D("40.00"),
                "fee_amount": D("2.10"),
                # the principal is net of the fee: paid = 37.90 + 2.10
                "paid_amount": D("40.00"),
                "net_amount": D("37.90"),
                "occurrence_date": date(2013, 5, 20),
                "credit_date": date(2013, 5, 21),
                "due_date": None,  # zeros in the file
                "reasons": [],
                "line_number": 2,
                "layout": 400,
            },
            # 48.75 with 1.02 of interest: 47.67 reach the account
            40: {
                "nominal_amount": D("48.75"),
                "interest_amount": D("1.02"),
                "net_amount": D("47.67"),
                "paid_amount": D("49.77"),
            },
            51: {
                "occurrence_code": "09",
                "kind": cnab240.KIND_WRITTEN_OFF,
                "line_number": 53,
            },
        },
    ),
    "brcobranca__CNAB400BRADESCO.RET": (
        6,
        "237",
        {
            # brcobranca bradesco_spec.rb: nosso número 000000000303, wallet
            # 009, due 25/05/15, 1450.00, fee 1.60, occurrence 02 of 15/05/15
            0: {
                "nosso_numero": "09/00000000030-3",
                "document_number": "0030",
                "occurrence_code": "02",
                "kind": cnab240.KIND_REGISTERED,
                "due_date": date(2015, 5, 25),
                "nominal_amount": D("1450.00"),
                "fee_amount": D("1.60"),
                "occurrence_date": date(2015, 5, 15),
                "credit_date": date(2015, 5, 15),
            },
            1: {"nosso_numero": "09/51350000004-P", "document_number": "1146"},
            5: {
                "occurrence_code": "10",
                "occurrence": "Written off as instructed by the branch",
                "kind": cnab240.KIND_WRITTEN_OFF,
                "due_date": date(2015, 5, 6),
                "line_number": 7,
            },
        },
    ),
    "laravel-boleto__cnab400_itau.ret": (
        4,
        "341",
        {
            2: {
                "nosso_numero": "109/00211842-9",
                "nominal_amount": D("395.41"),
                "fee_amount": D("3.33"),
                "interest_amount": D("0.01"),
                "net_amount": D("392.09"),
                "paid_amount": D("395.42"),
            },
            1: {"occurrence_code": "25", "occurrence": "Payer's allegations"},
        },
    ),
    "laravel-boleto__cnab400_bradesco.ret": (
        7,
        "237",
        {
            1: {
                "occurrence_code": "06",
                "kind": cnab240.KIND_PAID,
                "paid_amount": D("5.00"),
                "credit_date": date(2012, 4, 13),
            },
            2: {
                "occurrence_code": "17",
                "kind": cnab240.KIND_PAID,
                "paid_amount": D("0.02"),
            },
        },
    ),
    "laravel-boleto__cnab400_santander.ret": (
        1,
        "033",
        {
            0: {
                "nosso_numero": "00000019",
                "occurrence_code": "02",
                "nominal_amount": D("100.00"),
                "due_date": date(2016, 10, 20),
            }
        },
    ),
    "laravel-boleto__cnab400_bb.ret": (
        1,
        "001",
        {0: {"nosso_numero": "12345670000000001", "occurrence_code": "02"}},
    ),
    "laravel-boleto__cnab400_banco_brasil.ret": (
        1,
        "001",
        {
            # BB: credit date at 176-181, fee at 182-188
            0: {
                "nosso_numero": "11122450000000290",
                "occurrence_code": "06",
                "paid_amount": D("25.00"),
                "fee_amount": D("9.00"),
                "net_amount": D("16.00"),
                "occurrence_date": date(2015, 9, 8),
                "credit_date": date(2015, 9, 10),
            }
        },
    ),
}


@pytest.mark.parametrize("name", sorted(RETURN_FILES))
def test_real_return_files(name):
    count, bank, facts = RETURN_FILES[name]
    records = cnab400.parse_return(read(name))
    assert len(records) == count
    assert {record.bank for record in records} == {bank}
    assert {record.layout for record in records} == {400}
    for index, expected in facts.items():
        for attribute, value in expected.items():
            assert getattr(records[index], attribute) == value, (index, attribute)


def test_every_cnab400_return_file_is_covered():
    names = {
        path.name
        for path in DATA.iterdir()
        if "400" in path.name and path.suffix.lower() == ".ret"
    }
    assert names == set(RETURN_FILES)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "brcobranca__CNAB400ITAU.RET",
            {
                "bank": "341",
                "agency": "0730",
                "account": "03511",
                "account_digit": "0",
                "company_name": "PLUTO ALTO ELENTAS LTDA ME",
                "generation_date": date(2013, 5, 20),
                "file_sequence": 25,
                "layout_version": "400",
            },
        ),
        (
            "brcobranca__CNAB400BRADESCO.RET",
            {
                "bank": "237",
                "agreement": "00000000000004540691",
                # no account in Bradesco's header: the first detail's
                "agency": "01467",
                "account": "0019669",
                "generation_date": date(2015, 5, 15),
                "file_sequence": 405,
            },
        ),
        (
            "laravel-boleto__cnab400_banco_brasil.ret",
            {
                "bank": "001",
                "agency": "3344",
                "account": "00001111",
                "agreement": "1112245",
                "generation_date": date(2015, 9, 8),
            },
        ),
    ],
)
def test_real_file_headers(name, expected):
    header = cnab400.parse_header(read(name))
    for attribute, value in expected.items():
        assert getattr(header, attribute) == value, attribute


# --------------------------------------------------------------------------
# Files as they arrive, and files that are wrong
# --------------------------------------------------------------------------

ITAU = "brcobranca__CNAB400ITAU.RET"


@pytest.mark.parametrize(
    "transform",
    [
        lambda data: data.replace(b"\r\n", b"\n"),
        lambda data: data.replace(b"\r\n", b""),
        lambda data: data + b"\x1a",
        lambda data: data.rstrip(b"\r\n"),
        lambda data: lines_file([line.rstrip() for line in lines_of(data)], "\n"),
        lambda data: data + b"\r\n" + b" " * 400 + b"\r\n",
    ],
    ids=["LF", "no line ends", "EOF", "no last line end", "trimmed", "blank line"],
)
def test_files_as_they_arrive(transform):
    data = read("brcobranca__CNAB400BRADESCO.RET")
    assert cnab400.parse_return(transform(data)) == cnab400.parse_return(data)


def test_latin1_payer_name():
    lines = lines_of(read(ITAU))
    lines[1] = lines[1][:324] + "JOSÉ DA SILVA".ljust(30) + lines[1][354:]
    assert cnab400.parse_return(lines_file(lines))[0].payer_name == "JOSÉ DA SILVA"


def test_wrong_trailer_totals_are_refused():
    lines = lines_of(read(ITAU))
    lines[1] = lines[1][:152] + "0000000004001" + lines[1][165:]  # 40.01
    with pytest.raises(ValueError, match="line 54: the file trailer totals 2688.96"):
        cnab400.parse_return(lines_file(lines))
    lines = lines_of(read("brcobranca__CNAB400BRADESCO.RET"))
    lines[2] = lines[2][:108] + "06" + lines[2][110:]  # an entry made a settlement
    with pytest.raises(ValueError, match="line 8: the file trailer counts 5 entries"):
        cnab400.parse_return(lines_file(lines))


def test_records_out_of_order_are_refused():
    lines = lines_of(read(ITAU))
    lines[2], lines[3] = lines[3], lines[2]
    with pytest.raises(ValueError, match="line 3: record number '000004'"):
        cnab400.parse_return(lines_file(lines))
    lines = lines_of(read(ITAU))
    lines = [lines[1][:394] + "000001", lines[0][:394] + "000002", *lines[2:]]
    with pytest.raises(ValueError, match="line 1: missing file header"):
        cnab400.parse_return(lines_file(lines))


def test_wrong_line_sizes_are_refused():
    lines = lines_of(read(ITAU))
    lines[2] += "X"
    with pytest.raises(ValueError, match="line 3: 401 characters, expected 400"):
        cnab400.parse_return(lines_file(lines))
    lines = lines_of(read(ITAU))
    lines[2] = lines[2][:260]  # cut inside the amounts: not trimmed blanks
    with pytest.raises(ValueError, match="line 3: record number ''"):
        cnab400.parse_return(lines_file(lines))
    with pytest.raises(ValueError, match="line 3: 260 characters"):
        cnab400.parse_return(lines_file(lines), lenient_padding=False)


def test_incomplete_and_foreign_files_are_refused():
    lines = lines_of(read(ITAU))
    with pytest.raises(ValueError, match="line 53: missing file trailer"):
        cnab400.parse_return(lines_file(lines[:-1]))
    with pytest.raises(ValueError, match="this is a remittance file"):
        cnab400.parse_return(read("brcobranca__remessa-itau-cnab400.rem"))
    with pytest.raises(ValueError, match="not a CNAB 400 file: line 1 is a CNAB 240"):
        cnab400.parse_return(read("brcobranca__CNAB240SICREDI.CRT"))
    lines[0] = lines[0][:76] + "104" + lines[0][79:]
    with pytest.raises(ValueError, match="bank '104' are not supported"):
        cnab400.parse_return(lines_file(lines))
    lines = lines_of(read(ITAU))
    lines[5] = "5" + lines[5][1:]
    with pytest.raises(ValueError, match="line 6: unknown record type '5'"):
        cnab400.parse_return(lines_file(lines))
    lines = lines_of(read(ITAU))
    lines[5] = lines[5][:152] + "00000000040X0" + lines[5][165:]
    with pytest.raises(ValueError, match="line 6: .*'nominal_amount'"):
        cnab400.parse_return(lines_file(lines))


# --------------------------------------------------------------------------
# Banks without a public sample: records built at the manuals' positions
# --------------------------------------------------------------------------


def one_record_file(bank: str, detail: dict, header: dict | None = None) -> bytes:
    layout = cnab400.BANKS[bank]
    head = cnab240.write_record(
        layout.header,
        {
            "record_type": "0",
            "file_code": "2",
            "literal": "RETORNO",
            "bank": bank,
            "bank_name": layout.name.upper(),
            "generation_date": date(2024, 3, 1),
            **(header or {}),
        },
    )
    head = head[:394] + "000001"
    line = cnab240.write_record(
        layout.detail, {"record_type": min(layout.detail_types), **detail}
    )
    line = line[:394] + "000002"
    trailer = "9" + " " * 393 + "000003"
    return lines_file([head, line, trailer])


def test_sicredi_record_at_its_manual_positions():
    """Sicredi "Manual CNAB 400": nosso número 48-62, credit date 329-336
    (YYYYMMDD), reasons 319-328; header date 95-102 (YYYYMMDD)."""
    content = one_record_file(
        "748",
        {
            "nosso_numero": "172000595",
            "occurrence_code": "06",
            "occurrence_date": date(2024, 3, 1),
            "nominal_amount": D("100.00"),
            "paid_amount": D("101.50"),
            "interest_amount": D("1.00"),
            "other_credits": D("0.50"),  # the fine
            "fee_amount": D("1.99"),
            "credit_date": date(2024, 3, 4),
        },
    )
    line = lines_of(content)[1]
    assert line[47:62] == "172000595".ljust(15) and line[328:336] == "20240304"
    (record,) = cnab400.parse_return(content)
    assert record.nosso_numero == "172000595"
    assert record.kind == cnab240.KIND_PAID
    assert record.paid_amount == D("101.50")
    assert record.interest_amount == D("1.50")  # interest and fine
    assert record.net_amount == D("99.51")
    assert record.credit_date == date(2024, 3, 4)
    assert cnab400.parse_header(content).generation_date == date(2024, 3, 1)


def test_sicoob_record_at_its_manual_positions():
    """Sicoob "Layout CNAB 400": nosso número with its digit 63-73, credit
    date 176-181 and fee 182-188, rejection reasons 319-328."""
    content = one_record_file(
        "756",
        {
            "nosso_numero": "00000000083",
            "occurrence_code": "03",
            "reasons": "0811",
            "nominal_amount": D("2.00"),
        },
        {"agency": "3039", "account": "00048981", "agreement": "489816"},
    )
    (record,) = cnab400.parse_return(content)
    assert record.nosso_numero == "00000000083"
    assert record.kind == cnab240.KIND_REJECTED
    assert record.reasons == ["08", "11"]
    assert record.occurrence == "Entry rejected"
    header = cnab400.parse_header(content)
    assert (header.agency, header.account, header.agreement) == (
        "3039",
        "00048981",
        "489816",
    )


def test_santander_rejection_reasons_have_three_digits():
    content = one_record_file(
        "033",
        {"nosso_numero": "00001040", "occurrence_code": "03", "reasons": "008051"},
    )
    (record,) = cnab400.parse_return(content)
    assert record.reasons == ["008", "051"]


def test_rejection_reason_keys():
    record = replace(
        cnab400.parse_return(read(ITAU))[0],
        kind=cnab240.KIND_REJECTED,
        reasons=["08", "77"],
    )
    assert cnab400.reason_key(record, "08") == "341-08"
    assert cnab400.reason_key(record, "77") is None  # not in the table
    febraban = replace(record, layout=240, bank="748")
    assert cnab400.reason_key(febraban, "A4") == "febraban-A4"
    paid = replace(record, kind=cnab240.KIND_PAID)
    assert cnab400.reason_key(paid, "08") is None
    keys = [key for key, _label in cnab400.reason_choices()]
    assert len(keys) == len(set(keys)) and "237-48" in keys


# --------------------------------------------------------------------------
# Sicredi remittance: no published golden file; checked position by position
# against Sicredi's "Manual CNAB 400" (August 2019), items 3 (header), 4.1
# (detail) and 5 (trailer), the manual tools/boleto.py follows for its boleto.
# --------------------------------------------------------------------------


def sicredi_remittance(titles=None, **changes):
    """Cooperative 0165, posto 02, código do beneficiário 00623; the nosso
    número 25/200004-1 of its boleto (year, byte 2, sequence, digit)."""
    title = cnab400.Title(
        **{
            **PAYMENT,
            "nosso_numero": "252000041",
            "document_number": "DOC-1",
            "company_reference": "",
            "fine_percent": D("2.00"),
            "interest_per_day": D("0.07"),
            "protest_code": "1",
            "protest_days": 5,
            **changes,
        }
    )
    account = cnab400.BankAccount("748", "0165", "", "", "1", agreement="623")
    return cnab400.remittance(
        cnab240.Company("EMPRESA TESTE LTDA", "11.222.333/0001-81"),
        account,
        titles or [title],
        file_sequence=12,
        generated_at=GENERATED,
    )


def test_sicredi_remittance_positions():
    lines = sicredi_remittance().decode("ascii").split("\r\n")
    assert lines[-1] == ""  # CRLF after every line
    header, detail, trailer = lines[:-1]
    assert {len(line) for line in (header, detail, trailer)} == {400}
    # header: 01REMESSA01COBRANCA, código do beneficiário 27-31, CNPJ 32-45,
    # 748 SICREDI, date YYYYMMDD 95-102, remittance number 111-117, 2.00
    assert header[:26] == "01REMESSA01COBRANCA       "
    assert header[26:31] == "00623"
    assert header[31:45] == "11222333000181"
    assert header[76:94] == "748SICREDI        "
    assert header[94:102] == "20150714"
    assert header[110:117] == "0000012"
    assert header[390:394] == "2.00"
    assert header[394:] == "000001"
    # detail: with registration, simple, amounts of discount and interest
    assert detail[:4] == "1AAA" and detail[16:19] == "AAA"
    assert detail[47:56] == "252000041"  # nosso número with its digit
    assert detail[62:70] == "20150714"  # instruction date
    assert detail[71] == "N" and detail[73] == "B"  # no mailing, we print it
    assert detail[92:96] == "0200"  # fine 2.00 %
    assert detail[108:110] == "01"  # entry
    assert detail[110:120] == "DOC-1".ljust(10)
    assert detail[120:126] == "140715"
    assert detail[126:139] == "0000000019990"
    assert detail[148:150] == "AN"  # duplicata mercantil, not accepted
    assert detail[150:156] == "140715"
    assert detail[156:160] == "0605"  # protest after 5 days
    assert detail[160:173] == "0000000000007"
    assert detail[218:220] == "10"  # a CPF
    assert detail[220:234] == "00012345678901"
    assert detail[234:274].startswith("PABLO DIEGO JOSE FRANCISCO")
    assert detail[326:334] == "12345678"
    assert detail[394:] == "000002"
    # trailer: 9, 1, 748, the código do beneficiário
    assert trailer[:10] == "91748" + "00623"
    assert trailer[10:394].strip() == ""
    assert trailer[394:] == "000003"


def test_sicredi_remittance_refusals():
    with pytest.raises(ValueError, match="Sicredi's 9 digits"):
        sicredi_remittance(nosso_numero="123")
    with pytest.raises(ValueError, match="percentage, not as an amount"):
        sicredi_remittance(fine_amount=D("2.00"))
    with pytest.raises(ValueError, match="species '21' has no Sicredi code"):
        sicredi_remittance(species="21")
    assert cnab400.supports_remittance("748")
