"""Every page can live under a Content-Security-Policy that forbids inline script: the
only script elements without ``src`` are json_script data."""

import re

import pytest

from tests.reportpage.factories import register_fake_section, reports_over_years
from tests.reports.test_login_required import site_paths

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
SELECTED = "organisation=gwent-police&year=2019-20"


def inline_scripts(html: str) -> list[str]:
    """Opening tags of script elements that would run inline code."""
    return [
        tag.group(0) for tag in SCRIPT.finditer(html)
        if "src=" not in tag.group(1) and 'type="application/json"' not in tag.group(1)
    ]


def test_the_check_catches_an_inline_script():
    assert inline_scripts('<script>alert(1)</script><script src="/a.js"></script>') == [
        "<script>"]
    assert inline_scripts('<script id="d" type="application/json">{}</script>') == []


@pytest.mark.parametrize("path", site_paths())
def test_page_has_a_strict_policy_and_no_inline_script(staff_client, shipped_report,
                                                       monkeypatch, path):
    register_fake_section(monkeypatch)
    reports_over_years(organisation=shipped_report.organisation, years=(2017, 2018))
    response = staff_client.get(f"{path}?{SELECTED}")
    assert response.status_code < 500
    if not response["Content-Type"].startswith("text/html"):
        return
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert inline_scripts(response.content.decode()) == []
