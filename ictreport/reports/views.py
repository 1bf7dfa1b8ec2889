from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from ictreport.core.access import readable_report, visible_organisations
from ictreport.core.models import AnnualReport
from ictreport.core.periods import parse_year_slug
from ictreport.core.selection import select
from ictreport.reports.dashboard import overview_cards
from ictreport.reports.rendering import report_context, status_marking

PUBLIC_EDITION = "public"


def overview(request):
    """One card per section: its headline figures for the chosen organisation and year."""
    selection = select(request)
    ctx = {"selection": selection, "cards": [], "report": None, "has_charts": False}
    if selection:
        ctx["cards"] = overview_cards(selection)
        ctx["has_charts"] = any(card.has_trends for card in ctx["cards"])
        ctx["report"] = (
            AnnualReport.objects.filter(organisation=selection.organisation,
                                        year=selection.year)
            .select_related("organisation", "year").first()
        )
        if ctx["report"] is not None:
            ctx["report_marking"] = status_marking(ctx["report"])
    return render(request, "reports/overview.html", ctx)


def report_list(request):
    reports = (
        AnnualReport.objects.filter(organisation__in=visible_organisations(request.user))
        .select_related("organisation", "year")
        .order_by("organisation__name", "-year")
    )
    return render(request, "reports/report_list.html", {"reports": reports})


def get_report(request, organisation: str, year: str) -> tuple[AnnualReport, bool]:
    """The report at its address and whether only its public edition may be shown."""
    try:
        start_year = parse_year_slug(year)
    except ValueError:
        start_year = None
    return readable_report(request.user, organisation=organisation, start_year=start_year)


@login_not_required
def report_detail(request, organisation: str, year: str):
    """The report as the source reads; ``?edition=public`` shows what the public gets,
    which is all anyone outside its organisation gets of a published report."""
    report, public_only = get_report(request, organisation, year)
    public = public_only or request.GET.get("edition") == PUBLIC_EDITION
    ctx = report_context(report, public=public)
    ctx.update(
        public_edition=public,
        # Findings are a working aid for the staff who enter and check the figures.
        show_findings=request.user.is_staff and not public,
    )
    return render(request, "reports/report.html", ctx)
