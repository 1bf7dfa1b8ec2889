"""The projects page: section 3.5 and 4.1 as the report shows them, charts only the
dashboard shows, and the portfolio as a table to filter, sort and download; shown by
the generic dashboard view (``ictreport.core.dashboards``)."""

from dataclasses import replace

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tables2 import RequestConfig

from ictreport.core.dashboards import DashboardPage, SectionDashboard
from ictreport.core.export import table_block
from ictreport.core.formatting import format_value
from ictreport.core.periods import Quarter
from ictreport.core.sections import Chart, Series
from projects import selectors, wording
from projects.filters import PortfolioFilter
from projects.section import PrioritiesSection, ProjectsSection, section_data
from projects.tables import PortfolioTable

# The filterable portfolio's download; "portfolio" is the section's own table, which the
# page shows as this one.
PORTFOLIO_DOWNLOAD = "projects"
# django-tables2's default ``order_by_field``: the query parameter a sorted table adds.
SORT_PARAMETER = "sort"


def dashboard_charts(figures: selectors.Figures) -> tuple[Chart, ...]:
    """Charts only the dashboard shows: the years held, and the year's quarters."""
    charts = []
    if len(figures.by_year) > 1:
        years = list(figures.by_year.values())
        charts.append(Chart(
            key="core-planned-work-years",
            title=_("Core planned work by year"),
            alt=ngettext(
                "Completed items and items outstanding at the end of each year's latest "
                "return, for each of %(count)s year held, from %(first)s to %(last)s.",
                "Completed items and items outstanding at the end of each year's latest "
                "return, for each of %(count)s years held, from %(first)s to %(last)s.",
                len(years),
            ) % {"count": format_value(len(years), "int"), "first": years[0].label,
                 "last": years[-1].label},
            kind="bar",
            categories=tuple(wording.trend_label(f) for f in years),
            series=(Series(_("Completed"), tuple(f.completed for f in years)),
                    Series(_("Outstanding"), tuple(f.outstanding for f in years))),
            category_title=_("Year"),
            value_title=_("Items of work"),
        ))
    year = figures.year
    quarters = selectors.core_work_by_quarter(organisation=figures.organisation, year=year)
    if quarters and quarters[0].period != Quarter.FULL_YEAR:
        charts.append(Chart(
            key="core-planned-work-quarters",
            title=_("Core planned work by quarter, %(year)s") % {"year": year.label},
            alt=ngettext(
                "Items completed in each quarter and items outstanding at each quarter's "
                "end, for %(count)s quarter.",
                "Items completed in each quarter and items outstanding at each quarter's "
                "end, for %(count)s quarters.",
                len(quarters),
            ) % {"count": format_value(len(quarters), "int")},
            kind="bar",
            categories=tuple(q.label for q in quarters),
            series=(Series(_("Completed in the quarter"),
                           tuple(q.completed for q in quarters)),
                    Series(_("Outstanding at the quarter's end"),
                           tuple(q.outstanding for q in quarters))),
            category_title=_("Quarter"),
            value_title=_("Items of work"),
        ))
    return tuple(charts)


class ProjectsDashboard(SectionDashboard):
    key = ProjectsSection.key

    def read(self, *, organisation, year):
        return selectors.figures_get(organisation=organisation, year=year)

    def build(self, figures, *, organisation, year):
        return section_data(figures)

    def beside(self, figures, data, *, organisation, year) -> DashboardPage:
        """Charts only the page shows, the portfolio as read, next year's priorities."""
        priorities = PrioritiesSection().build(organisation=organisation, year=year)
        return DashboardPage(
            data=data, charts=dashboard_charts(figures), tables=priorities.tables(),
            context={"priorities": priorities, "projects": figures.projects})

    def page(self, request, figures, *, organisation, year) -> DashboardPage:
        """The portfolio as a table to filter, sort and download."""
        portfolio = PortfolioFilter(
            request.GET, queryset=selectors.portfolio_list(organisation=organisation,
                                                           year=year))
        narrowed = SORT_PARAMETER in request.GET or any(
            request.GET.get(name) for name in portfolio.filters)
        # Unfiltered and unsorted, the table's rows are the section's projects, as read.
        table = PortfolioTable(portfolio.qs if narrowed else figures.context["projects"])
        table.caption = _("Projects %(year)s: filter, sort and download") % {
            "year": year.label}
        RequestConfig(request, paginate=False).configure(table)
        return replace(
            figures, tables=(*figures.tables, table_block(table, key=PORTFOLIO_DOWNLOAD)),
            context={"priorities": figures.context["priorities"], "portfolio": portfolio,
                     "table": table})


# Registered by the app's config (ictreport.core.section_apps).
DASHBOARDS = (ProjectsDashboard(),)
