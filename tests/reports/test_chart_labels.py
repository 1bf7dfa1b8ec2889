"""Chart labels reach plotly as plain text: what users typed is drawn as typed.

plotly reads a subset of HTML in every string it draws (links, bold, line breaks,
styles), so a budget line called ``<a href="https://evil.example/">x</a>`` would be a
link inside the chart. Every name, category and title is handed over with ``&``, ``<``
and ``>`` as entities, which plotly shows as the characters themselves; and as ``str``,
never a lazy translation, which JSON cannot take.
"""

import base64
import json
import re
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils.translation import gettext_lazy

from ictreport.core import charts
from ictreport.core.periods import Quarter
from ictreport.core.sections import Chart, Series
from ictreport.reports import chart_images
from tests.factories import AnnualReportFactory, FinancialYearFactory
from tests.finance.factories import record
from tests.pdf import support

LINK = '<a href="https://evil.example/">x</a>'
BOLD = "<b>x</b> & co"
HOSTILE = Chart(
    key="hostile", title=LINK, alt="A chart whose labels are markup.", kind="bar",
    categories=(LINK, BOLD), series=(Series(LINK, (1, 2)), Series(BOLD, (3, 4), is_target=True)),
    category_title=LINK, value_title=BOLD,
)


def _strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def _markup(figure: dict) -> list[str]:
    """Every tag in the figure's strings but the hover label's own ``<extra>``."""
    return [tag for text in _strings(figure)
            for tag in re.findall(r"<[^>]*>", text) if tag not in ("<extra>", "</extra>")]


def test_every_label_name_and_title_is_escaped():
    figure = charts.figure(HOSTILE)
    assert _markup(figure) == []
    [bars, target] = figure["data"]
    assert bars["x"] == ['&lt;a href="https://evil.example/"&gt;x&lt;/a&gt;',
                         "&lt;b&gt;x&lt;/b&gt; &amp; co"]
    assert bars["name"] == '&lt;a href="https://evil.example/"&gt;x&lt;/a&gt;'
    assert bars["hovertemplate"].endswith(
        '<extra>&lt;a href="https://evil.example/"&gt;x&lt;/a&gt;</extra>')
    assert target["name"] == "&lt;b&gt;x&lt;/b&gt; &amp; co"
    assert figure["layout"]["xaxis"]["title"]["text"].startswith("&lt;a href")
    assert figure["layout"]["yaxis"]["title"]["text"] == "&lt;b&gt;x&lt;/b&gt; &amp; co"


def test_a_percent_sign_in_a_name_is_not_a_hover_placeholder():
    chart = Chart(key="k", title="t", alt="a", kind="bar", categories=("a",),
                  series=(Series("%{y} of calls", (1,)),))
    [trace] = charts.figure(chart)["data"]
    assert trace["name"] == "%{y} of calls"  # the legend shows it as typed
    assert trace["hovertemplate"].endswith("<extra>&#37;{y} of calls</extra>")


def test_lazy_translations_become_plain_strings():
    chart = Chart(key="k", title="t", alt="a", kind="line",
                  categories=tuple(Quarter(q).label for q in (1, 2)),
                  series=(Series(gettext_lazy("Cumulative expenditure"), (1, 2)),),
                  category_title=gettext_lazy("Quarter"), value_title=gettext_lazy("£"))
    figure = charts.figure(chart)
    json.dumps(figure)  # no TypeError: a lazy string is not JSON
    assert figure["data"][0]["x"] == ["Q1 (Apr–Jun)", "Q2 (Jul–Sep)"]
    assert all(type(text) is str for text in _strings(figure))


def _page_figures(page: str) -> list[dict]:
    return [json.loads(data) for data in re.findall(
        r'<script id="chart-[^"]+" type="application/json">(.*?)</script>', page, re.S)]


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["dashboard", "report page"])
def test_pages_hand_plotly_escaped_names(page, staff_client, gwent):
    record(gwent, 2020, Quarter.Q1, {LINK: ("1000.00", "200.00"), BOLD: ("500.00", "90.00")})
    if page == "dashboard":
        url = reverse("finance:dashboard") + "?organisation=gwent-police&year=2020-21"
    else:
        AnnualReportFactory(organisation=gwent, year=FinancialYearFactory(start_year=2020))
        url = reverse("reports:report", args=["gwent-police", "2020-21"])
    response = staff_client.get(url)
    assert response.status_code == 200
    figures = _page_figures(response.content.decode())
    escaped = '&lt;a href="https://evil.example/"&gt;x&lt;/a&gt;'
    assert [f for f in figures if escaped in _strings(f)], "no chart names the budget line"
    for figure in figures:
        assert _markup(figure) == []


@support.needs_chromium
def test_the_pdf_chart_draws_markup_as_text():
    [uri] = chart_images.svg_data_uris([HOSTILE]).values()
    svg = ElementTree.fromstring(base64.b64decode(uri.removeprefix("data:image/svg+xml;base64,")))
    elements = list(svg.iter())
    # No link, no bold: no <a> element, no attribute pointing anywhere, no heavy text.
    assert not [e for e in elements if e.tag.endswith("}a")]
    assert not [value for e in elements for value in e.attrib.values()
                if "evil.example" in value]
    assert not [e for e in elements if "bold" in e.get("style", "")]
    # Each label is drawn as its characters.
    texts = ["".join(e.itertext()) for e in elements if e.tag.endswith("}text")]
    assert LINK in texts
    assert BOLD in texts
