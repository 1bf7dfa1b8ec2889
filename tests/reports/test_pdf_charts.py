"""Charts in the PDF: vector drawings of the page's own figures, or their tables alone."""

import logging

import pytest

from ictreport.core.sections import Chart
from ictreport.reports.outline import assemble
from ictreport.reports.pdf import report_pdf
from tests.pdf import board, support
from tests.pdf.factories import SectionDataFactory, TableFactory, TextFactory

pytestmark = pytest.mark.django_db

CHART = board.CHART
# Tick labels plotly writes on the value axis; nothing else in the report says "15k".
AXIS_TICKS = ("5k", "10k", "15k", "20k")


@pytest.fixture
def report_with_chart(shipped_report, settings, tmp_path):
    support.use_own_cache(settings, tmp_path)
    return shipped_report


@pytest.fixture
def chart_section():
    return SectionDataFactory(blocks=(TextFactory(), TableFactory(key="calls"), CHART))


@support.needs_chromium
def test_charts_are_vector_drawings_with_alt_text(board_paper):
    # The session's board paper: the shipped report's sections and a stand-in with CHART.
    assert board_paper.charts_left_out == ""
    text = board_paper.text
    # The chart's axis labels are text in the PDF: it is drawn, not pasted as a picture.
    for tick in AXIS_TICKS:
        assert tick in text.split(), tick
    assert support.raster_images(board_paper.content) == 0
    # Every chart in the report (the sections' own and the stand-in's), each with its
    # alt text, in report order.
    charts = board_paper.charts
    assert CHART in charts
    assert len(charts) > 1
    figures = support.structure_types(board_paper.content)["/Figure"]
    assert [figure["/Alt"] for figure in figures] == [chart.alt for chart in charts]
    # Its figures are in its data table too.
    assert "Data table: Service desk calls by channel" in text
    assert "2017/18 21,136 5,078" in text


def test_without_chromium_the_pdf_has_the_tables_and_says_charts_were_left_out(
    report_with_chart, chart_section, monkeypatch, caplog
):
    support.use_stand_in_section(monkeypatch, chart_section)
    missing = support.without_chromium(monkeypatch)
    with caplog.at_level(logging.WARNING, logger="ictreport.reports.pdf"):
        rendered = report_pdf(report_with_chart)

    assert missing in rendered.charts_left_out
    text = support.all_text(rendered.content)
    assert "Charts left out. The charts could not be drawn when this PDF was made." in text
    # At every chart's place: the note, what the chart would show, and its figures.
    charts = [block for section in assemble(report_with_chart).sections
              for block in section.blocks if isinstance(block, Chart)]
    flat = " ".join(text.split())
    assert flat.count("Chart left out of this PDF: its figures are in the table below.") == (
        len(charts)
    )
    for chart in charts:
        assert " ".join(chart.alt.split()) in flat
        assert f"Data table: {chart.title}" in flat
    assert "Data table: Service desk calls by channel" in text
    for row in ["2017/18 21,136 5,078", "2018/19 20,096 4,539", "2019/20 15,275 3,819"]:
        assert row in text
    assert not set(AXIS_TICKS) & set(text.split())
    assert "/Figure" not in support.structure_types(rendered.content)
    [record] = [r for r in caplog.records if r.name == "ictreport.reports.pdf"]
    assert record.levelno == logging.WARNING
    assert "Charts left out of the PDF" in record.getMessage()
    assert f"Chromium was not found ({missing})" in record.getMessage()
