"""The audit section's part of the whole-report file: its checks, save and dump.

The part's schema is ``schema.py`` (shared with ``services.py``, which writes it); the
rules every list of returns shares are ``ReturnsFilePart.check_returns``. The part holds
every audit return up to the report's year: recommendations stay open across years.
"""

from django.utils.translation import gettext as _

from audits.choices import PRIORITY_ORDER, SEVERITY_ORDER, RecommendationStatus
from audits.models import (
    AuditOpinion,
    AuditReturn,
    AuditReview,
    ComplianceCertificate,
    Recommendation,
)
from audits.opinions import STANDARD_OPINIONS
from audits.schema import AuditPart
from audits.services import audit_part_save
from ictreport.core.file_fields import Problem
from ictreport.core.file_parts import ReturnsFilePart, duplicate_problems, organisation_rows
from ictreport.core.file_welsh import WelshKey
from ictreport.core.models import FinancialYear, Organisation
from ictreport.core.periods import Quarter, year_slug
from ictreport.core.wording import and_list

_own_returns = organisation_rows("audit_return__organisation")


class AuditFilePart(ReturnsFilePart, key="audits", schema=AuditPart,
                    returns_model=AuditReturn, years_held=None):  # every return to the year
    welsh_keys = {
        "returns[].reviews[].title": WelshKey(AuditReview, "title", _own_returns),
        "returns[].reviews[].opinion": WelshKey(AuditOpinion, "name"),
        "returns[].reviews[].notes": WelshKey(AuditReview, "notes", _own_returns),
        "returns[].reviews[].recommendations[].description": WelshKey(
            Recommendation, "description", organisation_rows("review__audit_return__organisation")),
        "returns[].certificates[].name": WelshKey(ComplianceCertificate, "name", _own_returns),
        "returns[].certificates[].issuer": WelshKey(ComplianceCertificate, "issuer",
                                                    _own_returns),
        "returns[].certificates[].notes": WelshKey(ComplianceCertificate, "notes",
                                                   _own_returns),
    }

    def part_problems(self, part: AuditPart, *, path: str) -> list[Problem]:
        problems = []
        opinion_names = list(AuditOpinion.objects.order_by("position")
                             .values_list("name", flat=True))
        if not opinion_names:  # an emptied database: the import seeds the standard scale
            opinion_names = [name for name, _position, _limited in STANDARD_OPINIONS]
        for i, ret in enumerate(part.returns):
            problems += _return_problems(ret, f"{path}.returns[{i}]", opinion_names)
        return problems

    def save(self, part: AuditPart, *, organisation: Organisation, year: FinancialYear) -> None:
        audit_part_save(part, organisation=organisation)

    def dump(self, *, organisation: Organisation, year: FinancialYear) -> dict | None:
        """Every audit return the part holds, each with its reviews, counts, health
        checks, remediation and certificates."""
        returns = list(self.returns_held(organisation=organisation, year=year)
                       .prefetch_related("reviews__opinion", "reviews__recommendations",
                                         "recommendation_counts", "health_checks",
                                         "remediation", "certificates"))
        if not returns:
            return None
        return {"returns": [_dump_return(ret) for ret in returns]}


def _return_problems(ret, at: str, opinion_names: list[str]) -> list[Problem]:
    """One return's own rules: reviews, recommendations, health checks, certificates."""
    problems = duplicate_problems([r.title for r in ret.reviews], f"{at}.reviews", "title")
    for j, review in enumerate(ret.reviews):
        at_review = f"{at}.reviews[{j}]"
        if review.opinion not in opinion_names:
            problems.append(Problem(
                f"{at_review}.opinion",
                _("%(opinion)s is not an assurance opinion; the opinions are %(opinions)s")
                % {"opinion": repr(review.opinion), "opinions": and_list(opinion_names)}))
        problems += duplicate_problems(
            [r.description for r in review.recommendations], f"{at_review}.recommendations",
            "description",
            message=lambda _description, first: _(
                "this description is already given at %(first)s") % {"first": first})
        for k, rec in enumerate(review.recommendations):
            at_rec = f"{at_review}.recommendations[{k}]"
            if rec.status == "open" and rec.status_changed is not None:
                problems.append(Problem(f"{at_rec}.status_changed",
                                        _("must be left out while the status is open")))
            if rec.status != "open" and rec.status_changed is None:
                problems.append(Problem(f"{at_rec}.status_changed", _status_change_required(
                    rec.status)))
    problems += duplicate_problems(
        [c.carried_out for c in ret.health_checks], f"{at}.health_checks", "carried_out",
        message=lambda carried_out, first: _(
            "a health check of %(month)s is already given at %(first)s") % {
            "month": f"{carried_out:%Y-%m}", "first": first})
    problems += duplicate_problems([c.name for c in ret.certificates], f"{at}.certificates",
                                   "name")
    for j, certificate in enumerate(ret.certificates):
        achieved_on, _month_only = certificate.achieved
        if certificate.expires is not None and certificate.expires <= achieved_on:
            problems.append(Problem(f"{at}.certificates[{j}].expires",
                                    _("must be after the date achieved")))
    return problems


