"""Core planned work: completed items are a flow, outstanding items a stock."""

import pytest

from ictreport.core.periods import Quarter
from projects import selectors
from projects.models import PlannedAs, ProjectStatus, Rag
from tests.factories import FinancialYearFactory
from tests.projects.factories import (
    CoreWorkReturnFactory,
    DeliverableFactory,
    HighlightFactory,
    ProjectFactory,
    ProjectUpdateFactory,
    TeamFactory,
    TeamWorkFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def teams():
    return TeamFactory(name="Desktop", position=1), TeamFactory(name="Network", position=2)


def quarterly(organisation, year, figures, teams):
    """``figures``: {quarter: [(completed, outstanding) per team]}."""
    for quarter, rows in figures.items():
        work_return = CoreWorkReturnFactory(organisation=organisation, year=year,
                                            quarter=quarter)
        for team, (completed, outstanding) in zip(teams, rows, strict=True):
            TeamWorkFactory(work_return=work_return, team=team, completed=completed,
                            outstanding=outstanding)


def test_year_sums_completed_and_takes_outstanding_from_the_latest_quarter(gwent, teams):
    year = FinancialYearFactory(start_year=2020)
    quarterly(gwent, year, {
        Quarter.Q1: [(10, 7), (5, 3)],
        Quarter.Q2: [(12, 4), (6, 1)],
        Quarter.Q3: [(8, 2), (4, 9)],
    }, teams)

    figures = selectors.core_work_by_team(organisation=gwent, year=year)

    assert [(f.label, f.completed, f.outstanding, f.total) for f in figures] == [
        ("Desktop", 30, 2, 32),
        ("Network", 15, 9, 24),
    ]
    totals = selectors.core_work_by_year(organisation=gwent)[2020]
    assert (totals.completed, totals.outstanding, totals.total) == (45, 11, 56)
    assert (totals.period, totals.complete) == (Quarter.Q3, False)


def test_full_year_return_is_used_as_is(gwent, teams):
    year = FinancialYearFactory(start_year=2019)
    quarterly(gwent, year, {Quarter.FULL_YEAR: [(42, 4), (55, 5)]}, teams)

    figures = selectors.core_work_by_team(organisation=gwent, year=year)

    assert [(f.completed, f.outstanding) for f in figures] == [(42, 4), (55, 5)]
    assert selectors.core_work_periods(organisation=gwent, year=year) == [Quarter.FULL_YEAR]
    assert selectors.core_work_by_year(organisation=gwent)[2019].complete


def test_team_missing_from_the_latest_quarter_has_unknown_outstanding(gwent, teams):
    year = FinancialYearFactory(start_year=2020)
    desktop, network = teams
    q1 = CoreWorkReturnFactory(organisation=gwent, year=year, quarter=Quarter.Q1)
    q2 = CoreWorkReturnFactory(organisation=gwent, year=year, quarter=Quarter.Q2)
    TeamWorkFactory(work_return=q1, team=desktop, completed=3, outstanding=1)
    TeamWorkFactory(work_return=q1, team=network, completed=4, outstanding=6)
    TeamWorkFactory(work_return=q2, team=desktop, completed=2, outstanding=5)

    figures = {f.label: f for f in selectors.core_work_by_team(organisation=gwent, year=year)}

    assert (figures["Network"].completed, figures["Network"].outstanding) == (4, None)
    assert figures["Network"].total is None
    assert figures["Desktop"].outstanding == 5


def test_years_are_kept_apart_and_so_are_organisations(gwent, teams):
    quarterly(gwent, FinancialYearFactory(start_year=2018), {Quarter.FULL_YEAR: [(1, 1), (2, 2)]},
              teams)
    quarterly(gwent, FinancialYearFactory(start_year=2019), {Quarter.Q4: [(5, 5), (6, 6)]},
              teams)
    other = CoreWorkReturnFactory(year__start_year=2019, quarter=Quarter.FULL_YEAR)
    TeamWorkFactory(work_return=other, team=teams[0], completed=100, outstanding=100)

    by_year = selectors.core_work_by_year(organisation=gwent)

    assert list(by_year) == [2018, 2019]
    assert [(f.label, f.completed, f.outstanding) for f in by_year.values()] == [
        ("2018/19", 3, 3), ("2019/20", 11, 11)]


def test_quarter_series_gives_each_quarters_flow_and_stock(gwent, teams):
    year = FinancialYearFactory(start_year=2020)
    quarterly(gwent, year, {Quarter.Q1: [(10, 7), (5, 3)], Quarter.Q2: [(12, 4), (6, 1)]},
              teams)

    series = selectors.core_work_by_quarter(organisation=gwent, year=year)

    assert [(f.period, f.completed, f.outstanding) for f in series] == [
        (Quarter.Q1, 15, 10), (Quarter.Q2, 18, 5)]


def test_highlights_come_quarter_by_quarter_in_order(gwent):
    year = FinancialYearFactory(start_year=2020)
    q2 = CoreWorkReturnFactory(organisation=gwent, year=year, quarter=Quarter.Q2)
    q1 = CoreWorkReturnFactory(organisation=gwent, year=year, quarter=Quarter.Q1)
    HighlightFactory(work_return=q2, position=0, text="Later")
    HighlightFactory(work_return=q1, position=1, text="Second")
    HighlightFactory(work_return=q1, position=0, text="First")

    assert selectors.completed_highlights_list(organisation=gwent, year=year) == [
        "First", "Second", "Later"]


def test_portfolio_carries_each_projects_latest_update(gwent):
    year = FinancialYearFactory(start_year=2020)
    project = ProjectFactory(organisation=gwent, year=year)
    ProjectUpdateFactory(project=project, quarter=Quarter.Q1, rag=Rag.RED, percent_complete=10)
    ProjectUpdateFactory(project=project, quarter=Quarter.Q3, rag=Rag.AMBER,
                         percent_complete=60)
    ProjectUpdateFactory(project=project, quarter=Quarter.Q2, rag=Rag.GREEN,
                         percent_complete=40)
    quiet = ProjectFactory(organisation=gwent, year=year)

    listed = {p.pk: p for p in selectors.portfolio_list(organisation=gwent, year=year)}

    assert (listed[project.pk].latest_quarter, listed[project.pk].latest_rag,
            listed[project.pk].latest_percent) == (3, "amber", 60)
    assert listed[quiet.pk].latest_rag is None


def test_portfolio_is_ordered_by_theme_then_position(gwent):
    year = FinancialYearFactory(start_year=2020)
    second = ProjectFactory(organisation=gwent, year=year, name="B", theme__name="Second",
                            theme__position=2, position=0)
    first_b = ProjectFactory(organisation=gwent, year=year, name="Z", theme__name="First",
                             theme__position=1, position=0)
    first_a = ProjectFactory(organisation=gwent, year=year, name="A", theme=first_b.theme,
                             position=1)

    assert list(selectors.portfolio_list(organisation=gwent, year=year)) == [
        first_b, first_a, second]


def test_portfolio_counts_by_status_and_latest_rag(gwent):
    year = FinancialYearFactory(start_year=2020)
    for status, rag in [(ProjectStatus.IN_PROGRESS, Rag.RED), (ProjectStatus.IN_PROGRESS, None),
                        ("", Rag.GREEN)]:
        project = ProjectFactory(organisation=gwent, year=year, status=status)
        if rag:
            ProjectUpdateFactory(project=project, rag=rag)
    ProjectFactory(year__start_year=2020, status=ProjectStatus.CLOSED)  # someone else's

    assert selectors.portfolio_status_counts(organisation=gwent, year=year) == {
        "in-progress": 2, "": 1}
    assert selectors.portfolio_rag_counts(organisation=gwent, year=year) == {
        "red": 1, "green": 1, None: 1}


def test_portfolio_size_stops_at_the_year_asked_for(gwent):
    for start, count in [(2018, 1), (2019, 3), (2020, 2)]:
        for _ in range(count):
            ProjectFactory(organisation=gwent, year__start_year=start)

    year = FinancialYearFactory(start_year=2019)
    assert selectors.portfolio_size_by_year(organisation=gwent, up_to=year) == {2018: 1, 2019: 3}


def test_priorities_are_next_years_projects_named_in_this_years_plans(gwent):
    year = FinancialYearFactory(start_year=2019)
    priority = ProjectFactory(organisation=gwent, year__start_year=2020,
                              planned_as=PlannedAs.PRIORITY, position=1)
    preparedness = ProjectFactory(organisation=gwent, year__start_year=2020,
                                  planned_as=PlannedAs.PREPAREDNESS, position=2)
    ProjectFactory(organisation=gwent, year__start_year=2020)  # added later, not named
    ProjectFactory(organisation=gwent, year=year, planned_as=PlannedAs.PRIORITY)

    assert list(selectors.priorities_list(organisation=gwent, year=year)) == [
        priority, preparedness]


def test_deliverables_come_with_the_portfolio_in_their_order(gwent):
    year = FinancialYearFactory(start_year=2020)
    project = ProjectFactory(organisation=gwent, year=year)
    DeliverableFactory(project=project, name="Second", position=2)
    DeliverableFactory(project=project, name="First", position=1)

    listed = selectors.portfolio_list(organisation=gwent, year=year).get()

    assert [d.name for d in listed.deliverables.all()] == ["First", "Second"]


def test_a_year_is_complete_with_all_four_quarters_however_many_teams_report(gwent, teams):
    # Each return is several team rows: its period still counts once towards the year.
    year = FinancialYearFactory(start_year=2020)
    quarters = (Quarter.Q1, Quarter.Q2, Quarter.Q4)
    quarterly(gwent, year, {q: [(1, 1), (2, 2)] for q in quarters}, teams)
    assert not selectors.core_work_by_year(organisation=gwent)[2020].complete

    quarterly(gwent, year, {Quarter.Q3: [(1, 1), (2, 2)]}, teams)
    totals = selectors.core_work_by_year(organisation=gwent)[2020]
    assert (totals.period, totals.complete, totals.completed) == (Quarter.Q4, True, 12)
