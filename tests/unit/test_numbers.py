# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Tests of ``tools/numbers.py`` and of the nosso número match key."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from odoo.addons.telecobranca.tools.boleto import boleto_match_key
from odoo.addons.telecobranca.tools.numbers import money_decimal


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.0, "0.00"),
        (None, "0.00"),
        (100, "100.00"),
        (1234.5, "1234.50"),
        (2.675, "2.68"),  # stored as 2.67499999...: read through its repr
        (1.005, "1.01"),
        (0.125, "0.13"),
        (-0.125, "-0.13"),  # half cents away from zero, like float_round
        (-2.675, "-2.68"),
        (10.004, "10.00"),
        (0.1 + 0.2, "0.30"),
    ],
)
def test_money_decimal(value, expected):
    result = money_decimal(value)
    assert result == Decimal(expected)
    assert str(result) == expected  # always two decimal places


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_money_decimal_keeps_whole_cents(cents):
    assert money_decimal(cents / 100) == Decimal(cents) / 100


@pytest.mark.parametrize(
    ("nosso_numero", "expected"),
    [
        ("00000000012345", "12345"),
        ("2345678000000123", "2345678000000123"),
        ("123/00045678-9", "123000456789"),
        ("  0012.345-x ", "12345X"),
        ("abc-001", "ABC001"),
        ("0000", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_boleto_match_key(nosso_numero, expected):
    assert boleto_match_key(nosso_numero) == expected


@given(st.text(alphabet="0123456789", min_size=1, max_size=20))
def test_boleto_match_key_ignores_padding_and_separators(digits):
    padded = "000" + "-".join(digits)
    assert boleto_match_key(padded) == digits.lstrip("0")
