"""The finance dashboard: section 5.2 for any organisation and year, with every year held
and each quarter beside it; each table downloads as CSV or XLSX."""

from decimal import Decimal

from django.shortcuts import render
from django.utils.translation import gettext as _

from finance import wording
from finance.section import FinanceSection, finance_figures, money_format
from finance.selectors import QuarterSpend, YearTotals
from ictreport.core.export import table_response
from ictreport.core.models import FinancialYear
from ictreport.core.periods import Quarter, year_label
from ictreport.core.registry import get_section
from ictreport.core.sections import Column, Row, Table
from ictreport.core.selection import select


def year_series_table(history: list[YearTotals]) -> Table:
    """Budget, spend and variance for every year held, oldest first."""
    rows = [
        Row((year_label(y.start_year),
             _("Full year") if y.complete else _("To %(when)s") % {
                 "when": wording.period_phrase(y.quarter)},
             y.budget, y.expenditure, y.variance))
        for y in history
    ]
    fmt = money_format([v for row in rows for v in row.cells[2:]])
    return Table(
        key="years",
        caption=_("Budget, expenditure and variance by year"),
        columns=(Column("year", _("Year")), Column("period", _("Period")),
                 Column("budget", _("Annual budget (£)"), fmt),
                 Column("expenditure", _("Expenditure (£)"), fmt),
                 Column("variance", _("Variance (£)"), fmt)),
        rows=tuple(rows),
        note=_("For a year not yet complete, the variance is against the budget to date."),
    )


def quarter_table(quarters: list[QuarterSpend], year: FinancialYear) -> Table:
    running, rows = Decimal("0.00"), []
    for quarter in quarters:
        running += quarter.expenditure
        rows.append(Row((Quarter(quarter.quarter).label, quarter.expenditure, running,
                         quarter.budget)))
    fmt = money_format([v for row in rows for v in row.cells[1:]])
    return Table(
        key="quarters",
        caption=_("Expenditure by quarter, %(year)s") % {"year": year.label},
        columns=(Column("quarter", _("Quarter")),
                 Column("expenditure", _("Spent in the quarter (£)"), fmt),
                 Column("cumulative", _("Spent to date (£)"), fmt),
                 Column("budget", _("Annual budget as stated (£)"), fmt)),
        rows=tuple(rows),
    )




def dashboard(request):
    """The finance section for any organisation and year, with every year held and each
    quarter beside it; each table downloads as CSV or XLSX."""
    selection = select(request)
    ctx = {"selection": selection, "export_query": selection.querystring}
    if not selection:
        return render(request, "finance/dashboard.html", ctx)

    organisation, year = selection.organisation, selection.year
    figures = finance_figures(organisation=organisation, year=year)
    section: FinanceSection = get_section(FinanceSection.key)
    data = section.data(figures, organisation=organisation, year=year)
    years_table = quarters_table = None
    if figures is not None:
        years_table = year_series_table(figures.history)
        if figures.quarters:
            quarters_table = quarter_table(figures.quarters, year)

    extras = [t for t in (years_table, quarters_table) if t is not None]
    response = table_response([*data.tables(), *extras], request,
                              filename_stem=f"finance-{organisation.slug}-{year.slug}")
    if response is not None:
        return response
    ctx.update(data=data, years_table=years_table, quarters_table=quarters_table)
    return render(request, "finance/dashboard.html", ctx)
