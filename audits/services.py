"""Writes for the audit section: importing its part of a whole-report file."""

from django.db import transaction

from audits.models import (
    AuditOpinion,
    AuditReturn,
    AuditReview,
    ComplianceCertificate,
    HealthCheck,
    Recommendation,
    RecommendationCount,
    RemediationProgress,
)
from audits.opinions import seed_standard_opinions
from audits.schema import AuditPart, ReturnPart
from ictreport.core.models import FinancialYear, Organisation


def _upsert(model, lookup: dict, values: dict):
    """Create the row, or update it only where a value changed, so importing the same
    file again adds nothing to the rows' change history."""
    row = model._default_manager.filter(**lookup).first()
    if row is None:
        row = model(**lookup, **values)
        row.full_clean()
        row.save()
        return row
    changed = [name for name, value in values.items() if _value(row, name) != value]
    if changed:
        for name in changed:
            setattr(row, name, values[name])
        row.full_clean()
        row.save()
    return row


def _value(row, name):
    field = row._meta.get_field(name)
    if field.is_relation:  # compare the related row without fetching it
        return field.related_model(pk=getattr(row, field.attname))
    return getattr(row, name)


def _delete_unlisted(queryset, keep_ids) -> None:
    # One by one, so each deletion is recorded in the row's history.
    for row in queryset.exclude(id__in=keep_ids):
        row.delete()


@transaction.atomic
def audit_part_save(part: AuditPart, *, organisation: Organisation) -> None:
    """Write a validated part: each return it describes is upserted with its figures, and
    figures it no longer lists for those returns are removed. Returns it does not
    describe are left alone."""
    seed_standard_opinions(AuditOpinion)
    opinions = {o.name: o for o in AuditOpinion.objects.all()}
    for return_part in part.returns:
        _save_return(return_part, organisation=organisation, opinions=opinions)


def _save_return(part: ReturnPart, *, organisation, opinions) -> None:
    year, _ = FinancialYear.objects.get_or_create(start_year=part.year)
    audit_return = _upsert(
        AuditReturn, {"organisation": organisation, "year": year, "quarter": part.period},
        {"recommendations_stated_total": part.recommendations_stated_total},
    )

    kept = []
    for review_part in part.reviews:
        review = _upsert(
            AuditReview, {"audit_return": audit_return, "title": review_part.title},
            {"opinion": opinions[review_part.opinion], "reported_on": review_part.reported,
             "notes": review_part.notes},
        )
        kept.append(review.id)
        kept_recommendations = [
            _upsert(
                Recommendation, {"review": review, "description": r.description},
                {"priority": r.priority, "owner": r.owner, "due_on": r.due,
                 "status": r.status, "status_changed_on": r.status_changed},
            ).id
            for r in review_part.recommendations
        ]
        _delete_unlisted(review.recommendations.all(), kept_recommendations)
    _delete_unlisted(audit_return.reviews.all(), kept)

    counts = part.recommendation_counts
    given = {p: getattr(counts, p) for p in ("high", "medium", "low")} if counts else {}
    kept = [
        _upsert(RecommendationCount, {"audit_return": audit_return, "priority": priority},
                {"count": count}).id
        for priority, count in given.items() if count is not None
    ]
    _delete_unlisted(audit_return.recommendation_counts.all(), kept)

    kept = [
        _upsert(HealthCheck, {"audit_return": audit_return, "carried_out": check.carried_out},
                {"tasks_completed": check.tasks_completed,
                 "hosts_completed": check.hosts_completed,
                 "tasks_in_progress": check.tasks_in_progress,
                 "hosts_in_progress": check.hosts_in_progress}).id
        for check in part.health_checks
    ]
    _delete_unlisted(audit_return.health_checks.all(), kept)

    remediation = part.remediation_percent_complete
    given = ({s: getattr(remediation, s) for s in ("high", "medium", "low", "information")}
             if remediation else {})
    kept = [
        _upsert(RemediationProgress, {"audit_return": audit_return, "severity": severity},
                {"percent_complete": percent}).id
        for severity, percent in given.items() if percent is not None
    ]
    _delete_unlisted(audit_return.remediation.all(), kept)

    kept = []
    for certificate in part.certificates:
        achieved_on, month_only = certificate.achieved
        kept.append(_upsert(
            ComplianceCertificate, {"audit_return": audit_return, "name": certificate.name},
            {"issuer": certificate.issuer, "achieved_on": achieved_on,
             "achieved_month_only": month_only, "expires_on": certificate.expires,
             "notes": certificate.notes},
        ).id)
    _delete_unlisted(audit_return.certificates.all(), kept)
