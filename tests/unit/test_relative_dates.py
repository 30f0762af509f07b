# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from calendar import monthrange
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from odoo.addons.telecobranca.tools import relative_dates as rd
from odoo.addons.telecobranca.tools.relative_dates import RelativeDate, resolve

SPEC_TODAY = date(2022, 10, 1)
WEDNESDAY = date(2025, 7, 9)
MONDAY, SUNDAY = 0, 6


def test_spec_examples():
    assert resolve(RelativeDate("today", -1, "day"), SPEC_TODAY) == date(2022, 9, 30)
    assert resolve(RelativeDate("today", 10, "day"), SPEC_TODAY) == date(2022, 10, 11)


def test_defaults_are_today():
    assert resolve(RelativeDate("today"), SPEC_TODAY) == SPEC_TODAY


@pytest.mark.parametrize(
    "anchor, expected",
    [
        ("today", date(2025, 7, 9)),
        ("first_day_of_week", date(2025, 7, 7)),
        ("last_day_of_week", date(2025, 7, 13)),
        ("first_day_of_month", date(2025, 7, 1)),
        ("last_day_of_month", date(2025, 7, 31)),
        ("first_day_of_year", date(2025, 1, 1)),
        ("last_day_of_year", date(2025, 12, 31)),
    ],
)
def test_anchors_on_a_wednesday(anchor, expected):
    assert resolve(RelativeDate(anchor), WEDNESDAY) == expected


@pytest.mark.parametrize(
    "week_start, first, last",
    [
        (MONDAY, date(2025, 7, 7), date(2025, 7, 13)),
        (SUNDAY, date(2025, 7, 6), date(2025, 7, 12)),
        (2, date(2025, 7, 9), date(2025, 7, 15)),  # week starting on Wednesday
        (3, date(2025, 7, 3), date(2025, 7, 9)),  # week starting on Thursday
    ],
)
def test_week_start(week_start, first, last):
    start = resolve(RelativeDate("first_day_of_week"), WEDNESDAY, week_start=week_start)
    end = resolve(RelativeDate("last_day_of_week"), WEDNESDAY, week_start=week_start)
    assert (start, end) == (first, last)


def test_week_of_a_sunday():
    sunday = date(2025, 7, 13)
    week = RelativeDate("first_day_of_week")
    assert resolve(week, sunday, week_start=MONDAY) == date(2025, 7, 7)
    assert resolve(week, sunday, week_start=SUNDAY) == sunday


@pytest.mark.parametrize(
    "rel, expected",
    [
        (RelativeDate("today", 2, "week"), date(2025, 7, 23)),
        (RelativeDate("first_day_of_week", -1, "week"), date(2025, 6, 30)),
        (RelativeDate("last_day_of_week", -1, "week"), date(2025, 7, 6)),
        (RelativeDate("first_day_of_month", -1, "month"), date(2025, 6, 1)),
        (RelativeDate("last_day_of_month", -1, "month"), date(2025, 6, 30)),
        (RelativeDate("first_day_of_month", 6, "month"), date(2026, 1, 1)),
        (RelativeDate("first_day_of_year", -1, "year"), date(2024, 1, 1)),
        (RelativeDate("last_day_of_year", -1, "year"), date(2024, 12, 31)),
        (RelativeDate("today", -7, "month"), date(2024, 12, 9)),
        (RelativeDate("today", -19, "month"), date(2023, 12, 9)),
        (RelativeDate("first_day_of_month", 10, "day"), date(2025, 7, 1)),
        (RelativeDate("first_day_of_month", 30, "day"), date(2025, 8, 1)),
    ],
)
def test_offset_then_anchor(rel, expected):
    assert resolve(rel, WEDNESDAY) == expected


@pytest.mark.parametrize(
    "today, months, expected",
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2025, 5, 31), -1, date(2025, 4, 30)),
        (date(2025, 8, 31), 1, date(2025, 9, 30)),
        (date(2025, 1, 30), 1, date(2025, 2, 28)),
        (date(2025, 12, 31), 2, date(2026, 2, 28)),
        (date(2025, 2, 28), 1, date(2025, 3, 28)),  # no "end of month" stickiness
    ],
)
def test_month_clamping(today, months, expected):
    assert resolve(RelativeDate("today", months, "month"), today) == expected


def test_last_day_of_previous_month_from_a_31st():
    rel = RelativeDate("last_day_of_month", -1, "month")
    assert resolve(rel, date(2024, 3, 31)) == date(2024, 2, 29)
    assert resolve(rel, date(2025, 3, 31)) == date(2025, 2, 28)


@pytest.mark.parametrize(
    "years, expected",
    [
        (1, date(2025, 2, 28)),
        (-1, date(2023, 2, 28)),
        (4, date(2028, 2, 29)),
        (-4, date(2020, 2, 29)),
        (100, date(2124, 2, 29)),
        (76, date(2100, 2, 28)),  # 2100 is not a leap year
    ],
)
def test_year_offsets_from_february_29(years, expected):
    assert resolve(RelativeDate("today", years, "year"), date(2024, 2, 29)) == expected


