"""The annual report's PDF download."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header

from ictreport.core.access import visible_organisations
from ictreport.core.models import AnnualReport
from ictreport.core.periods import parse_year_slug
from ictreport.reports import pdf


def report_pdf(request, organisation: str, year: str):
    """The report as a PDF board paper; a page saying so when it cannot be made."""
    try:
        start_year = parse_year_slug(year)
    except ValueError:
        start_year = None
    report = get_object_or_404(
        AnnualReport.objects.select_related("organisation", "year"),
        organisation__in=visible_organisations(request.user),
        organisation__slug=organisation,
        year_id=start_year,
    )
    try:
        rendered = pdf.report_pdf(report)
    except pdf.PdfRenderError:
        # report_pdf has logged the cause; the reader is told and given a way on.
        return render(request, "reports/pdf/failed.html",
                      {"report": report, "classification": report.classification}, status=503)
    response = HttpResponse(rendered.content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=pdf.pdf_filename(report)
    )
    # A classified paper: the reader's browser may keep it, shared caches may not.
    patch_cache_control(response, private=True)
    return response
