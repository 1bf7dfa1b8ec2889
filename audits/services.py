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
from ictreport.core.models import Organisation
from ictreport.core.writes import financial_years, sync_children, upsert


@transaction.atomic
def audit_part_save(part: AuditPart, *, organisation: Organisation) -> None:
    """Write a validated part: each return it describes is upserted with its figures, and
    figures it no longer lists for those returns are removed. Returns it does not
    describe are left alone."""
    seed_standard_opinions(AuditOpinion)
    opinions = {o.name: o for o in AuditOpinion.objects.all()}
    years = financial_years(return_part.year for return_part in part.returns)
    for return_part in part.returns:
        _save_return(return_part, organisation=organisation, opinions=opinions,
                     year=years[return_part.year])


def _save_return(part: ReturnPart, *, organisation, opinions, year) -> None:
    audit_return = upsert(
        AuditReturn, {"organisation": organisation, "year": year, "quarter": part.period},
        {"recommendations_stated_total": part.recommendations_stated_total},
    )
    parent = {"audit_return": audit_return}

    reviews = sync_children(AuditReview, parent, [
        {"title": review.title, "opinion": opinions[review.opinion],
         "reported_on": review.reported, "notes": review.notes}
        for review in part.reviews
    ], key=["title"])
    for review, review_part in zip(reviews, part.reviews, strict=True):
        sync_children(Recommendation, {"review": review}, [
            {"description": r.description, "priority": r.priority, "owner": r.owner,
             "due_on": r.due, "status": r.status, "status_changed_on": r.status_changed}
            for r in review_part.recommendations
        ], key=["description"])

    counts = part.recommendation_counts
    given = {p: getattr(counts, p) for p in ("high", "medium", "low")} if counts else {}
    sync_children(RecommendationCount, parent, [
        {"priority": priority, "count": count}
        for priority, count in given.items() if count is not None
    ], key=["priority"])

    sync_children(HealthCheck, parent, [
        {"carried_out": check.carried_out, "tasks_completed": check.tasks_completed,
         "hosts_completed": check.hosts_completed,
         "tasks_in_progress": check.tasks_in_progress,
         "hosts_in_progress": check.hosts_in_progress}
        for check in part.health_checks
    ], key=["carried_out"])

    remediation = part.remediation_percent_complete
    given = ({s: getattr(remediation, s) for s in ("high", "medium", "low", "information")}
             if remediation else {})
    sync_children(RemediationProgress, parent, [
        {"severity": severity, "percent_complete": percent}
        for severity, percent in given.items() if percent is not None
    ], key=["severity"])

    certificates = []
    for certificate in part.certificates:
        achieved_on, month_only = certificate.achieved
        certificates.append({
            "name": certificate.name, "issuer": certificate.issuer, "achieved_on": achieved_on,
            "achieved_month_only": month_only, "expires_on": certificate.expires,
            "notes": certificate.notes,
        })
    sync_children(ComplianceCertificate, parent, certificates, key=["name"])