def test_leap_year_last_day_of_february():
    rel = RelativeDate("last_day_of_month")
    assert resolve(rel, date(2024, 2, 10)) == date(2024, 2, 29)
    assert resolve(rel, date(2000, 2, 10)) == date(2000, 2, 29)
    assert resolve(rel, date(1900, 2, 10)) == date(1900, 2, 28)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"anchor": "yesterday"},
        {"anchor": "today", "unit": "days"},
    ],
)
def test_invalid_relative_date(kwargs):
    with pytest.raises(ValueError):
        RelativeDate(**kwargs)


@pytest.mark.parametrize("offset", [1.5, "1", True, None])
def test_offset_must_be_an_int(offset):
    with pytest.raises(TypeError):
        RelativeDate("today", offset)


@pytest.mark.parametrize("week_start", [-1, 7, "1"])
def test_invalid_week_start(week_start):
    with pytest.raises(ValueError):
        resolve(RelativeDate("today"), WEDNESDAY, week_start=week_start)


def test_relative_date_is_frozen():
    with pytest.raises(AttributeError):
        RelativeDate("today").offset = 3


def test_selections_match_the_accepted_keys():
    for key, label in rd.SELECTION_ANCHORS:
        assert RelativeDate(key).anchor == key and label
    for key, label in rd.SELECTION_UNITS:
        assert RelativeDate("today", 1, key).unit == key and label
    assert len(rd.SELECTION_ANCHORS) == 7 and len(rd.SELECTION_UNITS) == 4


def test_resolve_period():
    start = RelativeDate("first_day_of_month", -1, "month")
    end = RelativeDate("last_day_of_month", -1, "month")
    assert rd.resolve_period(start, end, WEDNESDAY) == (
        date(2025, 6, 1),
        date(2025, 6, 30),
    )


def test_resolve_period_single_day():
    today = RelativeDate("today")
    assert rd.resolve_period(today, today, WEDNESDAY) == (WEDNESDAY, WEDNESDAY)


def test_resolve_period_uses_the_week_start():
    start, end = RelativeDate("first_day_of_week"), RelativeDate("last_day_of_week")
    assert rd.resolve_period(start, end, WEDNESDAY, week_start=SUNDAY) == (
        date(2025, 7, 6),
        date(2025, 7, 12),
    )


def test_resolve_period_empty_dates_take_the_manual_dates():
    manual_start, manual_end = date(2025, 1, 1), date(2025, 3, 31)
    assert rd.resolve_period(
        None, None, WEDNESDAY, manual_start=manual_start, manual_end=manual_end
    ) == (manual_start, manual_end)
    assert rd.resolve_period(
        None, RelativeDate("today"), WEDNESDAY, manual_start=manual_start
    ) == (manual_start, WEDNESDAY)
    # a relative side ignores its manual date
    assert rd.resolve_period(
        RelativeDate("first_day_of_year"), None, WEDNESDAY, manual_start=manual_end
    ) == (date(2025, 1, 1), None)


def test_resolve_period_open_ended():
    assert rd.resolve_period(None, None, WEDNESDAY) == (None, None)
    assert rd.resolve_period(RelativeDate("today"), None, WEDNESDAY) == (
        WEDNESDAY,
        None,
    )


def test_resolve_period_rejects_a_start_after_the_end():
    with pytest.raises(ValueError):
        rd.resolve_period(RelativeDate("today"), RelativeDate("today", -1), WEDNESDAY)
    with pytest.raises(ValueError):
        rd.resolve_period(
            None, RelativeDate("today"), WEDNESDAY, manual_start=date(2025, 7, 10)
        )
    with pytest.raises(ValueError):
        rd.resolve_period(
            None,
            None,
            WEDNESDAY,
            manual_start=date(2025, 2, 1),
            manual_end=date(2025, 1, 31),
        )


days = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
week_starts = st.integers(min_value=0, max_value=6)


@given(days, week_starts, st.sampled_from(["week", "month", "year"]))
def test_today_lies_within_its_week_month_and_year(today, week_start, period):
    first = resolve(
        RelativeDate(f"first_day_of_{period}"), today, week_start=week_start
    )
    last = resolve(RelativeDate(f"last_day_of_{period}"), today, week_start=week_start)
    assert first <= today <= last


@given(days, week_starts)
def test_a_week_has_seven_days_from_week_start(today, week_start):
    first = resolve(RelativeDate("first_day_of_week"), today, week_start=week_start)
    last = resolve(RelativeDate("last_day_of_week"), today, week_start=week_start)
    assert first.weekday() == week_start
    assert last - first == timedelta(days=6)


@given(days, st.integers(min_value=-1200, max_value=1200))
def test_month_offset_lands_in_the_right_month(today, months):
    result = resolve(RelativeDate("today", months, "month"), today)
    month_index = today.year * 12 + today.month - 1 + months
    assert (result.year, result.month - 1) == divmod(month_index, 12)
    assert result.day == min(today.day, monthrange(result.year, result.month)[1])
