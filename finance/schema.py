"""Finance's part of the whole-report file (see docs/report-file-finance.md)."""

from pydantic import field_validator

from ictreport.core.file_fields import (
    Money,
    Name,
    NonNegativeMoney,
    Period,
    StrictModel,
    YearSlug,
)


class LineFiguresPart(StrictModel):
    line: Name
    budget: NonNegativeMoney
    expenditure: NonNegativeMoney
    commentary: str = ""
    discrepancy: str = ""


class StatedTotalsPart(StrictModel):
    budget: NonNegativeMoney | None = None
    expenditure: NonNegativeMoney | None = None
    variance: Money | None = None


class ReturnPart(StrictModel):
    year: YearSlug
    period: Period
    stated_totals: StatedTotalsPart | None = None
    lines: list[LineFiguresPart]


class FinancePart(StrictModel):
    budget_lines: list[Name]
    returns: list[ReturnPart] = []

    @field_validator("budget_lines")
    @classmethod
    def _some_lines(cls, value):
        if not value:
            raise ValueError("must list at least one budget line")
        return value
