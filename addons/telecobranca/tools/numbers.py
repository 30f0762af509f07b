# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Small numeric helpers shared by the models (pure Python, no ``odoo``)."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def money_decimal(value) -> Decimal:
    """``value`` (a float amount) as a Decimal rounded to the cent.

    Half cents go away from zero, like Odoo's ``float_round`` (HALF-UP): the
    float is read through its shortest representation (``str``), so 2.675,
    stored as 2.67499999..., is read as 2.675 and rounds to 2.68.
    """
    return Decimal(str(value or 0)).quantize(CENT, rounding=ROUND_HALF_UP)
