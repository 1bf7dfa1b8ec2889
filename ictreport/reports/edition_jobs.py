"""Published editions' PDFs are drawn by the Celery worker, never in a web request.

The publish step freezes what each language's PDF will show (``EditionPdfSource``: the
print page with a slot per chart, and each chart's figure) and, once it commits, queues
one ``reports.draw_edition_pdf`` task per copy. The worker draws the source as it was
frozen -- a report reopened and changed meanwhile cannot alter it -- and keeps the PDF
for good (``core.editions.keep_pdf``: ``STORAGES["editions"]`` and an ``EditionPdf``
row). Progress is kept in the cache beside it (``edition-pdf-status:<id>``), as for
live PDFs (``jobs``): "queued", "rendering", or "failed" once the task has given up
after its retries; a reader's request for a PDF not yet drawn queues it again unless
one of those says it is under way (a task lost with its broker is queued again so).

An edition is never kept without its charts: charts that cannot be drawn (Chromium
missing or failing) fail the attempt, and the task retries with back-off.
"""

import logging

from django.db import IntegrityError, transaction

from ictreport.core import editions as core_editions
from ictreport.core.models import EditionPdf, ReportEdition
from ictreport.reports import chart_images, pdf
from ictreport.reports.jobs import Marks, _send, rendering_allowed

logger = logging.getLogger(__name__)

READY = "ready"
# Whether the attempt should be made again (charts could not be drawn, or anything else
# went wrong), or not (drawn, drawn already, drawing elsewhere, or no such edition).
DRAWN, ALREADY, LOCKED, GONE, RETRY = "drawn", "already", "locked", "gone", "retry"
# A task that gave up leaves "failed" this long; the next request then queues it again.
FAILED_SECONDS = 10 * 60
MAX_RETRIES = 5
# The status and lock marks, kept as for live PDFs (``edition-pdf-status:<id>``).
MARKS = Marks("edition-pdf")


def retry_delay(retries: int) -> int:
    """Seconds before the next attempt: 30 s, 1 min, 2 min, 4 min, 8 min."""
    return 30 * 2 ** retries


def state(edition: ReportEdition) -> str:
    """READY when the edition's PDF is kept, else QUEUED, RENDERING, FAILED or "" (not
    asked for). ``edition`` comes with ``pdf_file`` selected (no query for it)."""
    if kept(edition) is not None:
        return READY
    return MARKS.state(edition.pk)


def kept(edition: ReportEdition) -> EditionPdf | None:
    try:
        return edition.pdf_file
    except EditionPdf.DoesNotExist:
        return None


def queue_after_commit(edition_ids: list[int]) -> None:
    """Queue each edition's PDF when the publish commits (nothing if it rolls back)."""
    for edition_id in edition_ids:
        transaction.on_commit(lambda edition_id=edition_id: request(edition_id))


def request(edition_id: int) -> bool:
    """Queue the edition's PDF unless it is queued, being drawn or has just failed.
    Returns whether this call queued it."""
    from ictreport.reports import tasks

    return MARKS.queue(edition_id, lambda: _send(tasks.draw_edition_pdf, edition_id),
                       what=f"edition {edition_id}")


def draw(edition_id: int) -> str:
    """The worker's part: draw the edition's frozen source and keep the PDF. Returns
    what happened; RETRY when the task should try again."""
    edition = (ReportEdition.objects.select_related(
        "report__organisation", "report__year", "pdf_source", "pdf_file")
        .defer("html", "data").filter(pk=edition_id).first())
    if edition is None:
        MARKS.clear(edition_id)
        return GONE
    if kept(edition) is not None:
        MARKS.clear(edition_id)
        return ALREADY
    with MARKS.drawing(edition_id) as mine:
        if not mine:
            return LOCKED
        try:
            with rendering_allowed():
                content = pdf.draw(pdf.PdfSource(edition.pdf_source.html,
                                                 edition.pdf_source.charts))
        except chart_images.ChartsUnavailable as exc:
            logger.warning("The PDF of %s (edition %s, %s) waits for its charts: %s",
                           edition.report, edition.number, edition.language, exc)
            return RETRY
        except Exception:
            logger.exception("Drawing the PDF of %s (edition %s, %s) failed.",
                             edition.report, edition.number, edition.language)
            return RETRY
        try:
            core_editions.keep_pdf(edition, content)
        except IntegrityError:
            return ALREADY  # another worker kept it first
        MARKS.clear(edition_id)
        logger.info("Drew the PDF of %s (edition %s, %s).", edition.report,
                    edition.number, edition.language)
        return DRAWN


def gave_up(edition_id: int) -> None:
    """The task's retries are spent: readers are told it failed for a while."""
    logger.error("Gave up drawing the PDF of edition %s after %s retries.", edition_id,
                 MAX_RETRIES)
    try:
        MARKS.fail(edition_id, seconds=FAILED_SECONDS)
    except Exception:
        logger.warning("Could not mark edition %s's PDF as failed.", edition_id,
                       exc_info=True)

