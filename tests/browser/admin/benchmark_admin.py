"""Benchmark (not a test of the site): the admin sweep's way of checking a page, old and
new (axe's source put in before every run and a new tab a page, against once a document
and one tab), interleaved in one run so the machine's load falls on both alike; prints each one's
seconds and the ratio new / old. Run it by name:

    SECRET_KEY=x .venv/bin/python -m pytest tests/browser/admin/benchmark_admin.py -q -s \
        -p no:cacheprovider
"""

import time

import pytest

from tests.browser.admin.conftest import COVERED_TITLE, OVERFLOW, check_widths
from tests.browser.test_axe_site_pages import WCAG_TAGS, WIDTHS

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

ADMIN_PAGES = ["auth.User change", "core.AnnualReport change", "core.AnnualReport list",
               "audits.Recommendation add", "finance.FinanceReturn list", "index"]
ROUNDS = 3


def _old_admin_page(context, url):
    """As before: a new page a test, axe's source put in before every run."""
    from axe_playwright_python.sync_playwright import Axe

    page = context.new_page()
    page.goto(url)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.wait_for_function("() => document.readyState === 'complete'")
        Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                 "resultTypes": ["violations"]})
        page.evaluate(OVERFLOW)
        page.evaluate(COVERED_TITLE)
    page.close()


def _report(name, old, new):
    print(f"\n{name}: old {old:.2f} s, new {new:.2f} s, new/old {new / old:.2f}")


def test_admin_pages(member, member_tab, admin_site):
    old = new = 0.0
    for _ in range(ROUNDS):
        for name in ADMIN_PAGES:
            url = f"{admin_site['url']}{admin_site['pages'][name]}"
            started = time.perf_counter()
            _old_admin_page(member, url)
            old += time.perf_counter() - started
            started = time.perf_counter()
            member_tab.goto(url)
            check_widths(member_tab, name)
            new += time.perf_counter() - started
    _report(f"admin pages ({len(ADMIN_PAGES)} x {ROUNDS})", old, new)
