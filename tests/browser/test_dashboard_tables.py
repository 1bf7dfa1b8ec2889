"""Section dashboards' tables by keyboard alone: sorting and filtering.

(Charts drawing and axe on every section page: test_journey.py, test_axe_site_pages.py.)
"""

import re

import pytest

from tests.browser.conftest import wait_for_charts

pytestmark = pytest.mark.browser

SELECTED = "?organisation=gwent-police&year=2019-20"


def test_service_desk_tables_sort_from_the_keyboard(member_page, page_log, site_server,
                                                    held_report):
    page = member_page
    page.goto(f"{site_server.url}/en/servicedesk/{SELECTED}")
    wait_for_charts(page)
    page.get_by_role("link", name="Telephone").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**calls-by-year-data-sort=s0**")
    header = page.locator("#table-calls-by-year-data th[aria-sort]")
    assert header.get_attribute("aria-sort") == "ascending"
    assert page.locator("#table-calls-by-year-data tbody th").first.inner_text() == "2019/20"
    # The focus is back on the header just activated, not at the top of the page, and
    # the header is named by its text alone: the arrow is decoration, the sort state
    # is aria-sort's.
    assert page.evaluate("document.activeElement.id") == "sort-calls-by-year-data-s0"
    link = header.get_by_role("link", name="Telephone", exact=True)
    assert link.count() == 1
    assert link.evaluate("el => el.matches(':focus-visible')")
    # Left out of the header's accessible name, the arrow is still drawn for those who
    # see it.
    snapshot = page.locator("#table-calls-by-year-data thead").aria_snapshot()
    assert "▲" not in snapshot and "⇅" not in snapshot
    assert 'columnheader "Telephone"' in snapshot
    arrow = page.locator("#sort-calls-by-year-data-s0 .sort-arrow")
    assert arrow.evaluate("el => getComputedStyle(el, '::before').content") == '" ▲"'
    page.keyboard.press("Enter")
    page.wait_for_url("**calls-by-year-data-sort=-s0**")
    assert header.get_attribute("aria-sort") == "descending"
    assert page.evaluate("document.activeElement.id") == "sort-calls-by-year-data-s0"
    page_log.assert_clean()


def test_portfolio_filters_and_sorts_from_the_keyboard(member_page, page_log, site_server,
                                                       held_report):
    page = member_page
    page.goto(f"{site_server.url}/en/projects/{SELECTED}")
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
