"""Playwright driving Debian's Chromium against a live server.

Without /usr/bin/chromium the browser tests are skipped with the reason, except under
CI=true, where a missing browser fails them: CI must really run them.

Two ways to give a browser test its data:

- Loaded once for the module (the cheap way, for tests that only read): the module-scoped
  ``module_db`` commits the module's data where ``site_server`` (a live server of the
  session's own) reads it, and flushes it after the module's last test, as
  ``transactional_db`` does after each test. ``held_report`` is the shipped 2019/20 report
  with two earlier years, ``member`` a superuser and ``member_page`` a page signed in as
  them by cookie. A test module defines its own module-scoped data fixtures the same way
  (``def my_data(module_db): ...``, with ``pytest.MonkeyPatch.context()`` for patches).
- Per test (for tests that write through the browser): pytest-django's ``live_server``,
  which makes the test transactional, with ``browser_user`` and ``signed_in_page``.

Every page is signed in by its session cookie (``tests/browser/sessions.py``); the login
form is driven only by the tests about it.
"""

import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import connections
from django.test.utils import override_settings

from tests.browser.sessions import session_cookie
from tests.conftest import SHIPPED_REPORT, require_test_database
from tests.factories import OrganisationFactory, UserFactory

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's password
BLOCKING_IMPACTS = {"serious", "critical"}
# Long enough for plotly.js (4.6 MB) to load and draw on a slow CI machine.
CHART_TIMEOUT_MS = 20_000


def require_chromium(chromium: Path = CHROMIUM, environ=os.environ) -> None:
    """Skip the test, with the reason, when Chromium is missing; under CI=true fail it."""
    if chromium.exists():
        return
    message = f"{chromium} is missing: install Debian's chromium (apt-get install chromium)"
    if environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"CI=true but {message}")
    pytest.skip(message)


@pytest.fixture(scope="module", autouse=True)
def _orm_beside_playwright():
    """Playwright's sync API keeps an event loop on the test's thread; Django refuses ORM
    calls from such a thread unless told the calls really are synchronous, as here.

    Module-scoped, so it outlives every test's database set-up and teardown (the flush
    after a live-server test included) and the browser itself."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="module")
def browser():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@dataclass
class PageLog:
    """What a page did that it should not: console errors, uncaught exceptions and
    requests to anywhere but this machine (aborted before they leave)."""

    errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)

    def assert_clean(self):
        assert self.errors == [], "console errors or uncaught exceptions"
        assert self.external_requests == [], "requests that would have left localhost"


def route_to_localhost(log: PageLog):
    def handle(route):
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in {"data", "blob", "about", "file"} or parts.hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            log.external_requests.append(url)
            route.abort()
    return handle


@pytest.fixture
def page_log():
    return PageLog()


VIEWPORT = {"width": 1280, "height": 900}


def listen(page, log: PageLog):
    """``page``'s console errors and uncaught exceptions go to ``log``."""
    page.on("console", lambda message: message.type == "error"
            and log.errors.append(f"console: {message.text} ({message.location['url']})"))
    page.on("pageerror", lambda error: log.errors.append(f"page error: {error}"))
    return page


def logged_page(context, log: PageLog):
    """A new page in ``context`` whose console errors and outside requests go to ``log``."""
    context.route("**/*", route_to_localhost(log))
    return listen(context.new_page(), log)


def watched_page(context, log: PageLog):
    """A new page in ``context`` whose own console errors and outside requests go to
    ``log`` (routed by the page, so that each page of a context may have a log of its own)."""
    new_page = context.new_page()
    new_page.route("**/*", route_to_localhost(log))
    return listen(new_page, log)


@pytest.fixture
def page(browser, page_log):
    context = browser.new_context(viewport=VIEWPORT)
    yield logged_page(context, page_log)
    context.close()


@pytest.fixture
def browser_user(transactional_db):
    return UserFactory(username="performance.officer", is_staff=True, is_superuser=True)


@pytest.fixture
def signed_in_page(page, live_server, browser_user):
    """A page signed in as ``browser_user`` by its session cookie (per-test data)."""
    page.context.add_cookies([session_cookie(live_server, browser_user)])
    return page


