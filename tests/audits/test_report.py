"""The audit section as the report, the overview card and the dashboard show it."""

import datetime as dt

import pytest
import time_machine

from audits.models import Recommendation
from audits.section import AuditSection
from audits.wording import whole_percent
from ictreport.core import registry
from ictreport.core.models import FinancialYear
from ictreport.core.periods import Quarter
from ictreport.core.sections import Chart, Heading, Table, Text
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
from tests.factories import FinancialYearFactory

pytestmark = pytest.mark.django_db


def build(organisation, start_year=2019):
    return AuditSection().build(organisation=organisation,
                                year=FinancialYear.objects.get(start_year=start_year))


def texts(data):
    return [b.text for b in data.blocks if isinstance(b, Text)]


def table(data, key):
    return next(b for b in data.blocks if isinstance(b, Table) and b.key == key)


def chart(data, key):
    return next(b for b in data.blocks if isinstance(b, Chart) and b.key == key)


def test_the_section_is_registered_as_3_7():
    section = registry.get_section("audits")
    assert (section.chapter, section.order, section.url_name) == (3, 7, "audits:dashboard")
    assert str(section.title) == "Audit"


def test_shipped_year_reads_like_the_source(shipped_report):
    data = build(shipped_report.organisation)
    assert data.has_data
    reviews = table(data, "reviews")
    assert reviews.caption == "Internal Audit – Summary of Findings"
    assert [r.cells for r in reviews.rows] == [
        ("Firewall", "Substantial"), ("Mobile Computing", "Substantial"),
        ("Identity and Access Management", "Substantial"),
        ("Performance Management – SRS", "Substantial"), ("Virtualisation", "Substantial"),
        ("Supplier Management", "Moderate"), ("Software Licensing/Management", "Moderate"),
        ("Enterprise Architecture Management", "Limited"), ("IT Disposals", "Limited"),
        ("Memorandum of Understanding", "Advisory"), ("Cyber Security", "Deferred"),
        ("Back Office", "Deferred"),
    ]
    assert texts(data) == [
        "These reports generated 48 recommendations, of which one was high, 34 were medium "
        "and 13 were low.",
        "Of the 12 internal audits, two had the opinion Limited and none had the opinion "
        "No assurance.",
        "The IT health check was undertaken in April 2019: 41 remediation tasks have been "
        "completed (covering 1,000 host devices) and 20 remediation tasks are in progress "
        "(covering 700 host devices).",
        "Gwent Police achieved Public Services Network (PSN) compliance from the Home Office "
        "in March 2020. Its expiry date is not recorded.",
    ]
    assert [r.cells for r in table(data, "health-check").rows] == [
        ("April 2019", 41, 1000, 20, 700)]
    assert [r.cells for r in table(data, "remediation-by-severity").rows] == [
        ("High", 85), ("Medium", 67), ("Low", 71), ("Information", 88)]
    assert [r.cells for r in table(data, "certificates").rows] == [
        ("Public Services Network (PSN) compliance", "the Home Office", "March 2020",
         "Not recorded")]
    assert [b.text for b in data.blocks if isinstance(b, Heading)] == [
        "Internal audit", "IT health check", "Compliance"]
    assert data.findings == ()
    # Only counts are known for 2019/20: no recommendation is invented.
    assert not Recommendation.objects.exists()
    assert "open" not in " ".join(texts(data))


def test_charts_show_every_opinion_and_severity_in_order(shipped_report):
    data = build(shipped_report.organisation)
    reviews = chart(data, "reviews-by-opinion")
    assert reviews.categories == ("Substantial", "Reasonable", "Moderate", "Limited",
                                  "No assurance", "Advisory", "Deferred")
    assert reviews.series[0].values == (5, 0, 2, 2, 0, 1, 2)
    assert "5 Substantial, 2 Moderate, 2 Limited, 1 Advisory and 2 Deferred" in reviews.alt
    severity = chart(data, "remediation-chart")
    assert severity.format == "percent"
    assert severity.categories == ("High", "Medium", "Low", "Information")
    assert severity.series[0].values == (85, 67, 71, 88)
    assert "High 85%" in severity.alt
    assert severity.table.rows[0].cells == ("High", 85)


