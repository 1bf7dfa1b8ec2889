"""The finance dashboard: section 5.2 for any organisation and year, with every year held
and each quarter beside it; each table downloads as CSV or XLSX. Shown by the generic
dashboard view (``ictreport.core.dashboards``)."""

from decimal import Decimal

from django.utils.translation import gettext as _

from finance import wording
from finance.section import FinanceSection, money_format, section_data
from finance.selectors import QuarterSpend, YearTotals, figures_get
from ictreport.core.dashboards import DashboardPage, SectionDashboard
from ictreport.core.models import FinancialYear
from ictreport.core.periods import Quarter, year_label
from ictreport.core.sections import Column, Row, Table


def year_series_table(history: list[YearTotals]) -> Table:
    """Budget, spend and variance for every year held, oldest first."""
    rows = [
        Row((year_label(y.start_year),
             _("Full year") if y.complete else _("To the end of %(quarter)s") % {
                 "quarter": wording.quarter_label(y.quarter)},
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


class FinanceDashboard(SectionDashboard):
    key = FinanceSection.key

    def read(self, *, organisation, year):
        return figures_get(organisation=organisation, year=year)

    def build(self, figures, *, organisation, year):
        return section_data(figures, organisation=organisation, year=year)

    def beside(self, figures, data, *, organisation, year) -> DashboardPage:
        """Every year held, and each quarter of the year, as tables."""
        years_table = quarters_table = None
        if figures is not None:
            years_table = year_series_table(figures.history)
            if figures.quarters:
                quarters_table = quarter_table(figures.quarters, year)
        return DashboardPage(
            data=data,
            tables=tuple(t for t in (years_table, quarters_table) if t is not None),
            context={"years_table": years_table, "quarters_table": quarters_table},
        )


# Registered by the app's config (ictreport.core.section_apps).
DASHBOARDS = (FinanceDashboard(),)
