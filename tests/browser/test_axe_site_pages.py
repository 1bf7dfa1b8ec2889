"""axe-core on every site page, English and Welsh, with nothing going wrong in the console
and no request leaving this machine.

English: the WCAG 2.0/2.1/2.2 A and AA rules at a desktop (1366 px), a phone (390 px) and
the narrowest reflow width (320 px), no violation of any impact; and axe's best-practice
rules, no serious or critical violation (the rules a plain ``axe.run`` adds to the WCAG
ones: tests/browser/conftest.py's ``blocking_violations``). Welsh: the overview, the
report page, a section dashboard, the sign-in page and the public edition, with the WCAG
rules at 1366 and 320 px.

The figures are loaded once for the module: the shipped 2019/20 report with two earlier
years (so every chart and trend is drawn), and a published, publicly disclosable 2020/21
edition for the pages anyone may open. Every page is loaded once and checked at every
width in turn (resized, its charts redrawn), signed in (by session cookie) or not as the
page is meant to be seen, and every violation found is listed with its page and width
before the test fails, so one run shows all that is left to fix.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from ictreport.core import registry
from tests.browser.conftest import (
    BLOCKING_IMPACTS,
    CHART_TIMEOUT_MS,
    PageLog,
    axe_violations,
    wait_for_charts,
    watched_page,
)
from tests.editions.factories import (
    approve_and_publish,
    approver_of,
    editor_of,
    small_report,
    stand_in_pdf,
)
from tests.i18n.conftest import welsh_catalogue  # noqa: F401  (a fixture, outside tests/i18n)
from tests.reportpage.factories import register_fake_section

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = (1366, 390, 320)
WELSH_WIDTHS = (1366, 320)
SELECTED = "?organisation=gwent-police&year=2019-20"
PUBLIC_REPORT = "/en/reports/gwent-police/2020-21/"
NOT_FOUND = "/no-such-page/"


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
        NOT_FOUND,
    ]


ANONYMOUS_PATHS = [
    "/en/accounts/login/",
    "/en/accessibility/",
    PUBLIC_REPORT,
    f"{PUBLIC_REPORT}editions/1/",
    NOT_FOUND,
]


def welsh(name, *args, query=""):
    with translation.override("cy"):
        return reverse(name, args=args) + query


def welsh_signed_in_paths() -> list[str]:
    return [
        welsh("reports:overview", query=SELECTED),
        welsh("reports:report", "gwent-police", "2019-20"),
        welsh("servicedesk:dashboard", query=SELECTED),
    ]


def welsh_anonymous_paths() -> list[str]:
    return [
        welsh("login"),
        welsh("reports:report", "gwent-police", "2020-21"),
        welsh("reports:edition", "gwent-police", "2020-21", 1),
    ]


def _lines(violations) -> list[str]:
    return [
        f"{v['impact']} {v['id']}: {v['help']} — "
        + "; ".join(", ".join(map(str, node["target"])) for node in v["nodes"][:5])
        + (f" (+{len(v['nodes']) - 5} more)" if len(v["nodes"]) > 5 else "")
        for v in violations
    ]


def wcag_violations(page) -> list[str]:
    """Every axe violation of the WCAG A/AA rules, whatever its impact, one line each."""
    return _lines(axe_violations(page, {
        "runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"],
    }))


def wcag_and_blocking_violations(page) -> list[str]:
    """In one run of axe: every violation of the WCAG A/AA rules, whatever its impact,
    and the serious and critical ones of its best-practice rules, one line each."""
    violations = axe_violations(page, {
        "runOnly": {"type": "tag", "values": [*WCAG_TAGS, "best-practice"]},
        "resultTypes": ["violations"],
    })
    return _lines(v for v in violations
                  if set(v["tags"]) & set(WCAG_TAGS) or v["impact"] in BLOCKING_IMPACTS)


@pytest.fixture(scope="module")
def site(held_report, member_cookie):
    """All the figures the pages show (loaded once for the module), and a signed-in
    superuser's session cookie."""
    with pytest.MonkeyPatch.context() as patch:
        register_fake_section(patch)
        stand_in_pdf(patch)
        gwent = held_report.organisation
        report, desk_return = small_report(gwent)
        approve_and_publish(report, [desk_return], editor=editor_of(gwent),
                            approver=approver_of(gwent))
        yield member_cookie


