"""Reads for the audit section, aggregated in SQL.

Flows (reviews, recommendations raised) add up over a year's returns. Stocks (health
check progress, percent complete by severity, certificates) come from the latest return
of the year that holds them: a full-year return is the only one in its year, so "latest"
covers both kinds of year.
"""

import datetime as dt
from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    BooleanField,
    Case,
    Count,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from audits.choices import PRIORITY_ORDER, RecommendationStatus
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
from ictreport.core.models import FinancialYear, Organisation
from ictreport.core.periods import year_end_date


def _latest_return_of_each_year(queryset: QuerySet) -> QuerySet:
    """Only the rows of each year's latest return that holds rows of this kind."""
    latest = (
        queryset.filter(audit_return__year=OuterRef("audit_return__year"))
        .order_by("-audit_return__quarter")
        .values("audit_return__quarter")[:1]
    )
    return queryset.filter(audit_return__quarter=Subquery(latest))


def opinions_list() -> list[AuditOpinion]:
    """The assurance scale in order, best first."""
    return list(AuditOpinion.objects.order_by("position"))


def review_counts_by_year(*, organisation: Organisation, up_to: int) -> dict[int, dict[int, int]]:
    """``{year: {opinion id: number of reviews}}`` for every year up to ``up_to``."""
    rows = (
        AuditReview.objects.filter(audit_return__organisation=organisation,
                                   audit_return__year_id__lte=up_to)
        .values("audit_return__year_id", "opinion_id")
        .annotate(reviews=Count("id"))
        .order_by()
    )
    counts: dict[int, dict[int, int]] = {}
    for row in rows:
        counts.setdefault(row["audit_return__year_id"], {})[row["opinion_id"]] = row["reviews"]
    return counts


def reviews_list(*, organisation: Organisation, year: int) -> QuerySet[AuditReview]:
    """The year's reviews in opinion order, then as reported to the committee."""
    return (
        AuditReview.objects.filter(audit_return__organisation=organisation,
                                   audit_return__year_id=year)
        .select_related("opinion", "audit_return")
        .order_by("opinion__position", "audit_return__quarter", "reported_on", "id")
    )


@dataclass(frozen=True)
class RecommendationSummary:
    """A year's recommendations by priority, from individual rows where any are recorded
    and otherwise from the counts per priority; never a mixture, never invented rows."""

    from_rows: dict[str, int] = field(default_factory=dict)
    from_counts: dict[str, int] = field(default_factory=dict)
    stated_total: int | None = None

    @property
    def uses_rows(self) -> bool:
        return bool(self.from_rows)

    @property
    def by_priority(self) -> dict[str, int]:
        """In priority order; with rows every priority is known, zero included."""
        if self.uses_rows:
            return {p.value: self.from_rows.get(p, 0) for p in PRIORITY_ORDER}
        return {p.value: self.from_counts[p] for p in PRIORITY_ORDER if p in self.from_counts}

    @property
    def recorded(self) -> bool:
        return bool(self.by_priority)

    @property
    def total(self) -> int:
        return sum(self.by_priority.values())


