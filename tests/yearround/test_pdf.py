"""The PDF of a year held as four quarters, as Q1–Q2 so far, and as a full-year return:
every chart drawn (the cumulative-spend chart of a quarterly finance year included),
every section's figures in its text, money to the penny, and cached once made.

A PDF takes seconds, so each shape's is rendered once for the module (``_RENDERED``) and
shared by its tests; the year-round data it is made from is the same in every test (its
builders are deterministic).
"""

import pytest

from ictreport.core import registry
from ictreport.core.sections import Chart
from ictreport.reports import pdf
from ictreport.reports.outline import assemble
from tests.pdf import support as pdf_support
from tests.yearround import support
from tests.yearround.factories import YEARS, Shape

SECTIONS = registry.sections()
YEAR_OF = {shape: start_year for start_year, shape in YEARS.items()
           if shape is not Shape.FULL_YEAR or start_year == 2019}
_RENDERED: dict[Shape, tuple[pdf.RenderedPdf, list[Chart]]] = {}

pytestmark = pdf_support.needs_chromium


@pytest.fixture
def rendered(data, settings, tmp_path_factory):
    def render(shape: Shape):
        if shape not in _RENDERED:
            pdf_support.use_own_cache(settings, tmp_path_factory.mktemp("pdf-cache"))
            report = data.organisations[0].reports.get(year_id=YEAR_OF[shape])
            charts = [block for section in assemble(report).sections
                      for block in section.blocks if isinstance(block, Chart)]
            _RENDERED[shape] = pdf.report_pdf(report), charts
        return _RENDERED[shape]
    return render


@pytest.mark.parametrize("shape", list(YEAR_OF), ids=lambda s: s.value)
def test_every_chart_is_drawn_and_the_pdf_is_cached(shape, rendered, data, settings, tmp_path,
                                                    monkeypatch):
    made, charts = rendered(shape)
    assert made.charts_left_out == ""
    figures = pdf_support.structure_types(made.content)["/Figure"]
    assert [figure["/Alt"] for figure in figures] == [chart.alt for chart in charts]
    assert pdf_support.raster_images(made.content) == 0
    keys = {chart.key for chart in charts}
    assert ("cumulative-spend" in keys) is (shape is not Shape.FULL_YEAR)
    # A PDF with every chart is cached: the next download is not rendered again. (The
    # render is the one above, rather than a second of several seconds.)
    pdf_support.use_own_cache(settings, tmp_path)
    monkeypatch.setattr(pdf, "render", lambda document: made)
    report = data.organisations[0].reports.get(year_id=YEAR_OF[shape])
    assert pdf.report_pdf(report).from_cache is False
    again = pdf.report_pdf(report)
    assert again.from_cache is True
    assert again.content == made.content


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.key)
@pytest.mark.parametrize("shape", list(YEAR_OF), ids=lambda s: s.value)
def test_the_pdf_gives_each_sections_figures_in_pence(shape, section, rendered, data):
    made, _charts = rendered(shape)
    text = " ".join(pdf_support.all_text(made.content).split())
    facts = data.facts[data.organisations[0].slug, YEAR_OF[shape], section.key]
    for fact in facts.text:
        assert fact in text, f"{section.key} PDF {shape}: {fact!r} is missing"
    assert not support.long_decimals(text), support.long_decimals(text)
