from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.urls import reverse

from ictreport.core import registry
from ictreport.core.access import readable_report, visible_organisations
from ictreport.core.models import AnnualReport
from ictreport.core.periods import parse_year_slug
from ictreport.core.selection import select
from ictreport.reports.rendering import report_context


def overview(request):
    """One card per section: its headline figures for the chosen organisation and year."""
    selection = select(request)
    cards = []
    if selection:
        for section in registry.sections():
            data = section.build(organisation=selection.organisation, year=selection.year)
            url = None
            if section.url_name:
                url = f"{reverse(section.url_name)}?{selection.querystring}"
            cards.append({"data": data, "url": url})
    report = None
    if selection:
        report = AnnualReport.objects.filter(
            organisation=selection.organisation, year=selection.year
        ).first()
    return render(request, "reports/overview.html",
                  {"selection": selection, "cards": cards, "report": report})


def report_list(request):
    reports = (
        AnnualReport.objects.filter(organisation__in=visible_organisations(request.user))
        .select_related("organisation", "year")
        .order_by("organisation__name", "-year")
    )
    return render(request, "reports/report_list.html", {"reports": reports})


def _get_report(request, organisation: str, year: str) -> tuple[AnnualReport, bool]:
    try:
        start_year = parse_year_slug(year)
    except ValueError:
        start_year = None
    return readable_report(request.user, organisation=organisation, start_year=start_year)


@login_not_required
def report_detail(request, organisation: str, year: str):
    """Open to anyone for a published, disclosable report: its public edition."""
    report, public = _get_report(request, organisation, year)
    return render(request, "reports/report.html", report_context(report, public=public))
