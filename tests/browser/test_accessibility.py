"""axe-core on every kind of page: no serious or critical WCAG violation.

Pages are checked after their charts are drawn, so plotly's SVG is checked too.
"""

import pytest
from django.urls import reverse

from ictreport.core import registry
from tests.browser.conftest import blocking_violations, wait_for_charts
from tests.reportpage.factories import register_fake_section

pytestmark = pytest.mark.browser

SELECTED = "?organisation=gwent-police&year=2019-20"
SECTIONS_WITH_PAGES = [s.key for s in registry.sections() if s.url_name]


@pytest.fixture
def report_data(held_report, monkeypatch):
    """The module's figures (loaded once), and the fake section for this test."""
    register_fake_section(monkeypatch)
    return held_report


def test_login_page_has_no_serious_violations(page, page_log, live_server, transactional_db):
    page.goto(f"{live_server.url}/en/accounts/login/")
    assert blocking_violations(page) == []
    page_log.assert_clean()


def test_login_errors_have_no_serious_violations(page, page_log, live_server,
                                                transactional_db):
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").is_visible()
    assert blocking_violations(page) == []


def test_sign_in_paused_page_has_no_serious_violations(page, live_server, transactional_db):
    page.goto(f"{live_server.url}/en/accounts/login/")
    for _ in range(5):
        page.get_by_label("Username").fill("someone")
        page.get_by_label("Password").fill("not the password")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
    assert page.get_by_role("heading", name="Too many attempts to sign in").is_visible()
    assert page.get_by_role("alert").is_visible()
    assert blocking_violations(page) == []


@pytest.mark.parametrize("path", [
    f"/en/{SELECTED}",
    "/en/reports/",
    "/en/reports/gwent-police/2019-20/",
    "/en/reports/gwent-police/2019-20/?edition=public",
    "/en/accounts/password/",
])
def test_page_has_no_serious_violations(member_page, page_log, site_server, report_data,
                                        path):
    member_page.goto(f"{site_server.url}{path}")
    wait_for_charts(member_page)
    assert blocking_violations(member_page) == []
    page_log.assert_clean()


@pytest.mark.parametrize("key", SECTIONS_WITH_PAGES)
def test_section_page_has_no_serious_violations(member_page, page_log, site_server,
                                                report_data, key):
    url_name = registry.get_section(key).url_name
    member_page.goto(f"{site_server.url}{reverse(url_name)}{SELECTED}")
    wait_for_charts(member_page)
    assert blocking_violations(member_page) == []
    page_log.assert_clean()


def test_overview_without_any_figures_has_no_serious_violations(signed_in_page, page_log,
                                                                live_server):
    signed_in_page.goto(f"{live_server.url}/en/")
    assert blocking_violations(signed_in_page) == []
    page_log.assert_clean()
