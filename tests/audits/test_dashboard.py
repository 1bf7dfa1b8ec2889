import csv
import datetime as dt
import io

import pytest
import time_machine

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
from tests.factories import FinancialYearFactory

pytestmark = pytest.mark.django_db

URL = "/en/audits/"
SELECTED = "?organisation=gwent-police&year=2019-20"


def test_without_any_organisation_the_page_explains_what_to_do(staff_client):
    response = staff_client.get(URL)
    assert response.status_code == 200
    assert b"No organisation or year is set up yet" in response.content


def test_a_year_without_audit_figures_says_so(staff_client, gwent):
    FinancialYearFactory(start_year=2019)
    response = staff_client.get(URL + SELECTED)
    assert response.status_code == 200
    html = response.content.decode()
    assert "No audit figures were recorded for Gwent Police in 2019/20." in html
    assert "No individual recommendations are recorded for this year or earlier." in html


def test_the_shipped_year_shows_its_figures(staff_client, shipped_report):
    response = staff_client.get(URL + SELECTED)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Audit: Gwent Police, 2019/20" in html
    assert '<span class="headline__value">12</span>' in html
    assert "These reports generated 48 recommendations, of which one was high, 34 were medium " \
           "and 13 were low." in html
    assert "41 remediation tasks have been completed (covering 1,000 host devices)" in html
    assert '<td class="num">85%</td>' in html
    # The organisation/year selector, the charts' data and the scripts that draw them.
    assert 'id="id_organisation"' in html
    assert 'id="chart-reviews-by-opinion-data"' in html
    assert "vendor/plotly.min.js" in html and "js/charts.js" in html
    assert "export=csv&amp;table=reviews" in html


def test_a_table_downloads_as_csv(staff_client, shipped_report):
    response = staff_client.get(URL + SELECTED + "&export=csv&table=remediation-by-severity")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="audit-gwent-police-2019-20-remediation-by-severity.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [["Severity", "% Complete"], ["High", "85"], ["Medium", "67"], ["Low", "71"],
                    ["Information", "88"]]


def test_a_table_downloads_as_xlsx(staff_client, shipped_report):
    response = staff_client.get(URL + SELECTED + "&export=xlsx&table=reviews")
    assert response.status_code == 200
    assert response.content[:2] == b"PK"  # a zip: the XLSX container


def test_an_unknown_table_or_format_is_404(staff_client, shipped_report):
    assert staff_client.get(URL + SELECTED + "&export=csv&table=nothing").status_code == 404
    assert staff_client.get(URL + SELECTED + "&export=pdf&table=reviews").status_code == 404


def test_an_unknown_organisation_or_year_is_404(staff_client, shipped_report):
    assert staff_client.get(URL + "?organisation=nowhere").status_code == 404
    assert staff_client.get(URL + "?organisation=gwent-police&year=2031-32").status_code == 404


@pytest.fixture
def tracked(gwent):
    """Individual recommendations over two years, one of them implemented."""
    review = AuditReviewFactory(audit_return__organisation=gwent, title="Firewall")
    RecommendationFactory(review=review, description="Patch the firewall", priority="high",
                          due_on=dt.date(2019, 12, 31))
    RecommendationFactory(review=review, description="Document the rules", priority="low",
                          due_on=dt.date(2020, 6, 30), owner="Network team")
    RecommendationFactory(review=review, description="Replace the old firewall",
                          due_on=dt.date(2019, 6, 30), status="implemented",
                          status_changed_on=dt.date(2019, 7, 1))
    earlier = AuditReviewFactory(audit_return__organisation=gwent, title="Back Office",
                                 audit_return__year=FinancialYearFactory(start_year=2018))
    RecommendationFactory(review=earlier, description="Test the backups", priority="medium",
                          due_on=dt.date(2020, 2, 1))
    return review


