from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from ictreport.core.export import SafeTableExport, table_response
from ictreport.core.selection import select
from projects import selectors
from projects.filters import PortfolioFilter
from projects.report import PrioritiesSection, ProjectsSection, dashboard_charts
from projects.tables import PortfolioTable

PORTFOLIO_EXPORT_FORMATS = ("csv", "xlsx")


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
    table = PortfolioTable(portfolio.qs)
    table.caption = _("Projects %(year)s: filter, sort and download") % {"year": year.label}
    RequestConfig(request, paginate=False).configure(table)
    stem = f"{organisation.slug}-{year.slug}"
    export_format = request.GET.get("_export")
    if export_format is not None:
        if export_format not in PORTFOLIO_EXPORT_FORMATS:
            raise Http404(_("No such download format."))
        export = SafeTableExport(export_format, table,
                             dataset_kwargs={"title": _("Projects %(year)s") % {
                                 "year": year.label}})
        return export.response(filename=f"{stem}-projects.{export_format}")

    section = ProjectsSection().build(organisation=organisation, year=year)
    priorities = PrioritiesSection().build(organisation=organisation, year=year)
    extra_charts = dashboard_charts(organisation=organisation, year=year)
    tables = [*section.tables(), *priorities.tables(), *(chart.table for chart in extra_charts)]
    download = table_response(tables, request, filename_stem=stem)
    if download is not None:
        return download

    ctx.update(section=section, priorities=priorities, extra_charts=extra_charts,
               portfolio=portfolio, table=table)
    return render(request, "projects/dashboard.html", ctx)
