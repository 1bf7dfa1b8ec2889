"""Benchmark (not a test of the site): a keyboard walk over a page, old and new (three
questions to the page after each press of Tab, against one), interleaved in one run so
the machine's load falls on both alike; prints each one's seconds and the ratio new /
old. Run it by name:

    SECRET_KEY=x .venv/bin/python -m pytest tests/browser/benchmark_keyboard.py -q -s \\
        -p no:cacheprovider
"""

import time

import pytest

from tests.browser.conftest import wait_for_charts
from tests.browser.test_keyboard import FOCUSED, MAX_STOPS, OPAQUE, WALK, walk_the_page

pytestmark = pytest.mark.browser

PATHS = ["/en/?organisation=gwent-police&year=2019-20", "/en/reports/gwent-police/2019-20/"]
ROUNDS = 3


def _old_walk(page) -> list[dict]:
    """The walk as it was: WALK, FOCUSED and a wait for OPAQUE after each press."""
    seen, stops = [], []
    for _ in range(MAX_STOPS):
        page.keyboard.press("Tab")
        where = page.evaluate(WALK)
        if where is None:
            continue
        if seen and where == seen[0]:
            return stops
        focused = page.evaluate(FOCUSED)
        assert focused["outline"], f"no visible focus on {focused}"
        page.wait_for_function(OPAQUE, timeout=2_000)
        seen.append(where)
        stops.append(focused)
    raise AssertionError(f"focus never came back round in {MAX_STOPS} presses of Tab")


def test_keyboard_walks(member_page, site_server, held_report):
    old = new = 0.0
    for _ in range(ROUNDS):
        for path in PATHS:
            for walk, kind in ((_old_walk, "old"), (walk_the_page, "new")):
                member_page.goto(f"{site_server.url}{path}")
                wait_for_charts(member_page)
                started = time.perf_counter()
                stops = walk(member_page)
                took = time.perf_counter() - started
                if kind == "old":
                    old, old_stops = old + took, stops
                else:
                    new = new + took
                    assert stops == old_stops  # the same stops, seen the same way
    print(f"\nkeyboard walks ({len(PATHS)} pages x {ROUNDS}): old {old:.2f} s, "
          f"new {new:.2f} s, new/old {new / old:.2f}")
