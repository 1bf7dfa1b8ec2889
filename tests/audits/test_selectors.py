import datetime as dt

import pytest

from audits import selectors
from ictreport.core.periods import Quarter
from tests.audits.factories import (
    AuditReturnFactory,
    AuditReviewFactory,
    ComplianceCertificateFactory,
    HealthCheckFactory,
    RecommendationCountFactory,
    RecommendationFactory,
    RemediationProgressFactory,
    opinion,
)
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_reviews_are_a_flow_over_the_years_quarters(gwent):
    q1 = AuditReturnFactory(organisation=gwent, quarter=Quarter.Q1)
    q3 = AuditReturnFactory(organisation=gwent, quarter=Quarter.Q3)
    AuditReviewFactory(audit_return=q1, opinion=opinion("Limited"))
    AuditReviewFactory(audit_return=q3, opinion=opinion("Limited"))
    AuditReviewFactory(audit_return=q3, opinion=opinion("Substantial"))
    AuditReviewFactory(audit_return__organisation=gwent, audit_return__year__start_year=2018)
    AuditReviewFactory(audit_return__organisation=OrganisationFactory())  # someone else's

    counts = selectors.review_counts_by_year(organisation=gwent, up_to=2019)
    assert counts == {
        2018: {opinion("Substantial").id: 1},
        2019: {opinion("Limited").id: 2, opinion("Substantial").id: 1},
    }
    assert selectors.review_counts_by_year(organisation=gwent, up_to=2018) == {
        2018: {opinion("Substantial").id: 1}}


def test_reviews_are_listed_in_opinion_order(gwent):
    audit_return = AuditReturnFactory(organisation=gwent)
    for title, name in [("Deferred one", "Deferred"), ("Limited one", "Limited"),
                        ("Best", "Substantial"), ("Moderate one", "Moderate")]:
        AuditReviewFactory(audit_return=audit_return, title=title, opinion=opinion(name))
    titles = [r.title for r in selectors.reviews_list(organisation=gwent, year=2019)]
    assert titles == ["Best", "Moderate one", "Limited one", "Deferred one"]


def test_counts_per_priority_add_up_over_quarters(gwent):
    for quarter, high, low in [(Quarter.Q1, 1, 4), (Quarter.Q2, 2, 0)]:
        audit_return = AuditReturnFactory(organisation=gwent, quarter=quarter,
                                          recommendations_stated_total=high + low)
        RecommendationCountFactory(audit_return=audit_return, priority="high", count=high)
        RecommendationCountFactory(audit_return=audit_return, priority="low", count=low)
    summary = selectors.recommendations_summarise(organisation=gwent, up_to=2019)[2019]
    assert not summary.uses_rows
    assert summary.by_priority == {"high": 3, "low": 4}
    assert summary.total == 7
    assert summary.stated_total == 7


def test_individual_rows_replace_the_counts_when_any_exist(gwent):
    audit_return = AuditReturnFactory(organisation=gwent)
    RecommendationCountFactory(audit_return=audit_return, priority="medium", count=34)
    review = AuditReviewFactory(audit_return=audit_return)
    RecommendationFactory(review=review, priority="high")
    RecommendationFactory(review=review, priority="low")
    RecommendationFactory(review=review, priority="low")
    summary = selectors.recommendations_summarise(organisation=gwent, up_to=2019)[2019]
    assert summary.uses_rows
    assert summary.by_priority == {"high": 1, "medium": 0, "low": 2}
    assert summary.total == 3
    assert summary.from_counts == {"medium": 34}


def test_a_year_without_recommendations_is_left_out(gwent):
    AuditReviewFactory(audit_return__organisation=gwent)
    assert selectors.recommendations_summarise(organisation=gwent, up_to=2019) == {}


def test_open_recommendations_are_counted_as_on_a_day(gwent):
    review = AuditReviewFactory(audit_return__organisation=gwent)
    on = dt.date(2020, 3, 31)
    overdue = RecommendationFactory(review=review, due_on=dt.date(2020, 1, 31))
    not_yet_due = RecommendationFactory(review=review, due_on=dt.date(2020, 6, 30))
    RecommendationFactory(review=review, due_on=dt.date(2019, 12, 31), status="implemented",
                          status_changed_on=dt.date(2020, 2, 1))
    # Implemented after the day, so still open on it, and overdue.
    implemented_later = RecommendationFactory(
        review=review, due_on=dt.date(2020, 2, 28), status="implemented",
        status_changed_on=dt.date(2020, 5, 1))
    # Raised in a later year: not yet raised on the day.
    RecommendationFactory(review__audit_return__organisation=gwent,
                          review__audit_return__year__start_year=2020)

    rows = list(selectors.recommendations_open(organisation=gwent, year=2019, as_at=on))
    assert rows == [overdue, implemented_later, not_yet_due]
    assert [r.overdue for r in rows] == [True, True, False]
    totals = selectors.recommendations_open_count(organisation=gwent, year=2019, as_at=on)
    assert (totals.open, totals.overdue) == (3, 2)


def test_a_recommendation_due_on_the_day_is_not_yet_overdue(gwent):
    RecommendationFactory(review__audit_return__organisation=gwent, due_on=dt.date(2020, 3, 31))
    totals = selectors.recommendations_open_count(organisation=gwent, year=2019,
                                                  as_at=dt.date(2020, 3, 31))
    assert (totals.open, totals.overdue) == (1, 0)


def test_health_checks_are_a_stock_each_year_shows_its_latest_quarter(gwent):
    q1 = AuditReturnFactory(organisation=gwent, quarter=Quarter.Q1)
    q2 = AuditReturnFactory(organisation=gwent, quarter=Quarter.Q2)
    AuditReturnFactory(organisation=gwent, quarter=Quarter.Q3)  # nothing on health checks
    HealthCheckFactory(audit_return=q1, tasks_completed=10)
    latest = HealthCheckFactory(audit_return=q2, tasks_completed=30)
    earlier_year = HealthCheckFactory(audit_return__organisation=gwent,
                                      audit_return__year__start_year=2018, tasks_completed=5)

    assert selectors.health_checks_latest(organisation=gwent, up_to=2019) == {
        2018: [earlier_year], 2019: [latest]}


def test_remediation_and_certificates_come_from_the_latest_quarter_holding_them(gwent):
    q1 = AuditReturnFactory(organisation=gwent, quarter=Quarter.Q1)
    q4 = AuditReturnFactory(organisation=gwent, quarter=Quarter.Q4)
    RemediationProgressFactory(audit_return=q1, severity="high", percent_complete=40)
    RemediationProgressFactory(audit_return=q1, severity="low", percent_complete=10)
    latest = RemediationProgressFactory(audit_return=q4, severity="high", percent_complete=85)
    certificate = ComplianceCertificateFactory(audit_return=q1)

    assert selectors.remediation_latest(organisation=gwent, year=2019) == [latest]
    assert selectors.certificates_latest(organisation=gwent, year=2019) == [certificate]
