"""Charts for the PDF: vector SVG images of the plotly figures the web page draws.

kaleido draws each figure in a headless Chromium. Starting Chromium takes ~3 s and a
chart ~0.25 s after that, so one browser is started per process, on first use, and
kept; it draws one PDF's missing charts at a time, in one call, behind a lock.

A chart's SVG is kept in the shared cache under a hash of its figure's JSON, its size
and the renderers' versions (``svg_key``): a PDF re-rendered after a change that leaves
the charts alone (a text, another section, the status) draws none of them, and a
changed chart is drawn afresh because its key changes with it.

kaleido's own ``start_sync_server`` is not used: when Chromium is missing or fails to
start, the error dies inside its thread and every later call waits forever. Here the
browser runs on an event loop in a thread of our own, and each call waits with a
timeout, so a missing or broken Chromium is reported at once and the PDF is made
without charts instead of hanging a request.
"""

import asyncio
import atexit
import base64
import hashlib
import json
import logging
import threading
from collections.abc import Iterable
from importlib.metadata import version

import kaleido
import plotly
from choreographer.errors import ChromeNotFoundError
from django.core.cache import cache

from ictreport.core import charts
from ictreport.core.sections import Chart

logger = logging.getLogger(__name__)

# Drawn at about the width of the A4 text block (170 mm at 96 px to the inch), so the
# fonts the figure asks for come out at close to their size in the PDF.
WIDTH = 680
START_TIMEOUT = 60  # seconds for Chromium to start and load plotly.js
CHART_TIMEOUT = 30  # seconds for one chart
# A drawing is cached under a hash of what it is drawn from (``svg_key``), so a changed
# figure is drawn afresh; the timeout only clears out drawings nobody asks for any more.
CACHE_SECONDS = 60 * 60 * 24 * 30
# Part of the drawings' cache key: bump it when this module draws the same figure
# differently.
DRAWING_VERSION = 1
# What draws the SVG, also in the key: kaleido and choreographer (which drive Chromium)
# and plotly, whose plotly.js kaleido loads.
RENDERERS = {"kaleido": version("kaleido"), "choreographer": version("choreographer"),
             "plotly": plotly.__version__}


class ChartsUnavailable(Exception):
    """Charts cannot be drawn; the message says why, for the log."""


class ChartServer:
    """One headless Chromium for the process, started on first use; one chart at a time."""

    def __init__(self, *, browser_path: str | None = None):
        # None: kaleido looks for Chromium itself (BROWSER_PATH, then PATH).
        self._browser_path = browser_path
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: kaleido.Kaleido | None = None
        self._stop_registered = False

    def svg(self, figure: dict, *, width: int, height: int) -> bytes:
        [svg] = self.svgs([(figure, width, height)])
        return svg

    def svgs(self, drawings: list[tuple[dict, int, int]]) -> list[bytes]:
        """Each ``(figure, width, height)`` as SVG, in order: one call to the browser for
        them all (its single tab draws them in turn), with a timeout for the lot."""
        async def draw_all():
            return await asyncio.gather(*(
                self._kaleido.calc_fig(
                    figure, opts={"format": "svg", "width": width, "height": height})
                for figure, width, height in drawings
            ))

        with self._lock:
            self._start()
            future = asyncio.run_coroutine_threadsafe(draw_all(), self._loop)
            try:
                return list(future.result(timeout=CHART_TIMEOUT * len(drawings)))
            except Exception as exc:
                future.cancel()
                # A browser that failed once is not trusted again: the next PDF starts
                # a fresh one.
                self._shut_down()
                raise ChartsUnavailable(f"Chromium failed to draw a chart: {exc!r}") from exc

    def stop(self) -> None:
        with self._lock:
            self._shut_down()

    def _start(self) -> None:
        if self._kaleido is not None:
            return
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="kaleido", daemon=True)
        thread.start()
        options = {"path": self._browser_path} if self._browser_path else {}

        async def open_browser():
            browser = kaleido.Kaleido(mathjax=False, **options)
            await browser.open()
            return browser

        future = asyncio.run_coroutine_threadsafe(open_browser(), loop)
        try:
            browser = future.result(timeout=START_TIMEOUT)
        except Exception as exc:
            future.cancel()
            _stop_loop(loop, thread)
            if isinstance(exc, ChromeNotFoundError):
                where = self._browser_path or "BROWSER_PATH or PATH"
                raise ChartsUnavailable(
                    f"Chromium was not found ({where}); install Debian's chromium package."
                ) from exc
            raise ChartsUnavailable(f"Chromium did not start: {exc!r}") from exc
        self._loop, self._thread, self._kaleido = loop, thread, browser
        if not self._stop_registered:
            atexit.register(self.stop)
            self._stop_registered = True

    def _shut_down(self) -> None:
        if self._kaleido is None:
            return
        loop, thread, browser = self._loop, self._thread, self._kaleido
        self._loop = self._thread = self._kaleido = None
        try:
            asyncio.run_coroutine_threadsafe(browser.close(), loop).result(timeout=10)
        except Exception:
            logger.warning("Chromium did not close cleanly.", exc_info=True)
        _stop_loop(loop, thread)


