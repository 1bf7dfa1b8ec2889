"""Words every section uses the same way: lists and the change from one year to another.

Pure functions over figures, each returning a whole translatable sentence or phrase with
named placeholders; a section's ``wording.py`` builds its own sentences from these.
"""

from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from ictreport.core.formatting import format_value, percent_of
from ictreport.core.periods import year_label


def _text_list(items: Sequence[str], two: str, more: str) -> str:
    """A list as one translatable phrase: Django's ``get_text_list`` glues a translated
    "and" between fragments, and its Welsh catalogue turns the ", " into ",", so the
    phrase and the separator are the project's own msgids."""
    items = [str(i) for i in items]
    if len(items) < 2:
        return items[0] if items else ""
    if len(items) == 2:
        return two % {"first": items[0], "last": items[1]}
    separator = pgettext("between the items of a list", ", ")
    return more % {"items": separator.join(items[:-1]), "last": items[-1]}


def and_list(items: Sequence[str]) -> str:
    """["a", "b", "c"] → "a, b and c"."""
    return _text_list(items, _("%(first)s and %(last)s"),
                      pgettext("the last two parts of a list of three or more",
                               "%(items)s and %(last)s"))


def or_list(items: Sequence[str]) -> str:
    """["a", "b", "c"] → "a, b or c"."""
    return _text_list(items, _("%(first)s or %(last)s"),
                      pgettext("the last two parts of a list of three or more",
                               "%(items)s or %(last)s"))


def change_detail(current: int | Decimal, previous: int | Decimal | None, *,
                  previous_year: int | None, by: str = "count") -> str:
    """The headline's comparison with an earlier year, or "" when there is none.

    ``by`` says how the difference is given: ``"count"`` ("34 more than 2018/19",
    "one fewer than 2018/19"), ``"percent"`` of the earlier figure ("22% fewer than
    2018/19"), ``"money"`` as a percentage of an amount ("5% more than 2018/19",
    "5% less than 2018/19"). Equal figures read "the same as 2018/19".
    """
    if previous is None or previous_year is None:
        return ""
    year = year_label(previous_year)
    difference = current - previous
    if difference == 0:
        return _("the same as %(year)s") % {"year": year}
    if by == "count":
        count = abs(int(difference))
        values = {"count": format_value(count, "int"), "year": year}
        if difference > 0:
            return ngettext("%(count)s more than %(year)s", "%(count)s more than %(year)s",
                            count) % values
        return ngettext("%(count)s fewer than %(year)s", "%(count)s fewer than %(year)s",
                        count) % values
    if not previous:
        return ""
    values = {"percent": format_value(percent_of(abs(difference), previous), "percent"),
              "year": year}
    if difference > 0:
        return _("%(percent)s more than %(year)s") % values
    if by == "money":
        return _("%(percent)s less than %(year)s") % values
    return _("%(percent)s fewer than %(year)s") % values
