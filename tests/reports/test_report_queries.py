"""The report page's SQL queries: a fixed number, whatever the database holds."""

import pytest

from ictreport.core import registry
from tests.factories import FinancialYearFactory, OrganisationFactory
from tests.reportpage.factories import register_fake_section, reports_over_years

pytestmark = pytest.mark.django_db

URL = "/reports/gwent-police/2019-20/"

# The page's own queries: the session, the signed-in user, the report with its
# organisation and year, the report's section texts.
PAGE_QUERIES = 4
# What each registered section's build asks (each section's own tests pin its count).
SECTION_QUERIES = {
    "widgets": 1,  # the organisation's report years
}


def expected_queries() -> int:
    unpinned = [s.key for s in registry.sections() if s.key not in SECTION_QUERIES]
    assert not unpinned, f"pin the build queries of {unpinned} in SECTION_QUERIES"
    return PAGE_QUERIES + sum(SECTION_QUERIES[s.key] for s in registry.sections())


@pytest.fixture
def widgets(monkeypatch):
    return register_fake_section(monkeypatch)


def ten_times_more(organisation):
    """Ten times the organisations and years, each organisation reporting every year."""
    years = range(2010, 2020)
    for start in years:
        FinancialYearFactory(start_year=start)
    reports_over_years(organisation=organisation, years=[y for y in years if y != 2019])
    for _ in range(9):
        reports_over_years(organisation=OrganisationFactory(), years=years)


def test_report_page_query_count_is_pinned(staff_client, shipped_report, widgets,
                                           django_assert_num_queries):
    with django_assert_num_queries(expected_queries()):
        response = staff_client.get(URL)
    assert response.status_code == 200


def test_report_page_query_count_does_not_grow_with_the_data(staff_client, shipped_report,
                                                             widgets,
                                                             django_assert_num_queries):
    ten_times_more(shipped_report.organisation)
    with django_assert_num_queries(expected_queries()):
        response = staff_client.get(URL)
    assert response.status_code == 200
    assert response.content.decode().count('<tr><th scope="row">20') >= 10  # all years read
