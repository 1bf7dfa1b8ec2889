"""The frozen page of the shipped 2019/20 report: charts that still draw (their data
travels in the frozen page), unique ids and no inline script, as on the live page."""

import pytest

from ictreport.core import editions
from ictreport.core.models import ReportStatus
from tests.editions.factories import stand_in_pdf
from tests.reports.test_no_inline_script import inline_scripts
from tests.reports.test_unique_ids import ID, duplicate_ids

pytestmark = pytest.mark.django_db

URL = "/en/reports/gwent-police/2019-20/"


@pytest.fixture
def page(client, shipped_report, staff_user, monkeypatch):
    stand_in_pdf(monkeypatch)
    shipped_report.status = ReportStatus.PUBLISHED
    shipped_report.publicly_disclosable = True
    shipped_report.save()
    editions.freeze(report=shipped_report, user=staff_user)
    return client.get(URL).content.decode()


def test_the_frozen_page_carries_its_charts_data_and_loads_the_chart_script(page):
    assert page.count('data-chart="') >= 3
    assert page.count('type="application/json"') == page.count('data-chart="')
    assert "/static/js/charts.js" in page and "plotly.min.js" in page


def test_the_frozen_page_has_unique_ids_and_no_inline_script(page):
    assert len(ID.findall(page)) > 10
    assert duplicate_ids(page) == []
    assert inline_scripts(page) == []


def test_the_frozen_page_has_what_the_public_edition_has(page):
    assert "3,819" in page  # 2019/20 self-service calls (source 3.6)
    assert "For staff: where the figures disagree" not in page
    assert "Edition 1, published" in page
