"""Element ids are unique on every page that assembles several sections: charts.js finds
each chart's data by id, and labels and descriptions point at ids."""

import re
from collections import Counter

import pytest

from tests.reportpage.factories import register_fake_section, reports_over_years

pytestmark = pytest.mark.django_db

ID = re.compile(r'\sid="([^"]+)"')


def duplicate_ids(html: str) -> list[str]:
    return [element_id for element_id, n in Counter(ID.findall(html)).items() if n > 1]


def test_the_check_finds_a_duplicate():
    assert duplicate_ids('<p id="a"></p><div id="b"></div><span id="a"></span>') == ["a"]


@pytest.mark.parametrize("path", [
    "/en/?organisation=gwent-police&year=2019-20",
    "/en/reports/gwent-police/2019-20/",
    "/en/reports/gwent-police/2019-20/?edition=public",
])
def test_page_has_no_duplicate_ids(staff_client, shipped_report, monkeypatch, path):
    register_fake_section(monkeypatch)
    reports_over_years(organisation=shipped_report.organisation, years=(2017, 2018))
    html = staff_client.get(path).content.decode()
    assert len(ID.findall(html)) > 10
    assert duplicate_ids(html) == []
