# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Late charges of an overdue title: fine and simple interest (SPEC F5.7).

For a title with open amount A, due date D and renegotiation date R, the
days late are d = R - D in calendar days. When d is greater than the grace
days, the fine is A x fine% (charged once) and the interest is
A x (monthly% / 30) x d (simple interest, pro rata die); otherwise both are
zero. Each value is rounded half-up to the cent.

A title due on a weekend or a bank holiday is not late until the next
business day. That rule only decides *whether* the title is late; once it is,
the days are counted from the original due date. For example, a title due
on Saturday 05/07/2025:

- paid on Monday 07/07/2025 (the next business day) is not late (d = 0);
- renegotiated on Tuesday 08/07/2025 is 3 days late (from the Saturday).

Amounts and rates are :class:`~decimal.Decimal`; ``int``, ``str`` and
``float`` are accepted too (a float through its shortest ``repr``, so the
``1234.56`` of an Odoo monetary field stays ``Decimal('1234.56')``).
"""

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .business_days import next_business_day

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
DEFAULT_FINE_PERCENT = Decimal(2)  # ceiling of the consumer-protection code
DEFAULT_MONTHLY_INTEREST_PERCENT = Decimal(1)
DEFAULT_GRACE_DAYS = 0
DAYS_PER_MONTH = 30


@dataclass(frozen=True)
class Charges:
    """Late charges of a title on a given date; ``total`` is fine + interest."""

    days: int
    fine: Decimal
    interest: Decimal
    total: Decimal = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "total", self.fine + self.interest)


def _decimal(value, name: str) -> Decimal:
    """Convert ``value`` to a non-negative Decimal, or raise ValueError."""
    if isinstance(value, float):
        value = repr(value)
    try:
        result = Decimal(value)
    except (ArithmeticError, TypeError, ValueError) as error:
        raise ValueError(f"{name} must be a number, got {value!r}") from error
    if not result.is_finite() or result < 0:
        raise ValueError(f"{name} must be a non-negative number, got {value!r}")
    return result


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _simple_interest(amount: Decimal, monthly_percent: Decimal, days: int) -> Decimal:
    # A single division, at the end, keeps the product exact before rounding.
    raw = amount * monthly_percent * days / (100 * DAYS_PER_MONTH)
    return _round(raw)


def late_days(
    due_date: date, on_date: date, *, extra_holidays: Collection[date] = ()
) -> int:
    """Return the calendar days a title due on ``due_date`` is late on ``on_date``.

    Zero while ``on_date`` is not after the first business day on or after
    ``due_date``; otherwise ``(on_date - due_date).days``, counted from the
    original due date (see the module docstring).
    """
    if on_date <= next_business_day(due_date, extra_holidays):
        return 0
    return (on_date - due_date).days


def charges(
    open_amount,
    due_date: date,
    on_date: date,
    *,
    fine_percent=DEFAULT_FINE_PERCENT,
    monthly_interest_percent=DEFAULT_MONTHLY_INTEREST_PERCENT,
    grace_days: int = DEFAULT_GRACE_DAYS,
    extra_holidays: Collection[date] = (),
) -> Charges:
    """Return the fine and interest of ``open_amount`` due ``due_date`` on ``on_date``.

    ``days`` is always the number of days late; the fine and the interest are
    zero unless it exceeds ``grace_days``, and then the interest runs over all
    the days late (the grace period is not deducted). Raise ValueError on a
    negative amount, rate or grace period.
    """
    amount = _decimal(open_amount, "open_amount")
    fine_rate = _decimal(fine_percent, "fine_percent")
    monthly_rate = _decimal(monthly_interest_percent, "monthly_interest_percent")
    if grace_days < 0:
        raise ValueError(f"grace_days must be non-negative, got {grace_days!r}")
    days = late_days(due_date, on_date, extra_holidays=extra_holidays)
    if days <= grace_days:
        return Charges(days=days, fine=ZERO, interest=ZERO)
    fine = _round(amount * fine_rate / 100)
    interest = _simple_interest(amount, monthly_rate, days)
    return Charges(days=days, fine=fine, interest=interest)


def accrue_interest(
    open_amount, from_date: date, to_date: date, monthly_interest_percent
) -> Decimal:
    """Return the simple interest of ``open_amount`` from ``from_date`` to ``to_date``.

    Used to bring a renegotiation proposal up to date (SPEC F6.2): the
    interest of the days past the simulation's validity, with no fine and no
    business-day rule. Zero when ``to_date`` is not after ``from_date``.
    """
    amount = _decimal(open_amount, "open_amount")
    monthly_rate = _decimal(monthly_interest_percent, "monthly_interest_percent")
    days = max((to_date - from_date).days, 0)
    return _simple_interest(amount, monthly_rate, days)
