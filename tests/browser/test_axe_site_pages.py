"""axe-core with the WCAG 2.0/2.1/2.2 A and AA rules on every site page, at a desktop
(1366 px), a phone (390 px) and the narrowest reflow width (320 px): no violation of
any impact.

The figures are loaded once for the module's one test: the shipped 2019/20 report with
two earlier years (so every chart and trend is drawn), and a published, publicly
disclosable 2020/21 edition for the pages anyone may open. Every page is loaded
once and checked at every width in turn (resized, its charts redrawn), signed in (by
session cookie) or not as the page is meant to be seen, and
every violation found is listed with its page and width before the test fails, so one
run shows all that is left to fix.
"""

import pytest
from django.test import Client
from django.urls import reverse

from ictreport.core import registry
from tests.browser.conftest import (
    CHART_TIMEOUT_MS,
    axe_violations,
    unlock_for_flush,
    wait_for_charts,
)
from tests.editions.factories import (
    approve_and_publish,
    approver_of,
    editor_of,
    small_report,
    stand_in_pdf,
)
from tests.factories import UserFactory
from tests.reportpage.factories import register_fake_section, reports_over_years

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = (1366, 390, 320)
SELECTED = "?organisation=gwent-police&year=2019-20"
PUBLIC_REPORT = "/en/reports/gwent-police/2020-21/"


def signed_in_paths() -> list[str]:
    sections = [registry.get_section(s.key).url_name
                for s in registry.sections() if s.url_name]
    return [
        f"/en/{SELECTED}",
        *(f"{reverse(url_name)}{SELECTED}" for url_name in sections),
        "/en/reports/",
        "/en/reports/gwent-police/2019-20/",
        "/en/reports/gwent-police/2019-20/?edition=public",
        f"{PUBLIC_REPORT}editions/1/",
        "/en/accounts/password/",
        "/en/accessibility/",
        "/no-such-page/",
    ]


ANONYMOUS_PATHS = [
    "/en/accounts/login/",
    "/en/accessibility/",
    PUBLIC_REPORT,
    f"{PUBLIC_REPORT}editions/1/",
    "/no-such-page/",
]


def wcag_violations(page) -> list[str]:
    """Every axe violation of the WCAG A/AA rules, whatever its impact, one line each."""
    violations = axe_violations(page, {
        "runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"],
    })
    return [
        f"{v['impact']} {v['id']}: {v['help']} — "
        + "; ".join(", ".join(map(str, node["target"])) for node in v["nodes"][:5])
        + (f" (+{len(v['nodes']) - 5} more)" if len(v["nodes"]) > 5 else "")
        for v in violations
    ]


@pytest.fixture
def site(shipped_report, monkeypatch):
    """All the figures the pages show, and a signed-in superuser's session."""
    register_fake_section(monkeypatch)
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
    unlock_for_flush()  # the flush after this live-server test deletes the signed-off rows


# A resize is drawn at the next frame, and plotly redraws a chart 100 ms after it.
NEXT_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
CHARTS_RESIZED = """() => Array.from(document.querySelectorAll('[data-chart]')).every(
                        el => !el._resolveResize)"""


def _at_every_width(page, name, found):
    """axe on the page as loaded, at each width in turn (resized, its charts redrawn)."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.evaluate(NEXT_FRAMES)
        page.wait_for_function(CHARTS_RESIZED, timeout=CHART_TIMEOUT_MS)
        wait_for_charts(page)
        for line in wcag_violations(page):
            found.append(f"{width} px {name}: {line}")


def _check(context, base_url, path, found):
    page = context.new_page()
    try:
        response = page.goto(f"{base_url}{path}")
        assert response is not None
        _at_every_width(page, path, found)
    finally:
        page.close()


def _check_login_errors(context, base_url, found):
    page = context.new_page()
    try:
        page.goto(f"{base_url}/en/accounts/login/")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        assert page.get_by_role("alert").is_visible()
        _at_every_width(page, "login with errors", found)
    finally:
        page.close()


def test_every_site_page_has_no_wcag_violation_at_any_width(browser, live_server, site):
    """Each page is loaded once, in a context signed in or not, and checked at every
    width by resizing it, as a reader turning a phone or narrowing a window would."""
    found: list[str] = []
    viewport = {"width": WIDTHS[0], "height": 800}
    member = browser.new_context(viewport=viewport)
    member.add_cookies([{"name": "sessionid", "value": site, "url": live_server.url}])
    try:
        for path in signed_in_paths():
            _check(member, live_server.url, path, found)
    finally:
        member.close()
    anonymous = browser.new_context(viewport=viewport)
    try:
        for path in ANONYMOUS_PATHS:
            _check(anonymous, live_server.url, path, found)
        _check_login_errors(anonymous, live_server.url, found)
    finally:
        anonymous.close()
    assert found == [], "\n" + "\n".join(found)
