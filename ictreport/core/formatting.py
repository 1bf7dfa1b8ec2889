"""How figures are written: the one place that turns raw values into text."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext


def percent_of(part, whole) -> int | None:
    """``part`` as a whole-number percentage of ``whole``, rounded half up (62.5 → 63).

    Exact, from the stored counts: Decimal arithmetic, no float on the way.
    """
    if not whole:
        return None
    ratio = Decimal(part) * 100 / Decimal(whole)
    return int(ratio.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_number(value, decimal_pos: int | None = None) -> str:
    """``value`` in the active language's notation, always grouped ("1,234,567.5" in
    English and Welsh alike): the one place a number becomes text, through Django's
    locale formats (ictreport/formats for British English)."""
    return number_format(value, decimal_pos=decimal_pos, use_l10n=True, force_grouping=True)


def format_value(value, fmt: str = "text") -> str:
    """A figure as the page, the PDF and every generated sentence write it: ``"int"``
    1,234; ``"percent"`` 63%; ``"money"`` £1,234 or -£1,234.50 (pence only when there
    are any); ``"decimal"`` 1,234.5. None is a dash."""
    if value is None:
        return "–"
    if fmt == "int":
        return format_number(int(value))
    if fmt == "percent":
        return pgettext("a percentage", "%(number)s%%") % {"number": format_number(value)}
    if fmt == "money":
        value = Decimal(value)
        amount = abs(value)
        if amount == amount.to_integral_value():
            figure = format_number(int(amount))
        else:
            figure = format_number(amount, decimal_pos=2)
        if value < 0:
            return pgettext("money", "-£%(amount)s") % {"amount": figure}
        return pgettext("money", "£%(amount)s") % {"amount": figure}
    if fmt == "decimal":
        return format_number(Decimal(value))
    return str(value)


def format_millions(value) -> str:
    """£83,194 → "£0.08m", as board papers write headline sums."""
    amount = (Decimal(value) / Decimal(1_000_000)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return _("£%(amount)sm") % {"amount": format_number(abs(amount), decimal_pos=2)}


def number_word(value: int) -> str:
    """Style-guide numbers: words for one to nine, figures from 10 ("one was high, 34 …").

    The word is the plain counting form (Welsh "dau", "tri"); a sentence whose noun
    needs another form (a feminine "dwy", "tair", or a mutation) says its number with
    ``ngettext`` instead, where the translation chooses the form."""
    words = [pgettext("number", "zero"), pgettext("number", "one"),
             pgettext("number", "two"), pgettext("number", "three"),
             pgettext("number", "four"), pgettext("number", "five"),
             pgettext("number", "six"), pgettext("number", "seven"),
             pgettext("number", "eight"), pgettext("number", "nine")]
    return words[value] if 0 <= value < 10 else format_number(value)
