"""The charts as drawn: no plotly toolbar, a working "download data" link for every
chart (the CSV of its data table, formula-safe), value axes from zero, and overview
sparklines whose labels do not run into each other, wide or narrow.

The data are loaded once for the module's one signed-in walk over the pages, each page
with charts loaded once at 1366 px for every check made on it.
"""

import csv
import io
from pathlib import Path

import pytest
from django.urls import reverse

from ictreport.core import registry
from tests.browser.conftest import wait_for_charts
from tests.browser.sessions import signed_in_context
from tests.reportpage.factories import register_fake_section

pytestmark = pytest.mark.browser

SELECTED = "?organisation=gwent-police&year=2019-20"
SECTIONS_WITH_PAGES = [s.key for s in registry.sections() if s.url_name]
REPORT = "/en/reports/gwent-police/2019-20/"
WIDE = {"width": 1366, "height": 900}
NARROW = {"width": 320, "height": 640}

# Per chart: its caption, its download link, and where its value axis starts as drawn.
CHARTS = """() => Array.from(document.querySelectorAll('[data-chart]')).map((el) => {
  const figure = el.closest('figure');
  const source = JSON.parse(document.getElementById(el.dataset.chart).textContent);
  const value_axis = source.layout.xaxis.rangemode === 'tozero' ? 'xaxis' : 'yaxis';
  const link = figure.querySelector('a[download]');
  const caption = figure.querySelector('figcaption');
  return {
    id: el.dataset.chart,
    title: caption ? caption.textContent.trim() : null,
    link: link ? link.textContent.trim() : null,
    rangemode: source.layout[value_axis].rangemode,
    axis_from: el._fullLayout[value_axis].range[0],
    axis_to: el._fullLayout[value_axis].range[1],
  };
})"""

# Every pair of tick labels in one chart that overlap, as drawn.
COLLISIONS = """(selector) => Array.from(document.querySelectorAll(selector)).flatMap((plot) => {
  const boxes = (selector) => Array.from(plot.querySelectorAll(selector))
    .filter((t) => t.textContent.trim())
    .map((t) => ({text: t.textContent.trim(), box: t.getBoundingClientRect()}));
  const labels = [...boxes('.xtick text'), ...boxes('.ytick text')];
  const hits = [];
  labels.forEach((a, i) => labels.slice(i + 1).forEach((b) => {
    if (a.box.left < b.box.right && b.box.left < a.box.right
        && a.box.top < b.box.bottom && b.box.top < a.box.bottom) {
      hits.push(plot.dataset.chart + ': "' + a.text + '" runs into "' + b.text + '"');
    }
  }));
  return hits;
})"""


@pytest.fixture(scope="module")
def held_years(held_report):
    """The shipped report with two earlier years, loaded once for the module, and the
    fake section registered for it."""
    with pytest.MonkeyPatch.context() as patch:
        register_fake_section(patch)
        yield held_report


def chart_pages():
    return [
        f"/en/{SELECTED}",
        *(f"{reverse(registry.get_section(key).url_name)}{SELECTED}"
          for key in SECTIONS_WITH_PAGES),
        REPORT,
    ]


def check_every_chart(page, base_url, then):
    """No toolbar, a download link named by the chart's title, a value axis from zero
    (as drawn), on every page with charts; ``then[path](page)`` once ``path``'s checks
    pass, on the page as loaded; returns how many charts were checked."""
    assert set(then) <= set(chart_pages()), "a check on a page the walk does not load"
    seen = 0
    for path in chart_pages():
        page.goto(f"{base_url}{path}")
        drawn = wait_for_charts(page)
        assert page.locator(".modebar, .modebar-btn").count() == 0, path
        charts = page.evaluate(CHARTS)
        assert len(charts) == drawn, path
        for chart in charts:
            assert chart["link"] == f"Download the data for {chart['title']} (CSV)", chart
            assert chart["rangemode"] == "tozero", chart
            assert chart["axis_from"] <= 0 <= chart["axis_to"], chart
        assert page.evaluate(COLLISIONS, "[data-chart]") == [], path
        seen += len(charts)
        if path in then:
            then[path](page)
    return seen


def check_first_contact_axis(page):
    """60 -> 67 -> 62% of calls resolved at first contact, on an axis from 0% (on the
    service desk's dashboard, its charts drawn)."""
    plot = page.locator("figure", has_text="first point of contact").locator(
        "[data-chart]").first
    assert plot.evaluate("el => el._fullLayout.yaxis.range[0]") == 0
    assert plot.evaluate("el => el._fullLayout.yaxis.range[1]") > 60


def check_download(page):
    """The first chart's download gives its data table as CSV (on the report page, its
    charts drawn)."""
    figure = page.locator("figure.chart").first
    with page.expect_download() as download_info:
        figure.locator("a[download]").click()
    download = download_info.value
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text("utf-8"))))
    table = figure.locator("details table")  # closed: its text, not what is shown
    headers = table.locator("thead tr").last.locator("th").all_text_contents()
    first_cells = table.locator("tbody tr th[scope=row]").all_text_contents()
    assert rows[0] == [h.strip() for h in headers]
    assert [row[0] for row in rows[1:]] == [c.strip() for c in first_cells]
    assert download.suggested_filename.endswith(".csv")


def check_sparklines(page):
    """The overview's trend lines (its charts drawn): tick labels clear of each other."""
    drawn = page.locator("[data-chart] svg.main-svg[role=img]").count()
    assert drawn >= 3
    assert page.locator(".trend__plot .ytick text").count() >= drawn
    assert page.evaluate(COLLISIONS, ".trend__plot") == []


def test_charts_have_no_toolbar_a_download_axes_from_zero_and_clear_sparklines(
        browser, site_server, member, held_years):
    wide = signed_in_context(browser, site_server, member, viewport=WIDE)
    narrow = signed_in_context(browser, site_server, member, viewport=NARROW)
    try:
        page = wide.new_page()
        # Nothing (the CSP included) refuses the download, nor anything else on the way.
        errors = []
        page.on("console", lambda message: message.type == "error"
                and errors.append(message.text))
        dashboard = f"{reverse('servicedesk:dashboard')}{SELECTED}"
        assert check_every_chart(page, site_server.url, then={
            f"/en/{SELECTED}": check_sparklines,
            dashboard: check_first_contact_axis,
            REPORT: check_download,
        }) >= 10
        assert errors == []
        page = narrow.new_page()
        page.goto(f"{site_server.url}/en/{SELECTED}")
        wait_for_charts(page)
        check_sparklines(page)
        # The service desk's line of first-contact rates: the same "0%" and first year.
        page.goto(f"{site_server.url}{dashboard}")
        wait_for_charts(page)
        assert page.evaluate(COLLISIONS, "[data-chart]") == []
    finally:
        wide.close()
        narrow.close()