@time_machine.travel(dt.datetime(2020, 3, 1, 12, tzinfo=dt.UTC), tick=False)
def test_open_recommendations_list_overdue_ones_first(staff_client, tracked):
    html = staff_client.get(URL + SELECTED).content.decode()
    assert '-caption">Recommendations open on 1 March 2020</caption>' in html
    order = [html.index(d) for d in ("Patch the firewall", "Test the backups",
                                     "Document the rules")]
    assert order == sorted(order)
    assert "Replace the old firewall" not in html
    assert "On 1 March 2020 three recommendations were open, two of them overdue." in html


@time_machine.travel(dt.datetime(2020, 3, 1, 12, tzinfo=dt.UTC), tick=False)
def test_open_recommendations_can_be_filtered(staff_client, tracked):
    html = staff_client.get(URL + SELECTED + "&overdue=false").content.decode()
    assert "Document the rules" in html and "Patch the firewall" not in html
    html = staff_client.get(URL + SELECTED + "&priority=medium").content.decode()
    assert "Test the backups" in html and "Document the rules" not in html
    html = staff_client.get(URL + SELECTED + "&search=network").content.decode()
    assert "Document the rules" in html and "Test the backups" not in html
    response = staff_client.get(URL + SELECTED + "&priority=urgent")
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()


@time_machine.travel(dt.datetime(2020, 3, 1, 12, tzinfo=dt.UTC), tick=False)
def test_open_recommendations_export_as_filtered(staff_client, tracked):
    response = staff_client.get(
        URL + SELECTED + "&priority=high&export=csv&table=open-recommendations")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="audit-gwent-police-2019-20-open-recommendations.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["Overdue", "Due", "Priority", "Recommendation", "Owner", "Review", "Year raised"],
        ["yes", "2019-12-31", "High", "Patch the firewall", "Head of infrastructure",
         "Firewall", "2019/20"],
    ]
    response = staff_client.get(URL + SELECTED + "&export=xlsx&table=open-recommendations")
    assert response.content[:2] == b"PK"


def _year_of_figures(organisation, start_year):
    year = FinancialYearFactory(start_year=start_year)
    audit_return = AuditReturnFactory(organisation=organisation, year=year,
                                      quarter=Quarter.FULL_YEAR, recommendations_stated_total=6)
    for _ in range(3):
        RecommendationFactory.create_batch(2, review=AuditReviewFactory(audit_return=audit_return))
    RecommendationCountFactory(audit_return=audit_return, count=6)
    HealthCheckFactory(audit_return=audit_return)
    RemediationProgressFactory(audit_return=audit_return)
    ComplianceCertificateFactory(audit_return=audit_return)


@time_machine.travel(dt.datetime(2020, 3, 1, 12, tzinfo=dt.UTC), tick=False)
def test_the_page_runs_the_same_queries_however_much_is_held(staff_client, gwent,
                                                             django_assert_num_queries):
    _year_of_figures(gwent, 2019)
    # The session and its user; organisations and years for the selector; the section's
    # ten (see audits.selectors.figures_get); the open recommendations.
    queries = 2 + 2 + 10 + 1
    # The first time, the choice is kept in the session: savepoint, update, release.
    with django_assert_num_queries(queries + 3):
        assert staff_client.get(URL + SELECTED).status_code == 200
    for start_year in (2015, 2016, 2017, 2018):
        _year_of_figures(gwent, start_year)
    with django_assert_num_queries(queries):
        response = staff_client.get(URL + SELECTED)
    assert response.content.decode().count("<tr") > 30  # every open recommendation listed


@time_machine.travel(dt.datetime(2020, 3, 1, 12, tzinfo=dt.UTC), tick=False)
def test_open_recommendations_sort_state_is_told_by_aria_sort(staff_client, tracked):
    html = staff_client.get(URL + SELECTED + "&sort=-due_on").content.decode()
    assert html.count("aria-sort=") == 1
    assert ('aria-sort="descending"><a class="sort-link" id="sort-open-recommendations-due_on"'
            in html)
    # The link loads the page at itself, so the focus comes back to it; its arrow is
    # decoration.
    assert ('sort=due_on#sort-open-recommendations-due_on">Due'
            '<span class="sort-arrow" aria-hidden="true"></span></a>') in html