# Data loaded once per module --------------------------------------------------------

@pytest.fixture(scope="session")
def site_server(django_db_setup):
    """A live server for the session. Unlike pytest-django's ``live_server``, using it
    does not make a test transactional (its data flushed after each test): the data it
    serves is ``module_db``'s."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost")
    yield server
    server.stop()


def unlock_for_flush():
    """Back to draft (a column the sign-off lock lets move), so that a flush may delete
    the signed-off rows the lock otherwise keeps (on SQLite the flush deletes row by
    row, which the lock's triggers refuse)."""
    from django.apps import apps

    from ictreport.core.models import AnnualReport, QuarterlyReturn

    AnnualReport.objects.update(status="draft")
    for model in apps.get_models():
        if issubclass(model, QuarterlyReturn) and not model._meta.abstract:
            model.objects.update(status="draft")


def flush_database() -> None:
    """Empty every table, as pytest-django does after a transactional test."""
    unlock_for_flush()
    for alias in connections:
        call_command("flush", verbosity=0, interactive=False, database=alias,
                     reset_sequences=False, allow_cascade=False, inhibit_post_migrate=False)


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """Database access for the whole module: what its fixtures load is committed (the
    live server's thread reads it) and flushed after the module's last test."""
    with django_db_blocker.unblock(), override_settings(
        # The production hasher takes a second a password (tests/conftest.py).
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ):
        require_test_database()
        try:
            yield
        finally:
            flush_database()


@pytest.fixture(scope="module")
def member(module_db):
    return UserFactory(username="performance.officer", is_staff=True, is_superuser=True)


@pytest.fixture(scope="module")
def held_report(module_db):
    """The shipped 2019/20 report, imported once for the module, with Gwent's 2017/18 and
    2018/19 reports so that cards and charts have trends."""
    from tests.reportpage.factories import reports_over_years

    gwent = OrganisationFactory(name="Gwent Police", slug="gwent-police")
    call_command("import_report", str(SHIPPED_REPORT), stdout=io.StringIO())
    reports_over_years(organisation=gwent, years=(2017, 2018))
    return gwent.reports.get(year_id=2019)


@pytest.fixture(scope="module")
def member_cookie(module_db, site_server, member):
    return session_cookie(site_server, member)


@pytest.fixture
def member_page(browser, page_log, member_cookie):
    """A page signed in as ``member`` by cookie, on ``site_server``."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_cookies([member_cookie])
    yield logged_page(context, page_log)
    context.close()


def sign_in(page, base_url: str, username: str):
    page.goto(f"{base_url}/en/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/en/")


# Only what the violation lines show comes back from the page, not axe's whole report.
AXE_RUN = """async (options) => (await axe.run(document, options)).violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help, tags: v.tags,
  nodes: v.nodes.map(n => ({target: n.target})),
}))"""


def axe_violations(page, options: dict) -> list[dict]:
    """axe-core's violations on the page as it stands. axe's source (570 KB) goes into
    each document once, not before every run as ``Axe().run`` does it: a page checked
    at three widths parses it once."""
    from axe_playwright_python.base import AXE_SCRIPT

    if not page.evaluate("() => typeof window.axe?.run === 'function'"):
        page.evaluate(AXE_SCRIPT)
    return page.evaluate(AXE_RUN, options)


def blocking_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page as it stands, one line each."""
    return [
        f"{v['impact']} {v['id']}: {v['help']} — "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
        for v in axe_violations(page, {"resultTypes": ["violations"]})
        if v["impact"] in BLOCKING_IMPACTS
    ]


def wait_for_charts(page):
    """Wait until plotly has drawn its SVG into every chart on the page and charts.js has
    labelled it; return how many charts there are."""
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll('[data-chart]')).every(
                     el => el.querySelector('svg.main-svg') && el.dataset.chartReady)""",
        timeout=CHART_TIMEOUT_MS,
    )
    return page.locator("[data-chart] svg.main-svg[role=img]").count()
