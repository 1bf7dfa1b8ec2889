"""Reading the figures: flows sum over quarters, full-year returns are used as is."""

from decimal import Decimal

import pytest

from ictreport.core.periods import Quarter
from servicedesk.selectors import (
    quarter_series_list,
    service_level_quarters_list,
    service_levels_list,
    year_series_list,
    year_totals_get,
)
from tests.factories import OrganisationFactory
from tests.servicedesk.factories import (
    ChannelFactory,
    ServiceLevelResultFactory,
    ServiceTierFactory,
    desk_return,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def channels(db):
    return (ChannelFactory(name="Telephone", position=0),
            ChannelFactory(name="Self Service", self_service=True, position=1))


def test_a_years_calls_are_the_sum_of_its_quarters(gwent, channels):
    phone, web = channels
    desk_return(gwent, 2020, Quarter.Q1, calls={phone: 100, web: 10}, closed=50, measured=90)
    desk_return(gwent, 2020, Quarter.Q2, calls={phone: 200, web: 20}, closed=60, measured=200)
    desk_return(gwent, 2020, Quarter.Q3, calls={phone: 300})

    year = year_totals_get(organisation=gwent, year=2020)

    assert [(c.name, c.calls) for c in year.channels] == [("Telephone", 600),
                                                          ("Self Service", 30)]
    assert (year.total_calls, year.self_service_calls) == (630, 30)
    assert (year.first_contact_closed, year.first_contact_measured) == (110, 290)
    assert year.first_contact_returns == 2
    assert year.quarters == (Quarter.Q1, Quarter.Q2, Quarter.Q3)
    assert not year.is_complete


def test_a_full_year_return_is_used_as_is(gwent, channels):
    phone, web = channels
    desk_return(gwent, 2019, calls={phone: 15275, web: 3819}, closed=11850, measured=19094)

    year = year_totals_get(organisation=gwent, year=2019)

    assert year.quarters == (Quarter.FULL_YEAR,) and year.is_complete
    assert (year.total_calls, year.first_contact_measured) == (19094, 19094)


def test_four_quarters_make_a_complete_year(gwent, channels):
    for quarter in (Quarter.Q1, Quarter.Q2, Quarter.Q3, Quarter.Q4):
        desk_return(gwent, 2020, quarter, calls={channels[0]: 1})
    year = year_totals_get(organisation=gwent, year=2020)
    assert year.is_complete and year.total_calls == 4


def test_a_year_takes_the_latest_target_its_quarters_give(gwent):
    desk_return(gwent, 2020, Quarter.Q1, target=Decimal("60"))
    desk_return(gwent, 2020, Quarter.Q2, target=Decimal("65.5"))
    desk_return(gwent, 2020, Quarter.Q3)
    assert year_totals_get(organisation=gwent, year=2020).first_contact_target == Decimal(
        "65.50")


def test_a_year_without_returns_has_no_totals(gwent):
    assert year_totals_get(organisation=gwent, year=2020) is None


def test_series_holds_every_year_in_order_and_only_the_organisations(gwent, channels):
    phone = channels[0]
    for year, calls in [(2019, 30), (2017, 10), (2018, 20), (2021, 40)]:
        desk_return(gwent, year, calls={phone: calls})
    desk_return(OrganisationFactory(), 2018, calls={phone: 999})

    series = year_series_list(organisation=gwent)
    assert [(f.year, f.total_calls) for f in series] == [(2017, 10), (2018, 20), (2019, 30),
                                                         (2021, 40)]
    assert [f.year for f in year_series_list(organisation=gwent, up_to=2019)] == [2017, 2018,
                                                                                   2019]


def test_series_mixes_full_years_and_quarterly_years(gwent, channels):
    phone = channels[0]
    desk_return(gwent, 2019, calls={phone: 1000})
    desk_return(gwent, 2020, Quarter.Q1, calls={phone: 200})
    desk_return(gwent, 2020, Quarter.Q2, calls={phone: 300})
    series = year_series_list(organisation=gwent)
    assert [(f.year, f.quarters, f.total_calls) for f in series] == [
        (2019, (Quarter.FULL_YEAR,), 1000),
        (2020, (Quarter.Q1, Quarter.Q2), 500),
    ]


def test_series_is_two_queries_whatever_the_years_held(gwent, channels,
                                                       django_assert_num_queries):
    for year in range(2005, 2020):
        for quarter in (Quarter.Q1, Quarter.Q2):
            desk_return(gwent, year, quarter, calls={channels[0]: 5, channels[1]: 5},
                        closed=1, measured=10)
    # 1. first-contact sums per year, 2. calls per year and channel
    with django_assert_num_queries(2):
        series = year_series_list(organisation=gwent)
    assert len(series) == 15 and series[0].total_calls == 20


def test_quarter_series_lists_the_years_quarters(gwent, channels):
    phone, web = channels
    desk_return(gwent, 2020, Quarter.Q2, calls={phone: 200, web: 20}, closed=5, measured=9,
                target=Decimal("70"))
    desk_return(gwent, 2020, Quarter.Q1, calls={phone: 100})
    desk_return(gwent, 2019, calls={phone: 1})

    quarters = quarter_series_list(organisation=gwent, year=2020)

    assert [(q.year, q.quarters, q.total_calls, q.first_contact_closed) for q in quarters] == [
        (2020, (Quarter.Q1,), 100, None), (2020, (Quarter.Q2,), 220, 5)]
    assert quarters[1].first_contact_target == Decimal("70")
    assert quarter_series_list(organisation=gwent, year=2019) == []


def test_service_levels_sum_breaches_and_average_percentages_over_quarters(gwent):
    gold = ServiceTierFactory(name="Gold", availability_target=Decimal("99.90"),
                              resolution_hours=4, resolution_target=Decimal("95"))
    bronze = ServiceTierFactory(name="Bronze")
    for quarter, availability, breaches in [(Quarter.Q1, "99.90", 1), (Quarter.Q2, "99.95", 2),
                                            (Quarter.Q3, None, 0)]:
        ServiceLevelResultFactory(
            desk_return=desk_return(gwent, 2020, quarter), tier=gold, breaches=breaches,
            availability=availability and Decimal(availability), resolved_in_time=Decimal("96"))

    ServiceLevelResultFactory(desk_return=desk_return(gwent, 2020, Quarter.Q4), tier=bronze,
                              breaches=4)

    gold_year, bronze_year = service_levels_list(organisation=gwent, year=2020)

    # (99.90 + 99.95) / 2 = 99.925, rounded half up; the quarter without a figure is left out.
    assert gold_year.availability == Decimal("99.93")
    assert gold_year.resolved_in_time == Decimal("96.00")
    assert (gold_year.breaches, gold_year.periods) == (3, 3)
    assert (gold_year.availability_target, gold_year.resolution_hours) == (Decimal("99.90"), 4)
    assert (bronze_year.name, bronze_year.availability, bronze_year.breaches) == ("Bronze",
                                                                                  None, 4)


def test_service_level_quarters_keep_each_period(gwent):
    gold = ServiceTierFactory(name="Gold")
    ServiceLevelResultFactory(desk_return=desk_return(gwent, 2020, Quarter.Q2), tier=gold,
                              breaches=2, availability=Decimal("99.5"))
    ServiceLevelResultFactory(desk_return=desk_return(gwent, 2020, Quarter.Q1), tier=gold,
                              breaches=1)
    rows = service_level_quarters_list(organisation=gwent, year=2020)
    assert [(r.quarter, r.breaches, r.availability) for r in rows] == [
        (Quarter.Q1, 1, None), (Quarter.Q2, 2, Decimal("99.50"))]
