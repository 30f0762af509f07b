# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Static Pix BR Code: published examples, round trips and every rejection."""

import string
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from odoo.addons.telecobranca.tools import pix

# The static BR Code example of the Banco Central's "Manual de Padrões para
# Iniciação do Pix" (EVP key, no amount, "Fulano de Tal", "BRASILIA", no txid).
# Its CRC, 1D3D, was recomputed here and is right (test_manual_example_crc).
MANUAL_EXAMPLE = (
    "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000"
    "5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D"
)
EVP = "123e4567-e12b-12d1-a456-426655440000"

# What Odoo 18 builds for the same receiver with an amount of 10.00: the code of
# account_qr_code_emv (ResPartnerBank._get_qr_vals / _get_qr_code_vals_list) run
# on a stand-in record, with l10n_br's override applied (partner "Fulano de
# Tal", city "Brasília", key EVP, no reference).  Odoo adds field 01 = "12"
# (point of initiation) and upper-cases name and city; for the same input
# pix.payload() gives (no 01, case kept, accents folded):
# 00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000520400005303986
# 540510.005802BR5913Fulano de Tal6008Brasilia62070503***6304764C
ODOO_18_PAYLOAD = (
    "00020101021226580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000"
    "520400005303986540510.005802BR5913FULANO DE TAL6008BRASILIA62070503***"
    "63040407"
)


def with_crc(body: str) -> str:
    """``body`` closed with a right CRC field (to test the other checks)."""
    body += "6304"
    return body + pix.crc16(body)


def tlv(field_id: str, value: str) -> str:
    return f"{field_id}{len(value):02d}{value}"


# --------------------------------------------------------------------------
# CRC
# --------------------------------------------------------------------------


def test_crc16_check_value():
    # The CRC-16/CCITT-FALSE catalogue check value.
    assert pix.crc16("123456789") == "29B1"


def test_crc16_is_four_upper_hex_digits():
    assert pix.crc16("") == "FFFF"
    assert all(c in "0123456789ABCDEF" for c in pix.crc16("abc"))


def test_manual_example_crc():
    assert pix.crc16(MANUAL_EXAMPLE[:-4]) == "1D3D"


# --------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------


def test_payload_reproduces_manual_example():
    code = pix.payload(EVP, merchant_name="Fulano de Tal", merchant_city="BRASILIA")
    assert code == MANUAL_EXAMPLE


def test_payload_with_amount_txid_and_description():
    code = pix.payload(
        "fulano@example.com",
        amount=Decimal(150),
        merchant_name="Fulano",
        merchant_city="Recife",
        txid="FAT2024001",
        description="Fatura 1",
    )
    assert code.startswith(
        "000201"
        + tlv(
            "26", tlv("00", pix.GUI) + tlv("01", "fulano@example.com") + "0208Fatura 1"
        )
    )
    assert "5406150.00" in code
    assert "62140510FAT2024001" in code
    assert code[-8:-4] == "6304"
    assert code[-4:] == pix.crc16(code[:-4])


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("0.01"), "0.01"),
        (10, "10.00"),
        (10.5, "10.50"),
        ("1234.5", "1234.50"),
        (Decimal("9999999999.99"), "9999999999.99"),
    ],
)
def test_amount_formats(amount, text):
    code = pix.payload(EVP, amount=amount, merchant_name="A", merchant_city="B")
    assert tlv("54", text) in code
    assert pix.parse(code)["amount"] == Decimal(text)


def test_name_and_city_are_folded_and_cut():
    code = pix.payload(
        EVP,
        merchant_name="Açaí & Cia Comércio de Alimentos Ltda",
        merchant_city="São José dos Campos",
    )
    data = pix.parse(code)
    assert data["merchant_name"] == "Acai & Cia Comercio de Al"
    assert len(data["merchant_name"]) == 25
    assert data["merchant_city"] == "Sao Jose dos Ca"


def test_fold():
    assert pix.fold("  Conceição   do\tMato  ") == "Conceicao do Mato"
    assert pix.fold("Ação 😀 — ok") == "Acao ok"
    assert pix.fold(None) == ""


