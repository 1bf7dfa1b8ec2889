"""PDFs are rendered by the Celery worker, never in a web request.

A live PDF (the organisation's own, from its current figures) is kept in the cache under
``pdf.pdf_key`` -- the report's data version (ictreport.core.data_version) is part of
it, so the key changes whenever anything the PDF shows changes: it is the PDF's version,
read in one query, with nothing assembled. Its progress is kept beside it
(``report-pdf-status:<key>``):

* a request that finds no PDF queues one render with ``cache.add`` of the status, which
  only one request (on any app server: the cache is shared) wins; the others, and the
  reader's refreshes, see "queued" or "rendering";
* the worker takes a lock for the key (``cache.add`` again), so two workers never draw
  the same version; it stores the PDF, or marks the key "failed" for a minute;
* a change to a report's data, by whatever write (the data version's triggers stamp
  it), is found by the worker's sweep (``ictreport.reports.sweep``, every
  ``PDF_SWEEP_SECONDS``) once nothing has changed for ``PDF_DEBOUNCE_SECONDS``, and
  queued through the same status mark (``queue_prepare``); a sign-off step (approval,
  publication, reopening) is queued at once by the workflow service.

Each language's PDF is its own: the key holds the language (``pdf.pdf_key``), a task
is given the language it draws and renders under ``translation.override``, and a
change queues one render per language of ``settings.LANGUAGES``.

Drawing is refused outside a task when ``PDF_RENDER_OUTSIDE_TASKS`` is false, as on the
app servers of docs/deploy.md.
"""

import contextvars
import logging
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import translation

from ictreport.core.data_version import data_version
from ictreport.core.models import AnnualReport
from ictreport.core.report_version import report_version

logger = logging.getLogger(__name__)

QUEUED, RENDERING, FAILED, READY = "queued", "rendering", "failed", "ready"
# A queued mark outlives any sane wait for a worker; a lost task is queued again then.
QUEUED_SECONDS = 15 * 60
LOCK_SECONDS = 10 * 60
FAILED_SECONDS = 60
# A PDF drawn without its charts (Chromium failed) is kept only briefly, then redrawn.
NO_CHARTS_SECONDS = 5 * 60

_in_task = contextvars.ContextVar("ictreport_pdf_task", default=False)


class RenderRefused(RuntimeError):
    """A PDF was about to be drawn outside a worker task on an app server."""


@contextmanager
def rendering_allowed():
    token = _in_task.set(True)
    try:
        yield
    finally:
        _in_task.reset(token)


def check_render_allowed() -> None:
    if not (_in_task.get() or settings.PDF_RENDER_OUTSIDE_TASKS):
        raise RenderRefused("PDFs are rendered by the worker only "
                            "(PDF_RENDER_OUTSIDE_TASKS is false).")


@dataclass(frozen=True)
class Marks:
    """The cache marks of one kind of PDF's drawing, for live PDFs here and published
    editions' (``edition_jobs``) alike: a status beside each PDF (QUEUED, RENDERING,
    FAILED) and the lock one worker holds while it draws it. ``prefix`` keeps the kinds
    apart (``report-pdf-status:<key>``, ``edition-pdf-lock:<id>``)."""

    prefix: str

    def status_key(self, key) -> str:
        return f"{self.prefix}-status:{key}"

    def lock_key(self, key) -> str:
        return f"{self.prefix}-lock:{key}"

    def state(self, key) -> str:
        """QUEUED, RENDERING, FAILED or "" (nothing asked for, or the cache is down)."""
        return _get(self.status_key(key)) or ""

    def queue(self, key, send, *, what, send_if_cache_down: bool = True) -> bool:
        """Mark ``key`` queued, unless it is queued, rendering or just failed (anywhere:
        ``cache.add``, which one caller wins), and ``send`` its task; a send that fails
        clears the mark. Returns whether this call queued it. With the cache down the
        task is sent anyway (a second drawing is better than none), unless
        ``send_if_cache_down`` is false (a drawing ahead of time, which could not be
        kept)."""
        try:
            added = cache.add(self.status_key(key), QUEUED, QUEUED_SECONDS)
        except Exception:
            logger.warning("Could not mark the PDF of %s as queued.", what, exc_info=True)
            added = send_if_cache_down
        if not added:
            return False
        if not send():
            self.clear(key)
            return False
        return True

    @contextmanager
    def drawing(self, key):
        """Hold ``key``'s lock and mark it RENDERING while the body draws; yields False
        (and marks nothing) when another worker holds the lock. The lock goes at the end
        whatever happened; the status is the body's to clear or mark FAILED."""
        if not cache.add(self.lock_key(key), 1, LOCK_SECONDS):
            yield False
            return
        try:
            cache.set(self.status_key(key), RENDERING, QUEUED_SECONDS)
            yield True
        finally:
            _delete(self.lock_key(key))

    def fail(self, *keys, seconds: int) -> None:
        """Mark ``keys`` FAILED for ``seconds``: no request queues them again until then."""
        for key in keys:
            cache.set(self.status_key(key), FAILED, seconds)

    def clear(self, *keys) -> None:
        _delete(*(self.status_key(key) for key in keys))


