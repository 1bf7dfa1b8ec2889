"""Section dashboards read their figures once per data version: while nothing changes
no section's figures are read or built again, the dashboard shares the section's data
with the report page, and a changed figure is on the next page."""

import importlib
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from ictreport.core import registry
from servicedesk.models import ChannelCalls

pytestmark = pytest.mark.django_db

DASHBOARDS = [s for s in registry.sections() if s.url_name]


def _url(section, report) -> str:
    query = {"organisation": report.organisation.slug, "year": report.year.slug}
    return f"{reverse(section.url_name)}?{urlencode(query)}"


def _main(response) -> str:
    """The page's own content (the header around it carries a per-request CSRF token)."""
    _before, rest = response.content.decode().split('<main id="main"', 1)
    return rest.split("</main>", 1)[0]


@pytest.fixture
def forbid_reading_figures(monkeypatch):
    def forbid(*args, **kwargs):
        raise AssertionError("figures were read again while nothing changed")

    def apply(section):
        module = importlib.import_module(f"{type(section).__module__.split('.')[0]}.dashboard")
        target = module.selectors if hasattr(module, "selectors") else module
        monkeypatch.setattr(target, "figures_get", forbid)
        monkeypatch.setattr(section, "build", forbid)
    return apply


@pytest.mark.parametrize("section", DASHBOARDS, ids=lambda s: s.key)
def test_an_unchanged_dashboard_reads_no_figures(section, staff_client, shipped_report,
                                                 forbid_reading_figures):
    url = _url(section, shipped_report)
    first = _main(staff_client.get(url))
    forbid_reading_figures(section)
    assert _main(staff_client.get(url)) == first


@pytest.mark.parametrize("section", DASHBOARDS, ids=lambda s: s.key)
def test_the_report_page_uses_the_data_a_dashboard_built(section, staff_client,
                                                          shipped_report, monkeypatch):
    staff_client.get(_url(section, shipped_report))

    def forbid(*, organisation, year):
        raise AssertionError(f"{section.key} was built again for the report page")

    monkeypatch.setattr(section, "build", forbid)
    assert staff_client.get(shipped_report.get_absolute_url()).status_code == 200


def test_a_changed_figure_is_on_the_next_dashboard(staff_client, shipped_report):
    url = _url(next(s for s in DASHBOARDS if s.key == "servicedesk"), shipped_report)
    before = _main(staff_client.get(url))
    ChannelCalls.objects.filter(desk_return__organisation=shipped_report.organisation,
                                desk_return__year=shipped_report.year).update(calls=0)
    after = _main(staff_client.get(url))
    assert after != before


def test_each_language_has_its_own_dashboard(staff_client, shipped_report):
    section = next(s for s in DASHBOARDS if s.key == "finance")
    url = _url(section, shipped_report)
    english = _main(staff_client.get(url))
    welsh_url = url.replace("/en/", "/cy/", 1)
    staff_client.get(welsh_url)  # fills the Welsh entry
    welsh = _main(staff_client.get(welsh_url))
    assert "Expenditure (£)" in english and "Gwariant (£)" not in english
    assert "Gwariant (£)" in welsh and "Expenditure (£)" not in welsh
    assert _main(staff_client.get(url)) == english