@pytest.mark.parametrize(
    ("key", "kind", "canonical"),
    [
        ("529.982.247-25", "cpf", "52998224725"),
        ("52998224725", "cpf", "52998224725"),
        ("11.222.333/0001-81", "cnpj", "11222333000181"),
        ("fulano.tal+pix@example.com.br", "email", "fulano.tal+pix@example.com.br"),
        ("+55 (11) 98765-4321", "phone", "+5511987654321"),
        ("+5521912345678", "phone", "+5521912345678"),
        (EVP.upper(), "evp", EVP),
    ],
)
def test_key_types(key, kind, canonical):
    assert pix.key_type(key) == (kind, canonical)
    assert pix.parse(pix.payload(key, merchant_name="A", merchant_city="B"))["key"] == (
        canonical
    )


def test_odoo_payload_is_read():
    """What Odoo 18's l10n_br builds (01 = 12, upper-case) reads back."""
    data = pix.parse(ODOO_18_PAYLOAD)
    assert data["point_of_initiation"] == "12"
    assert data["key"] == EVP
    assert data["amount"] == Decimal("10.00")
    assert data["merchant_name"] == "FULANO DE TAL"
    assert data["txid"] is None


# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------


def test_parse_manual_example():
    data = pix.parse(MANUAL_EXAMPLE)
    assert data["payload_format"] == "01"
    assert data["point_of_initiation"] is None
    assert data["gui"] == "br.gov.bcb.pix"
    assert data["key"] == EVP
    assert data["url"] is None
    assert data["description"] is None
    assert data["merchant_category_code"] == "0000"
    assert data["currency"] == "986"
    assert data["amount"] is None
    assert data["country"] == "BR"
    assert data["merchant_name"] == "Fulano de Tal"
    assert data["merchant_city"] == "BRASILIA"
    assert data["txid"] is None
    assert data["crc"] == "1D3D"
    assert data["fields"] == {
        "00": "01",
        "26": {"00": "br.gov.bcb.pix", "01": EVP},
        "52": "0000",
        "53": "986",
        "58": "BR",
        "59": "Fulano de Tal",
        "60": "BRASILIA",
        "62": {"05": "***"},
        "63": "1D3D",
    }


def test_parse_accepts_lower_case_crc_and_surrounding_blanks():
    assert pix.parse(" " + MANUAL_EXAMPLE[:-4] + "1d3d\n")["crc"] == "1D3D"


def test_parse_dynamic_code_url():
    body = (
        "000201010212"
        + tlv("26", tlv("00", "BR.GOV.BCB.PIX") + tlv("25", "pix.example.com/qr/v2/1"))
        + "52040000530398658 02BR".replace(" ", "")
        + "5907EMPRESA6009SAO PAULO62070503***"
    )
    data = pix.parse(with_crc(body))
    assert data["key"] is None
    assert data["url"] == "pix.example.com/qr/v2/1"
    assert data["point_of_initiation"] == "12"


# --------------------------------------------------------------------------
# Round trip
# --------------------------------------------------------------------------


def _check_digit(digits: str, first_weight: int) -> str:
    total = sum(
        int(d) * w for d, w in zip(digits, range(first_weight, 1, -1), strict=False)
    )
    return str(0 if total % 11 < 2 else 11 - total % 11)


@st.composite
def cpfs(draw):
    body = draw(st.text("0123456789", min_size=9, max_size=9))
    if len(set(body)) == 1:
        body = "1" + body[1:] if body[0] != "1" else "2" + body[1:]
    body += _check_digit(body, 10)
    return body + _check_digit(body, 11)


@st.composite
def cnpjs(draw):
    body = draw(st.text("0123456789", min_size=12, max_size=12))
    if len(set(body)) == 1:
        body = "1" + body[1:] if body[0] != "1" else "2" + body[1:]
    weights = (5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
    for size in (12, 13):
        use = weights if size == 12 else (6, *weights)
        total = sum(int(d) * w for d, w in zip(body, use, strict=False))
        body += str(0 if total % 11 < 2 else 11 - total % 11)
    return body


PHONES = st.builds(
    lambda ddd, number: f"+55{ddd}9{number}",
    st.text("123456789", min_size=2, max_size=2),
    st.text("0123456789", min_size=8, max_size=8),
)
EMAILS = st.builds(
    lambda user, domain: f"{user}@{domain}.com.br",
    st.text(string.ascii_lowercase + string.digits + "._", min_size=1, max_size=30),
    st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=20),
)
EVPS = st.uuids().map(str)
KEYS = st.one_of(cpfs(), cnpjs(), PHONES, EMAILS, EVPS)
AMOUNTS = st.one_of(
    st.none(),
    st.decimals(
        min_value=Decimal("0.01"),
        max_value=Decimal("9999999999.99"),
        places=2,
        allow_nan=False,
        allow_infinity=False,
    ),
)
TEXT = st.text(
    st.characters(codec="utf-8", categories=("L", "N", "Zs", "P")), max_size=40
)


