"""Queue a report's PDF when something it shows is saved or deleted.

A stop-gap until every write path bumps the report's data version (issue 15 item 1):
saves of the report, of a section's rows that name their organisation and year, and of
rows whose return is already loaded on them. What this misses is still never stale: a
request for the PDF computes its key from the live data and queues it then.
"""

from django.db.models.signals import post_delete, post_save

SECTION_APPS = {"core", "servicedesk", "projects", "audits", "finance"}


def _report_of(instance) -> tuple[int, int] | None:
    organisation_id = getattr(instance, "organisation_id", None)
    year_id = getattr(instance, "year_id", None)
    if organisation_id and year_id:
        return organisation_id, year_id
    # A row under a return or a report: only through a relation already loaded (no query).
    for field in instance._meta.concrete_fields:
        if field.is_relation and field.many_to_one and field.is_cached(instance):
            parent = field.get_cached_value(instance)
            if parent is not None and getattr(parent, "organisation_id", None) \
                    and getattr(parent, "year_id", None):
                return parent.organisation_id, parent.year_id
    return None


def _changed(sender, instance, raw=False, **kwargs):
    if raw or sender._meta.app_label not in SECTION_APPS:
        return
    if getattr(sender, "instance_type", None) is not None:
        return  # django-simple-history's copy of a row: the row's own save is enough
    from ictreport.core.models import AnnualReport, SignOff
    from ictreport.reports import jobs

    if sender is SignOff:
        # Approval, publication, reopening: the PDF's marking changes at once.
        gfk = sender._meta.get_field("target")
        target = (gfk.get_cached_value(instance, None)
                  if kwargs.get("created") and gfk.is_cached(instance) else None)
        report = _report_of(target) if target is not None else None
        if report:
            jobs.report_changed(*report, at_once=True)
        return
    if sender is AnnualReport:
        jobs.report_changed(instance.organisation_id, instance.year_id)
        return
    report = _report_of(instance)
    if report:
        jobs.report_changed(*report)


def connect():
    post_save.connect(_changed, dispatch_uid="reports.pdf_on_change.save")
    post_delete.connect(_changed, dispatch_uid="reports.pdf_on_change.delete")
