"""axe-core on the pages the site sweep (test_axe_site_pages.py) cannot reach with its
data: no serious or critical violation on the sign-in page once sign-in is paused, nor on
the overview of a site without any figures.

Every other page (the overview, the sections, the reports, the report and its public
edition, the password page, sign-in and sign-in with errors) is checked by that sweep, with
every WCAG A/AA violation and every serious or critical best-practice one, at 1366, 390
and 320 px, its console and requests watched as here.
"""

import pytest

from tests.browser.conftest import blocking_violations

pytestmark = pytest.mark.browser


def test_overview_without_any_figures_has_no_serious_violations(member_page, page_log,
                                                                site_server):
    member_page.goto(f"{site_server.url}/en/")
    assert blocking_violations(member_page) == []
    page_log.assert_clean()


def test_sign_in_paused_page_has_no_serious_violations(page, site_server, module_db):
    page.goto(f"{site_server.url}/en/accounts/login/")
    for _ in range(5):
        page.get_by_label("Username").fill("someone")
        page.get_by_label("Password").fill("not the password")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
    assert page.get_by_role("heading", name="Too many attempts to sign in").is_visible()
    assert page.get_by_role("alert").is_visible()
    assert blocking_violations(page) == []
