"""The Chromium that draws the PDF's charts: one per process, one chart at a time."""

import threading

import kaleido
import pytest

from ictreport.core import charts
from ictreport.reports import chart_images
from tests.pdf import support
from tests.pdf.factories import ChartFactory

FIGURE = charts.figure(ChartFactory(key="calls"))


@pytest.fixture
def server():
    server = chart_images.ChartServer()
    yield server
    server.stop()


@pytest.fixture
def browsers_started(monkeypatch):
    started = []

    class CountedKaleido(kaleido.Kaleido):
        def __init__(self, *args, **kwargs):
            started.append(kwargs)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(kaleido, "Kaleido", CountedKaleido)
    return started


@support.needs_chromium
def test_one_chromium_draws_every_threads_charts(server, browsers_started):
    drawn, errors = [], []

    def draw():
        try:
            drawn.append(server.svg(FIGURE, width=680, height=360))
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=draw) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(drawn) == 4
    assert all(svg.startswith(b"<svg") for svg in drawn)
    assert browsers_started == [{"mathjax": False}]


@support.needs_chromium
def test_after_a_failed_chart_the_next_one_gets_a_fresh_chromium(server, browsers_started):
    with pytest.raises(chart_images.ChartsUnavailable, match="Chromium failed to draw a chart"):
        server.svg({"data": "not a figure"}, width=680, height=360)
    assert server.svg(FIGURE, width=680, height=360).startswith(b"<svg")
    assert len(browsers_started) == 2


def test_missing_chromium_is_reported_at_once():
    server = chart_images.ChartServer(browser_path="/nonexistent/chromium")
    with pytest.raises(chart_images.ChartsUnavailable,
                       match=r"Chromium was not found \(/nonexistent/chromium\)"):
        server.svg(FIGURE, width=680, height=360)
