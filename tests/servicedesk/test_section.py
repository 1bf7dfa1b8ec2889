"""The section as the report shows it: the source's two tables, its sentences, findings."""

import pytest

from ictreport.core import registry
from ictreport.core.models import FinancialYear
from ictreport.core.sections import Table, Text
from servicedesk.section import ServiceDeskSection
from tests.factories import FinancialYearFactory
from tests.servicedesk.factories import ChannelFactory, desk_return

pytestmark = pytest.mark.django_db


def build(organisation, start_year):
    return registry.get_section("servicedesk").build(
        organisation=organisation, year=FinancialYearFactory(start_year=start_year))


def cells(table: Table):
    return [list(row.cells) for row in table.rows]


def test_registered_as_section_3_6():
    section = registry.get_section("servicedesk")
    assert isinstance(section, ServiceDeskSection)
    assert (section.chapter, section.order, section.url_name) == (3, 6, "servicedesk:dashboard")
    assert str(section.title) == "Service levels"


def test_shipped_year_reads_as_the_source(shipped_report):
    data = build(shipped_report.organisation, 2019)
    calls, calls_text, first_contact, first_contact_text, service_levels = data.blocks

    assert calls.caption == "Service Desk Calls"
    assert [(g.label, g.span) for g in calls.groups] == [("", 1), ("2017/18", 2),
                                                         ("2018/19", 2), ("2019/20", 2)]
    assert [c.label for c in calls.columns] == ["Service Calls"] + ["No.", "%"] * 3
    assert cells(calls) == [
        ["Telephone", 21136, 81, 20096, 82, 15275, 80],
        ["Self Service", 5078, 19, 4539, 18, 3819, 20],
        ["Total Calls", 26214, 100, 24635, 100, 19094, 100],
    ]
    assert calls.rows[-1].is_total
    assert calls_text.text == (
        "There were 19,094 requests for service in the year of which 20% were requested "
        "through self-service with the remainder being Telephone calls for service. "
        "This is a 22% reduction in the volume of calls for service."
    )

    assert first_contact.caption == "Service Desk Calls resolved at First Point of Contact"
    assert cells(first_contact) == [
        ["Closed at 1st Point", 12636, 60, 14189, 67, 11850, 62],
        ["Total Calls", 20961, 100, 21066, 100, 19094, 100],
    ]
    assert "2017/18 (26,214) and 2018/19 (24,635)" in first_contact.note
    assert first_contact_text.text == (
        "In 2019/20 62% of calls were resolved at first point of contact.")
    assert service_levels.text == "No service-level figures were recorded for 2019/20."


def test_shipped_year_flags_the_first_contact_denominators(shipped_report):
    data = build(shipped_report.organisation, 2019)
    assert [f.message for f in data.findings] == [
        "2017/18: the first-point-of-contact rate is taken over 20,961 calls, but 26,214 "
        "calls were received by channel.",
        "2018/19: the first-point-of-contact rate is taken over 21,066 calls, but 24,635 "
        "calls were received by channel.",
    ]


def test_shipped_year_headlines_carry_their_trend(shipped_report):
    calls, self_service, first_contact = build(shipped_report.organisation, 2019).headlines
    assert (calls.value, calls.detail) == (19094, "22% fewer than 2018/19")
    assert calls.trend == (("2017/18", 26214), ("2018/19", 24635), ("2019/20", 19094))
    assert (self_service.value, self_service.format) == (20, "percent")
    assert self_service.trend == (("2017/18", 19), ("2018/19", 18), ("2019/20", 20))
    assert first_contact.value == 62
    assert first_contact.trend == (("2017/18", 60), ("2018/19", 67), ("2019/20", 62))


def test_a_year_without_figures_says_so_and_invents_none(shipped_report):
    data = build(shipped_report.organisation, 2020)
    assert not data.has_data
    assert data.blocks == (Text("No service desk figures were recorded for 2020/21."),)
    assert data.headlines == () and data.findings == ()


def test_tables_show_the_year_and_the_two_before_it_only(gwent):
    phone = ChannelFactory(name="Telephone")
    for year in range(2014, 2020):
        desk_return(gwent, year, calls={phone: year})
    calls = build(gwent, 2019).blocks[0]
    assert [g.label for g in calls.groups] == ["", "2017/18", "2018/19", "2019/20"]


def test_a_channel_missing_in_a_year_shows_no_figure_for_it(gwent):
    phone, email = ChannelFactory(name="Telephone", position=0), ChannelFactory(name="Email",
                                                                                 position=1)
    desk_return(gwent, 2018, calls={phone: 100})
    desk_return(gwent, 2019, calls={phone: 60, email: 40})
    calls = build(gwent, 2019).blocks[0]
    assert cells(calls) == [["Telephone", 100, 100, 60, 60],
                            ["Email", None, None, 40, 40],
                            ["Total Calls", 100, 100, 100, 100]]


def test_no_first_contact_figures_leaves_out_their_table(gwent):
    desk_return(gwent, 2019, calls={ChannelFactory(name="Telephone"): 10})
    blocks = build(gwent, 2019).blocks
    assert [b.key for b in blocks if isinstance(b, Table)] == ["calls"]
    assert Text("No first-point-of-contact figures were recorded for 2019/20.") in blocks


def test_year_still_being_reported_is_labelled_and_noted(gwent):
    phone = ChannelFactory(name="Telephone")
    desk_return(gwent, 2019, calls={phone: 1000})
    desk_return(gwent, 2020, 1, calls={phone: 200})
    desk_return(gwent, 2020, 2, calls={phone: 300})
    data = build(gwent, 2020)
    assert [g.label for g in data.blocks[0].groups] == ["", "2019/20", "Q1–Q2 2020/21"]
    assert [(f.message, f.severity) for f in data.findings] == [
        ("2020/21 holds returns for Q1–Q2 only; its figures are the year so far.", "info")]
    assert data.headlines[0].detail == ""
    assert data.headlines[0].trend == (("2019/20", 1000), ("Q1–Q2 2020/21", 500))


def test_first_contact_missing_from_some_quarters_is_a_finding(gwent):
    desk_return(gwent, 2020, 1, closed=5, measured=10)
    desk_return(gwent, 2020, 2)
    messages = [f.message for f in build(gwent, 2020).findings]
    assert ("Q1–Q2 2020/21: first-point-of-contact figures are given in 1 of the year's "
            "2 returns; the rate covers those returns only.") in messages


def test_build_is_four_queries_whatever_the_years_held(gwent, django_assert_num_queries):
    phone, web = ChannelFactory(name="Telephone"), ChannelFactory(name="Web",
                                                                  self_service=True)
    for year in range(2000, 2020):
        desk_return(gwent, year, calls={phone: 10, web: 5}, closed=3, measured=15)
    year = FinancialYear.objects.get(start_year=2019)
    # 1. first-contact sums per year, 2. calls per year and channel, 3. tier results,
    # 4. tier results per quarter (their times to resolve)
    with django_assert_num_queries(4):
        data = registry.get_section("servicedesk").build(organisation=gwent, year=year)
    assert data.has_data and len(data.headlines[0].trend) == 20
