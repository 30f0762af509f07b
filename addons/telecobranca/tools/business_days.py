# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Brazilian bank holidays and business days.

The national bank holidays are the fixed national holidays plus the movable
ones derived from Easter (Carnival Monday and Tuesday, Good Friday and Corpus
Christi), on which banks do not open. 20 November (Black Awareness Day) is a
national holiday only from 2024 on (law 14.759/2023).

State holidays come from the ``holidays`` library (:func:`state_holidays`);
they and municipal holidays are not in the national calendar: callers pass
them as ``extra_holidays`` (any collection of :class:`datetime.date`).
"""

from collections.abc import Collection, Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays as holidays_lib

BLACK_AWARENESS_DAY_SINCE = 2024

_FIXED_HOLIDAYS = (
    (1, 1, "New Year's Day"),
    (4, 21, "Tiradentes"),
    (5, 1, "Labour Day"),
    (9, 7, "Independence Day"),
    (10, 12, "Our Lady of Aparecida"),
    (11, 2, "All Souls' Day"),
    (11, 15, "Proclamation of the Republic"),
    (12, 25, "Christmas Day"),
)

# Days from Easter Sunday.
_EASTER_HOLIDAYS = (
    (-48, "Carnival Monday"),
    (-47, "Carnival Tuesday"),
    (-2, "Good Friday"),
    (60, "Corpus Christi"),
)


def easter(year: int) -> date:
    """Return Easter Sunday of ``year`` (Anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=64)
def _holidays(year: int) -> tuple[tuple[date, str], ...]:
    holidays = [(date(year, month, day), name) for month, day, name in _FIXED_HOLIDAYS]
    if year >= BLACK_AWARENESS_DAY_SINCE:
        holidays.append((date(year, 11, 20), "Black Awareness Day"))
    sunday = easter(year)
    holidays += [
        (sunday + timedelta(days=delta), name) for delta, name in _EASTER_HOLIDAYS
    ]
    return tuple(sorted(holidays))


def bank_holidays(year: int) -> dict[date, str]:
    """Return the national bank holidays of ``year``, by date (sorted)."""
    return dict(_holidays(year))


@lru_cache(maxsize=64)
def _holidays_dates(year: int) -> frozenset[date]:
    return frozenset(day for day, _name in _holidays(year))


def _as_date(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def is_business_day(d: date, extra_holidays: Collection[date] = ()) -> bool:
    """Tell whether banks open on ``d``.

    Weekends, national bank holidays and ``extra_holidays`` are not
    business days.
    """
    d = _as_date(d)
    if d.weekday() >= 5:
        return False
    return d not in _holidays_dates(d.year) and d not in extra_holidays


def next_business_day(d: date, extra_holidays: Collection[date] = ()) -> date:
    """Return ``d`` itself when it is a business day, else the next one."""
    d = _as_date(d)
    extra = frozenset(_as_date(day) for day in extra_holidays)
    while not is_business_day(d, extra):
        d += timedelta(days=1)
    return d


@lru_cache(maxsize=256)
def _state_holidays(state: str, year: int) -> tuple[tuple[date, str], ...]:
    if state not in holidays_lib.Brazil.subdivisions:
        return ()
    national = holidays_lib.Brazil(years=year)
    state_days = holidays_lib.Brazil(subdiv=state, years=year)
    return tuple(
        sorted((day, name) for day, name in state_days.items() if day not in national)
    )


def state_holidays(state: str, years: Iterable[int]) -> dict[date, str]:
    """Return the public holidays of the Brazilian state ``state`` (its code,
    e.g. ``"SP"``) in ``years`` that are not national holidays, by date.

    An unknown code (another country's state) has none.
    """
    code = (state or "").upper()
    return {
        day: name
        for year in sorted(set(years))
        for day, name in _state_holidays(code, year)
    }
