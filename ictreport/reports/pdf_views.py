"""The annual report's PDF download, and each published edition's."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import content_disposition_header, http_date
from django.utils.translation import get_language

from ictreport.core.access import public_editions
from ictreport.core.editions import in_language
from ictreport.core.models.editions import edition_storage
from ictreport.reports import edition_jobs, editions, jobs, pdf
from ictreport.reports.views import get_report


@login_not_required
def report_pdf(request, organisation: str, year: str):
    """The report as a PDF board paper in the reader's language (``/cy/…`` gives the
    Welsh paper), from live figures, for its organisation; a page saying so when it
    cannot be made. Anyone else gets the latest published edition's PDF in the
    language, as it was published."""
    report, public = get_report(request, organisation, year)
    if public:
        return _edition_pdf(request, report, public_editions(report), number=None,
                            public=True)
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
    """A published edition's PDF, drawn by the worker from what was published and
    never again."""
    report, public = get_report(request, organisation, year)
    return _edition_pdf(request, report, public_editions(report) if public
                        else report.editions.all(), number=number, public=public)


_EDITION_FIELDS = ("id", "report_id", "number", "language", "pdf_file")


def _edition_pdf(request, report, readable, *, number: int | None, public: bool):
    # query: the edition and its kept PDF, if drawn
    readable = in_language(readable).select_related("pdf_file").only(*_EDITION_FIELDS)
    edition = readable.first() if number is None else readable.filter(number=number).first()
    if edition is None:
        raise Http404
    state = edition_jobs.state(edition)
    if state not in (edition_jobs.READY, jobs.QUEUED, jobs.RENDERING, jobs.FAILED):
        # Never drawn here: queued for the worker (a task lost with its broker too).
        edition_jobs.request(edition.pk)
        # With tasks run eagerly (the tests), the PDF may be there now.
        edition = readable.get(pk=edition.pk)
        state = edition_jobs.state(edition)
    if "status" in request.GET:
        return JsonResponse({"state": state or jobs.QUEUED})
    if state == edition_jobs.READY:
        # Only a numbered edition's address always names the same file; the latest
        # edition's moves on with the next one (the middleware keeps that private).
        return _kept_pdf_response(request, edition.pdf_file, editions.pdf_filename(
            report, edition.number, edition.language), public=public,
            fixed=number is not None)
    # The reader is sent back to the edition's own page meanwhile.
    edition.report = report  # the report read already: its address needs no query
    ctx = {"report": report, "classification": report.classification,
           "edition": edition, "page_url": edition.get_absolute_url()}
    if state == jobs.FAILED:
        return render(request, "reports/pdf/failed.html", ctx, status=503)
    response = render(request, "reports/pdf/preparing.html", {
        **ctx, "state": state or jobs.QUEUED, "status_url": f"{request.path}?status=1",
    }, status=202)
    response["Retry-After"] = "5"
    patch_cache_control(response, no_store=True)
    return response


# An edition's file never changes; a public one may be kept by any cache for a year.
PUBLIC_MAX_AGE = 365 * 24 * 60 * 60


def _kept_pdf_response(request, kept, filename: str, *, public: bool,
                       fixed: bool) -> HttpResponse:
    """Served like a static file: ETag (its SHA-256), Last-Modified, 304 on a
    conditional GET, from storage as a stream -- or, for a public edition where
    ``STORAGES["editions"]["SERVE"]`` is "redirect", from the storage's own URL. Any
    cache may keep a public edition's file at its own address for a year."""
    etag = f'"{kept.sha256}"'
    last_modified = int(kept.drawn_at.timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        if public and settings.STORAGES["editions"].get("SERVE") == "redirect":
            response = HttpResponseRedirect(edition_storage().url(kept.file.name))
        else:
            response = FileResponse(edition_storage().open(kept.file.name, "rb"),
                                    as_attachment=True, filename=filename,
                                    content_type="application/pdf")
            response["Content-Length"] = str(kept.size)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    if public and fixed:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE, immutable=True)
    else:
        # A classified paper: only the reader's browser keeps it, and asks again
        # (a 304) each time, so access is checked every time.
        patch_cache_control(response, private=True, no_cache=True)
    return response


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename)
    # A classified paper: the reader's browser may keep it, shared caches may not.
    patch_cache_control(response, private=True)
    return response
