from django.shortcuts import render

from finance.report import FinanceSection, finance_figures, quarter_table, year_series_table
from ictreport.core.export import table_response
from ictreport.core.registry import get_section
from ictreport.core.selection import select


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