def _status_change_required(status: str) -> str:
    """The status is the file's own code (implemented, superseded), as the file writes it."""
    if status == RecommendationStatus.IMPLEMENTED:
        return _("is required when the status is implemented")
    if status == RecommendationStatus.SUPERSEDED:
        return _("is required when the status is superseded")
    return _("is required when the status is %(status)s") % {"status": status}


def _achieved(certificate: ComplianceCertificate):
    if certificate.achieved_month_only:
        return f"{certificate.achieved_on:%Y-%m}"
    return certificate.achieved_on


def _dump_return(ret: AuditReturn) -> dict:
    item: dict = {"year": year_slug(ret.year_id), "period": Quarter(ret.quarter).code}
    reviews = sorted(ret.reviews.all(), key=lambda r: (r.opinion.position, r.id))
    if reviews:
        item["reviews"] = [_dump_review(r) for r in reviews]
    if ret.recommendations_stated_total is not None:
        item["recommendations_stated_total"] = ret.recommendations_stated_total
    counts = {c.priority: c.count for c in ret.recommendation_counts.all()}
    if counts:
        item["recommendation_counts"] = {p.value: counts[p] for p in PRIORITY_ORDER
                                         if p in counts}
    checks = sorted(ret.health_checks.all(), key=lambda c: c.carried_out)
    if checks:
        item["health_checks"] = [{
            "carried_out": f"{c.carried_out:%Y-%m}",
            "tasks_completed": c.tasks_completed,
            "hosts_completed": c.hosts_completed,
            "tasks_in_progress": c.tasks_in_progress,
            "hosts_in_progress": c.hosts_in_progress,
        } for c in checks]
    progress = {r.severity: r.percent_complete for r in ret.remediation.all()}
    if progress:
        item["remediation_percent_complete"] = {s.value: progress[s] for s in SEVERITY_ORDER
                                                if s in progress}
    certificates = sorted(ret.certificates.all(), key=lambda c: c.name)
    if certificates:
        item["certificates"] = [_dump_certificate(c) for c in certificates]
    return item


def _dump_review(review: AuditReview) -> dict:
    item = {"title": review.title, "opinion": review.opinion.name}
    if review.reported_on:
        item["reported"] = review.reported_on
    if review.notes:
        item["notes"] = review.notes
    recommendations = sorted(review.recommendations.all(), key=lambda r: (r.due_on, r.id))
    if recommendations:
        item["recommendations"] = []
        for r in recommendations:
            rec = {"priority": r.priority, "description": r.description, "owner": r.owner,
                   "due": r.due_on, "status": r.status}
            if r.status_changed_on:
                rec["status_changed"] = r.status_changed_on
            item["recommendations"].append(rec)
    return item


def _dump_certificate(certificate: ComplianceCertificate) -> dict:
    item = {"name": certificate.name}
    if certificate.issuer:
        item["issuer"] = certificate.issuer
    item["achieved"] = _achieved(certificate)
    if certificate.expires_on:
        item["expires"] = certificate.expires_on
    if certificate.notes:
        item["notes"] = certificate.notes
    return item


# Registered by the app's config (ictreport.core.section_apps).
FILE_PARTS = (AuditFilePart(),)
