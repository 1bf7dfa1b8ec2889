"""A quarter from entry to the dashboard in Debian's Chromium: an editor enters and
submits it, an approver approves it, and the dashboard shows its figures."""

import re

import pytest
from django.test import Client

from ictreport.core.roles import APPROVERS
from tests.access.factories import user_in
from tests.browser.conftest import unlock_for_flush
from tests.factories import FinancialYearFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _session(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


@pytest.fixture
def sessions(shipped_report):
    gwent = shipped_report.organisation
    FinancialYearFactory(start_year=2020)
    yield {
        "editor": _session(user_in("Service desk editors", gwent)),
        "approver": _session(user_in(APPROVERS, gwent)),
    }
    unlock_for_flush()  # the flush after this live-server test deletes the approved rows


def _page_as(browser, live_server, session):
    context = browser.new_context()
    context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    return context.new_page()


def test_a_quarter_is_entered_submitted_approved_and_shown(sessions, live_server, browser):
    editor = _page_as(browser, live_server, sessions["editor"])
    editor.goto(f"{live_server.url}/en/admin/servicedesk/servicedeskreturn/add/")
    editor.locator("#id_organisation").select_option(label="Gwent Police")
    editor.locator("#id_year").select_option(label="2020/21")
    editor.locator("#id_quarter").select_option(value="1")
    rows = editor.locator("input[name^='channel_calls-'][name$='-calls']"
                          ":not([name*='__prefix__'])")
    assert rows.count() >= 2
    rows.nth(0).fill("43210")
    for index in range(1, rows.count()):
        rows.nth(index).fill("1000")
    editor.get_by_role("button", name="Save and continue editing").click()
    editor.wait_for_url(re.compile(r".*/servicedeskreturn/\d+/change/"))
    change_url = editor.url

    editor.get_by_role("link", name="Submit for approval").click()
    editor.get_by_role("button", name="Submit for approval").click()
    editor.wait_for_url(change_url)
    assert "Submitted for approval" in editor.locator("#content").inner_text()
    assert editor.get_by_role("link", name="Approve").count() == 0

    approver = _page_as(browser, live_server, sessions["approver"])
    approver.goto(change_url)
    approver.get_by_role("link", name="Approve", exact=True).click()
    approver.get_by_role("button", name="Approve", exact=True).click()
    approver.wait_for_url(change_url)
    assert "is locked" in approver.locator(".messagelist").inner_text()
    assert approver.get_by_role("button", name="Save", exact=True).count() == 0

    approver.goto(f"{live_server.url}/en/servicedesk/?organisation=gwent-police&year=2020-21")
    assert "43,210" in approver.locator("main").inner_text()
