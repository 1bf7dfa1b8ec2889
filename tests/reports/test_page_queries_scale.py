"""The report page (English and Welsh), the overview, the cached PDF and the section
dashboards run the same queries at 1× and 10× the data, and while nothing changes they
run no section's queries at all: the data version is read with the report or the
selection and the rest comes from the cache."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from ictreport.core import registry
from ictreport.reports import pdf
from tests.yearround.factories import year_round


def _urls(report):
    org, year = report.organisation.slug, report.year.slug
    query = f"?organisation={org}&year={year}"
    with translation.override("cy"):
        welsh = report.get_absolute_url()
    return {
        "report": report.get_absolute_url(),
        "report, Welsh": welsh,
        "overview": f"{reverse('reports:overview')}{query}",
        "pdf": reverse("reports:report_pdf", kwargs={"organisation": org, "year": year}),
        **{s.key: f"{reverse(s.url_name)}{query}" for s in registry.sections() if s.url_name},
    }


def _warm_counts(client, report) -> dict[str, int]:
    counts = {}
    for name, url in _urls(report).items():
        assert client.get(url).status_code == 200  # fills the cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[name] = len(queries)
    return counts


@pytest.fixture
def stand_in_pdf(monkeypatch):
    monkeypatch.setattr(pdf, "render", lambda document, **kw: pdf.RenderedPdf(b"%PDF-1.7"))


@pytest.mark.django_db
@pytest.mark.parametrize("scale", [1, 10])
def test_queries_do_not_grow_with_the_data(staff_client, stand_in_pdf, scale):
    data = year_round([s.key for s in registry.sections()], organisations=scale)
    report = data.organisations[0].reports.get(year_id=2019)
    counts = _warm_counts(staff_client, report)
    # Nothing that depends on how much data there is.
    assert counts == EXPECTED, counts


# Session and user first on every page.
SELECTION = 2 + 1  # and the organisations with their data versions (the years: cached)
EXPECTED = {
    "report": 3,  # the report with its data version; the rest is cached
    "report, Welsh": 3,
    "overview": SELECTION,
    "pdf": 3,  # the report with its data version; the PDF is cached
    "servicedesk": SELECTION,
    "finance": SELECTION,
    "audits": SELECTION + 1,  # the open recommendations, filtered as asked
    "projects": SELECTION + 1,  # the portfolio filter's themes
}
