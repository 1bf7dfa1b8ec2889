import datetime as dt

import factory

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
from ictreport.core.periods import Quarter
from tests.factories import FinancialYearFactory, OrganisationFactory


def opinion(name: str) -> AuditOpinion:
    """One of the standard opinions the data migration seeds."""
    return AuditOpinion.objects.get(name=name)


class AuditReturnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditReturn
        django_get_or_create = ("organisation", "year", "quarter")

    organisation = factory.SubFactory(OrganisationFactory)
    year = factory.SubFactory(FinancialYearFactory)
    quarter = Quarter.FULL_YEAR


class AuditReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditReview

    audit_return = factory.SubFactory(AuditReturnFactory)
    title = factory.Sequence(lambda n: f"Review {n}")
    opinion = factory.LazyFunction(lambda: opinion("Substantial"))


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    review = factory.SubFactory(AuditReviewFactory)
    priority = "medium"
    description = factory.Sequence(lambda n: f"Recommendation {n}")
    owner = "Head of infrastructure"
    due_on = dt.date(2020, 3, 31)


class RecommendationCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecommendationCount

    audit_return = factory.SubFactory(AuditReturnFactory)
    priority = "medium"
    count = 1


class HealthCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HealthCheck

    audit_return = factory.SubFactory(AuditReturnFactory)
    carried_out = dt.date(2019, 4, 1)
    tasks_completed = 41
    hosts_completed = 1000
    tasks_in_progress = 20
    hosts_in_progress = 700


class RemediationProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RemediationProgress

    audit_return = factory.SubFactory(AuditReturnFactory)
    severity = "high"
    percent_complete = 85


class ComplianceCertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComplianceCertificate

    audit_return = factory.SubFactory(AuditReturnFactory)
    name = "Public Services Network (PSN) compliance"
    issuer = "the Home Office"
    achieved_on = dt.date(2020, 3, 1)
    achieved_month_only = True
