"""Finance's part of the whole-report file (``finance:``): its schema, the rules the
schema cannot state, its save and its dump (see docs/report-file-finance.md)."""

from __future__ import annotations

from django.db.models import Prefetch
from pydantic import field_validator

from finance.models import FinanceReturn, LineFigure
from finance.selectors import budget_line_list
from finance.services import finance_part_save
from ictreport.core.files import (
    Money,
    Name,
    NonNegativeMoney,
    Period,
    StrictModel,
    YearSlug,
    duplicate_period_problems,
)
from ictreport.core.models import FinancialYear, Organisation
from ictreport.core.periods import Quarter, year_slug


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


class FinanceFilePart:
    key = "finance"
    schema = FinancePart

    def check(self, part: FinancePart, *, organisation, year, path):
        problems = []
        first_seen = {}
        for index, name in enumerate(part.budget_lines):
            if name in first_seen:
                problems.append((f"{path}.budget_lines[{index}]",
                                 f"{name!r} is already listed at "
                                 f"{path}.budget_lines[{first_seen[name]}]"))
            first_seen.setdefault(name, index)
        problems += [(p.path, p.message) for p in duplicate_period_problems(
            [(r.year, r.period) for r in part.returns], f"{path}.returns")]
        for index, ret in enumerate(part.returns):
            at = f"{path}.returns[{index}]"
            if ret.year != year:
                problems.append((f"{at}.year", f"must be the report's year, {year_slug(year)}; "
                                               "each year's figures go in its own report file"))
            if ret.stated_totals is not None and ret.period != Quarter.FULL_YEAR:
                problems.append((f"{at}.stated_totals",
                                 "only a full-year return, copied from a document, can state "
                                 "the document's totals"))
            if not ret.lines:
                problems.append((f"{at}.lines", "must list at least one budget line"))
            lines_seen = {}
            for line_index, figures in enumerate(ret.lines):
                line_at = f"{at}.lines[{line_index}].line"
                if figures.line not in first_seen:
                    problems.append((line_at, f"{figures.line!r} is not one of "
                                              f"{path}.budget_lines"))
                elif figures.line in lines_seen:
                    problems.append((line_at, f"{figures.line!r} is already given at "
                                              f"{at}.lines[{lines_seen[figures.line]}]"))
                lines_seen.setdefault(figures.line, line_index)
        problems += self._period_clashes(part, organisation=organisation, year=year, path=path)
        return problems

    def _period_clashes(self, part: FinancePart, *, organisation, year, path):
        """A return the file adds must not mix full-year and quarterly returns with one
        the database already holds for the year (and the file leaves alone)."""
        if organisation is None:
            return []
        held = set(FinanceReturn.objects.filter(organisation=organisation, year_id=year)
                   .values_list("quarter", flat=True))
        problems = []
        for index, ret in enumerate(part.returns):
            full_year = ret.period == Quarter.FULL_YEAR
            clash = {q for q in held if (q == Quarter.FULL_YEAR) != full_year}
            if ret.year == year and clash:
                kind = "quarterly returns" if full_year else "a full-year return"
                problems.append((f"{path}.returns[{index}].period",
                                 f"{year_slug(year)} already holds {kind} in the database; "
                                 "a year holds either one full-year return or quarterly ones"))
        return problems

    def save(self, part: FinancePart, *, organisation: Organisation,
             year: FinancialYear) -> None:
        finance_part_save(part, organisation=organisation, year=year)

    def dump(self, *, organisation: Organisation, year: FinancialYear) -> dict | None:
        lines = [line.name for line in budget_line_list(organisation=organisation)]
        returns = FinanceReturn.objects.filter(organisation=organisation, year=year).order_by(
            "quarter"
        ).prefetch_related(Prefetch(
            "lines", LineFigure.objects.select_related("line").order_by("line__position",
                                                                        "line__name")))
        dumped = [self._dump_return(r) for r in returns]
        if not lines and not dumped:
            return None
        return {"budget_lines": lines, "returns": dumped}

    @staticmethod
    def _dump_return(finance_return: FinanceReturn) -> dict:
        out = {"year": year_slug(finance_return.year_id),
               "period": Quarter(finance_return.quarter).code}
        stated = {key: value for key, value in (
            ("budget", finance_return.stated_budget),
            ("expenditure", finance_return.stated_expenditure),
            ("variance", finance_return.stated_variance),
        ) if value is not None}
        if stated:
            out["stated_totals"] = stated
        out["lines"] = []
        for figures in finance_return.lines.all():
            row = {"line": figures.line.name, "budget": figures.budget,
                   "expenditure": figures.expenditure}
            if figures.commentary:
                row["commentary"] = figures.commentary
            if figures.discrepancy:
                row["discrepancy"] = figures.discrepancy
            out["lines"].append(row)
        return out
