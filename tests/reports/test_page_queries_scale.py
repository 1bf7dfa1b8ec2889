"""The report page, the overview and the cached PDF run the same queries at 1× and 10×
the data, and while nothing changes they run no section's queries at all: the data
version is read and the rest comes from the cache."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ictreport.core import registry
from ictreport.reports import pdf
from tests.yearround.factories import year_round


def _urls(report):
    org, year = report.organisation.slug, report.year.slug
    return {
        "report": report.get_absolute_url(),
        "overview": f"{reverse('reports:overview')}?organisation={org}&year={year}",
        "pdf": reverse("reports:report_pdf", kwargs={"organisation": org, "year": year}),
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


EXPECTED = {
    "report": 3,  # session, user, the report with its data version; the rest is cached
    "overview": 4,  # session, user, the organisations with their versions, the years
    "pdf": 3,  # session, user, the report with its data version; the PDF is cached
}