def test_headlines_follow_the_figures_over_the_years(gwent):
    earlier = AuditReturnFactory(organisation=gwent, year=FinancialYearFactory(start_year=2018))
    AuditReviewFactory.create_batch(3, audit_return=earlier, opinion=opinion("Limited"))
    RecommendationCountFactory(audit_return=earlier, priority="high", count=9)
    HealthCheckFactory(audit_return=earlier, tasks_completed=12)
    current = AuditReturnFactory(organisation=gwent)
    AuditReviewFactory.create_batch(4, audit_return=current)
    AuditReviewFactory(audit_return=current, opinion=opinion("No assurance"))
    RecommendationCountFactory(audit_return=current, priority="high", count=9)
    HealthCheckFactory(audit_return=current, tasks_completed=41)

    headlines = {h.label: h for h in build(gwent).headlines}
    reviews = headlines["Internal audit reviews"]
    assert (reviews.value, reviews.detail) == (5, "2 more than 2018/19")
    assert reviews.trend == (("2018/19", 3), ("2019/20", 5))
    limited = headlines["Limited or No assurance reviews"]
    assert (limited.value, limited.detail) == (1, "2 fewer than 2018/19")
    recommendations = headlines["Audit recommendations"]
    assert (recommendations.value, recommendations.detail) == (9, "the same as 2018/19")
    tasks = headlines["IT health check remediation tasks completed"]
    assert tasks.trend == (("2018/19", 12), ("2019/20", 41))
    # A year's page never shows a later year.
    assert build(gwent, 2018).headlines[0].trend == (("2018/19", 3),)


def test_a_year_without_figures_says_so_and_invents_nothing(gwent):
    FinancialYearFactory(start_year=2019)
    AuditReturnFactory(organisation=gwent)  # a return with nothing entered yet
    data = build(gwent)
    assert not data.has_data
    assert data.headlines == ()
    assert texts(data) == ["No audit figures were recorded for Gwent Police in 2019/20."]


def test_individual_recommendations_are_used_when_any_exist(gwent):
    audit_return = AuditReturnFactory(organisation=gwent, recommendations_stated_total=2)
    RecommendationCountFactory(audit_return=audit_return, priority="medium", count=34)
    review = AuditReviewFactory(audit_return=audit_return)
    RecommendationFactory(review=review, priority="high")
    RecommendationFactory(review=review, priority="high")

    data = build(gwent)
    assert ("These reports generated two recommendations, of which two were high, none was "
            "medium and none was low.") in texts(data)
    assert [r.cells for r in table(data, "recommendations-by-priority").rows] == [
        ("High", 2), ("Medium", 0), ("Low", 0), ("Total", 2)]
    assert [f.message for f in data.findings] == [
        "2019/20 has 2 individual recommendations recorded, but its counts per priority add "
        "up to 34; the individual recommendations are used."
    ]


def test_priority_counts_that_miss_the_stated_total_are_a_finding(gwent):
    audit_return = AuditReturnFactory(organisation=gwent, recommendations_stated_total=48)
    RecommendationCountFactory(audit_return=audit_return, priority="high", count=1)
    RecommendationCountFactory(audit_return=audit_return, priority="medium", count=33)
    RecommendationCountFactory(audit_return=audit_return, priority="low", count=13)

    data = build(gwent)
    assert [f.message for f in data.findings] == [
        "2019/20 states 48 recommendations, but the counts per priority add up to 47."]
    # The sentence still reports what is stored, not the stated total.
    assert texts(data)[0].startswith("These reports generated 47 recommendations")


def test_a_stated_total_without_any_breakdown_is_a_finding(gwent):
    AuditReturnFactory(organisation=gwent, recommendations_stated_total=48)
    data = build(gwent)
    assert data.has_data
    assert [f.message for f in data.findings] == [
        "2019/20 states 48 recommendations, but none are recorded by priority."]


