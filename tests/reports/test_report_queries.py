"""The report page's SQL queries: a fixed number, whatever the database holds."""

import pytest

from ictreport.core import registry
from ictreport.core.periods import Quarter
from servicedesk.models import Channel
from tests.audits.factories import (
    AuditReturnFactory,
    AuditReviewFactory,
    HealthCheckFactory,
    RecommendationFactory,
    RemediationProgressFactory,
    opinion,
)
from tests.factories import FinancialYearFactory, OrganisationFactory
from tests.finance.factories import record
from tests.projects.factories import (
    DeliverableFactory,
    ProjectFactory,
    ProjectUpdateFactory,
    TeamWorkFactory,
)
from tests.reportpage.factories import register_fake_section, reports_over_years
from tests.servicedesk.factories import desk_return

pytestmark = pytest.mark.django_db

URL = "/en/reports/gwent-police/2019-20/"

# The page's own queries when nothing is cached yet: the session, the signed-in user,
# the report with its organisation, year and data version (without its narrative), the
# report in full, its section texts, its published editions. (Warm, the first read is
# all it makes: tests/reports/test_page_queries_scale.py.)
PAGE_QUERIES = 6
# The data-quality panel's list of what lacks Welsh (issue 16): the section texts and
# one query per kind of row each registered part holds text of, whatever is held.
MISSING_WELSH_QUERIES = 16
# What each registered section's build asks; each section's own tests pin its count.
SECTION_QUERIES = {
    "widgets": 1,  # the organisation's report years
    # calls by channel and year; first contact by year; tier results; the quarters the
    # tiers' resolution times come from
    "servicedesk": 4,
    # line figures; totals by year; the year's quarters; stated totals; the threshold;
    # the accounts the latest ledger extract left unmapped
    "finance": 6,
    # opinions; reviews by opinion and year; the year's reviews; recommendations by
    # priority and year, counted and stated; open and overdue recommendations; the
    # health check; remediation by severity; certificates
    "audits": 10,
    # core work by team; the year's quarters; completed and outstanding by year; the
    # highlights; the year's projects; their deliverables; projects by status, by
    # latest RAG and by year
    "projects": 9,
    "priorities": 1,  # next year's projects
}

# Ten times the data of the shipped report: thirty years of figures where it has three,
# ten organisations where it has one (the others with figures for the years the report
# shows), and ten times its projects in the report's year.
EXTRA_YEARS = [*range(2000, 2017), *range(2020, 2030)]
EXTRA_ORGANISATIONS = 9
REPORTED_YEARS = (2017, 2018, 2019)
SHIPPED_PROJECTS = 7


def _widgets(organisation, start_year):
    reports_over_years(organisation=organisation, years=(start_year,))


def _servicedesk(organisation, start_year):
    calls = dict.fromkeys(Channel.objects.all(), 1000 + start_year)
    desk_return(organisation, start_year, calls=calls, closed=500, measured=sum(calls.values()))


def _finance(organisation, start_year):
    record(organisation, start_year, Quarter.FULL_YEAR, {
        "SRS Collaboration": (4_706_996, 3_997_121), "Airwave": (584_472, 576_597),
        "Devolved Force Budgets": (1_231_344, 997_826),
    })


def _audits(organisation, start_year):
    audit_return = AuditReturnFactory(organisation=organisation,
                                      year=FinancialYearFactory(start_year=start_year))
    for name in ("Substantial", "Limited"):
        review = AuditReviewFactory(audit_return=audit_return, opinion=opinion(name))
        RecommendationFactory(review=review, priority="high")
    HealthCheckFactory(audit_return=audit_return)
    RemediationProgressFactory(audit_return=audit_return, severity="high")


def _more_projects(organisation, start_year, count=1):
    for _ in range(count):
        project = ProjectFactory(organisation=organisation,
                                 year=FinancialYearFactory(start_year=start_year))
        DeliverableFactory(project=project)
        ProjectUpdateFactory(project=project)


def _projects(organisation, start_year):
    TeamWorkFactory(work_return__organisation=organisation,
                    work_return__year=FinancialYearFactory(start_year=start_year))
    _more_projects(organisation, start_year)


def _priorities(organisation, start_year):
    """Next year's projects are the priorities; _projects adds them for every year."""


# How to add one organisation's figures for one year to each section.
ONE_YEAR_OF = {"widgets": _widgets, "servicedesk": _servicedesk, "finance": _finance,
               "audits": _audits, "projects": _projects, "priorities": _priorities}


def expected_queries() -> int:
    unpinned = [s.key for s in registry.sections() if s.key not in SECTION_QUERIES]
    assert not unpinned, f"pin the build queries of {unpinned} in SECTION_QUERIES"
    return (PAGE_QUERIES + MISSING_WELSH_QUERIES
            + sum(SECTION_QUERIES[s.key] for s in registry.sections()))


def ten_times_the_data(report):
    missing = [s.key for s in registry.sections() if s.key not in ONE_YEAR_OF]
    assert not missing, f"say how to add a year of {missing} figures in ONE_YEAR_OF"
    add = [(report.organisation, year) for year in EXTRA_YEARS]
    for _ in range(EXTRA_ORGANISATIONS):
        organisation = OrganisationFactory()
        add += [(organisation, year) for year in REPORTED_YEARS]
    for organisation, start_year in add:
        FinancialYearFactory(start_year=start_year)
        for section in registry.sections():
            ONE_YEAR_OF[section.key](organisation, start_year)
    _more_projects(report.organisation, report.year.start_year,
                   count=(10 - 1) * SHIPPED_PROJECTS)


@pytest.fixture
def widgets(monkeypatch):
    return register_fake_section(monkeypatch)


def test_report_page_query_count_is_pinned(staff_client, shipped_report, widgets,
                                           django_assert_num_queries):
    with django_assert_num_queries(expected_queries()):
        response = staff_client.get(URL)
    assert response.status_code == 200


def test_report_page_query_count_does_not_grow_with_the_data(staff_client, shipped_report,
                                                             widgets,
                                                             django_assert_num_queries):
    before = staff_client.get(URL).content.decode()
    ten_times_the_data(shipped_report)
    with django_assert_num_queries(expected_queries()):
        response = staff_client.get(URL)
    assert response.status_code == 200
    # The page did read the new data: a row for each new project and widget year.
    added_rows = response.content.decode().count("<tr") - before.count("<tr")
    assert added_rows >= (10 - 1) * SHIPPED_PROJECTS + len(EXTRA_YEARS)
