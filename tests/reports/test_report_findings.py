"""The data-quality panel: every section's findings, for signed-in staff only."""

from dataclasses import replace

import pytest

from ictreport.core.models import Membership
from tests.factories import UserFactory
from tests.reportpage.factories import FINDING_TEXT, WidgetSection, register_fake_section

pytestmark = pytest.mark.django_db

URL = "/en/reports/gwent-police/2019-20/"


@pytest.fixture
def widgets(monkeypatch):
    return register_fake_section(monkeypatch)


def test_staff_see_every_section_with_its_findings(staff_client, shipped_report, widgets):
    html = staff_client.get(URL).content.decode()
    panel = html[html.index('<aside class="findings" id="findings"'):]
    assert FINDING_TEXT in panel
    assert "Widget returns</a></h3>" in panel
    assert 'href="#findings"' in html  # the note at the top points to the panel


class CleanWidgets(WidgetSection):
    key = "cleanwidgets"

    def build(self, *, organisation, year):
        data = super().build(organisation=organisation, year=year)
        return replace(data, key=self.key, title="Clean widgets", findings=())


def test_a_section_without_findings_is_listed_as_checked(staff_client, shipped_report,
                                                         monkeypatch):

    register_fake_section(monkeypatch, CleanWidgets)
    html = staff_client.get(URL).content.decode()
    panel = html[html.index('<aside class="findings"'):]
    clean = panel.index("Clean widgets</a></h3>")
    assert panel.index("No problems found.", clean) > clean


def test_signed_in_users_who_are_not_staff_do_not_see_findings(client, shipped_report,
                                                                widgets):
    reader = UserFactory(is_staff=False)
    Membership.objects.create(user=reader, organisation=shipped_report.organisation)
    client.force_login(reader)
    html = client.get(URL).content.decode()
    assert "Widget returns" in html
    assert FINDING_TEXT not in html
    assert 'id="findings"' not in html


def test_the_public_edition_has_no_findings_even_for_staff(staff_client, shipped_report,
                                                           widgets):
    html = staff_client.get(URL + "?edition=public").content.decode()
    assert FINDING_TEXT not in html
    assert 'id="findings"' not in html
