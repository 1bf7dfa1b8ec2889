"""/en/finance/: the section for any organisation and year, with downloadable tables."""

import csv
import io

import pytest

from ictreport.core.periods import Quarter
from tests.factories import FinancialYearFactory, OrganisationFactory
from tests.finance.factories import record

pytestmark = pytest.mark.django_db

SHIPPED = "/en/finance/?organisation=gwent-police&year=2019-20"


def test_needs_login(client, shipped_report):
    response = client.get(SHIPPED)
    assert response.status_code == 302 and "/en/accounts/login/" in response["Location"]


def test_shows_the_section_with_its_headlines_charts_and_findings(staff_client, shipped_report):
    response = staff_client.get(SHIPPED)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Gwent Police: financial performance 2019/20" in page
    assert '<span class="headline__value">£8,730,735</span>' in page
    assert "Underspent for the year by £0.08m" in page
    assert '-caption">Financial performance 2019/20</caption>' in page
    assert "Overall, the budgets were underspent for the year by £0.08m." in page
    assert 'data-chart="chart-variance-data"' in page
    assert "a difference of £1" in page
    assert '-caption">Budget, expenditure and variance by year</caption>' in page
    assert ("?organisation=gwent-police&amp;year=2019-20&amp;export=csv&amp;"
            "table=financial-performance") in page
    assert '<option value="gwent-police" selected>Gwent Police</option>' in page
    assert page.index("vendor/plotly.min.js") < page.index("js/charts.js")
    assert "Quarter by quarter" not in page  # a full-year return has no quarters


def test_any_organisation_and_year(staff_client, gwent):
    other = OrganisationFactory(name="Torfaen County Borough Council", slug="torfaen")
    record(other, 2020, Quarter.Q1, {"Network": ("80000", "25000")})
    record(gwent, 2020, Quarter.Q1, {"Airwave": ("600000", "1")})
    page = staff_client.get("/en/finance/?organisation=torfaen&year=2020-21").content.decode()
    assert "Torfaen County Borough Council: financial performance 2020/21" in page
    assert '<th scope="row">Network</th>' in page and "Airwave" not in page
    assert '-caption">Expenditure by quarter, 2020/21</caption>' in page
    assert "Cumulative expenditure against budget, 2020/21" in page


def test_year_without_figures_says_so(staff_client, gwent):
    record(gwent, 2020, Quarter.Q1, {"Airwave": ("600000", "1")})
    FinancialYearFactory(start_year=2021)
    response = staff_client.get("/en/finance/?organisation=gwent-police&year=2021-22")
    assert response.status_code == 200
    assert b"No financial figures were recorded for Gwent Police in 2021/22." in (
        response.content)
    assert b"headline__value" not in response.content


def test_nothing_set_up_explains_what_to_do(staff_client):
    response = staff_client.get("/en/finance/")
    assert response.status_code == 200
    assert b"No organisation or year is set up yet" in response.content


def test_unknown_selection_is_404(staff_client, shipped_report):
    assert staff_client.get("/en/finance/?organisation=nowhere").status_code == 404
    assert staff_client.get("/en/finance/?year=1999-00").status_code == 404


def test_table_downloads_as_csv_with_raw_values(staff_client, shipped_report):
    response = staff_client.get(f"{SHIPPED}&export=csv&table=financial-performance")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="finance-gwent-police-2019-20-financial-performance.csv"' in (
        response["Content-Disposition"])
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[0] == ["Budget line", "Budget (£)", "Expenditure (£)", "Variance (£)"]
    assert rows[4] == ["National ICT Services", "779164", "820701", "-41537"]
    assert rows[6] == ["Total", "8813929", "8730735", "83194"]


def test_dashboard_tables_and_chart_data_download_as_xlsx(staff_client, shipped_report):
    for table in ("years", "variance-data", "budget-expenditure-data"):
        response = staff_client.get(f"{SHIPPED}&export=xlsx&table={table}")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_unknown_table_download_is_404(staff_client, shipped_report):
    assert staff_client.get(f"{SHIPPED}&export=csv&table=nonsense").status_code == 404
    assert staff_client.get(f"{SHIPPED}&export=pdf&table=years").status_code == 404


def test_page_reads_a_fixed_number_of_queries(staff_client, gwent, django_assert_num_queries):
    record(gwent, 2019, Quarter.FULL_YEAR, {"A": ("1000", "900")})
    url = "/en/finance/?organisation=gwent-police&year=2019-20"
    # session, user, organisations, years; line positions, every year held, quarters,
    # stated totals, threshold, unmapped ledger accounts; the choice kept in the session
    # (savepoint, update, release)
    with django_assert_num_queries(13):
        assert staff_client.get(url).status_code == 200

    for start in (2016, 2017, 2018):
        record(gwent, start, Quarter.FULL_YEAR, {f"L{n}": ("1000", "900") for n in range(8)})
    for quarter in (1, 2, 3):
        record(gwent, 2019 + 1, quarter, {f"L{n}": ("1000", "200") for n in range(8)})
    with django_assert_num_queries(13):  # another year chosen, so kept again
        response = staff_client.get("/en/finance/?organisation=gwent-police&year=2020-21")
    assert response.status_code == 200
    assert b'-caption">Expenditure by quarter, 2020/21</caption>' in response.content
