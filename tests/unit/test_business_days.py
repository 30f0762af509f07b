# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from odoo.addons.telecobranca.tools import business_days as bd


@pytest.mark.parametrize(
    "year, sunday",
    [
        (2000, date(2000, 4, 23)),
        (2019, date(2019, 4, 21)),
        (2022, date(2022, 4, 17)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2038, date(2038, 4, 25)),  # latest possible Easter
        (2285, date(2285, 3, 22)),  # earliest possible Easter
    ],
)
def test_easter(year, sunday):
    assert bd.easter(year) == sunday


@given(st.integers(min_value=1583, max_value=9999))
def test_easter_is_a_sunday_between_march_22_and_april_25(year):
    sunday = bd.easter(year)
    assert sunday.weekday() == 6
    assert date(year, 3, 22) <= sunday <= date(year, 4, 25)


def test_holidays_2025():
    assert bd.bank_holidays(2025) == {
        date(2025, 1, 1): "New Year's Day",
        date(2025, 3, 3): "Carnival Monday",
        date(2025, 3, 4): "Carnival Tuesday",
        date(2025, 4, 18): "Good Friday",
        date(2025, 4, 21): "Tiradentes",
        date(2025, 5, 1): "Labour Day",
        date(2025, 6, 19): "Corpus Christi",
        date(2025, 9, 7): "Independence Day",
        date(2025, 10, 12): "Our Lady of Aparecida",
        date(2025, 11, 2): "All Souls' Day",
        date(2025, 11, 15): "Proclamation of the Republic",
        date(2025, 11, 20): "Black Awareness Day",
        date(2025, 12, 25): "Christmas Day",
    }


def test_holidays_are_sorted():
    days = list(bd.bank_holidays(2026))
    assert days == sorted(days)


def test_movable_holidays_2024():
    holidays = bd.bank_holidays(2024)
    assert holidays[date(2024, 2, 12)] == "Carnival Monday"
    assert holidays[date(2024, 2, 13)] == "Carnival Tuesday"
    assert holidays[date(2024, 3, 29)] == "Good Friday"
    assert holidays[date(2024, 5, 30)] == "Corpus Christi"


@pytest.mark.parametrize("year, expected", [(2022, False), (2023, False), (2024, True)])
def test_black_awareness_day_only_from_2024(year, expected):
    assert (date(year, 11, 20) in bd.bank_holidays(year)) is expected


def test_black_awareness_day_2023_was_a_business_day():
    assert bd.is_business_day(date(2023, 11, 20))  # a Monday
    assert not bd.is_business_day(date(2024, 11, 20))  # a Wednesday


def test_bank_holidays_returns_a_copy():
    bd.bank_holidays(2025).clear()
    assert len(bd.bank_holidays(2025)) == 13


def test_weekends_are_not_business_days():
    assert not bd.is_business_day(date(2025, 7, 5))  # Saturday
    assert not bd.is_business_day(date(2025, 7, 6))  # Sunday
    assert bd.is_business_day(date(2025, 7, 7))  # Monday


def test_holidays_are_not_business_days():
    assert not bd.is_business_day(date(2025, 3, 4))  # Carnival Tuesday
    assert bd.is_business_day(date(2025, 3, 5))  # Ash Wednesday


def test_extra_holidays():
    local = {date(2025, 1, 20)}  # São Sebastião, Rio de Janeiro
    assert bd.is_business_day(date(2025, 1, 20))
    assert not bd.is_business_day(date(2025, 1, 20), local)
    assert bd.next_business_day(date(2025, 1, 20), local) == date(2025, 1, 21)


def test_next_business_day_of_a_business_day_is_itself():
    assert bd.next_business_day(date(2025, 7, 8)) == date(2025, 7, 8)


@pytest.mark.parametrize(
    "day, expected",
    [
        (date(2025, 7, 5), date(2025, 7, 7)),  # Saturday -> Monday
        (date(2025, 3, 1), date(2025, 3, 5)),  # Saturday before Carnival
        (date(2025, 4, 18), date(2025, 4, 22)),  # Good Friday -> after Tiradentes
        (date(2025, 12, 25), date(2025, 12, 26)),
        (date(2027, 12, 25), date(2027, 12, 27)),  # Saturday
    ],
)
def test_next_business_day(day, expected):
    assert bd.next_business_day(day) == expected


def test_next_business_day_across_the_year():
    assert bd.next_business_day(date(2022, 12, 31)) == date(2023, 1, 2)


def test_datetime_is_taken_as_its_date():
    assert not bd.is_business_day(datetime(2025, 3, 3, 10, 30))
    assert bd.next_business_day(datetime(2025, 3, 3, 10, 30)) == date(2025, 3, 5)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_next_business_day_is_the_first_business_day_on_or_after(day):
    result = bd.next_business_day(day)
    assert bd.is_business_day(result)
    assert day <= result < day + timedelta(days=7)
    assert not any(
        bd.is_business_day(day + timedelta(days=n)) for n in range((result - day).days)
    )


def test_state_holidays_are_the_states_own():
    """São Paulo's 9 July and Rio's 23 April, not the national days."""
    sp = bd.state_holidays("SP", [2025])
    assert date(2025, 7, 9) in sp
    assert date(2025, 4, 21) not in sp  # Tiradentes is national
    assert date(2025, 12, 25) not in sp
    rj = bd.state_holidays("rj", [2025, 2026])
    assert date(2025, 4, 23) in rj and date(2026, 4, 23) in rj
    assert date(2025, 7, 9) not in rj
    assert bd.state_holidays("XX", [2025]) == {}
    assert bd.state_holidays("", [2025]) == {}


def test_state_holiday_is_not_a_business_day_when_passed():
    sp = bd.state_holidays("SP", [2025])
    assert bd.is_business_day(date(2025, 7, 9))  # a Wednesday, national calendar
    assert not bd.is_business_day(date(2025, 7, 9), sp)
    assert bd.next_business_day(date(2025, 7, 9), sp) == date(2025, 7, 10)
