"""Playwright driving Debian's Chromium against pytest-django's live server.

Without /usr/bin/chromium the browser tests are skipped with the reason, except under
CI=true, where a missing browser fails them: CI must really run them.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.factories import UserFactory

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


def _route(log: PageLog):
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


@pytest.fixture
def page(browser, page_log):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", _route(page_log))
    new_page = context.new_page()
    new_page.on("console", lambda message: message.type == "error"
                and page_log.errors.append(f"console: {message.text}"))
    new_page.on("pageerror", lambda error: page_log.errors.append(f"page error: {error}"))
    yield new_page
    context.close()


@pytest.fixture
def browser_user(transactional_db):
    return UserFactory(username="performance.officer", is_staff=True, is_superuser=True)


@pytest.fixture
def signed_in_page(page, live_server, browser_user):
    """A page signed in through the real login form."""
    sign_in(page, live_server.url, browser_user.username)
    return page


def sign_in(page, base_url: str, username: str):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/")


def blocking_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page as it stands, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['impact']} {v['id']}: {v['help']} — "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
        for v in results.response["violations"]
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
