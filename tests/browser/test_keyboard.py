"""The site by keyboard alone: the skip link, the navigation, the organisation/year
selector and the charts' data tables, with the focus always visible."""

import pytest
from django.urls import reverse

from ictreport.core import registry
from tests.browser.conftest import wait_for_charts
from tests.reportpage.factories import register_fake_section

pytestmark = pytest.mark.browser

SECTIONS_WITH_PAGES = [s.key for s in registry.sections() if s.url_name]
# Enough Tab presses to walk past the header, the navigation, the selector and the
# charts' download links and tables before the one wanted.
MAX_TABS = 200

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(), id: el.id, text: (el.innerText || '').trim(),
    href: el.getAttribute('href'), inNav: !!el.closest('nav.site-nav'),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
  };
}"""

OPAQUE = """() => {
  let opacity = 1;
  for (let el = document.activeElement; el; el = el.parentElement) {
    opacity *= parseFloat(getComputedStyle(el).opacity);
  }
  return opacity > 0.99;
}"""


@pytest.fixture
def years_held(held_report, monkeypatch):
    """The module's figures (loaded once), and the fake section for this test."""
    register_fake_section(monkeypatch)
    return held_report


def tab(page) -> dict:
    """Press Tab; what ``STOP`` says of the element it focused (one round trip)."""
    page.keyboard.press("Tab")
    return page.evaluate(STOP)


def shows_its_focus(page, stop):
    """The focused element shows its focus, and is not hidden either (no ancestor fades
    it out: waited for, should it be fading in)."""
    assert stop["focused"]["outline"], f"no visible focus on {stop['focused']}"
    if not stop["opaque"]:
        page.wait_for_function(OPAQUE, timeout=2_000)


def tab_until(page, predicate):
    """Press Tab until ``predicate(focused)`` holds; every element passed shows its focus."""
    for _ in range(MAX_TABS):
        stop = tab(page)
        shows_its_focus(page, stop)
        focused = stop["focused"]
        if predicate(focused):
            return focused
    raise AssertionError(f"{MAX_TABS} presses of Tab never reached the element")


def test_year_is_chosen_by_keyboard_alone(member_page, site_server, years_held):
    page = member_page
    page.goto(f"{site_server.url}/en/?organisation=gwent-police&year=2019-20")
    tab_until(page, lambda f: f["id"] == "id_year")
    page.keyboard.press("ArrowDown")  # the years run newest first: 2018/19 is next
    tab_until(page, lambda f: f["tag"] == "button" and f["text"] == "Show")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?organisation=gwent-police&year=2018-19")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Gwent Police: ICT performance 2018/19")


def test_a_chart_data_table_opens_by_keyboard(member_page, site_server, years_held):
    page = member_page
    page.goto(f"{site_server.url}/en/reports/gwent-police/2019-20/")
    wait_for_charts(page)
    summary = page.locator("figure.chart details summary").first
    table = page.locator("figure.chart details table").first
    assert not table.is_visible()
    summary_text = summary.inner_text()
    tab_until(page, lambda f: f["tag"] == "summary" and f["text"] == summary_text)
    page.keyboard.press("Enter")
    assert table.is_visible()


WALK = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) { return null; }
  const path = [];
  for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
    const siblings = n.parentElement ? Array.from(n.parentElement.children) : [];
    path.unshift(n.tagName + ':' + siblings.indexOf(n));
  }
  return path.join('/');
}"""
MAX_STOPS = 400
# After a press of Tab, in one round trip: the element focused, whether it and its
# ancestors are opaque, and where it is.
STOP = f"""() => ({{
  focused: document.activeElement ? ({FOCUSED})() : null,
  opaque: ({OPAQUE})(),
  where: ({WALK})(),
}})"""


def walk_the_page(page) -> list[dict]:
    """Tab from the top until focus comes back round (so nothing traps it); every stop
    must show its focus."""
    seen, stops = [], []
    for _ in range(MAX_STOPS):
        stop = tab(page)
        where = stop["where"]
        if where is None:
            continue
        if seen and where == seen[0]:
            return stops
        shows_its_focus(page, stop)
        seen.append(where)
        stops.append(stop["focused"])
    raise AssertionError(f"focus never came back round in {MAX_STOPS} presses of Tab")


@pytest.mark.parametrize("path", [
    "/en/?organisation=gwent-police&year=2019-20",
    "/en/reports/",
    "/en/reports/gwent-police/2019-20/",
    *(f"{reverse(registry.get_section(key).url_name)}?organisation=gwent-police&year=2019-20"
      for key in SECTIONS_WITH_PAGES),
])
def test_every_stop_on_the_page_shows_its_focus(member_page, site_server, years_held,
                                                path):
    """Tab from the top until focus comes back round to the skip link: every stop shows
    its focus, every navigation link is reached, and the skip link, first, moves focus
    to the content."""
    page = member_page
    page.goto(f"{site_server.url}{path}")
    wait_for_charts(page)
    nav_links = page.locator("nav.site-nav a").count()
    stops = walk_the_page(page)
    assert stops[0]["text"] == "Skip to main content"
    assert any(stop["inNav"] for stop in stops)
    # Tabbing reaches every navigation link.
    assert len({stop["href"] for stop in stops if stop["inNav"]}) == nav_links
    # Focus is back on the skip link: it is shown, and Enter moves focus to the content.
    assert page.evaluate(FOCUSED)["text"] == "Skip to main content"
    assert page.get_by_role("link", name="Skip to main content").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
