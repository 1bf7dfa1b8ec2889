"""Budget lines, each return's budget and spend per line, and the commentary rule.

A line's annual budget is a stock: each return states it as it stands at that quarter's
end, and the latest figure stands (budgets are revised during the year). Its
expenditure is a flow: each return states the spend in its own quarter, and the year's
spend is their sum. A full-year return, for a year known only from its annual report,
states the year's budget and spend as they are.

Variance is budget minus expenditure: positive is an underspend, negative an overspend.

The ledger extract's account mappings and unmapped spend are in ``ledger``.
"""

from finance.models.budget import (
    BudgetLine,
    CommentaryThreshold,
    FinanceReturn,
    LineFigure,
    budget_to_date,
)
from finance.models.ledger import AccountMapping, UnmappedAccount

__all__ = ["AccountMapping", "BudgetLine", "CommentaryThreshold", "FinanceReturn",
           "LineFigure", "UnmappedAccount", "budget_to_date"]
