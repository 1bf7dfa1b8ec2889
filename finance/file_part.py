"""Finance's part of the whole-report file (``finance:``): its checks, save and dump.

The part's schema is ``schema.py``; the rules every list of returns shares are
``ReturnsFilePart.check_returns``. Each year's figures go in its own report's file: the
part holds the report's year only.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext

from finance.models import BudgetLine, FinanceReturn, LineFigure
from finance.schema import FinancePart
from finance.selectors import budget_line_list
from finance.services import finance_part_save
from ictreport.core.file_fields import Problem
from ictreport.core.file_parts import ReturnsFilePart, duplicate_problems, organisation_rows
from ictreport.core.file_welsh import WelshKey
from ictreport.core.models import FinancialYear, Organisation
from ictreport.core.periods import Quarter, year_slug

_own_lines = organisation_rows()
_own_figures = organisation_rows("finance_return__organisation")


class FinanceFilePart(ReturnsFilePart, key="finance", schema=FinancePart,
                      returns_model=FinanceReturn, years_held=1):  # the report's year only
    welsh_keys = {
        "budget_lines": WelshKey(BudgetLine, "name", _own_lines),
        "returns[].lines[].line": WelshKey(BudgetLine, "name", _own_lines),
        "returns[].lines[].commentary": WelshKey(LineFigure, "commentary", _own_figures),
        "returns[].lines[].discrepancy": WelshKey(LineFigure, "discrepancy", _own_figures),
    }

    def part_problems(self, part: FinancePart, *, path: str) -> list[Problem]:
        problems = duplicate_problems(list(part.budget_lines), f"{path}.budget_lines")
        returns = f"{path}.returns"
        lines = set(part.budget_lines)
        for index, ret in enumerate(part.returns):
            at = f"{returns}[{index}]"
            if ret.stated_totals is not None and ret.period != Quarter.FULL_YEAR:
                problems.append(Problem(f"{at}.stated_totals", gettext(
                    "only a full-year return, copied from a document, can state the "
                    "document's totals")))
            if not ret.lines:
                problems.append(Problem(f"{at}.lines",
                                        gettext("must list at least one budget line")))
            for line_index, figures in enumerate(ret.lines):
                if figures.line not in lines:
                    problems.append(Problem(f"{at}.lines[{line_index}].line", gettext(
                        "%(line)s is not one of %(list)s") % {
                            "line": repr(figures.line), "list": f"{path}.budget_lines"}))
            problems += duplicate_problems([figures.line for figures in ret.lines],
                                           f"{at}.lines", "line")
        return problems

    def save(self, part: FinancePart, *, organisation: Organisation,
             year: FinancialYear) -> None:
        finance_part_save(part, organisation=organisation, year=year)

    def dump(self, *, organisation: Organisation, year: FinancialYear) -> dict | None:
        lines = [line.name for line in budget_line_list(organisation=organisation)]
        returns = self.returns_held(organisation=organisation, year=year).prefetch_related(
            Prefetch(
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


# Registered by the app's config (ictreport.core.section_apps).
FILE_PARTS = (FinanceFilePart(),)