def recommendations_summarise(*, organisation: Organisation,
                              up_to: int) -> dict[int, RecommendationSummary]:
    """``{year: RecommendationSummary}`` for every year up to ``up_to`` holding any."""
    rows = (  # individual recommendations by year and priority
        Recommendation.objects.filter(review__audit_return__organisation=organisation,
                                      review__audit_return__year_id__lte=up_to)
        .values("review__audit_return__year_id", "priority")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = (  # counts per priority, added up over the year's returns
        RecommendationCount.objects.filter(audit_return__organisation=organisation,
                                           audit_return__year_id__lte=up_to)
        .values("audit_return__year_id", "priority")
        .annotate(n=Sum("count"))
        .order_by()
    )
    stated = (  # stated totals, added up over the year's returns
        AuditReturn.objects.filter(organisation=organisation, year_id__lte=up_to,
                                   recommendations_stated_total__isnull=False)
        .values("year_id")
        .annotate(n=Sum("recommendations_stated_total"))
        .order_by()
    )
    from_rows: dict[int, dict[str, int]] = {}
    for row in rows:
        from_rows.setdefault(row["review__audit_return__year_id"], {})[row["priority"]] = row["n"]
    from_counts: dict[int, dict[str, int]] = {}
    for row in counts:
        from_counts.setdefault(row["audit_return__year_id"], {})[row["priority"]] = row["n"]
    stated_totals = {row["year_id"]: row["n"] for row in stated}
    return {
        year: RecommendationSummary(from_rows.get(year, {}), from_counts.get(year, {}),
                                    stated_totals.get(year))
        for year in sorted({*from_rows, *from_counts, *stated_totals})
    }


def _open_on(as_at: date) -> Q:
    """Open on ``as_at``: still open, or implemented or superseded only after that day."""
    return Q(status=RecommendationStatus.OPEN) | Q(status_changed_on__gt=as_at)


def recommendations_open(*, organisation: Organisation, year: int,
                         as_at: date) -> QuerySet[Recommendation]:
    """Recommendations raised in ``year`` or before and open on ``as_at``, each annotated
    ``overdue`` (due before ``as_at``), overdue ones first, then by due date."""
    return (
        Recommendation.objects.filter(review__audit_return__organisation=organisation,
                                      review__audit_return__year_id__lte=year)
        .filter(_open_on(as_at))
        .annotate(overdue=Case(When(due_on__lt=as_at, then=Value(True)),
                               default=Value(False), output_field=BooleanField()))
        .select_related("review", "review__audit_return")
        .order_by("-overdue", "due_on", "id")
    )


@dataclass(frozen=True)
class OpenRecommendations:
    as_at: date
    open: int
    overdue: int


def recommendations_open_count(*, organisation: Organisation, year: int,
                               as_at: date) -> OpenRecommendations:
    totals = (
        Recommendation.objects.filter(review__audit_return__organisation=organisation,
                                      review__audit_return__year_id__lte=year)
        .filter(_open_on(as_at))
        .aggregate(open=Count("id"), overdue=Count("id", filter=Q(due_on__lt=as_at)))
    )
    return OpenRecommendations(as_at, totals["open"], totals["overdue"])


def health_checks_latest(*, organisation: Organisation, up_to: int) -> dict[int, list[HealthCheck]]:
    """``{year: [health check progress]}`` from each year's latest return holding any."""
    checks = _latest_return_of_each_year(
        HealthCheck.objects.filter(audit_return__organisation=organisation,
                                   audit_return__year_id__lte=up_to)
    ).select_related("audit_return").order_by("audit_return__year_id", "carried_out")
    by_year: dict[int, list[HealthCheck]] = {}
    for check in checks:
        by_year.setdefault(check.audit_return.year_id, []).append(check)
    return by_year


def remediation_latest(*, organisation: Organisation, year: int) -> list[RemediationProgress]:
    """Percent complete by severity from the year's latest return holding any."""
    return list(_latest_return_of_each_year(
        RemediationProgress.objects.filter(audit_return__organisation=organisation,
                                           audit_return__year_id=year)
    ).select_related("audit_return"))


def certificates_latest(*, organisation: Organisation, year: int) -> list[ComplianceCertificate]:
    """The certificates held as the year's latest return holding any says."""
    return list(_latest_return_of_each_year(
        ComplianceCertificate.objects.filter(audit_return__organisation=organisation,
                                             audit_return__year_id=year)
    ).select_related("audit_return").order_by("achieved_on", "name"))


# Everything the section shows ---------------------------------------------------------


def as_at(year: int) -> dt.date:
    """The day a year's open recommendations are counted on: its last day, or today
    while the year is still running."""
    return min(timezone.localdate(), year_end_date(year))


@dataclass(frozen=True)
class AuditFigures:
    organisation: Organisation
    year: FinancialYear
    opinions: list[AuditOpinion]
    review_counts: dict[int, dict[int, int]]  # {year: {opinion id: reviews}}
    reviews: list[AuditReview]  # the year's
    recommendations: dict[int, RecommendationSummary]
    open_recommendations: OpenRecommendations
    health_checks: dict[int, list[HealthCheck]]
    remediation: list[RemediationProgress]  # the year's
    certificates: list[ComplianceCertificate]  # the year's

    @property
    def start_year(self) -> int:
        return self.year.start_year

    @property
    def recommendation_summary(self) -> RecommendationSummary:
        return self.recommendations.get(self.start_year, RecommendationSummary())

    @property
    def tracks_recommendations(self) -> bool:
        """Whether individual recommendations are recorded for this year or earlier."""
        return any(s.uses_rows for s in self.recommendations.values())

    @property
    def has_data(self) -> bool:
        return bool(
            self.reviews or self.recommendation_summary.recorded
            or self.recommendation_summary.stated_total is not None
            or self.health_checks.get(self.start_year) or self.remediation or self.certificates
        )


def figures_get(*, organisation: Organisation, year: FinancialYear) -> AuditFigures:
    """Every figure the section shows, in ten queries whatever the years and rows held."""
    start = year.start_year
    return AuditFigures(
        organisation=organisation,
        year=year,
        opinions=opinions_list(),  # query: the opinion scale
        # query: reviews by year and opinion
        review_counts=review_counts_by_year(organisation=organisation, up_to=start),
        # query: the year's reviews
        reviews=list(reviews_list(organisation=organisation, year=start)),
        # queries: recommendation rows, counts and stated totals by year
        recommendations=recommendations_summarise(organisation=organisation,
                                                            up_to=start),
        # query: recommendations open at the year's end
        open_recommendations=recommendations_open_count(
            organisation=organisation, year=start, as_at=as_at(start)),
        # query: health checks of each year's latest return
        health_checks=health_checks_latest(organisation=organisation, up_to=start),
        # query: percent complete by severity
        remediation=remediation_latest(organisation=organisation, year=start),
        # query: compliance certificates
        certificates=certificates_latest(organisation=organisation, year=start),
    )
