"""A dashboard and the report page by keyboard alone: Tab reaches every control, each one
works from the keyboard (Enter or Space, arrows for a select or a scrolling table), and
there are fewer tab stops than before the charts lost plotly's toolbar.

Before (counted on the same data, at 1366 px, with the toolbar): SERVICE_DESK_BEFORE and
REPORT_BEFORE stops. The toolbar gave every chart seven; every chart now has one
"download data" link instead, and a wide table's wrapper one stop of its own.

Links are followed with the browser's own navigation, which is answered "204 No
content" before it reaches the server (the request is recorded), so the browser stays on
the page and one page load serves the whole walk; the sign-out button is pressed the
same way, without signing out.
"""

from urllib.parse import urldefrag, urljoin

import pytest
from django.urls import reverse

from tests.browser.conftest import wait_for_charts
from tests.browser.sessions import signed_in_context
from tests.reportpage.factories import register_fake_section, reports_over_years

pytestmark = pytest.mark.browser

WIDE = {"width": 1366, "height": 900}
SELECTED = "?organisation=gwent-police&year=2019-20"
REPORT = "/en/reports/gwent-police/2019-20/"
# Counted with this module's walk on the code before the change (plotly's toolbar on).
SERVICE_DESK_BEFORE = 42
REPORT_BEFORE = 90
MAX_STOPS = 300

# The focused element, marked so it can be found again after the walk.
STOP = """(index) => {
  const el = document.activeElement;
  if (!el || el === document.body) { return null; }
  const first = document.querySelector('[data-stop="0"]');
  if (first && first === el) { return 'round'; }
  if (!el.hasAttribute('data-stop')) { el.setAttribute('data-stop', String(index)); }
  const style = getComputedStyle(el);
  const form = el.form || null;
  return {
    stop: el.getAttribute('data-stop'),
    tag: el.tagName.toLowerCase(),
    href: el.getAttribute('href'),
    download: el.hasAttribute('download'),
    type: el.getAttribute('type'),
    method: form ? (form.getAttribute('method') || 'get').toLowerCase() : null,
    action: form ? form.action : null,
    fields: form ? Array.from(form.elements).filter((f) => f.name).map((f) => f.name) : [],
    role: el.getAttribute('role'),
    text: (el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 60),
    options: el.tagName === 'SELECT' ? el.options.length : 0,
    scrolls: el.scrollWidth > el.clientWidth + 1,
    in_chart: !!el.closest('[data-chart]'),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
  };
}"""


@pytest.fixture
def held_years(shipped_report, monkeypatch):
    register_fake_section(monkeypatch)
    reports_over_years(organisation=shipped_report.organisation, years=(2017, 2018))
    return shipped_report


class Navigations:
    """Every page load after the first is recorded and stopped before it is sent."""

    def __init__(self, page):
        self.requests = []
        self.armed = False
        page.route("**/*", self._handle)

    def _handle(self, route):
        request = route.request
        if self.armed and request.is_navigation_request():
            self.requests.append((request.method, request.url))
            # "No content": the browser stays on the page, as if nothing was sent.
            route.fulfill(status=204)
        else:
            route.continue_()

    def take(self):
        taken, self.requests = self.requests, []
        return taken


def where(stop: dict) -> tuple:
    return stop["stop"], stop["tag"], stop["href"], stop["text"]


def walk(page) -> list[dict]:
    """Tab from the top of the page until focus comes round to the first stop again."""
    page.evaluate("document.querySelectorAll('[data-stop]')"
                  ".forEach(el => el.removeAttribute('data-stop'))")
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.evaluate("window.scrollTo(0, 0)")
    page.mouse.click(2, 2)  # the classification bar: Tab starts from the top again
    stops = []
    for _ in range(MAX_STOPS):
        page.keyboard.press("Tab")
        stop = page.evaluate(STOP, len(stops))
        if stop is None:
            continue
        if stop == "round":
            return stops
        assert stop["outline"], f"no visible focus on {stop}"
        stops.append(stop)
    raise AssertionError(f"focus never came back round in {MAX_STOPS} presses of Tab")


