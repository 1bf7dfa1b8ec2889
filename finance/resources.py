"""The finance section's quarterly figures as spreadsheet rows (``ictreport.core.imports``):
each budget line's annual budget, expenditure and commentary in one return."""

from finance.models import BudgetLine, LineFigure
from ictreport.core.imports import (
    FigureResource,
    decimal_column,
    figure_key,
    period_columns,
    text_column,
)


class LineFigureResource(FigureResource):
    section_key = "finance"
    return_field = "finance_return"
    key_field = "line"
    key_column = "budget_line"

    organisation, year, period = period_columns("finance_return")
    budget_line = figure_key("budget_line", "line__name")
    budget = decimal_column("budget")
    expenditure = decimal_column("expenditure")
    commentary = text_column("commentary")
    discrepancy = text_column("discrepancy")

    class Meta(FigureResource.Meta):
        model = LineFigure

    def key_choices(self, organisation):
        # Budget lines are the organisation's own: another's line of the same name is
        # not this one.
        return {line.name: line for line in BudgetLine.objects.filter(organisation=organisation)}
