"""Item 4: time to resolve per tier (median, 90th percentile) against its target, in the
report section and on the report page, with a chart and its data table."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from ictreport.core import registry
from ictreport.core.models import FinancialYear
from ictreport.core.periods import Quarter
from ictreport.core.sections import Chart
from servicedesk import selectors
from tests.factories import AnnualReportFactory, FinancialYearFactory
from tests.servicedesk.factories import (
    ChannelFactory,
    ServiceLevelResultFactory,
    ServiceTierFactory,
    desk_return,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(gwent):
    phone = ChannelFactory(name="Telephone")
    gold = ServiceTierFactory(name="Gold", resolution_hours=4, resolution_target=95, position=0)
    silver = ServiceTierFactory(name="Silver", resolution_hours=8, position=1)
    for quarter, (gold_p90, silver_p90) in {Quarter.Q1: ("3.5", "9.0"),
                                            Quarter.Q2: ("4.5", "7.0")}.items():
        ret = desk_return(gwent, 2019, quarter, calls={phone: 10})
        ServiceLevelResultFactory(desk_return=ret, tier=gold, breaches=1, incidents=20,
                                  median_hours=Decimal("1.5"), p90_hours=Decimal(gold_p90))
        ServiceLevelResultFactory(desk_return=ret, tier=silver, breaches=0, incidents=5,
                                  median_hours=Decimal("2.0"), p90_hours=Decimal(silver_p90))
    return gwent


def build(organisation):
    return registry.get_section("servicedesk").build(
        organisation=organisation, year=FinancialYear.objects.get(start_year=2019))


def test_the_section_has_the_chart_its_table_and_a_sentence(held):
    data = build(held)
    chart = next(b for b in data.blocks if isinstance(b, Chart))
    assert chart.key == "resolution-time"
    assert chart.categories == ("Gold Q1", "Gold Q2", "Silver Q1", "Silver Q2")
    assert [s.name for s in chart.series] == [
        "Median hours to resolve", "90th percentile hours to resolve",
        "Resolution time target (hours)"]
    assert chart.series[1].values == (Decimal("3.5"), Decimal("4.5"), 9, 7)
    assert chart.series[2].is_target and chart.series[2].values == (4, 4, 8, 8)
    rows = [row.cells for row in chart.table.rows]
    assert rows[0] == ("Gold Q1", Decimal("1.5"), Decimal("3.5"), 4)
    text = " ".join(getattr(b, "text", "") for b in data.blocks)
    assert ("The slowest tenth of incidents took longer than the target at Gold in Q2 "
            "(4.5 hours against 4) and Silver in Q1 (9 hours against 8).") in text
    assert "There were two service-level breaches in 2019/20: two at Gold." in text


def test_a_year_of_quarters_has_no_made_up_year_median(held):
    year = selectors.service_levels_list(organisation=held, year=2019)
    gold = next(t for t in year if t.name == "Gold")
    assert gold.incidents == 40 and gold.median_hours is None and gold.p90_hours is None


def test_the_report_page_shows_chart_and_data_table(held, staff_client):
    AnnualReportFactory(organisation=held, year=FinancialYearFactory(start_year=2019))
    html = staff_client.get("/en/reports/gwent-police/2019-20/").content.decode()
    assert 'id="figure-resolution-time"' in html
    assert "Time to resolve incidents by tier against target, 2019/20" in html
    assert "Gold Q1 median 1.5, 90th percentile 3.5, target 4" in html  # the alt text


def test_without_times_there_is_no_chart(gwent):
    phone = ChannelFactory(name="Telephone")
    ret = desk_return(gwent, 2019, Quarter.Q1, calls={phone: 10})
    ServiceLevelResultFactory(desk_return=ret, tier=ServiceTierFactory(name="Gold"),
                              breaches=0)
    assert not any(isinstance(b, Chart) for b in build(gwent).blocks)


def test_the_database_keeps_the_median_within_the_90th_percentile(held):
    from servicedesk.models import ServiceLevelResult

    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceLevelResult.objects.filter(tier__name="Gold").update(
            median_hours=Decimal("9.9"))
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceLevelResult.objects.filter(tier__name="Gold").update(
            p90_hours=Decimal("-1"), median_hours=None)
