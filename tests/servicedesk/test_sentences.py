"""The sentences are generated from the figures and stay true whatever they are."""

from decimal import Decimal

import pytest

from ictreport.core import registry
from ictreport.core.periods import Quarter
from ictreport.core.sections import Text
from tests.factories import FinancialYearFactory
from tests.servicedesk.factories import (
    ChannelFactory,
    ServiceLevelResultFactory,
    ServiceTierFactory,
    desk_return,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def phone(db):
    return ChannelFactory(name="Telephone", position=0)


@pytest.fixture
def web(db):
    return ChannelFactory(name="Self Service", self_service=True, position=1)


def texts(organisation, start_year=2019):
    data = registry.get_section("servicedesk").build(
        organisation=organisation, year=FinancialYearFactory(start_year=start_year))
    return [b.text for b in data.blocks if isinstance(b, Text)]


def test_an_increase_is_called_one(gwent, phone, web):
    desk_return(gwent, 2018, calls={phone: 800, web: 200})
    desk_return(gwent, 2019, calls={phone: 840, web: 210})
    assert texts(gwent)[0].endswith("This is a 5% increase in the volume of calls for service.")


def test_an_unchanged_volume_is_said_to_be_the_same(gwent, phone):
    desk_return(gwent, 2018, calls={phone: 800})
    desk_return(gwent, 2019, calls={phone: 800})
    assert texts(gwent)[0].endswith(
        "The volume of calls for service is the same as in 2018/19.")


def test_a_change_under_half_a_percent_is_not_called_none(gwent, phone):
    desk_return(gwent, 2018, calls={phone: 1000})
    desk_return(gwent, 2019, calls={phone: 996})
    assert texts(gwent)[0].endswith(
        "This is a reduction of less than 1% in the volume of calls for service.")


def test_no_previous_year_means_no_comparison(gwent, phone, web):
    desk_return(gwent, 2019, calls={phone: 800, web: 200})
    assert texts(gwent)[0] == (
        "There were 1,000 requests for service in the year of which 20% were requested "
        "through self-service with the remainder being Telephone calls for service. "
        "There are no calls for service held for 2018/19 to compare with.")


def test_a_single_channel_without_self_service_gives_the_total_only(gwent, phone):
    desk_return(gwent, 2019, calls={phone: 1})
    assert texts(gwent)[0].startswith("There was 1 request for service in the year. ")


def test_all_calls_through_self_service(gwent, phone, web):
    desk_return(gwent, 2019, calls={web: 40, phone: 0})
    assert texts(gwent)[0].startswith(
        "There were 40 requests for service in the year, all of which were requested "
        "through self-service.")


def test_no_calls_through_self_service(gwent, phone, web):
    desk_return(gwent, 2019, calls={web: 0, phone: 40})
    assert texts(gwent)[0].startswith(
        "There were 40 requests for service in the year, none of which were requested "
        "through self-service.")


def test_several_other_channels_are_each_given_their_share(gwent, phone, web):
    email = ChannelFactory(name="Email", position=2)
    sms = ChannelFactory(name="SMS", position=3)
    desk_return(gwent, 2019, calls={phone: 600, web: 200, email: 150, sms: 50})
    assert texts(gwent)[0].startswith(
        "There were 1,000 requests for service in the year of which 20% were requested "
        "through self-service with the remainder being Telephone (60%), Email (15%) or "
        "SMS (5%) calls for service.")


def test_no_calls_at_all(gwent, phone):
    desk_return(gwent, 2019, calls={phone: 0})
    assert texts(gwent)[0].startswith("No requests for service were recorded in the year.")


def test_a_year_still_being_reported_is_not_compared(gwent, phone, web):
    desk_return(gwent, 2019, calls={phone: 1000})
    desk_return(gwent, 2020, Quarter.Q1, calls={phone: 200, web: 50}, closed=5, measured=8)
    desk_return(gwent, 2020, Quarter.Q2, calls={phone: 250})
    calls, first_contact, _levels = texts(gwent, 2020)
    assert calls == (
        "There were 500 requests for service in Q1–Q2 of the year of which 10% were "
        "requested through self-service with the remainder being Telephone calls for "
        "service. 2020/21 holds returns for Q1–Q2 only, so its calls are not compared "
        "with 2019/20.")
    assert first_contact == "In Q1–Q2 2020/21 63% of calls were resolved at first point of " \
                            "contact."


def test_a_previous_year_still_incomplete_is_not_compared(gwent, phone):
    desk_return(gwent, 2018, Quarter.Q1, calls={phone: 100})
    desk_return(gwent, 2019, calls={phone: 1000})
    assert texts(gwent)[0].endswith(
        "2018/19 holds returns for Q1 only, so its calls are not compared with 2019/20.")


def test_the_first_contact_target_is_given_where_set(gwent, phone):
    desk_return(gwent, 2019, calls={phone: 100}, closed=62, measured=100,
                target=Decimal("65"))
    assert texts(gwent)[1] == (
        "In 2019/20 62% of calls were resolved at first point of contact. The target was 65%.")


def test_service_levels_name_the_breaches_and_the_tiers_below_target(gwent):
    gold = ServiceTierFactory(name="Gold", position=0, availability_target=Decimal("99.9"),
                              resolution_hours=4, resolution_target=Decimal("95"))
    silver = ServiceTierFactory(name="Silver", position=1, availability_target=Decimal("99.5"))
    bronze = ServiceTierFactory(name="Bronze", position=2)
    held = desk_return(gwent, 2019)
    ServiceLevelResultFactory(desk_return=held, tier=gold, availability=Decimal("99.95"),
                              resolved_in_time=Decimal("93.5"), breaches=1)
    ServiceLevelResultFactory(desk_return=held, tier=silver, availability=Decimal("99.25"),
                              breaches=2)
    ServiceLevelResultFactory(desk_return=held, tier=bronze, breaches=0)
    assert texts(gwent)[-1] == (
        "There were three service-level breaches in 2019/20: one at Gold and two at Silver. "
        "Availability was below target at Silver (99.25% against 99.5%). "
        "The share of incidents resolved in time was below target at Gold (93.5% against "
        "95%).")


def test_service_levels_without_breaches_and_on_target(gwent):
    gold = ServiceTierFactory(name="Gold", availability_target=Decimal("99.9"))
    ServiceLevelResultFactory(desk_return=desk_return(gwent, 2019), tier=gold,
                              availability=Decimal("99.9"), breaches=0)
    assert texts(gwent)[-1] == (
        "No service levels were breached in 2019/20. "
        "Availability met its target at every tier that has one.")


def test_one_breach(gwent):
    ServiceLevelResultFactory(desk_return=desk_return(gwent, 2019),
                              tier=ServiceTierFactory(name="Gold"), breaches=1)
    assert texts(gwent)[-1] == "There was one service-level breach in 2019/20: one at Gold."


def test_channels_are_named_as_held_never_lower_cased(gwent, phone, web):
    """A name is used as entered (and in Welsh as translated): no case changes."""
    teams = ChannelFactory(name="MS Teams", position=2)
    desk_return(gwent, 2019, calls={phone: 500, web: 250, teams: 250})
    assert "the remainder being Telephone (50%) or MS Teams (25%) calls" in texts(gwent)[0]


def test_a_year_so_far_says_which_quarters_it_covers(gwent, phone):
    desk_return(gwent, 2020, Quarter.Q1, calls={phone: 1})
    desk_return(gwent, 2020, Quarter.Q3, calls={phone: 0})
    assert texts(gwent, 2020)[0].startswith(
        "There was 1 request for service in Q1 and Q3 of the year. ")
