"""How figures are written: the one place that turns raw values into text."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _


def percent_of(part, whole) -> int | None:
    """``part`` as a whole-number percentage of ``whole``, rounded half up (62.5 → 63).

    Exact, from the stored counts: Decimal arithmetic, no float on the way.
    """
    if not whole:
        return None
    ratio = Decimal(part) * 100 / Decimal(whole)
    return int(ratio.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_value(value, fmt: str = "text") -> str:
    if value is None:
        return "–"
    if fmt == "int":
        return f"{int(value):,}"
    if fmt == "percent":
        return f"{value}%"
    if fmt == "money":
        value = Decimal(value)
        sign = "-" if value < 0 else ""
        amount = abs(value)
        if amount == amount.to_integral_value():
            return f"{sign}£{int(amount):,}"
        return f"{sign}£{amount:,.2f}"
    if fmt == "decimal":
        return f"{Decimal(value):,}"
    return str(value)


def format_millions(value) -> str:
    """£83,194 → "£0.08m", as board papers write headline sums."""
    amount = (Decimal(value) / Decimal(1_000_000)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return _("£%(amount)sm") % {"amount": f"{abs(amount):,}"}


def number_word(value: int) -> str:
    """Style-guide numbers: words for one to nine, figures from 10 ("one was high, 34 …")."""
    words = [_("zero"), _("one"), _("two"), _("three"), _("four"), _("five"), _("six"),
             _("seven"), _("eight"), _("nine")]
    return words[value] if 0 <= value < 10 else f"{value:,}"
