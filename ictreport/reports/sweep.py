"""The worker's sweep: PDFs queued from the data version, not from any Python hook.

The data version's triggers (``ictreport.core.data_version``) stamp ``changed_at`` on
the counter row of whatever a write touched, in the writing transaction, whatever wrote
it (a service, the admin, an import, a bulk or raw SQL write). Every
``PDF_SWEEP_SECONDS`` (Celery beat: ``settings.CELERY_BEAT_SCHEDULE``) the worker reads
the rows stamped since the last sweep and, for each organisation with nothing changed
for ``PDF_DEBOUNCE_SECONDS`` (a burst of edits renders once), queues the PDFs of the
reports that changed whose PDF at the new version is not cached (``jobs.queue_prepare``:
one queueing per version, however many workers sweep).

Which reports: the years whose rows changed; a change to the organisation as a whole,
or to what every organisation shares (reference names), queues each organisation's
latest report only -- the others are drawn when someone asks, never stale either way.

The sweep remembers how far it got (``SWEPT_KEY`` in the shared cache), never past a
change it postponed, and looks ``OVERLAP_SECONDS`` further back each time: a write
stamped before a sweep but committed after it is still found.
"""

import datetime
import logging

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.utils import timezone

from ictreport.core.data_version import ReportDataVersion, data_version
from ictreport.core.models import AnnualReport
from ictreport.reports import jobs

logger = logging.getLogger(__name__)

SWEPT_KEY = "report-pdf-swept-until"
OVERLAP_SECONDS = 120
SHARED = 0


def _changes(since, quiet):
    """{organisation pk: set of year pks (0: the organisation as a whole)} stamped after
    ``since`` whose organisation has been quiet since ``quiet``; and the earliest stamp
    of an organisation that has not (or None)."""
    rows = list(ReportDataVersion.objects.filter(changed_at__gt=since).values_list(
        "organisation_pk", "year_pk", "changed_at"))
    if not rows:
        return {}, None
    touched, first = {}, {}
    for organisation, year, at in rows:
        touched.setdefault(organisation, set()).add(year)
        first[organisation] = min(at, first.get(organisation, at))
    if SHARED in touched:
        # Shared rows change every organisation's report: each one's latest.
        from ictreport.core.models import Organisation

        for organisation in Organisation.objects.values_list("pk", flat=True):
            touched.setdefault(organisation, set()).add(0)
    latest = dict(ReportDataVersion.objects.filter(organisation_pk__in=touched)
                  .values_list("organisation_pk").annotate(last=Max("changed_at")))
    shared_at = latest.pop(SHARED, None)
    ready, postponed = {}, []
    for organisation, years in touched.items():
        if organisation == SHARED:
            continue
        last = max(filter(None, (latest.get(organisation), shared_at)), default=None)
        if last is not None and last > quiet:
            postponed.append(first.get(organisation, first.get(SHARED)))
        else:
            ready[organisation] = years
    if shared_at is not None and shared_at > quiet:
        postponed.append(first[SHARED])
    return ready, min(filter(None, postponed), default=None)


def _reports(changes) -> list[AnnualReport]:
    reports = (AnnualReport.objects.select_related("organisation", "year")
               .filter(organisation_id__in=changes).order_by("organisation_id",
                                                             "-year__start_year"))
    found, latest_seen = [], set()
    for report in reports:
        years = changes[report.organisation_id]
        latest = report.organisation_id not in latest_seen
        latest_seen.add(report.organisation_id)
        if report.year_id in years or (0 in years and latest):
            found.append(report)
    return found


def sweep(now: datetime.datetime | None = None) -> list[tuple[int, int, str]]:
    """Queue the PDFs of the reports changed since the last sweep and quiet since; returns
    (organisation, year, language) of each queued."""
    if not settings.PDF_PREPARE_ON_CHANGE:
        return []
    now = now or timezone.now()
    quiet = now - datetime.timedelta(seconds=settings.PDF_DEBOUNCE_SECONDS)
    swept = jobs._get(SWEPT_KEY) or quiet
    since = swept - datetime.timedelta(seconds=OVERLAP_SECONDS)
    changes, postponed = _changes(since, quiet)
    queued = []
    versions = {}
    for report in _reports(changes):
        if report.organisation_id not in versions:
            versions[report.organisation_id] = data_version(report.organisation_id)
        queued += [(report.organisation_id, report.year_id, language) for language
                   in jobs.queue_prepare(report, versions[report.organisation_id])]
    until = max(swept, min(quiet, postponed) if postponed else quiet)
    try:
        cache.set(SWEPT_KEY, until, None)
    except Exception:
        logger.warning("Could not record how far the PDF sweep got.", exc_info=True)
    if queued:
        logger.info("Queued %s PDF render(s) of changed reports.", len(queued))
    return queued
