import datetime as dt

import factory
from django.contrib.auth import get_user_model

from ictreport.core.models import AnnualReport, FinancialYear, Organisation


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")


class FinancialYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinancialYear
        django_get_or_create = ("start_year",)

    start_year = 2019


class AnnualReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualReport

    organisation = factory.SubFactory(OrganisationFactory)
    year = factory.SubFactory(FinancialYearFactory)
    title = factory.LazyAttribute(lambda o: f"Annual Report – ICT & Digital Services {o.year}")
    lead_chief_officer = "A. Officer, Assistant Chief Officer - Resources"
    report_date = dt.date(2020, 9, 3)
    timing = "Routine"
    purpose = "For monitoring"
    classification = "OFFICIAL"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery staple")