def operate(page, navigations, stop):
    """Work the control from the keyboard and check it did what it says; return the
    kind of control."""
    control = page.locator(f'[data-stop="{stop["stop"]}"]')
    control.focus()
    assert page.evaluate("document.activeElement.dataset.stop") == stop["stop"]
    tag, href = stop["tag"], stop["href"]
    if tag == "a" and href and href.startswith("#"):
        page.keyboard.press("Enter")
        # Functions, not expression strings: the site's CSP refuses Playwright's eval.
        page.wait_for_function("hash => location.hash === hash", arg=href)
        target = page.evaluate(f"document.getElementById({href[1:]!r}) !== null")
        assert target, f"{href} leads nowhere"
        return "in-page link"
    if tag == "a" and stop["download"]:
        with page.expect_download() as download:
            page.keyboard.press("Enter")
        assert download.value.suggested_filename.endswith(".csv")
        download.value.cancel()
        return "download link"
    if tag == "a":
        page.keyboard.press("Enter")
        expected = urldefrag(urljoin(page.url, href)).url  # a #fragment is not sent
        assert wait_for(page, navigations) == [("GET", expected)], stop
        return "link"
    if tag == "summary":
        details = control.locator("xpath=..")
        was_open = details.evaluate("d => d.open")
        page.keyboard.press("Enter")
        assert details.evaluate("d => d.open") is not was_open
        page.keyboard.press("Space")
        assert details.evaluate("d => d.open") is was_open
        return "disclosure"
    if tag == "select":
        before = control.input_value()
        page.keyboard.press("ArrowDown" if stop["options"] > 1 else "Home")
        if stop["options"] > 1:
            after = control.input_value()
            if after == before:  # the last option was chosen: go the other way
                page.keyboard.press("ArrowUp")
                after = control.input_value()
            assert after != before, stop
            control.select_option(before)
        return "select"
    if tag == "button":
        page.keyboard.press("Space")
        [(method, url)] = wait_for(page, navigations)
        assert method == stop["method"].upper(), stop
        assert urldefrag(url).url.split("?")[0] == stop["action"].split("?")[0], (url, stop)
        if method == "GET":  # the form's fields travel with it
            assert all(f"{name}=" in url for name in stop["fields"]), (url, stop)
        return "button"
    if stop["role"] == "region":
        if stop["scrolls"]:
            page.keyboard.press("ArrowRight")
            page.wait_for_function(
                "stop => document.querySelector(`[data-stop=\"${stop}\"]`).scrollLeft > 0",
                arg=stop["stop"])
        return "scrolling table"
    raise AssertionError(f"a tab stop this test does not know how to operate: {stop}")


def wait_for(page, navigations, timeout_ms=3_000):
    """The navigations the last key press started (Playwright's sync API handles the
    stopped requests only while it is waiting, hence its own wait)."""
    waited = 0
    while waited < timeout_ms and not navigations.requests:
        page.wait_for_timeout(20)
        waited += 20
    page.wait_for_timeout(50)  # and anything that followed it
    return navigations.take()


def walk_and_operate(page, navigations, url):
    """Every stop of the page at ``url``, walked twice, and how many of each kind of
    control were worked; the walk after working them all must be the same again."""
    navigations.armed = False
    page.goto(url)
    wait_for_charts(page)
    navigations.armed = True
    stops = walk(page)
    assert [where(s) for s in walk(page)] == [where(s) for s in stops], (
        "two walks over the same page stopped at different places")
    assert [s for s in stops if s["in_chart"]] == [], "a chart's drawing takes focus"
    kinds = {}
    for stop in stops:
        kind = operate(page, navigations, stop)
        kinds[kind] = kinds.get(kind, 0) + 1
    assert [where(s) for s in walk(page)] == [where(s) for s in stops], (
        "working the controls changed the tab order")
    return stops, kinds


def test_a_dashboard_and_the_report_page_by_keyboard_with_fewer_tab_stops(
        browser, live_server, browser_user, held_years):
    context = signed_in_context(browser, live_server, browser_user, viewport=WIDE)
    try:
        page = context.new_page()
        navigations = Navigations(page)
        dashboard = f"{live_server.url}{reverse('servicedesk:dashboard')}{SELECTED}"
        stops, kinds = walk_and_operate(page, navigations, dashboard)
        # The organisation and year selects, Show, the language switch ("Cymraeg") and
        # Sign out, sort headers and CSV links, and the charts' download links.
        assert kinds["select"] == 2 and kinds["button"] == 3, kinds
        assert kinds["link"] >= 10 and kinds["download link"] >= 1, kinds
        assert len(stops) < SERVICE_DESK_BEFORE, (len(stops), kinds)

        stops, kinds = walk_and_operate(page, navigations, f"{live_server.url}{REPORT}")
        # The contents and paragraph links, the charts' data tables and downloads.
        assert kinds["in-page link"] >= 10 and kinds["disclosure"] >= 3, kinds
        assert kinds["download link"] == kinds["disclosure"], kinds
        assert len(stops) < REPORT_BEFORE, (len(stops), kinds)
    finally:
        context.close()
