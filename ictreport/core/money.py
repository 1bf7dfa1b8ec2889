"""Money as the database adds it up: pounds and pence, exactly.

SQLite has no decimal type: it sums ``DecimalField`` columns as floats and Django hands
the result back to 15 significant digits (``4820735.10000000``, ``-2266.960000000``).
PostgreSQL sums ``numeric`` exactly. Every section's money sums go through
``MoneySum``, so the figure is quantized to pence where it is computed, the same on
both databases, and nothing downstream (pages, exports, PDF, charts) sees more than two
decimal places.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import DecimalField, Sum

PENNY = Decimal("0.01")


def pence(value: Decimal | None) -> Decimal | None:
    """``value`` to the penny, rounded half up; None stays None (a sum over no rows)."""
    if value is None:
        return None
    return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)


class MoneySum(Sum):
    """``Sum`` of a money column, returned as a ``Decimal`` with exactly two places."""

    def __init__(self, *expressions, **extra):
        extra.setdefault("output_field", DecimalField(max_digits=20, decimal_places=2))
        super().__init__(*expressions, **extra)

    def convert_value(self, value, expression, connection):
        # Runs after the backend's own converter (SQLite's float-to-Decimal one).
        return pence(value)
