"""Finance's part of the whole-report file (see docs/report-file-finance.md)."""

from django.utils.translation import gettext_lazy as _

from ictreport.core.file_fields import (
    Money,
    Name,
    NonNegativeMoney,
    Period,
    StrictModel,
    YearSlug,
    at_least_one,
)


class LineFiguresPart(StrictModel):
    line: Name
    budget: NonNegativeMoney
    expenditure: NonNegativeMoney
    commentary: str = ""
    discrepancy: str = ""


class StatedTotalsPart(StrictModel):
    """A full-year return's ``stated_totals``: the totals a source document prints, kept
    only to reconcile the lines against."""

    budget: NonNegativeMoney | None = None
    expenditure: NonNegativeMoney | None = None
    variance: Money | None = None


class ReturnPart(StrictModel):
    """One return under ``finance.returns``: a quarter's or the year's figures for
    each budget line."""

    year: YearSlug
    period: Period
    stated_totals: StatedTotalsPart | None = None
    lines: list[LineFiguresPart]


class FinancePart(StrictModel):
    budget_lines: list[Name]
    returns: list[ReturnPart] = []

    _some_lines = at_least_one("budget_lines", _("must list at least one budget line"))
