"""Financial years and quarters.

A financial year runs April to March and is identified by the calendar year it starts
in: 2019 is the year 2019/20, written ``2019-20`` in URLs, commands and files.
"""

import re
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

_SLUG = re.compile(r"^(\d{4})-(\d{2})$")


class Quarter(models.IntegerChoices):
    """The period a return covers. Historic years are known only as full-year totals."""

    FULL_YEAR = 0, _("Full year")
    Q1 = 1, _("Q1 (Apr–Jun)")
    Q2 = 2, _("Q2 (Jul–Sep)")
    Q3 = 3, _("Q3 (Oct–Dec)")
    Q4 = 4, _("Q4 (Jan–Mar)")

    @property
    def code(self) -> str:
        """How files and URLs write the period: ``full-year`` or ``Q1`` … ``Q4``."""
        return "full-year" if self == Quarter.FULL_YEAR else f"Q{self.value}"

    @classmethod
    def from_code(cls, code: str) -> "Quarter":
        for quarter in cls:
            if quarter.code == code:
                return quarter
        raise ValueError(code)


def year_label(start_year: int) -> str:
    """``2019`` → ``2019/20``."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def year_slug(start_year: int) -> str:
    """``2019`` → ``2019-20``."""
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def parse_year_slug(slug: str) -> int:
    """``2019-20`` → ``2019``; ``ValueError`` for anything else, ``2019-21`` included."""
    match = _SLUG.match(str(slug))
    if not match:
        raise ValueError(_("%(slug)s is not a financial year written like 2019-20")
                         % {"slug": repr(slug)})
    start = int(match.group(1))
    if (start + 1) % 100 != int(match.group(2)):
        raise ValueError(_("%(slug)s is not a financial year: %(start)s is followed by "
                           "%(next)s") % {"slug": repr(slug), "start": start, "next": start + 1})
    return start


def year_start_date(start_year: int) -> date:
    return date(start_year, 4, 1)


def year_end_date(start_year: int) -> date:
    return date(start_year + 1, 3, 31)


def year_containing(day: date) -> int:
    """The start year of the financial year that holds ``day``."""
    return day.year if day.month >= 4 else day.year - 1