def _stop_loop(loop: asyncio.AbstractEventLoop, thread: threading.Thread) -> None:
    loop.call_soon_threadsafe(loop.stop)
    thread.join(timeout=10)
    if not thread.is_alive():
        loop.close()


server = ChartServer()


def svg_data_uris(charts_to_draw: Iterable[Chart]) -> dict[Chart, str]:
    """Each chart as an ``<img>``-ready SVG data URI; ``ChartsUnavailable`` if any fails.

    A chart drawn before (the same figure, size and renderers: ``svg_key``) comes from
    the shared cache; the others are drawn in one call to the browser and cached.

    An ``<img>`` rather than inline SVG: WeasyPrint draws both as vectors, but inline
    plotly SVG floods its log with harmless warnings.
    """
    figures = {}
    for chart in charts_to_draw:
        if chart not in figures:
            figures[chart] = charts.figure(chart)
    keys = {chart: svg_key(figure) for chart, figure in figures.items()}
    drawn = _cached(set(keys.values()))
    missing = {key: figures[chart] for chart, key in keys.items() if key not in drawn}
    if missing:
        svgs = server.svgs([(figure, WIDTH, figure["layout"]["height"])
                            for figure in missing.values()])
        new = dict(zip(missing, svgs, strict=True))
        _store(new)
        drawn.update(new)
    return {chart: "data:image/svg+xml;base64," + base64.b64encode(drawn[key]).decode("ascii")
            for chart, key in keys.items()}


def svg_key(figure: dict) -> str:
    """The cache key of a figure's drawing: a hash of everything it is drawn from -- the
    figure's JSON, the size, and the renderers' versions (``RENDERERS``).
    ``DRAWING_VERSION`` is bumped when this module draws differently."""
    source = json.dumps(
        {"figure": figure, "width": WIDTH, "height": figure["layout"]["height"],
         "format": "svg", "renderers": RENDERERS, "drawing": DRAWING_VERSION},
        sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str,
    )
    return "chart-svg:" + hashlib.sha256(source.encode("utf-8")).hexdigest()


def _cached(keys: set[str]) -> dict[str, bytes]:
    """The drawings the cache holds; none when it cannot be read (they are drawn)."""
    try:
        return cache.get_many(keys)
    except Exception:
        logger.warning("Could not read the chart cache; drawing the charts.", exc_info=True)
        return {}


def _store(drawn: dict[str, bytes]) -> None:
    try:
        cache.set_many(drawn, CACHE_SECONDS)
    except Exception:
        # The charts are drawn; the next PDF draws them again.
        logger.warning("Could not cache the charts' drawings.", exc_info=True)
