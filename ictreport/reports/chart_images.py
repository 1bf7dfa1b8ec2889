"""Charts for the PDF: vector SVG images of the plotly figures the web page draws.

kaleido draws each figure in a headless Chromium. Starting Chromium takes ~3 s and a
chart ~0.25 s after that, so one browser is started per process, on first use, and
kept; it draws one chart at a time behind a lock.

kaleido's own ``start_sync_server`` is not used: when Chromium is missing or fails to
start, the error dies inside its thread and every later call waits forever. Here the
browser runs on an event loop in a thread of our own, and each call waits with a
timeout, so a missing or broken Chromium is reported at once and the PDF is made
without charts instead of hanging a request.
"""

import asyncio
import atexit
import base64
import logging
import threading
from collections.abc import Iterable

import kaleido
from choreographer.errors import ChromeNotFoundError

from ictreport.core import charts
from ictreport.core.sections import Chart

logger = logging.getLogger(__name__)

# Drawn at about the width of the A4 text block (170 mm at 96 px to the inch), so the
# fonts the figure asks for come out at close to their size in the PDF.
WIDTH = 680
START_TIMEOUT = 60  # seconds for Chromium to start and load plotly.js
CHART_TIMEOUT = 30  # seconds for one chart


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
        with self._lock:
            self._start()
            future = asyncio.run_coroutine_threadsafe(
                self._kaleido.calc_fig(
                    figure, opts={"format": "svg", "width": width, "height": height}
                ),
                self._loop,
            )
            try:
                return future.result(timeout=CHART_TIMEOUT)
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

    An ``<img>`` rather than inline SVG: WeasyPrint draws both as vectors, but inline
    plotly SVG floods its log with harmless warnings.
    """
    images = {}
    for chart in charts_to_draw:
        if chart in images:
            continue
        figure = charts.figure(chart)
        svg = server.svg(figure, width=WIDTH, height=figure["layout"]["height"])
        images[chart] = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    return images
