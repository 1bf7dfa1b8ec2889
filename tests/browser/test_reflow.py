"""Reflow (WCAG 1.4.10): every site page at 320 CSS px wide without scrolling sideways.

Only a data table may be wider than the screen, and then it scrolls inside its own
wrapper, which a keyboard user can focus (to scroll it with the arrow keys) and a
screen reader announces as a region named by the table's caption.

The data are loaded once for the module and every page is visited in one test, so the
report is not imported a dozen times; a failure lists every page that does not fit, with
what sticks out of it. The module's standalone file is also opened at full width (was
test_standalone_file.py): its charts drawn offline, axe's blocking violations.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse

from ictreport.core import editions, registry
from ictreport.core.models import ReportStatus
from tests.browser.conftest import blocking_violations, wait_for_charts
from tests.browser.sessions import signed_in_context
from tests.editions.factories import stand_in_pdf
from tests.factories import OrganisationFactory
from tests.reportpage.factories import register_fake_section

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}
SELECTED = "?organisation=gwent-police&year=2019-20"
SECTIONS_WITH_PAGES = [s.key for s in registry.sections() if s.url_name]
REPORT = "/en/reports/gwent-police/2019-20/"
LONG_NAMES = ["Blaenau Gwent County Borough Council", "Torfaen County Borough Council",
              "Monmouthshire County Council", "Newport City Council"]

MEASURE = """() => {
  const viewport = document.documentElement.clientWidth;
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.classList.length ? '.' + Array.from(el.classList).join('.') : '');
  const sticking_out = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('.table-wrap') && !el.classList.contains('table-wrap')) { continue; }
    const box = el.getBoundingClientRect();
    if (box.width && box.right > viewport + 0.5) {
      sticking_out.push(describe(el) + ' to ' + Math.round(box.right) + 'px');
    }
  }
  const wrappers = Array.from(document.querySelectorAll('.table-wrap')).map((wrap) => {
    const caption = wrap.querySelector('caption');
    const labelledby = wrap.getAttribute('aria-labelledby');
    return {
      id: wrap.id,
      focusable: wrap.tabIndex === 0 && wrap.getAttribute('tabindex') === '0',
      region: wrap.getAttribute('role') === 'region',
      named_by_caption: !!caption && !!labelledby && labelledby === caption.id,
    };
  });
  return {viewport, width: document.documentElement.scrollWidth,
          sticking_out: sticking_out.slice(0, 8), wrappers};
}"""


@pytest.fixture(scope="module")
def site(held_report, member, tmp_path_factory):
    """The shipped report over three years (loaded once for the module), a published
    public edition of it, and the standalone file: every kind of page the site has."""
    with pytest.MonkeyPatch.context() as patch:
        register_fake_section(patch)
        # The shared service's other bodies: their long names make the widest select.
        for name in LONG_NAMES:
            OrganisationFactory(name=name)
        standalone = tmp_path_factory.mktemp("standalone") / "report.html"
        call_command("export_report", "gwent-police", "2019-20", "--format", "html",
                     "--output", str(standalone))
        stand_in_pdf(patch)
        held_report.status = ReportStatus.PUBLISHED
        held_report.publicly_disclosable = True
        held_report.save()
        editions.freeze(report=held_report, user=member)
        yield {"standalone": standalone}


def member_pages():
    return [
        f"/en/{SELECTED}",
        *(f"{reverse(registry.get_section(key).url_name)}{SELECTED}"
          for key in SECTIONS_WITH_PAGES),
        "/en/reports/",
        REPORT,
        f"{REPORT}?edition=public",
        f"{REPORT}editions/1/",
        "/en/accounts/password/",
        "/no-such-page/",
    ]


def public_pages():
    # The public reads the frozen edition; the sign-in page and an error page too.
    return [REPORT, "/en/accounts/login/", "/en/accounts/login/?next=/reports/"]


def measure(page, url):
    page.goto(url)
    wait_for_charts(page)
    return page.evaluate(MEASURE)


def problems(result) -> list[str]:
    found = []
    if result["width"] > result["viewport"]:
        found.append(f"page is {result['width']}px wide in a {result['viewport']}px "
                     f"viewport: {result['sticking_out']}")
    for wrap in result["wrappers"]:
        missing = [name for name in ("focusable", "region", "named_by_caption")
                   if not wrap[name]]
        if missing:
            found.append(f"table wrapper {wrap['id']} is not {', '.join(missing)}")
    return found


def test_every_site_page_fits_320_px_and_a_wide_table_scrolls_by_keyboard(
        browser, site_server, member, site):
    failures = {}
    visited = 0
    member = signed_in_context(browser, site_server, member, viewport=NARROW)
    anonymous = browser.new_context(viewport=NARROW)
    try:
        page = member.new_page()
        for path in member_pages():
            found = problems(measure(page, f"{site_server.url}{path}"))
            visited += 1
            if found:
                failures[path] = found
        page = anonymous.new_page()
        for path in public_pages():
            found = problems(measure(page, f"{site_server.url}{path}"))
            visited += 1
            if found:
                failures[f"{path} (signed out)"] = found
        found = problems(measure(page, site["standalone"].as_uri()))
        visited += 1
        if found:
            failures["standalone file"] = found
        assert visited == len(member_pages()) + len(public_pages()) + 1
        assert failures == {}
        scroll_a_wide_table_by_keyboard(member.new_page(), site_server.url)
    finally:
        member.close()
        anonymous.close()


def scroll_a_wide_table_by_keyboard(page, base_url):
    """A table wider than the screen scrolls inside its wrapper from the keyboard."""
    page.goto(f"{base_url}{REPORT}")
    wide = page.evaluate("""() => {
      const wrap = Array.from(document.querySelectorAll('.table-wrap')).find(
        (w) => w.scrollWidth > w.clientWidth + 1 && w.offsetParent !== null);
      return wrap ? wrap.id : null;
    }""")
    assert wide, "no table on the report page is wider than 320 px: nothing to scroll"
    wrap = page.locator(f"#{wide}")
    wrap.focus()
    assert page.evaluate("document.activeElement.id") == wide
    assert wrap.evaluate("w => w.scrollLeft") == 0
    page.keyboard.press("ArrowRight")
    # A function, not an expression string: Playwright evals a string in the page,
    # which the site's CSP (no 'unsafe-eval') refuses once it has to poll.
    page.wait_for_function("id => document.getElementById(id).scrollLeft > 0", arg=wide)


def test_standalone_file_draws_every_chart_offline(page, page_log, site):
    """The exported standalone HTML file, opened from disk: charts draw from the inlined
    plotly.js with nothing fetched, and it passes the same accessibility checks."""
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site["standalone"].as_uri())
    drawn = wait_for_charts(page)
    assert drawn >= 1 and drawn == page.locator("[data-chart]").count()
    assert [url for url in requests if not url.startswith(("file:", "data:", "blob:"))] == []
    assert blocking_violations(page) == []
    page_log.assert_clean()
