"""Section dashboards' tables by keyboard alone: sorting and filtering.

(Charts drawing and axe on every section page are in test_accessibility.py.)
"""

import re

import pytest

from tests.browser.conftest import wait_for_charts

pytestmark = pytest.mark.browser

SELECTED = "?organisation=gwent-police&year=2019-20"


def test_service_desk_tables_sort_from_the_keyboard(signed_in_page, page_log, live_server,
                                                    shipped_report):
    page = signed_in_page
    page.goto(f"{live_server.url}/servicedesk/{SELECTED}")
    wait_for_charts(page)
    page.get_by_role("link", name="Telephone").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**calls-by-year-data-sort=s0**")
    header = page.locator("#table-calls-by-year-data th[aria-sort]")
    assert header.get_attribute("aria-sort") == "ascending"
    assert page.locator("#table-calls-by-year-data tbody th").first.inner_text() == "2019/20"
    page_log.assert_clean()


def test_portfolio_filters_and_sorts_from_the_keyboard(signed_in_page, page_log, live_server,
                                                       shipped_report):
    page = signed_in_page
    page.goto(f"{live_server.url}/projects/{SELECTED}")
    page.get_by_label("Delivery route").focus()
    page.keyboard.press("End")  # the last choice: not recorded
    page.get_by_role("button", name="Filter").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**delivery_route=none**")
    rows = page.locator("#table-portfolio-filtered tbody tr")
    assert rows.count() == 6

    page.get_by_role("link", name=re.compile(r"^Project\b")).focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**sort=name**")
    assert "delivery_route=none" in page.url
    header = page.locator("#table-portfolio-filtered th[aria-sort]")
    assert header.get_attribute("aria-sort") == "ascending"
    assert rows.first.locator("th").inner_text() == "3F Dual Screen Rollout"
    page_log.assert_clean()
