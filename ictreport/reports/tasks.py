"""Celery tasks (found by ``app.autodiscover_tasks``): drawing PDFs, in the worker."""

from celery import shared_task

from ictreport.core.models import AnnualReport
from ictreport.reports import edition_jobs, jobs


def _render_live(key: str | None, language: str | None, **lookup) -> str:
    """Both live-PDF tasks' body: draw the report ``lookup`` finds ("gone" if none)."""
    report = (AnnualReport.objects.select_related("organisation", "year")
              .filter(**lookup).first())
    if report is None:
        return "gone"
    return jobs.render_live(report, key, language)


@shared_task(name="reports.render_report_pdf")
def render_report_pdf(report_id: int, key: str | None = None,
                      language: str | None = None) -> str:
    """A reader asked for a PDF that was not ready, in ``language`` (the reader's; the
    default language for a task queued before tasks said which)."""
    return _render_live(key, language, pk=report_id)


@shared_task(name="reports.prepare_report_pdf")
def prepare_report_pdf(organisation_id: int, year_id: int,
                       language: str | None = None, key: str | None = None) -> str:
    """A report changed: have its PDF in ``language`` ready before anyone asks (one task
    per language; the default language when None). ``key``: the PDF it was queued for,
    whose queued mark it clears if the data moved on since."""
    return _render_live(key, language, organisation_id=organisation_id, year_id=year_id)


@shared_task(bind=True, name="reports.draw_edition_pdf", max_retries=edition_jobs.MAX_RETRIES)
def draw_edition_pdf(self, edition_id: int) -> str:
    """A published edition's PDF, drawn from what was frozen when it was published;
    tried again with back-off while its charts cannot be drawn."""
    outcome = edition_jobs.draw(edition_id)
    if outcome != edition_jobs.RETRY:
        return outcome
    if self.request.retries >= self.max_retries:
        edition_jobs.gave_up(edition_id)
        return "failed"
    raise self.retry(countdown=edition_jobs.retry_delay(self.request.retries))


@shared_task(name="reports.queue_changed_pdfs")
def queue_changed_pdfs() -> int:
    """Celery beat's, every ``PDF_SWEEP_SECONDS``: queue the PDFs of the reports whose
    data version changed (``ictreport.reports.sweep``)."""
    from ictreport.reports.sweep import sweep

    return len(sweep())
