# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from odoo.addons.telecobranca.tools import interest
from odoo.addons.telecobranca.tools.interest import Charges, charges

D = Decimal
MONDAY = date(2025, 3, 10)


def test_worked_example_30_days():
    result = charges(D("1000.00"), MONDAY, date(2025, 4, 9))
    assert result == Charges(days=30, fine=D("20.00"), interest=D("10.00"))
    assert result.total == D("30.00")


def test_worked_example_45_days():
    result = charges(D("1234.56"), MONDAY, MONDAY + timedelta(days=45))
    assert result.days == 45
    assert result.fine == D("24.69")  # 24.6912
    assert result.interest == D("18.52")  # 18.5184
    assert result.total == D("43.21")


def test_custom_rates():
    result = charges(
        D("500.00"),
        MONDAY,
        MONDAY + timedelta(days=10),
        fine_percent=D("10"),
        monthly_interest_percent=D("6"),
    )
    assert result.fine == D("50.00")
    assert result.interest == D("10.00")  # 500 x 0.06 / 30 x 10


@pytest.mark.parametrize(
    "amount, fine",
    [(D("0.25"), D("0.01")), (D("1.25"), D("0.03")), (D("0.75"), D("0.02"))],
)
def test_fine_rounds_half_up(amount, fine):
    # 0.005, 0.025 and 0.015: half-even would give 0.00, 0.02 and 0.02.
    assert charges(amount, MONDAY, MONDAY + timedelta(days=1)).fine == fine


def test_interest_rounds_half_up():
    # 15.00 x 1 % / 30 x 1 day = 0.005 exactly
    assert charges(D("15.00"), MONDAY, MONDAY + timedelta(days=1)).interest == D("0.01")
    # 45.00 x 1 % / 30 x 1 day = 0.015 exactly
    assert charges(D("45.00"), MONDAY, MONDAY + timedelta(days=1)).interest == D("0.02")


def test_on_the_due_date_or_before_nothing_is_charged():
    for on_date in (MONDAY - timedelta(days=3), MONDAY):
        result = charges(D("1000.00"), MONDAY, on_date)
        assert result == Charges(days=0, fine=D("0.00"), interest=D("0.00"))
        assert result.total == 0


def test_one_day_late():
    result = charges(D("1000.00"), MONDAY, MONDAY + timedelta(days=1))
    assert (result.days, result.fine, result.interest) == (1, D("20.00"), D("0.33"))


def test_grace_days():
    amount, grace = D("1000.00"), 5
    within = charges(amount, MONDAY, MONDAY + timedelta(days=5), grace_days=grace)
    assert within == Charges(days=5, fine=D("0.00"), interest=D("0.00"))
    after = charges(amount, MONDAY, MONDAY + timedelta(days=6), grace_days=grace)
    # the interest runs over all the days late, the grace is not deducted
    assert after == Charges(days=6, fine=D("20.00"), interest=D("2.00"))


def test_due_on_saturday():
    saturday = date(2025, 7, 5)
    assert charges(D("900.00"), saturday, date(2025, 7, 7)).total == 0  # Monday
    tuesday = charges(D("900.00"), saturday, date(2025, 7, 8))
    assert tuesday == Charges(days=3, fine=D("18.00"), interest=D("0.90"))


def test_due_on_carnival():
    assert interest.late_days(date(2025, 3, 3), date(2025, 3, 5)) == 0  # Ash Wed.
    assert interest.late_days(date(2025, 3, 3), date(2025, 3, 6)) == 3
    assert interest.late_days(date(2025, 3, 1), date(2025, 3, 5)) == 0  # Saturday


def test_due_on_good_friday():
    # Good Friday, weekend and Tiradentes (Monday 21/04): not late until Tuesday
    assert interest.late_days(date(2025, 4, 18), date(2025, 4, 22)) == 0
    assert interest.late_days(date(2025, 4, 18), date(2025, 4, 23)) == 5


def test_due_on_black_awareness_day():
    assert interest.late_days(date(2024, 11, 20), date(2024, 11, 21)) == 0
    assert interest.late_days(date(2024, 11, 20), date(2024, 11, 22)) == 2
    # not a holiday yet in 2023
    assert interest.late_days(date(2023, 11, 20), date(2023, 11, 21)) == 1


