"""The annual report's PDF download, and each published edition's."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header

from ictreport.core.access import public_editions
from ictreport.reports import editions, pdf
from ictreport.reports.views import get_report


@login_not_required
def report_pdf(request, organisation: str, year: str):
    """The report as a PDF board paper, from live figures, for its organisation; a page
    saying so when it cannot be made. Anyone else gets the latest published edition's
    PDF, as it was published."""
    report, public = get_report(request, organisation, year)
    if public:
        return _edition_pdf(report, public_editions(report), number=None)
    try:
        rendered = pdf.report_pdf(report, public=False)
    except pdf.PdfRenderError:
        # report_pdf has logged the cause; the reader is told and given a way on.
        return render(request, "reports/pdf/failed.html",
                      {"report": report, "classification": report.classification}, status=503)
    return _pdf_response(rendered.content, pdf.pdf_filename(report))


@login_not_required
def edition_pdf(request, organisation: str, year: str, number: int):
    """A published edition's PDF, made when it was published and never again."""
    report, public = get_report(request, organisation, year)
    return _edition_pdf(report, public_editions(report) if public else report.editions.all(),
                        number=number)


def _edition_pdf(report, readable, *, number: int | None):
    readable = readable.only("id", "report_id", "number", "pdf")
    edition = readable.first() if number is None else readable.filter(number=number).first()
    if edition is None:
        raise Http404
    return _pdf_response(bytes(edition.pdf), editions.pdf_filename(report, edition.number))


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename)
    # A classified paper: the reader's browser may keep it, shared caches may not.
    patch_cache_control(response, private=True)
    return response
