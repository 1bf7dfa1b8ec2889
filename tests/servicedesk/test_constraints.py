"""Every rule on the service desk's figures is held by the database itself."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from ictreport.core.periods import Quarter
from servicedesk.models import ChannelCalls, ServiceLevelResult, ServiceTier
from tests.servicedesk.factories import (
    ChannelCallsFactory,
    ChannelFactory,
    ServiceDeskReturnFactory,
    ServiceLevelResultFactory,
    ServiceTierFactory,
)

pytestmark = pytest.mark.django_db


def refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_quarterly_return_refused_in_a_year_holding_a_full_year_one(gwent):
    held = ServiceDeskReturnFactory(organisation=gwent, quarter=Quarter.FULL_YEAR)
    refused(lambda: ServiceDeskReturnFactory(organisation=gwent, year=held.year,
                                             quarter=Quarter.Q1))


def test_full_year_return_refused_in_a_year_holding_quarterly_ones(gwent):
    held = ServiceDeskReturnFactory(organisation=gwent, quarter=Quarter.Q2)
    refused(lambda: ServiceDeskReturnFactory(organisation=gwent, year=held.year,
                                             quarter=Quarter.FULL_YEAR))


def test_quarter_changed_to_full_year_beside_quarters_is_refused(gwent):
    ServiceDeskReturnFactory(organisation=gwent, quarter=Quarter.Q1)
    second = ServiceDeskReturnFactory(organisation=gwent, quarter=Quarter.Q2)
    second.quarter = Quarter.FULL_YEAR
    refused(second.save)


def test_other_organisations_year_is_independent(gwent):
    held = ServiceDeskReturnFactory(organisation=gwent, quarter=Quarter.FULL_YEAR)
    ServiceDeskReturnFactory(year=held.year, quarter=Quarter.Q1)  # another organisation


def test_one_return_per_period(gwent):
    held = ServiceDeskReturnFactory(organisation=gwent, quarter=Quarter.Q3)
    refused(lambda: ServiceDeskReturnFactory(organisation=gwent, year=held.year,
                                             quarter=Quarter.Q3))


def test_closed_at_first_contact_cannot_exceed_calls_measured(gwent):
    refused(lambda: ServiceDeskReturnFactory(first_contact_closed=11,
                                             first_contact_measured=10))
    ServiceDeskReturnFactory(first_contact_closed=10, first_contact_measured=10)


@pytest.mark.parametrize("closed, measured", [(5, None), (None, 5)])
def test_first_contact_figures_come_as_a_pair(closed, measured):
    refused(lambda: ServiceDeskReturnFactory(first_contact_closed=closed,
                                             first_contact_measured=measured))


@pytest.mark.parametrize("value", [Decimal("-0.01"), Decimal("100.01")])
def test_first_contact_target_is_a_percentage(value):
    refused(lambda: ServiceDeskReturnFactory(first_contact_target=value))


def test_calls_cannot_be_negative():
    refused(lambda: ChannelCallsFactory(calls=-1))


def test_a_channel_once_per_return():
    first = ChannelCallsFactory()
    refused(lambda: ChannelCalls.objects.create(desk_return=first.desk_return,
                                                channel=first.channel, calls=5))


def test_a_tier_once_per_return():
    first = ServiceLevelResultFactory()
    refused(lambda: ServiceLevelResult.objects.create(desk_return=first.desk_return,
                                                      tier=first.tier, breaches=0))


@pytest.mark.parametrize("field", ["availability", "resolved_in_time"])
@pytest.mark.parametrize("value", [Decimal("-1"), Decimal("100.5")])
def test_achieved_service_levels_are_percentages(field, value):
    refused(lambda: ServiceLevelResultFactory(**{field: value}))


def test_breaches_cannot_be_negative():
    refused(lambda: ServiceLevelResultFactory(breaches=-1))


@pytest.mark.parametrize("values", [
    {"availability_target": Decimal("101")},
    {"resolution_hours": 4, "resolution_target": Decimal("-5")},
    {"resolution_hours": 0},
    {"resolution_target": Decimal("95")},  # a share resolved in time, but in what time?
])
def test_tier_targets_are_checked(values):
    refused(lambda: ServiceTier.objects.create(name="Gold", **values))


def test_channel_in_use_cannot_be_deleted():
    calls = ChannelCallsFactory(channel=ChannelFactory(name="Telephone"))
    with pytest.raises(Exception, match="protected"):
        calls.channel.delete()


def test_tier_in_use_cannot_be_deleted():
    result = ServiceLevelResultFactory(tier=ServiceTierFactory(name="Gold"))
    with pytest.raises(Exception, match="protected"):
        result.tier.delete()
