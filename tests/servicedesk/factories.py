import factory

from ictreport.core.periods import Quarter
from servicedesk.models import (
    Channel,
    ChannelCalls,
    ServiceDeskReturn,
    ServiceLevelResult,
    ServiceTier,
)
from tests.factories import FinancialYearFactory, OrganisationFactory


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Channel {n}")
    position = factory.Sequence(lambda n: n)


class ServiceTierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceTier
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Tier {n}")
    position = factory.Sequence(lambda n: n)


class ServiceDeskReturnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceDeskReturn

    organisation = factory.SubFactory(OrganisationFactory)
    year = factory.SubFactory(FinancialYearFactory)
    quarter = Quarter.FULL_YEAR


class ChannelCallsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChannelCalls

    desk_return = factory.SubFactory(ServiceDeskReturnFactory)
    channel = factory.SubFactory(ChannelFactory)
    calls = 100


class ServiceLevelResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceLevelResult

    desk_return = factory.SubFactory(ServiceDeskReturnFactory)
    tier = factory.SubFactory(ServiceTierFactory)
    breaches = 0


def desk_return(organisation, start_year, quarter=Quarter.FULL_YEAR, *, calls=None,
                closed=None, measured=None, target=None):
    """A return with its calls by channel: ``calls`` maps a Channel to its count."""
    created = ServiceDeskReturnFactory(
        organisation=organisation, year=FinancialYearFactory(start_year=start_year),
        quarter=quarter, first_contact_closed=closed, first_contact_measured=measured,
        first_contact_target=target,
    )
    for channel, count in (calls or {}).items():
        ChannelCallsFactory(desk_return=created, channel=channel, calls=count)
    return created
