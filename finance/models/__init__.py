"""The finance section's models: budget lines, each return's budget and spend per line
and the commentary rule in ``budget`` (its docstring says how budgets and spend add up);
the ledger extract's account mappings and unmapped spend in ``ledger``.
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
