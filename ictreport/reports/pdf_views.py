"""The annual report's PDF download, and each published edition's."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import get_language

from ictreport.core.access import public_editions
from ictreport.core.editions import in_language
from ictreport.reports import editions, jobs, pdf
from ictreport.reports.views import get_report


@login_not_required
def report_pdf(request, organisation: str, year: str):
    """The report as a PDF board paper in the reader's language (``/cy/…`` gives the
    Welsh paper), from live figures, for its organisation; a page saying so when it
    cannot be made. Anyone else gets the latest published edition's PDF in the
    language, as it was published."""
    report, public = get_report(request, organisation, year)
    if public:
        return _edition_pdf(report, public_editions(report), number=None)
    # Never drawn here: the worker draws it (ictreport.reports.jobs); until it is ready
    # the reader gets a page saying so, which refreshes itself.
    language = get_language()
    live = jobs.live_pdf(report, language)
    if live.content is None and live.state not in (jobs.QUEUED, jobs.RENDERING, jobs.FAILED):
        jobs.request_live_pdf(report, live.key, language)
        # With tasks run eagerly (the tests), the PDF may be there now.
        live = jobs.live_pdf(report, language)
    if "status" in request.GET:
        return JsonResponse({"state": live.state or jobs.QUEUED})
    if live.content is not None:
        return _pdf_response(live.content, pdf.pdf_filename(report))
    if live.state == jobs.FAILED:
        # The worker has logged the cause; the reader is told and given a way on.
        return render(request, "reports/pdf/failed.html",
                      {"report": report, "classification": report.classification}, status=503)
    response = render(request, "reports/pdf/preparing.html", {
        "report": report, "classification": report.classification,
        "state": live.state or jobs.QUEUED, "status_url": f"{request.path}?status=1",
    }, status=202)
    response["Retry-After"] = "5"
    patch_cache_control(response, no_store=True)
    return response


@login_not_required
def edition_pdf(request, organisation: str, year: str, number: int):
    """A published edition's PDF, made when it was published and never again."""
    report, public = get_report(request, organisation, year)
    return _edition_pdf(report, public_editions(report) if public else report.editions.all(),
                        number=number)


def _edition_pdf(report, readable, *, number: int | None):
    readable = in_language(readable).only("id", "report_id", "number", "language", "pdf")
    edition = readable.first() if number is None else readable.filter(number=number).first()
    if edition is None:
        raise Http404
    return _pdf_response(bytes(edition.pdf),
                         editions.pdf_filename(report, edition.number, edition.language))


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename)
    # A classified paper: the reader's browser may keep it, shared caches may not.
    patch_cache_control(response, private=True)
    return response