@settings(max_examples=300, deadline=None)
@given(
    key=KEYS,
    amount=AMOUNTS,
    name=TEXT.filter(lambda text: pix.fold(text)),
    city=TEXT.filter(lambda text: pix.fold(text)),
    txid=st.one_of(
        st.none(),
        st.text(string.ascii_letters + string.digits, min_size=1, max_size=25),
    ),
    description=st.one_of(st.none(), st.text(string.ascii_letters + " ", max_size=20)),
)
def test_round_trip(key, amount, name, city, txid, description):
    code = pix.payload(
        key,
        amount=amount,
        merchant_name=name,
        merchant_city=city,
        txid=txid,
        description=description,
    )
    data = pix.parse(code)
    assert data["key"] == key
    assert data["amount"] == amount
    assert data["merchant_name"] == pix.fold(name)[:25].strip()
    assert data["merchant_city"] == pix.fold(city)[:15].strip()
    assert data["txid"] == txid
    assert data["description"] == (pix.fold(description or "") or None)
    assert code.isascii()
    assert code[-4:] == pix.crc16(code[:-4])


# --------------------------------------------------------------------------
# Rejections
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    [
        "",
        "   ",
        "529.982.247-24",  # CPF with a wrong check digit
        "11111111111",  # repeated digits
        "1122233300018",  # 13 digits
        "11.222.333/0001-80",  # CNPJ with a wrong check digit
        "5511987654321",  # phone without +
        "+5511887654321",  # not a mobile number
        "+551198765432",  # one digit short
        "+15551234567",  # not Brazil
        "fulano@",
        "fulano@example",
        "a b@example.com",
        "x" * 70 + "@example.com",  # longer than 77
        "123e4567-e12b-12d1-a456-42665544000",  # EVP one short
        "123e4567e12b12d1a456426655440000",  # EVP without dashes
        "chave qualquer",
    ],
)
def test_invalid_keys(key):
    with pytest.raises(ValueError, match="(?i)pix key|missing"):
        pix.payload(key, merchant_name="A", merchant_city="B")


def test_key_must_be_text():
    with pytest.raises(ValueError, match="missing"):
        pix.key_type(None)


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (0, "greater than zero"),
        (Decimal("-1.00"), "greater than zero"),
        (Decimal("1.001"), "more than 2 decimal"),
        (0.1 + 0.2, "more than 2 decimal"),
        ("abc", "Invalid amount"),
        ("NaN", "greater than zero"),
        ("Infinity", "greater than zero"),
        (Decimal("10000000000.00"), "too large"),
    ],
)
def test_invalid_amounts(amount, message):
    with pytest.raises(ValueError, match=message):
        pix.payload(EVP, amount=amount, merchant_name="A", merchant_city="B")


@pytest.mark.parametrize("amount", [True, [1], object()])
def test_amount_of_wrong_type(amount):
    with pytest.raises(TypeError):
        pix.payload(EVP, amount=amount, merchant_name="A", merchant_city="B")


@pytest.mark.parametrize("txid", ["", "A" * 26, "FAT-001", "FAT 001", "ÇA", "**"])
def test_invalid_txid(txid):
    with pytest.raises(ValueError, match="Invalid txid"):
        pix.payload(EVP, merchant_name="A", merchant_city="B", txid=txid)


def test_missing_name_or_city():
    with pytest.raises(ValueError, match="merchant name"):
        pix.payload(EVP, merchant_name="😀 ", merchant_city="B")
    with pytest.raises(ValueError, match="merchant city"):
        pix.payload(EVP, merchant_name="A", merchant_city="")


