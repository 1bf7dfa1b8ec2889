"""axe-core (WCAG 2.0/2.1 A and AA, 2.2 AA) on the Welsh pages: the overview, the report
page, a section dashboard, the sign-in page and the public edition, at a desktop width
(1366 px) and the narrowest reflow width (320 px). Every violation is listed with its
page and width before the test fails. (The English pages: tests/browser.)"""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

# The browser tests' own fixtures, for this module outside tests/browser.
from tests.browser.conftest import (  # noqa: F401
    _orm_beside_playwright,
    browser,
    unlock_for_flush,
    wait_for_charts,
)
from tests.browser.test_axe_site_pages import wcag_violations
from tests.editions.factories import (
    approve_and_publish,
    approver_of,
    editor_of,
    small_report,
    stand_in_pdf,
)
from tests.factories import UserFactory
from tests.reportpage.factories import reports_over_years

pytestmark = pytest.mark.browser

WIDTHS = (1366, 320)
SELECTED = "?organisation=gwent-police&year=2019-20"


def welsh(name, *args, query=""):
    with translation.override("cy"):
        return reverse(name, args=args) + query


def signed_in_paths() -> list[str]:
    return [
        welsh("reports:overview", query=SELECTED),
        welsh("reports:report", "gwent-police", "2019-20"),
        welsh("servicedesk:dashboard", query=SELECTED),
    ]


def anonymous_paths() -> list[str]:
    return [
        welsh("login"),
        welsh("reports:report", "gwent-police", "2020-21"),
        welsh("reports:edition", "gwent-police", "2020-21", 1),
    ]


@pytest.fixture
def site(shipped_report, monkeypatch):
    """The shipped report with two earlier years (trends drawn), a published public
    2020/21 edition, and a signed-in shared-service administrator's session."""
    stand_in_pdf(monkeypatch)
    gwent = shipped_report.organisation
    reports_over_years(organisation=gwent, years=(2017, 2018))
    report, desk_return = small_report(gwent)
    approve_and_publish(report, [desk_return], editor=editor_of(gwent),
                        approver=approver_of(gwent))
    client = Client()
    client.force_login(UserFactory(username="performance.officer", is_staff=True,
                                   is_superuser=True))
    yield client.cookies["sessionid"].value
    unlock_for_flush()


def _check(context, base_url, path, width, found):
    page = context.new_page()
    try:
        response = page.goto(f"{base_url}{path}")
        assert response is not None and response.status == 200, path
        assert page.locator("html").get_attribute("lang") == "cy", path
        wait_for_charts(page)
        for line in wcag_violations(page):
            found.append(f"{width} px {path}: {line}")
    finally:
        page.close()


def test_welsh_pages_have_no_wcag_violation(browser, live_server, site, welsh_catalogue):  # noqa: F811
    found: list[str] = []
    for width in WIDTHS:
        viewport = {"width": width, "height": 800}
        member = browser.new_context(viewport=viewport)
        member.add_cookies([{"name": "sessionid", "value": site, "url": live_server.url}])
        try:
            for path in signed_in_paths():
                _check(member, live_server.url, path, width, found)
        finally:
            member.close()
        anonymous = browser.new_context(viewport=viewport)
        try:
            for path in anonymous_paths():
                _check(anonymous, live_server.url, path, width, found)
        finally:
            anonymous.close()
    assert found == [], "\n" + "\n".join(found)