def test_due_on_a_local_holiday():
    local = {date(2025, 1, 20)}
    assert interest.late_days(date(2025, 1, 20), date(2025, 1, 21)) == 1
    assert (
        interest.late_days(date(2025, 1, 20), date(2025, 1, 21), extra_holidays=local)
        == 0
    )
    result = charges(
        D("100.00"), date(2025, 1, 20), date(2025, 1, 21), extra_holidays=local
    )
    assert result.total == 0


def test_zero_amount():
    result = charges(D("0"), MONDAY, MONDAY + timedelta(days=30))
    assert result == Charges(days=30, fine=D("0.00"), interest=D("0.00"))


def test_zero_rates():
    result = charges(
        D("100.00"),
        MONDAY,
        MONDAY + timedelta(days=30),
        fine_percent=0,
        monthly_interest_percent=0,
    )
    assert result.total == 0


def test_float_and_str_amounts_are_read_as_their_decimal_text():
    expected = charges(D("1234.56"), MONDAY, MONDAY + timedelta(days=45))
    assert charges(1234.56, MONDAY, MONDAY + timedelta(days=45)) == expected
    assert charges("1234.56", MONDAY, MONDAY + timedelta(days=45)) == expected


@pytest.mark.parametrize(
    "kwargs",
    [
        {"open_amount": D("-0.01")},
        {"fine_percent": D("-1")},
        {"monthly_interest_percent": D("-0.5")},
        {"grace_days": -1},
        {"open_amount": "abc"},
        {"open_amount": D("NaN")},
        {"open_amount": None},
    ],
)
def test_invalid_arguments(kwargs):
    args = {"open_amount": D("100.00"), **kwargs}
    with pytest.raises(ValueError):
        charges(due_date=MONDAY, on_date=MONDAY + timedelta(days=5), **args)


def test_charges_is_frozen():
    result = charges(D("100.00"), MONDAY, MONDAY + timedelta(days=5))
    with pytest.raises(AttributeError):
        result.fine = D("0")


def test_accrue_interest():
    start = date(2025, 4, 9)
    assert interest.accrue_interest(D("1000.00"), start, date(2025, 4, 19), D("1")) == (
        D("3.33")  # 3.3333...
    )
    assert interest.accrue_interest(D("1000.00"), start, date(2025, 5, 9), D("2")) == (
        D("20.00")
    )


def test_accrue_interest_without_extra_days():
    start = date(2025, 4, 9)
    for end in (start, start - timedelta(days=1)):
        assert interest.accrue_interest(D("1000.00"), start, end, D("1")) == D("0.00")


def test_accrue_interest_ignores_weekends():
    # from Friday to Monday: 3 calendar days, whatever the weekday
    result = interest.accrue_interest(
        D("3000.00"), date(2025, 7, 4), date(2025, 7, 7), D("1")
    )
    assert result == D("3.00")


def test_accrue_interest_rejects_negative_values():
    with pytest.raises(ValueError):
        interest.accrue_interest(D("-1"), MONDAY, MONDAY, D("1"))
    with pytest.raises(ValueError):
        interest.accrue_interest(D("1"), MONDAY, MONDAY, D("-1"))


amounts = st.decimals(min_value=0, max_value=10**9, places=2)
rates = st.decimals(min_value=0, max_value=20, places=4)
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))


def _has_cents(value):
    return value.as_tuple().exponent == -2


@given(amounts, dates, dates, rates, rates, st.integers(0, 30))
def test_charges_are_non_negative_cents(amount, due, on, fine, monthly, grace):
    result = charges(
        amount,
        due,
        on,
        fine_percent=fine,
        monthly_interest_percent=monthly,
        grace_days=grace,
    )
    assert result.days >= 0
    assert result.fine >= 0 and result.interest >= 0
    assert _has_cents(result.fine) and _has_cents(result.interest)
    assert result.total == result.fine + result.interest


@given(amounts, dates, dates, st.integers(1, 400), rates, st.integers(0, 30))
def test_charges_never_decrease_with_the_date(amount, due, on, extra, monthly, grace):
    def at(day):
        return charges(
            amount, due, day, monthly_interest_percent=monthly, grace_days=grace
        )

    earlier, later = at(on), at(on + timedelta(days=extra))
    assert later.days >= earlier.days
    assert later.interest >= earlier.interest
    assert later.fine >= earlier.fine


@given(amounts, dates, st.integers(-50, 400), rates)
def test_accrued_interest_is_non_negative_cents(amount, start, days, monthly):
    result = interest.accrue_interest(
        amount, start, start + timedelta(days=days), monthly
    )
    assert result >= 0
    assert _has_cents(result)