def test_field_26_longer_than_99():
    # 18 (GUI) + 40 (EVP) = 58, so 37 characters of description fit, 38 do not.
    pix.payload(EVP, merchant_name="A", merchant_city="B", description="x" * 37)
    with pytest.raises(ValueError, match="field 26"):
        pix.payload(EVP, merchant_name="A", merchant_city="B", description="x" * 38)


def test_bad_crc():
    with pytest.raises(ValueError, match="Bad CRC16"):
        pix.parse(MANUAL_EXAMPLE[:-4] + "1D3E")
    tampered = MANUAL_EXAMPLE.replace("Fulano", "Ciclan")
    with pytest.raises(ValueError, match="Bad CRC16"):
        pix.parse(tampered)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "empty"),
        ("000201260", "truncated field header"),
        ("0002015999", "declares 99 characters"),  # length overruns the end
        ("00A201", "length 'A2'"),
        ("0x0201", "field ID '0x'"),
        (MANUAL_EXAMPLE[:-8], "Missing mandatory field 63"),
        (
            "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-42665544000063",
            "truncated field header",
        ),
    ],
)
def test_malformed_tlv(code, message):
    with pytest.raises(ValueError, match=message):
        pix.parse(code)


def test_nested_tlv_overrun():
    body = "000201" + "2610" + "0014br.gov" + "52040000"
    with pytest.raises(ValueError, match="field 26 declares 14"):
        pix.parse(with_crc(body))


REST = "5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***"
ACCOUNT = tlv("26", tlv("00", pix.GUI) + tlv("01", EVP))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (ACCOUNT + REST, "field 00"),
        ("000201" + REST, "field 26"),
        ("000201" + ACCOUNT + REST.replace("52040000", ""), "field 52"),
        ("000201" + ACCOUNT + REST.replace("5303986", ""), "field 53"),
        ("000201" + ACCOUNT + REST.replace("5802BR", ""), "field 58"),
        ("000201" + ACCOUNT + REST.replace("5913Fulano de Tal", ""), "field 59"),
        ("000201" + ACCOUNT + REST.replace("6008BRASILIA", ""), "field 60"),
        ("000201" + ACCOUNT + REST.replace("62070503***", ""), "field 62"),
        ("000201" + ACCOUNT + REST.replace("62070503***", "62040100"), "62-05"),
        (
            "000201" + tlv("26", tlv("00", pix.GUI)) + REST,
            "26-01",
        ),
        (
            "000201" + tlv("26", tlv("00", "br.gov.xyz") + tlv("01", EVP)) + REST,
            "field 26",
        ),
    ],
)
def test_missing_mandatory_field(body, message):
    with pytest.raises(ValueError, match=f"Missing mandatory {message}|{message}"):
        pix.parse(with_crc(body))


def test_other_structural_errors():
    good = "000201" + ACCOUNT + REST
    with pytest.raises(ValueError, match="must come first"):
        pix.parse(with_crc(ACCOUNT + "000201" + REST))
    with pytest.raises(ValueError, match="Unknown payload format"):
        pix.parse(with_crc("000202" + ACCOUNT + REST))
    with pytest.raises(ValueError, match="repeated"):
        pix.parse(with_crc(good + "5802BR"))
    with pytest.raises(ValueError, match="Invalid amount"):
        pix.parse(with_crc("000201" + ACCOUNT + "54031,0" + REST))
    with pytest.raises(ValueError, match="must be the last"):
        pix.parse(with_crc(good) + "6501X")


# --------------------------------------------------------------------------
# BR Code rules (BCB "Manual de Padrões para Iniciação do Pix")
# --------------------------------------------------------------------------

# The manual's dynamic example (§2.7.2): a location URL without its scheme.
MANUAL_DYNAMIC = (
    "00020101021226700014br.gov.bcb.pix2548pix.example.com/8b3da2f39a4140d1a91abd"
    "93113bd4415204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***"
    "630464E4"
)
# The manual's composite example (§2.8.5): key, amount 100.50 and a recurrence
# URL in template 80.
MANUAL_COMPOSITE = (
    "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000"
    "5204000053039865406100.505802BR5913Fulano de Tal6008BRASILIA62070503***"
    "80740014br.gov.bcb.pix2552pix.example.com/rec/2353c790eefb11eaadc10242ac120002"
    "63042875"
)