# A resize is drawn at the next frame, and plotly redraws a chart 100 ms after it.
NEXT_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
CHARTS_RESIZED = """() => Array.from(document.querySelectorAll('[data-chart]')).every(
                        el => !el._resolveResize)"""


def _at_every_width(page, name, found, widths=WIDTHS, violations=wcag_and_blocking_violations):
    """axe on the page as loaded, at each width in turn (resized, its charts redrawn)."""
    for width in widths:
        page.set_viewport_size({"width": width, "height": 800})
        page.evaluate(NEXT_FRAMES)
        page.wait_for_function(CHARTS_RESIZED, timeout=CHART_TIMEOUT_MS)
        wait_for_charts(page)
        for line in violations(page):
            found.append(f"{width} px {name}: {line}")


def _log_lines(name, log: PageLog, page_url: str | None = None) -> list[str]:
    """What went wrong in the page's console, and what it tried to fetch from elsewhere
    (but for the error page, Chromium's line saying that the page itself is a 404)."""
    answered_404 = ("console: Failed to load resource: the server responded with a status "
                    f"of 404 (Not Found) ({page_url})")
    return [f"{name}: {line}" for line in log.errors
            if not (name == NOT_FOUND and line == answered_404)] + [
        f"{name}: request that would have left localhost: {url}"
        for url in log.external_requests]


def _check(context, base_url, path, found):
    log = PageLog()
    page = watched_page(context, log)
    try:
        response = page.goto(f"{base_url}{path}")
        assert response is not None
        assert response.status == (404 if path == NOT_FOUND else 200), path
        _at_every_width(page, path, found)
    finally:
        page.close()
    found += _log_lines(path, log, f"{base_url}{path}")


def _check_login_errors(context, base_url, found):
    log = PageLog()
    page = watched_page(context, log)
    try:
        page.goto(f"{base_url}/en/accounts/login/")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        assert page.get_by_role("alert").is_visible()
        _at_every_width(page, "login with errors", found)
    finally:
        page.close()
    found += _log_lines("login with errors", log)


def _contexts(browser, cookie):
    """A context signed in with ``cookie`` and one signed out, both 1366 px wide."""
    viewport = {"width": WIDTHS[0], "height": 800}
    member = browser.new_context(viewport=viewport)
    member.add_cookies([cookie])
    return member, browser.new_context(viewport=viewport)


def test_every_site_page_has_no_wcag_violation_at_any_width(browser, site_server, site):
    """Each page is loaded once, in a context signed in or not, and checked at every
    width by resizing it, as a reader turning a phone or narrowing a window would."""
    found: list[str] = []
    member, anonymous = _contexts(browser, site)
    try:
        for path in signed_in_paths():
            _check(member, site_server.url, path, found)
        for path in ANONYMOUS_PATHS:
            _check(anonymous, site_server.url, path, found)
        _check_login_errors(anonymous, site_server.url, found)
    finally:
        member.close()
        anonymous.close()
    assert found == [], "\n" + "\n".join(found)


def _check_welsh(context, base_url, path, found):
    log = PageLog()
    page = watched_page(context, log)
    try:
        response = page.goto(f"{base_url}{path}")
        assert response is not None and response.status == 200, path
        assert page.locator("html").get_attribute("lang") == "cy", path
        _at_every_width(page, path, found, widths=WELSH_WIDTHS, violations=wcag_violations)
    finally:
        page.close()
    found += _log_lines(path, log)


def test_welsh_pages_have_no_wcag_violation(browser, site_server, site, welsh_catalogue):  # noqa: F811
    found: list[str] = []
    member, anonymous = _contexts(browser, site)
    try:
        for path in welsh_signed_in_paths():
            _check_welsh(member, site_server.url, path, found)
        for path in welsh_anonymous_paths():
            _check_welsh(anonymous, site_server.url, path, found)
    finally:
        member.close()
        anonymous.close()
    assert found == [], "\n" + "\n".join(found)
