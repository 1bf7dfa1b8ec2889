"""The annual report's PDF download."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header

from ictreport.reports import pdf
from ictreport.reports.views import get_report


@login_not_required
def report_pdf(request, organisation: str, year: str):
    """The report as a PDF board paper; a page saying so when it cannot be made. Open
    to anyone, as its public edition, once published and cleared for the public."""
    report, public = get_report(request, organisation, year)
    try:
        rendered = pdf.report_pdf(report, public=public)
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
