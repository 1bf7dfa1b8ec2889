"""A signed-in user's way through the site in a real browser: overview, a section, the
report. Charts must really be drawn by plotly.js, nothing may go wrong in the console,
and no request may leave this machine."""

import pytest

from ictreport.core import registry
from tests.browser.conftest import sign_in, wait_for_charts
from tests.reportpage.factories import register_fake_section

pytestmark = pytest.mark.browser

SECTIONS_WITH_PAGES = [s.key for s in registry.sections() if s.url_name]


@pytest.fixture
def held_years(held_report):
    """The shipped 2019/20 report with two earlier years, so cards have trends (loaded
    once for the module)."""
    return held_report


def test_overview_draws_every_trend_chart(member_page, page_log, site_server, held_years,
                                          monkeypatch):
    register_fake_section(monkeypatch)
    page = member_page
    page.goto(f"{site_server.url}/en/?organisation=gwent-police&year=2019-20")
    drawn = wait_for_charts(page)
    assert drawn >= 1
    assert page.locator(".card").count() == len(registry.sections())
    page_log.assert_clean()


@pytest.mark.parametrize("key", SECTIONS_WITH_PAGES)
def test_a_card_leads_to_its_section_page(member_page, page_log, site_server, held_years,
                                          key):
    section = registry.get_section(key)
    page = member_page
    page.goto(f"{site_server.url}/en/?organisation=gwent-police&year=2019-20")
    page.locator(f"#card-{key}-title a").click()
    page.wait_for_load_state()
    assert "organisation=gwent-police" in page.url and "year=2019-20" in page.url
    assert page.get_by_role("heading", level=1).is_visible()
    assert str(section.title) in page.content()
    wait_for_charts(page)
    page_log.assert_clean()


def test_report_page_draws_every_chart(member_page, page_log, site_server, held_years,
                                       monkeypatch):
    register_fake_section(monkeypatch)
    page = member_page
    page.goto(f"{site_server.url}/en/reports/")
    page.get_by_role("link", name=held_years.title).click()
    page.wait_for_url(f"{site_server.url}/en/reports/gwent-police/2019-20/")
    assert page.get_by_role("heading", level=1, name=held_years.title).is_visible()
    drawn = wait_for_charts(page)
    assert drawn >= 1 and drawn == page.locator("[data-chart]").count()
    # No plotly toolbar at all (with it, plotly.js 3 also offered to upload the chart
    # to its cloud): each chart's data has its own download link instead.
    assert page.locator(".modebar, .modebar-btn").count() == 0
    assert page.locator("figure.chart a[download]").count() == drawn
    page_log.assert_clean()


def test_sign_in_overview_section_and_report_by_following_links(page, page_log, site_server,
                                                                 member, held_years):
    """The whole way through, by clicking only: sign in through the form (which opens
    the overview, saying who is signed in), the overview's card for a section, that
    section's page, then the 2019/20 report from the navigation."""
    sign_in(page, site_server.url, member.username)
    assert page.get_by_text(f"Signed in as {member.username}").is_visible()
    assert page.get_by_role("heading", level=1).is_visible()
    wait_for_charts(page)
    card_link = page.locator(".card h2 a").first
    href = card_link.get_attribute("href")
    card_link.click()
    page.wait_for_url(f"{site_server.url}{href}")
    assert page.get_by_role("heading", level=1).is_visible()
    wait_for_charts(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Annual reports").click()
    page.get_by_role("link", name=held_years.title).click()
    page.wait_for_url(f"{site_server.url}/en/reports/gwent-police/2019-20/")
    assert wait_for_charts(page) == page.locator("[data-chart]").count()
    page_log.assert_clean()
