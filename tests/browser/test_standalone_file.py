"""The exported standalone HTML file, opened from disk: charts draw from the inlined
plotly.js with nothing fetched, and it passes the same accessibility checks."""

import pytest
from django.core.management import call_command

from tests.browser.conftest import blocking_violations, wait_for_charts
from tests.reportpage.factories import register_fake_section, reports_over_years

pytestmark = pytest.mark.browser


@pytest.fixture
def exported_file(shipped_report, monkeypatch, tmp_path):
    register_fake_section(monkeypatch)
    reports_over_years(organisation=shipped_report.organisation, years=(2017, 2018))
    path = tmp_path / "report.html"
    call_command("export_report", "gwent-police", "2019-20", "--format", "html",
                 "--output", str(path))
    return path


def test_standalone_file_draws_every_chart_offline(page, page_log, exported_file):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(exported_file.as_uri())
    drawn = wait_for_charts(page)
    assert drawn >= 1 and drawn == page.locator("[data-chart]").count()
    assert [url for url in requests if not url.startswith(("file:", "data:", "blob:"))] == []
    assert blocking_violations(page) == []
    page_log.assert_clean()
