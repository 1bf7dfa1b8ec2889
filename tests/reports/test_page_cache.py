"""The report page and the overview come from the cache while the data version stands,
and are never stale once it moves."""

import pytest
from django.urls import reverse

from ictreport.core import registry
from ictreport.core.models import AnnualReport
from servicedesk.models import ChannelCalls

pytestmark = pytest.mark.django_db


def _overview(report):
    return (f"{reverse('reports:overview')}?organisation={report.organisation.slug}"
            f"&year={report.year.slug}")


def _body(response) -> str:
    """The report itself (the page around it carries a per-request CSRF token)."""
    html = response.content.decode()
    return html[html.index('<article class="report"'):html.index("</article>")]


@pytest.fixture
def no_building(monkeypatch):
    def forbid(*, organisation, year):
        raise AssertionError("a section was built again while nothing changed")

    def apply():
        for section in registry.sections():
            monkeypatch.setattr(section, "build", forbid)
    return apply


def test_unchanged_pages_build_no_section(staff_client, shipped_report, no_building):
    first = _body(staff_client.get(shipped_report.get_absolute_url()))
    staff_client.get(_overview(shipped_report))
    no_building()
    assert _body(staff_client.get(shipped_report.get_absolute_url())) == first
    assert staff_client.get(_overview(shipped_report)).status_code == 200


def test_a_changed_title_is_on_the_next_page(staff_client, shipped_report):
    staff_client.get(shipped_report.get_absolute_url())
    AnnualReport.objects.filter(pk=shipped_report.pk).update(title="A title never seen")
    assert "A title never seen" in staff_client.get(
        shipped_report.get_absolute_url()).content.decode()


def test_a_changed_figure_is_on_the_next_overview(staff_client, shipped_report):
    url = _overview(shipped_report)
    before = staff_client.get(url).content
    ChannelCalls.objects.filter(desk_return__organisation=shipped_report.organisation,
                                desk_return__year=shipped_report.year).update(calls=0)
    after = staff_client.get(url).content
    assert after != before  # the service desk's card now says no calls
