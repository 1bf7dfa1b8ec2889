"""/projects/ in Debian's Chromium: charts are drawn under the site's strict CSP, axe
finds no accessibility violation in the page's content, and the portfolio filters and
sorts from the keyboard."""

import os
import re
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
PAGE = "/projects/?organisation=gwent-police&year=2019-20"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not CHROMIUM.exists() and os.environ.get("CI") != "true",
        reason="Debian's Chromium (/usr/bin/chromium) is not installed",
    ),
]


@pytest.fixture
def page(live_server, client, staff_user, shipped_report):
    """A signed-in browser page. Everything touching the database happens first:
    Playwright's sync API runs an event loop, inside which Django refuses queries."""
    from playwright.sync_api import sync_playwright

    client.force_login(staff_user)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                             args=["--no-sandbox"])
        context = browser.new_context()
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                              "url": live_server.url}])
        page = context.new_page()
        # Script errors and refused scripts or styles (a CSP violation is logged as a
        # console error); the site has no favicon, which is not this page's concern.
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda m: m.type == "error"
                and not m.location.get("url", "").endswith("/favicon.ico")
                and errors.append(m.text))
        page.errors = errors
        yield page
        browser.close()


def test_charts_are_drawn_and_the_page_passes_axe(page, live_server):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{live_server.url}{PAGE}")
    page.wait_for_selector("#figure-core-planned-work-chart .main-svg", timeout=15_000)
    assert page.locator(".chart__plot:has(.main-svg)").count() == 2
    assert page.errors == []

    # This page's own content; the header and selector come from base.html.
    results = Axe().run(page, context="main")
    assert results.violations_count == 0, results.generate_report()


def test_portfolio_filters_and_sorts_from_the_keyboard(page, live_server):
    page.goto(f"{live_server.url}{PAGE}")
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