def test_manual_dynamic_example():
    data = pix.parse(MANUAL_DYNAMIC)
    assert data["url"] == "pix.example.com/8b3da2f39a4140d1a91abd93113bd441"
    assert data["key"] is None
    assert data["point_of_initiation"] == "12"
    assert data["merchant_name"] == "Fulano de Tal"
    assert data["crc"] == "64E4"


def test_manual_composite_example():
    data = pix.parse(MANUAL_COMPOSITE)
    assert data["key"] == EVP
    assert data["amount"] == Decimal("100.50")
    assert data["fields"]["80"]["25"] == (
        "pix.example.com/rec/2353c790eefb11eaadc10242ac120002"
    )
    assert data["crc"] == "2875"


def _manual_with(old: str, new: str) -> str:
    """The manual's static example with ``old`` replaced, its CRC redone."""
    body = MANUAL_EXAMPLE[:-8].replace(old, new)
    assert body != MANUAL_EXAMPLE[:-8]
    return with_crc(body)


@pytest.mark.parametrize(
    ("amount", "value"),
    [("10.", Decimal(10)), ("10", Decimal(10)), ("10.5", Decimal("10.5"))]
    + [("0.50", Decimal("0.50")), (".50", Decimal("0.50"))],
)
def test_amount_forms_the_br_code_allows(amount, value):
    code = _manual_with("5802BR", tlv("54", amount) + "5802BR")
    assert pix.parse(code)["amount"] == value


@pytest.mark.parametrize(
    "amount", ["1,00", "1.0.0", ".", "-1", "1e3", "12345678901.00"]
)
def test_amounts_the_br_code_refuses(amount):
    with pytest.raises(ValueError, match="Invalid amount"):
        pix.parse(_manual_with("5802BR", tlv("54", amount) + "5802BR"))


def test_merchant_name_and_city_limits():
    longest_name = "A" * 25
    longest_city = "B" * 15
    code = _manual_with(
        "5913Fulano de Tal6008BRASILIA",
        tlv("59", longest_name) + tlv("60", longest_city),
    )
    data = pix.parse(code)
    assert (data["merchant_name"], data["merchant_city"]) == (
        longest_name,
        longest_city,
    )
    with pytest.raises(ValueError, match=r"merchant name \(field 59\) has 26"):
        pix.parse(_manual_with("5913Fulano de Tal", tlv("59", "A" * 26)))
    with pytest.raises(ValueError, match=r"merchant city \(field 60\) has 16"):
        pix.parse(_manual_with("6008BRASILIA", tlv("60", "B" * 16)))


def test_merchant_name_and_city_are_ascii_only():
    with pytest.raises(ValueError, match="only contain ASCII"):
        pix.parse(_manual_with("6008BRASILIA", tlv("60", "BRASÍLIA")))
    with pytest.raises(ValueError, match="only contain ASCII"):
        pix.parse(_manual_with("5913Fulano de Tal", tlv("59", "Fulano da Conceição")))


@pytest.mark.parametrize("scheme", ["https://", "http://", "HTTPS://"])
def test_location_url_without_scheme(scheme):
    account = tlv("00", "br.gov.bcb.pix") + tlv(
        "25", scheme + "pix.example.com/8b3da2f39a4140d1a91abd93113bd441"
    )
    body = (
        "000201010212"
        + tlv("26", account)
        + "5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***"
    )
    with pytest.raises(ValueError, match="without its scheme"):
        pix.parse(with_crc(body))


@pytest.mark.parametrize(
    ("name", "city"),
    [
        ("Padaria Pão Dourado Comércio de Alimentos Ltda", "São José dos Campos"),
        ("Ñandú – Café & Cia. «Ünïcode» 株式会社 " * 3, "Brasília/DF 🇧🇷 Centro"),
        ("  Águas   Claras  ", "Itaú do Pará"),
    ],
)
def test_builder_emits_only_valid_br_codes(name, city):
    code = pix.payload(
        EVP, amount=Decimal("10.5"), merchant_name=name, merchant_city=city
    )
    code.encode("ascii")  # nothing outside ASCII
    data = pix.parse(code)
    assert 1 <= len(data["merchant_name"]) <= 25
    assert 1 <= len(data["merchant_city"]) <= 15
    assert data["merchant_name"] == pix.fold(name)[:25].strip()
    assert data["amount"] == Decimal("10.50")
