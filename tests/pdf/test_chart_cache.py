"""The charts' drawings are cached by what they are drawn from: an unchanged chart is
not drawn again, a changed one is, and a PDF made from cached drawings is the same PDF,
charts, tags and language and all."""

import dataclasses

import pytest

from ictreport.core import charts
from ictreport.core.sections import Series
from ictreport.reports import chart_images, pdf
from ictreport.reports.outline import assemble
from tests.pdf import support
from tests.pdf.factories import ChartFactory, SectionDataFactory, TextFactory

CALLS = ChartFactory(key="calls")
STAFF = ChartFactory(key="staff", title="Staff by team", kind="line",
                     series=(Series("Staff", (88, 90, 91)),))


class RecordingServer:
    """Stands in for Chromium: records every call and the figures it was asked to draw,
    and hands back a distinct SVG for each drawing."""

    def __init__(self):
        self.calls: list[list[dict]] = []

    def svgs(self, drawings):
        self.calls.append([figure for figure, _width, _height in drawings])
        return [f'<svg xmlns="http://www.w3.org/2000/svg" id="d{len(self.calls)}-{n}"/>'
                .encode() for n, _ in enumerate(drawings)]


@pytest.fixture
def server(monkeypatch):
    recording = RecordingServer()
    monkeypatch.setattr(chart_images, "server", recording)
    return recording


def test_the_missing_charts_are_drawn_in_one_call_and_an_unchanged_one_never_again(server):
    first = chart_images.svg_data_uris([CALLS, STAFF, CALLS])
    assert server.calls == [[charts.figure(CALLS), charts.figure(STAFF)]]
    assert set(first) == {CALLS, STAFF}
    assert first[CALLS] != first[STAFF]

    again = chart_images.svg_data_uris([CALLS, STAFF])
    assert len(server.calls) == 1  # nothing drawn: both came from the cache
    assert again == first


def test_a_changed_chart_is_drawn_afresh_and_only_it(server):
    first = chart_images.svg_data_uris([CALLS, STAFF])
    changed = dataclasses.replace(STAFF, series=(Series("Staff", (88, 90, 92)),))

    second = chart_images.svg_data_uris([CALLS, changed])
    assert server.calls[1:] == [[charts.figure(changed)]]
    assert second[CALLS] == first[CALLS]
    assert second[changed] != first[STAFF]


def test_a_new_renderer_draws_every_chart_again(server, monkeypatch):
    chart_images.svg_data_uris([CALLS])
    key = chart_images.svg_key(charts.figure(CALLS))
    monkeypatch.setitem(chart_images.RENDERERS, "kaleido", "999.0.0")
    assert chart_images.svg_key(charts.figure(CALLS)) != key

    chart_images.svg_data_uris([CALLS])
    assert len(server.calls) == 2


def test_a_size_or_label_change_is_a_new_drawing():
    figure = charts.figure(CALLS)
    taller = {**figure, "layout": {**figure["layout"], "height": figure["layout"]["height"] + 1}}
    renamed = charts.figure(dataclasses.replace(CALLS, value_title="Requests"))
    keys = {chart_images.svg_key(f) for f in (figure, taller, renamed)}
    assert len(keys) == 3
    assert chart_images.svg_key(charts.figure(ChartFactory(key="calls"))) in keys


class BrokenCache:
    def get_many(self, keys):
        raise OSError("cache unreadable")

    def set_many(self, values, timeout):
        raise OSError("cache unwritable")


def test_a_broken_cache_only_means_the_charts_are_drawn(server, monkeypatch, caplog):
    monkeypatch.setattr(chart_images, "cache", BrokenCache())
    for _ in range(2):
        images = chart_images.svg_data_uris([CALLS])
        assert images[CALLS].startswith("data:image/svg+xml;base64,")
    assert len(server.calls) == 2  # nothing could be kept, so it was drawn each time
    assert "Could not read the chart cache" in caplog.text
    assert "Could not cache the charts' drawings" in caplog.text


class CountingServer:
    """The real Chromium, counting the drawings it is asked for."""

    def __init__(self, real):
        self.real = real
        self.drawn = 0

    def svgs(self, drawings):
        self.drawn += len(drawings)
        return self.real.svgs(drawings)


@support.needs_chromium
@pytest.mark.django_db
def test_a_pdf_from_cached_drawings_is_the_same_pdf(shipped_report, monkeypatch):
    section = SectionDataFactory(blocks=(TextFactory(), CALLS))
    support.use_stand_in_section(monkeypatch, section, alone=True)
    counting = CountingServer(chart_images.server)
    monkeypatch.setattr(chart_images, "server", counting)

    drawn = pdf.render(assemble(shipped_report))
    assert counting.drawn == 1
    again = pdf.render(assemble(shipped_report))
    assert counting.drawn == 1  # the chart came from the cache

    assert again.charts_left_out == drawn.charts_left_out == ""
    assert again.content == drawn.content
    # Still the drawn chart, tagged as a figure with its alt text, in a tagged PDF in
    # the paper's language.
    assert {"5k", "10k", "15k", "20k"} <= set(support.all_text(again.content).split())
    assert support.raster_images(again.content) == 0
    tags = support.structure_types(again.content)
    assert [figure["/Alt"] for figure in tags["/Figure"]] == [CALLS.alt]
    catalog = support.read(again.content).trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert str(catalog["/Lang"]).split("-")[0] == "en"
