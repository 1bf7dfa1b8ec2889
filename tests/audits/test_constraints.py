"""Every rule the admin and the import check is also held by the database itself."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from audits.models import AuditOpinion, AuditReturn
from ictreport.core.periods import Quarter
from tests.audits.factories import (
    AuditReturnFactory,
    AuditReviewFactory,
    ComplianceCertificateFactory,
    HealthCheckFactory,
    RecommendationCountFactory,
    RecommendationFactory,
    RemediationProgressFactory,
)

pytestmark = pytest.mark.django_db


def refused(factory, **values):
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**values)


def test_quarterly_return_is_refused_in_a_year_with_a_full_year_one(gwent):
    full_year = AuditReturnFactory(organisation=gwent, quarter=Quarter.FULL_YEAR)
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditReturn.objects.create(organisation=gwent, year=full_year.year, quarter=Quarter.Q1)


def test_full_year_return_is_refused_in_a_year_with_quarterly_ones(gwent):
    q2 = AuditReturnFactory(organisation=gwent, quarter=Quarter.Q2)
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditReturn.objects.create(organisation=gwent, year=q2.year, quarter=Quarter.FULL_YEAR)


def test_a_return_cannot_be_moved_into_a_mixed_year(gwent):
    AuditReturnFactory(organisation=gwent, quarter=Quarter.Q1)
    other = AuditReturnFactory(organisation=gwent, year__start_year=2018,
                               quarter=Quarter.FULL_YEAR)
    other.year_id = 2019
    with pytest.raises(IntegrityError), transaction.atomic():
        other.save()


def test_quarters_of_one_year_and_full_years_of_others_coexist(gwent):
    AuditReturnFactory(organisation=gwent, quarter=Quarter.Q1)
    AuditReturnFactory(organisation=gwent, quarter=Quarter.Q2)
    AuditReturnFactory(organisation=gwent, year__start_year=2018, quarter=Quarter.FULL_YEAR)
    assert AuditReturn.objects.count() == 3


def test_counts_cannot_be_negative():
    refused(RecommendationCountFactory, count=-1)
    refused(HealthCheckFactory, tasks_completed=-1)
    refused(HealthCheckFactory, hosts_in_progress=-5)


def test_stated_total_cannot_be_negative():
    refused(AuditReturnFactory, recommendations_stated_total=-1)


@pytest.mark.parametrize("percent", [-1, "100.01"])
def test_percent_complete_stays_between_0_and_100(percent):
    refused(RemediationProgressFactory, percent_complete=percent)


def test_one_count_and_one_progress_figure_per_priority_and_severity():
    audit_return = AuditReturnFactory()
    RecommendationCountFactory(audit_return=audit_return, priority="high")
    refused(RecommendationCountFactory, audit_return=audit_return, priority="high")
    RemediationProgressFactory(audit_return=audit_return, severity="low")
    refused(RemediationProgressFactory, audit_return=audit_return, severity="low")


def test_unknown_priority_or_severity_is_refused():
    refused(RecommendationCountFactory, priority="urgent")
    refused(RemediationProgressFactory, severity="critical")
    refused(RecommendationFactory, status="parked")


def test_a_status_change_date_only_with_a_changed_status():
    refused(RecommendationFactory, status="open", status_changed_on=dt.date(2020, 1, 1))
    refused(RecommendationFactory, status="implemented", status_changed_on=None)
    refused(RecommendationFactory, status="superseded", status_changed_on=None)
    RecommendationFactory(status="implemented", status_changed_on=dt.date(2020, 1, 1))


def test_a_review_title_once_per_return():
    review = AuditReviewFactory(title="Firewall")
    refused(AuditReviewFactory, audit_return=review.audit_return, title="Firewall")


def test_a_health_check_month_is_its_first_day():
    refused(HealthCheckFactory, carried_out=dt.date(2019, 4, 15))


def test_a_month_only_certificate_date_is_the_first_of_the_month():
    refused(ComplianceCertificateFactory, achieved_on=dt.date(2020, 3, 16),
            achieved_month_only=True)
    ComplianceCertificateFactory(achieved_on=dt.date(2020, 3, 16), achieved_month_only=False)


def test_a_certificate_expires_after_it_is_achieved():
    refused(ComplianceCertificateFactory, expires_on=dt.date(2020, 3, 1))
    refused(ComplianceCertificateFactory, expires_on=dt.date(2019, 3, 1))


def test_opinion_positions_are_unique_and_positive():
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditOpinion.objects.create(name="Full", position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditOpinion.objects.create(name="Nil", position=0)


def test_an_opinion_in_use_cannot_be_deleted():
    from django.db.models import ProtectedError

    review = AuditReviewFactory()
    with pytest.raises(ProtectedError):
        review.opinion.delete()
