# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Relative dates of an issue period (SPEC F5.1).

A :class:`RelativeDate` is an anchor (today, or the first/last day of the
week, month or year) applied after an offset of N days, weeks, months or
years. The offset is applied to *today* first and the anchor is then taken of
the shifted date, so ``RelativeDate("first_day_of_month", -1, "month")`` is
the first day of the previous month.

This is plain calendar arithmetic: with today 01/10/2022, "today - 1 day" is
30/09/2022 and "today + 10 days" is 11/10/2022. Month and year offsets keep
the day of the month, clamped to the month's length: 31/01 + 1 month is
28/02 (29/02 in a leap year), 29/02/2024 + 1 year is 28/02/2025.

Weeks start on ``week_start``: 0 = Monday ... 6 = Sunday, like
:meth:`datetime.date.weekday`. Odoo's ``res.lang.week_start`` is the string
"1" (Monday) ... "7" (Sunday), hence ``int(lang.week_start) - 1``.

A fixed date or an "empty date" is not a :class:`RelativeDate`: pass ``None``
to :func:`resolve_period` for that side and the manual date is used instead.
"""

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

SELECTION_ANCHORS = [
    ("today", "Today"),
    ("first_day_of_week", "First day of the week"),
    ("last_day_of_week", "Last day of the week"),
    ("first_day_of_month", "First day of the month"),
    ("last_day_of_month", "Last day of the month"),
    ("first_day_of_year", "First day of the year"),
    ("last_day_of_year", "Last day of the year"),
]

SELECTION_UNITS = [
    ("day", "Days"),
    ("week", "Weeks"),
    ("month", "Months"),
    ("year", "Years"),
]

ANCHORS = frozenset(key for key, _label in SELECTION_ANCHORS)
UNITS = frozenset(key for key, _label in SELECTION_UNITS)


@dataclass(frozen=True)
class RelativeDate:
    """``anchor`` of the date ``offset`` ``unit`` away from today."""

    anchor: str
    offset: int = 0
    unit: str = "day"

    def __post_init__(self):
        if self.anchor not in ANCHORS:
            raise ValueError(f"Unknown anchor {self.anchor!r}")
        if self.unit not in UNITS:
            raise ValueError(f"Unknown unit {self.unit!r}")
        if isinstance(self.offset, bool) or not isinstance(self.offset, int):
            raise TypeError(f"offset must be an integer, got {self.offset!r}")


def add_months(d: date, months: int) -> date:
    """Return ``d`` shifted by ``months``, clamping the day to the month's end."""
    year, month_index = divmod(d.year * 12 + d.month - 1 + months, 12)
    month = month_index + 1
    return date(year, month, min(d.day, monthrange(year, month)[1]))


def shift(d: date, offset: int, unit: str) -> date:
    """Return ``d`` moved by ``offset`` days, weeks, months or years."""
    if unit == "day":
        return d + timedelta(days=offset)
    if unit == "week":
        return d + timedelta(weeks=offset)
    if unit == "month":
        return add_months(d, offset)
    if unit == "year":
        return add_months(d, 12 * offset)
    raise ValueError(f"Unknown unit {unit!r}")


def _first_day_of_week(d: date, week_start: int) -> date:
    return d - timedelta(days=(d.weekday() - week_start) % 7)


def _anchor_date(d: date, anchor: str, week_start: int) -> date:
    if anchor == "today":
        return d
    if anchor == "first_day_of_week":
        return _first_day_of_week(d, week_start)
    if anchor == "last_day_of_week":
        return _first_day_of_week(d, week_start) + timedelta(days=6)
    if anchor == "first_day_of_month":
        return d.replace(day=1)
    if anchor == "last_day_of_month":
        return d.replace(day=monthrange(d.year, d.month)[1])
    if anchor == "first_day_of_year":
        return date(d.year, 1, 1)
    if anchor == "last_day_of_year":
        return date(d.year, 12, 31)
    raise ValueError(f"Unknown anchor {anchor!r}")


def resolve(rel: RelativeDate, today: date, *, week_start: int = 0) -> date:
    """Return the date ``rel`` stands for when the current date is ``today``."""
    if week_start not in range(7):
        raise ValueError(f"week_start must be 0 (Monday) to 6, got {week_start!r}")
    return _anchor_date(shift(today, rel.offset, rel.unit), rel.anchor, week_start)


def resolve_period(
    start: RelativeDate | None,
    end: RelativeDate | None,
    today: date,
    *,
    week_start: int = 0,
    manual_start: date | None = None,
    manual_end: date | None = None,
) -> tuple[date | None, date | None]:
    """Return the (start, end) dates of an issue period.

    A side given as ``None`` (an "empty date") takes the manual date of that
    side, which may be ``None`` too (an open-ended period). Raise ValueError
    when the start falls after the end.
    """
    start_date = (
        manual_start if start is None else resolve(start, today, week_start=week_start)
    )
    end_date = manual_end if end is None else resolve(end, today, week_start=week_start)
    if start_date is not None and end_date is not None and start_date > end_date:
        raise ValueError(f"The period starts ({start_date}) after it ends ({end_date})")
    return start_date, end_date