LIVE = Marks("report-pdf")


@dataclass(frozen=True)
class LivePdf:
    key: str
    content: bytes | None
    state: str  # READY, QUEUED, RENDERING, FAILED or "" (nothing asked for yet)


def languages() -> list[str]:
    """Every language a PDF is drawn in, the default first."""
    codes = [code for code, _name in settings.LANGUAGES]
    default = settings.LANGUAGE_CODE
    return sorted(codes, key=lambda code: code != default)


def live_pdf(report: AnnualReport, language: str | None = None) -> LivePdf:
    """The report's live PDF in ``language`` (the active one when None) if it is ready,
    else where its render stands. Never draws."""
    from ictreport.reports import pdf

    key = pdf.pdf_key(report, public=False,
                      version=report_version(report),  # read with the report if it was
                      language=language)
    content = pdf._from_cache(key, report)
    if content is not None:
        return LivePdf(key, content, READY)
    return LivePdf(key, None, LIVE.state(key))


def request_live_pdf(report: AnnualReport, key: str, language: str | None = None) -> bool:
    """Queue the render of ``key`` (the PDF in ``language``, the active one when None)
    unless it is queued, rendering or just failed (anywhere). Returns whether this call
    queued it."""
    from ictreport.reports import tasks

    return LIVE.queue(key, lambda: _send(tasks.render_report_pdf, report.pk, key,
                                         language or translation.get_language()),
                      what=report)


def report_signed_off(organisation_id: int, year_id: int) -> None:
    """A sign-off step (approval, publication, reopening) changed the report's marking:
    queue its PDF in every language at once, when the transaction commits (the
    workflow service calls this, ``ictreport.core.workflow.on_step``)."""
    if settings.PDF_PREPARE_ON_CHANGE:
        transaction.on_commit(lambda: _queue_report(organisation_id, year_id))


def _queue_report(organisation_id: int, year_id: int) -> None:
    report = (AnnualReport.objects.select_related("organisation", "year")
              .filter(organisation_id=organisation_id, year_id=year_id).first())
    if report is not None:
        queue_prepare(report, data_version(organisation_id))


def queue_prepare(report: AnnualReport, version: int) -> list[str]:
    """Queue ``prepare_report_pdf`` for the report at ``version`` in every language
    whose PDF is neither cached nor already queued, rendering or just failed (the
    status mark's ``cache.add``: one queueing per version, whoever asks). Returns the
    languages queued."""
    from ictreport.reports import pdf, tasks

    def send(language: str, key: str):
        return lambda: _send(tasks.prepare_report_pdf, report.organisation_id,
                             report.year_id, language, key)

    queued = []
    for language in languages():
        key = pdf.pdf_key(report, public=False, version=version, language=language)
        try:
            if cache.has_key(key):
                continue
        except Exception:
            logger.warning("Could not read the PDF cache for %s.", report, exc_info=True)
            continue
        if LIVE.queue(key, send(language, key), what=report, send_if_cache_down=False):
            queued.append(language)
    return queued


def _send(task, *args, countdown: int | None = None) -> bool:
    try:
        task.apply_async(args=args, countdown=countdown)
    except Exception:
        # The broker is down: logged; the reader's next request queues it again.
        logger.exception("Could not queue %s%r.", task.name, args)
        return False
    return True


def render_live(report: AnnualReport, requested_key: str | None = None,
                language: str | None = None) -> str:
    """The worker's part: draw the report's current live PDF in ``language`` (the
    default language when None) unless it is cached or another worker is drawing it.
    Returns what happened (for logs and tests)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return _render_live(report, requested_key)


def _render_live(report: AnnualReport, requested_key: str | None) -> str:
    from ictreport.reports import pdf
    from ictreport.reports.outline import assemble

    with rendering_allowed():
        version = data_version(report.organisation_id, report.year_id)
        key = pdf.pdf_key(report, public=False, version=version)
        stale = [requested_key] if requested_key and requested_key != key else []
        if pdf._from_cache(key, report) is not None:
            LIVE.clear(key, *stale)
            return "cached"
        with LIVE.drawing(key) as mine:
            if not mine:
                return "locked"
            try:
                rendered = pdf.render(assemble(report, public=False, version=version))
            except Exception:
                pdf.logger.exception("Rendering the PDF of %s (%s %s) failed.", report,
                                     report.organisation.slug, report.year.slug)
                LIVE.fail(key, *stale, seconds=FAILED_SECONDS)
                return "failed"
            cache.set(key, rendered.content,
                      NO_CHARTS_SECONDS if rendered.charts_left_out else pdf.CACHE_SECONDS)
            LIVE.clear(key, *stale)
            logger.info("Rendered the PDF of %s (%s %s, %s).", report,
                        report.organisation.slug, report.year.slug,
                        translation.get_language())
            return "rendered"


def _get(name: str):
    try:
        return cache.get(name)
    except Exception:
        return None


def _delete(*names: str) -> None:
    try:
        cache.delete_many(list(names))
    except Exception:
        logger.warning("Could not clear %s from the cache.", names, exc_info=True)
