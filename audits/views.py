from django.shortcuts import render
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from audits.report import as_at, collect_figures, dashboard_charts, day_label, section_data
from audits.selectors import recommendations_open
from audits.tables import OpenRecommendationFilter, OpenRecommendationTable
from ictreport.core.export import SafeTableExport, table_response
from ictreport.core.selection import select

EXPORT_FORMATS = {"csv", "xlsx"}


def dashboard(request):
    """The year's audit figures, compared with earlier years, and the recommendations
    still open, overdue ones first."""
    selection = select(request)
    ctx = {"selection": selection, "export_query": selection.querystring}
    if not selection:
        return render(request, "audits/dashboard.html", ctx)

    organisation, year = selection.organisation, selection.year
    stem = f"audit-{organisation.slug}-{year.slug}"
    figures = collect_figures(organisation=organisation, year=year)
    data = section_data(figures)
    charts = dashboard_charts(figures)
    response = table_response([*data.tables(), *(c.table for c in charts)], request,
                              filename_stem=stem)
    if response is not None:
        return response

    on = as_at(year.start_year)
    filterset = OpenRecommendationFilter(
        request.GET,
        queryset=recommendations_open(organisation=organisation, year=year.start_year, as_at=on),
    )
    table = OpenRecommendationTable(
        filterset.qs,
        caption=_("Recommendations open on %(date)s") % {"date": day_label(on)},
    )
    RequestConfig(request, paginate=False).configure(table)
    export_format = request.GET.get("_export")
    if export_format in EXPORT_FORMATS:
        return SafeTableExport(export_format, table).response(
            f"{stem}-open-recommendations.{export_format}")

    ctx.update(data=data, charts=charts, filterset=filterset, table=table,
               tracks_recommendations=figures.tracks_recommendations)
    return render(request, "audits/dashboard.html", ctx)
