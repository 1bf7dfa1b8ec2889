"""Writes for the finance section: its part of a whole-report file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from finance.models import BudgetLine, FinanceReturn, LineFigure
from ictreport.core.models import FinancialYear, Organisation
from ictreport.core.writes import sync_children, upsert

if TYPE_CHECKING:
    from finance.report import FinancePart


@transaction.atomic
def finance_part_save(part: FinancePart, *, organisation: Organisation,
                      year: FinancialYear) -> None:
    """Write a validated part: the organisation's budget lines by name, then each return
    it lists with exactly the line figures it gives (figures it no longer lists are
    removed). Returns and lines it does not list are left alone."""
    lines = {
        name: upsert(BudgetLine, {"organisation": organisation, "name": name},
                     {"position": position})
        for position, name in enumerate(part.budget_lines, start=1)
    }
    for ret in part.returns:
        stated = ret.stated_totals
        finance_return = upsert(
            FinanceReturn, {"organisation": organisation, "year": year, "quarter": ret.period},
            {"stated_budget": stated.budget if stated else None,
             "stated_expenditure": stated.expenditure if stated else None,
             "stated_variance": stated.variance if stated else None},
        )
        sync_children(LineFigure, {"finance_return": finance_return}, [
            {"line": lines[figures.line], "budget": figures.budget,
             "expenditure": figures.expenditure, "commentary": figures.commentary,
             "discrepancy": figures.discrepancy}
            for figures in ret.lines
        ], key=["line"])
