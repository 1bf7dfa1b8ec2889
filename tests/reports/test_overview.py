"""The overview: one card per registered section for the organisation and year chosen
in the URL, each headline with its trend drawn and tabulated."""

import json

import pytest
from django.urls import reverse

from ictreport.core import registry
from tests.factories import FinancialYearFactory, OrganisationFactory
from tests.reportpage.factories import WidgetSection, register_fake_section, reports_over_years

pytestmark = pytest.mark.django_db


class PagedWidgetSection(WidgetSection):
    """The fake section with a page of its own; any named page stands in for it."""

    key = "pagedwidgets"
    url_name = "reports:report_list"


@pytest.fixture
def widgets(monkeypatch):
    return register_fake_section(monkeypatch)


@pytest.fixture
def held(gwent):
    return reports_over_years(organisation=gwent, years=(2017, 2018, 2019))


def test_each_registered_section_has_a_card_with_its_headlines(staff_client, widgets, held):
    html = staff_client.get("/en/?organisation=gwent-police&year=2019-20").content.decode()
    assert html.count('<li class="card"') == len(registry.sections())
    assert '<h2 id="card-widgets-title">Widget returns</h2>' in html
    assert "<dt>Widgets</dt>" in html
    assert '<span class="headline__value">30</span>' in html
    assert "Ten more than the year before" in html
    assert '<span class="headline__value">50%</span>' in html


def test_card_links_to_its_section_page_for_the_same_organisation_and_year(
        staff_client, monkeypatch, held):
    register_fake_section(monkeypatch, PagedWidgetSection)
    html = staff_client.get("/en/?organisation=gwent-police&year=2018-19").content.decode()
    url = reverse("reports:report_list")
    assert f'href="{url}?organisation=gwent-police&amp;year=2018-19">Widget returns</a>' in html


def test_trend_is_drawn_from_json_data_with_its_table_beside_it(staff_client, widgets, held):
    html = staff_client.get("/en/?organisation=gwent-police&year=2019-20").content.decode()
    start = html.index('<script id="chart-trend-widgets-1-data" type="application/json">')
    data = json.loads(html[html.index(">", start) + 1:html.index("</script>", start)])
    assert data["data"][0]["x"] == ["2017/18", "2018/19", "2019/20"]
    assert data["data"][0]["y"] == [10, 20, 30]
    assert data["config"] == {"displayModeBar": False}
    assert 'data-chart="chart-trend-widgets-1-data"' in html
    assert "Widgets by year, oldest first: 2017/18: 10; 2018/19: 20; 2019/20: 30." in html
    assert '<tr><th scope="row">2018/19</th><td class="num">20</td></tr>' in html
    assert "vendor/plotly.min.js" in html and "js/charts.js" in html


def test_headline_without_earlier_years_says_there_is_no_trend(staff_client, widgets, held):
    html = staff_client.get("/en/?organisation=gwent-police&year=2019-20").content.decode()
    assert html.count("No earlier years held to compare with.") == 1  # the share's
    assert "there are no trends to show yet" not in html


def test_card_without_any_trend_says_so_once(staff_client, widgets, held):
    html = staff_client.get("/en/?organisation=gwent-police&year=2017-18").content.decode()
    assert 'data-chart="chart-trend-widgets-1-data"' not in html
    assert "No earlier years held to compare with." not in html
    assert html.count("No earlier years are held, so there are no trends to show yet.") == 1
    assert "vendor/plotly.min.js" not in html  # nothing to draw, so no chart code


def test_year_without_figures_says_so(staff_client, widgets, held):
    FinancialYearFactory(start_year=2020)
    html = staff_client.get("/en/?organisation=gwent-police&year=2020-21").content.decode()
    assert "No figures recorded for this year." in html
    assert "There is no annual report for Gwent Police in 2020/21 yet" in html


def test_selection_comes_from_the_url(staff_client, widgets, held):
    other = OrganisationFactory(name="Torfaen County Borough Council", slug="torfaen")
    reports_over_years(organisation=other, years=(2018,))
    html = staff_client.get("/en/?organisation=torfaen&year=2018-19").content.decode()
    assert "Torfaen County Borough Council: ICT performance 2018/19" in html
    assert '<option value="torfaen" selected>' in html
    assert '<option value="2018-19" selected>' in html
    assert 'href="/en/reports/torfaen/2018-19/"' in html


def test_overview_without_sections_says_there_is_nothing_to_show(staff_client, held,
                                                                 monkeypatch):
    monkeypatch.setattr(registry, "_sections", {})
    html = staff_client.get("/en/?organisation=gwent-police&year=2019-20").content.decode()
    assert "No report sections are installed" in html
    assert "vendor/plotly.min.js" not in html
