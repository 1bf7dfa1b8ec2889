"""The projects dashboard: section 3.5 and 4.1 as the report shows them, charts only the
dashboard shows, and the portfolio as a table to filter, sort and download."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from ictreport.core.export import SafeTableExport, table_response
from ictreport.core.periods import Quarter
from ictreport.core.sections import Chart, Series
from ictreport.core.selection import select
from projects import selectors, wording
from projects.filters import PortfolioFilter
from projects.section import PrioritiesSection, ProjectsFigures, ProjectsSection, projects_figures
from projects.tables import PortfolioTable

PORTFOLIO_EXPORT_FORMATS = ("csv", "xlsx")
# django-tables2's default ``order_by_field``: the query parameter a sorted table adds.
SORT_PARAMETER = "sort"


def dashboard_charts(figures: ProjectsFigures) -> tuple[Chart, ...]:
    """Charts only the dashboard shows: the years held, and the year's quarters."""
    charts = []
    if len(figures.by_year) > 1:
        years = list(figures.by_year.values())
        charts.append(Chart(
            key="core-planned-work-years",
            title=_("Core planned work by year"),
            alt=_("Completed items and items outstanding at the end of each year's latest "
                  "return, for each of %(count)s years held, from %(first)s to %(last)s.")
            % {"count": len(years), "first": years[0].label, "last": years[-1].label},
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
            alt=_("Items completed in each quarter and items outstanding at each quarter's "
                  "end, for %(count)s quarters.") % {"count": len(quarters)},
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


def _portfolio_table(request, rows, year) -> PortfolioTable:
    table = PortfolioTable(rows)
    table.caption = _("Projects %(year)s: filter, sort and download") % {"year": year.label}
    RequestConfig(request, paginate=False).configure(table)
    return table


def dashboard(request):
    """Core planned work, the portfolio (filterable, sortable, downloadable) and the
    priorities named for the next year, for the chosen organisation and year."""
    selection = select(request)
    ctx = {"selection": selection, "export_query": selection.querystring}
    if not selection:
        return render(request, "projects/dashboard.html", ctx)
    organisation, year = selection.organisation, selection.year

    portfolio = PortfolioFilter(
        request.GET, queryset=selectors.portfolio_list(organisation=organisation, year=year)
    )
    stem = f"{organisation.slug}-{year.slug}"
    export_format = request.GET.get("_export")
    if export_format is not None:
        if export_format not in PORTFOLIO_EXPORT_FORMATS:
            raise Http404(_("No such download format."))
        export = SafeTableExport(export_format, _portfolio_table(request, portfolio.qs, year),
                                 dataset_kwargs={"title": _("Projects %(year)s") % {
                                     "year": year.label}})
        return export.response(filename=f"{stem}-projects.{export_format}")

    figures = projects_figures(organisation=organisation, year=year)
    narrowed = SORT_PARAMETER in request.GET or any(
        request.GET.get(name) for name in portfolio.filters)
    # Unfiltered and unsorted, the table's rows are the section's projects, already read.
    table = _portfolio_table(request, portfolio.qs if narrowed else figures.projects, year)
    section = ProjectsSection().data(figures)
    priorities = PrioritiesSection().build(organisation=organisation, year=year)
    extra_charts = dashboard_charts(figures)
    tables = [*section.tables(), *priorities.tables(), *(chart.table for chart in extra_charts)]
    download = table_response(tables, request, filename_stem=stem)
    if download is not None:
        return download

    ctx.update(section=section, priorities=priorities, extra_charts=extra_charts,
               portfolio=portfolio, table=table)
    return render(request, "projects/dashboard.html", ctx)
