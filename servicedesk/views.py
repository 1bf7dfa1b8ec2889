from django.shortcuts import render

from ictreport.core.charts import figure
from ictreport.core.export import table_response
from ictreport.core.selection import select
from servicedesk.dashboard import dashboard_charts
from servicedesk.report import figures_get, section_data
from servicedesk.tables import sortable_table


def dashboard(request):
    """The service desk's figures for the chosen organisation and year: the report's
    tables and sentences, headline figures, and charts over every year held."""
    selection = select(request)
    ctx = {"selection": selection, "export_query": selection.querystring}
    if selection:
        figures = figures_get(organisation=selection.organisation,
                              year=selection.year.start_year, dashboard=True)
        data = section_data(figures)
        charts = dashboard_charts(figures)
        download = table_response(
            [*data.tables(), *(chart.table for chart in charts)], request,
            filename_stem=f"servicedesk-{selection.organisation.slug}-{selection.year.slug}",
        )
        if download is not None:
            return download
        ctx.update(
            data=data,
            charts=[{"chart": chart, "figure": figure(chart),
                     "figure_id": f"chart-{chart.key}-figure",
                     "table": sortable_table(chart.table, request)} for chart in charts],
        )
    return render(request, "servicedesk/dashboard.html", ctx)