def test_a_quarterly_year_says_which_quarter_its_health_check_figures_are_from(gwent):
    q1 = AuditReturnFactory(organisation=gwent, quarter=Quarter.Q1)
    q2 = AuditReturnFactory(organisation=gwent, quarter=Quarter.Q2)
    HealthCheckFactory(audit_return=q1, tasks_completed=5)
    HealthCheckFactory(audit_return=q2, tasks_completed=1, hosts_completed=1,
                       tasks_in_progress=0, hosts_in_progress=0)
    AuditReviewFactory(audit_return=q2, title="Firewall")

    data = build(gwent)
    assert ("The IT health check was undertaken in April 2019: one remediation task has been "
            "completed (covering one host device) and zero remediation tasks are in progress "
            "(covering zero host devices). Progress as reported for Q2 (Jul–Sep).") in texts(data)
    assert [c.label for c in table(data, "reviews").columns] == [
        "Review", "Assurance opinion", "Period"]
    assert table(data, "reviews").rows[0].cells == ("Firewall", "Substantial", "Q2 (Jul–Sep)")


def test_reviews_table_shows_committee_dates_when_recorded(gwent):
    AuditReviewFactory(audit_return__organisation=gwent, title="Firewall",
                       reported_on=dt.date(2019, 9, 12))
    AuditReviewFactory(audit_return__organisation=gwent, title="Back Office",
                       opinion=opinion("Deferred"))
    rows = [r.cells for r in table(build(gwent), "reviews").rows]
    assert rows == [("Firewall", "Substantial", "12 September 2019"),
                    ("Back Office", "Deferred", None)]


@time_machine.travel(dt.datetime(2020, 1, 15, 12, tzinfo=dt.UTC), tick=False)
def test_certificate_expiry_is_told_as_on_the_day_counted(gwent):
    audit_return = AuditReturnFactory(organisation=gwent)
    ComplianceCertificateFactory(audit_return=audit_return, name="PSN compliance",
                                 achieved_on=dt.date(2019, 1, 10), achieved_month_only=False,
                                 expires_on=dt.date(2020, 1, 10))
    ComplianceCertificateFactory(audit_return=audit_return, name="Cyber Essentials", issuer="",
                                 achieved_on=dt.date(2019, 6, 1), expires_on=dt.date(2020, 6, 1))
    assert texts(build(gwent)) == [
        "Gwent Police achieved PSN compliance from the Home Office on 10 January 2019. It "
        "expired on 10 January 2020.",
        "Gwent Police achieved Cyber Essentials in June 2019. It expires on 1 June 2020.",
    ]


def test_percentages_are_whole_numbers_rounded_half_up(gwent):
    RemediationProgressFactory(audit_return__organisation=gwent, severity="medium",
                               percent_complete="66.50")
    assert whole_percent("66.49") == 66
    assert [r.cells for r in table(build(gwent), "remediation-by-severity").rows] == [
        ("Medium", 67)]


def _year_of_figures(organisation, start_year, quarters=(Quarter.FULL_YEAR,)):
    year = FinancialYearFactory(start_year=start_year)
    for quarter in quarters:
        audit_return = AuditReturnFactory(organisation=organisation, year=year, quarter=quarter,
                                          recommendations_stated_total=3)
        for _ in range(3):
            review = AuditReviewFactory(audit_return=audit_return)
            RecommendationFactory.create_batch(2, review=review)
        RecommendationCountFactory(audit_return=audit_return, priority="low", count=3)
        HealthCheckFactory(audit_return=audit_return)
        RemediationProgressFactory(audit_return=audit_return)
        ComplianceCertificateFactory(audit_return=audit_return)


def test_build_runs_the_same_queries_however_much_is_held(gwent, django_assert_num_queries):
    _year_of_figures(gwent, 2019)
    section, year = AuditSection(), FinancialYear.objects.get(start_year=2019)
    # The opinion scale; reviews by year and opinion; the year's reviews; recommendation
    # rows, counts and stated totals by year; recommendations open at the year's end;
    # health checks, remediation by severity and certificates of the latest returns.
    queries = 10
    with django_assert_num_queries(queries):
        section.build(organisation=gwent, year=year)
    for start_year in (2015, 2016, 2017, 2018):
        _year_of_figures(gwent, start_year)
    _year_of_figures(gwent, 2020, quarters=(Quarter.Q1, Quarter.Q2, Quarter.Q3))
    year = FinancialYear.objects.get(start_year=2020)
    with django_assert_num_queries(queries):
        data = section.build(organisation=gwent, year=year)
    assert data.headlines[0].trend[-1] == ("2020/21", 9)
