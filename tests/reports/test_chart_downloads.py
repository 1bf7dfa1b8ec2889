"""Every chart's "download data" link, and value axes that start at zero.

The link carries the chart's data table as a CSV file in a ``data:`` URL, so it works
on every page a chart is drawn on, frozen editions and the standalone file included;
its cells go through the same formula-neutralising export as every other download.
"""

import csv
import html as html_lib
import io
import re
from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.core.management import call_command
from django.urls import reverse

from ictreport.core import charts
from ictreport.core.sections import Chart, Series
from ictreport.core.templatetags.report_blocks import csv_data_url
from tests.reportpage.factories import register_fake_section, reports_over_years

PREFIX = "data:text/csv;charset=utf-8,"
LINK = re.compile(r'<a href="(data:text/csv[^"]*)" download="([^"]+)">([^<]*)</a>')
CAPTION = re.compile(r'<figcaption[^>]*>([^<]*)</figcaption>')


def csv_rows(url: str) -> list[list[str]]:
    assert url.startswith(PREFIX)
    return list(csv.reader(io.StringIO(unquote(url[len(PREFIX):]))))


def test_the_data_url_holds_the_table_as_csv_with_formulas_neutralised():
    chart = Chart(key="calls", title="Calls", alt="Calls by channel.", kind="bar",
                  categories=("=HYPERLINK(\"https://evil.example\")", "Telephone"),
                  series=(Series("Calls", (Decimal("-12"), 19094)),))
    rows = csv_rows(csv_data_url(chart.table))
    assert rows[0] == ["category", "Calls"]  # no category title: the column key
    assert rows[1] == ["'=HYPERLINK(\"https://evil.example\")", "-12"]
    assert rows[2] == ["Telephone", "19094"]


def test_the_data_url_needs_no_escaping_inside_an_html_attribute():
    chart = Chart(key="k", title="t", alt="a", kind="bar", categories=('"quoted" & <b>',),
                  series=(Series("n", (1,)),))
    url = csv_data_url(chart.table)
    assert not set(url[len(PREFIX):]) & set('"<>& \n')
    assert csv_rows(url)[1] == ['"quoted" & <b>', "1"]


@pytest.mark.parametrize("kind", ["bar", "line", "stacked_bar", "hbar_stacked",
                                  "diverging_hbar"])
@pytest.mark.parametrize("fmt", ["int", "percent", "money"])
def test_every_value_axis_starts_at_zero(kind, fmt):
    chart = Chart(key="k", title="t", alt="a", kind=kind, categories=("2018/19", "2019/20"),
                  series=(Series("First contact", (60, 67)),), format=fmt)
    layout = charts.figure(chart)["layout"]
    horizontal = kind in {"hbar_stacked", "diverging_hbar"}
    value_axis, category_axis = ("xaxis", "yaxis") if horizontal else ("yaxis", "xaxis")
    assert layout[value_axis]["rangemode"] == "tozero"
    assert "rangemode" not in layout[category_axis]


def links_beside_charts(page: str) -> list[tuple[str, str, str, str]]:
    """(caption, href, filename, link text) of every figure drawn from JSON."""
    found = []
    for figure in re.findall(r"<figure.*?</figure>", page, flags=re.S):
        if "data-chart=" not in figure:
            continue
        [caption] = CAPTION.findall(figure)
        [(href, filename, text)] = LINK.findall(figure)
        found.append((html_lib.unescape(caption), html_lib.unescape(href), filename,
                      html_lib.unescape(text)))
    return found


@pytest.fixture
def held(shipped_report, monkeypatch):
    register_fake_section(monkeypatch)
    reports_over_years(organisation=shipped_report.organisation, years=(2017, 2018))
    return shipped_report


@pytest.mark.parametrize("path", [
    "/en/reports/gwent-police/2019-20/",
    "/en/?organisation=gwent-police&year=2019-20",
    f"{reverse('servicedesk:dashboard')}?organisation=gwent-police&year=2019-20",
    f"{reverse('audits:dashboard')}?organisation=gwent-police&year=2019-20",
])
def test_every_chart_on_the_page_links_its_data_named_by_its_title(staff_client, held, path):
    page = staff_client.get(path).content.decode()
    links = links_beside_charts(page)
    assert len(links) == page.count('data-chart="') >= 1
    for caption, href, filename, text in links:
        assert text == f"Download the data for {caption.strip()} (CSV)"
        assert filename.endswith(".csv")
        rows = csv_rows(href)
        assert len(rows) >= 2 and all(len(row) == len(rows[0]) for row in rows)


def test_the_standalone_file_carries_the_same_links(held, tmp_path, staff_client):
    path = tmp_path / "report.html"
    call_command("export_report", "gwent-police", "2019-20", "--format", "html",
                 "--output", str(path))
    standalone = links_beside_charts(path.read_text("utf-8"))
    live = links_beside_charts(staff_client.get("/en/reports/gwent-police/2019-20/")
                               .content.decode())
    assert standalone == live and len(standalone) >= 3


def test_a_lines_first_year_is_kept_clear_of_the_value_axis():
    chart = Chart(key="k", title="t", alt="a", kind="line",
                  categories=("2017/18", "2018/19", "2019/20"),
                  series=(Series("First contact", (60, 67, 62)),), format="percent")
    xaxis = charts.figure(chart)["layout"]["xaxis"]
    assert xaxis["range"] == [-0.5, 2.5]  # half a category each side, as bars have
    assert xaxis["ticklabelstandoff"] > 0
