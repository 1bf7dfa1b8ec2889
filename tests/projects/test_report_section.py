"""Section 3.5 as SectionData: the source's table, generated sentences, charts, findings."""

import pytest

from ictreport.core.models import FinancialYear
from ictreport.core.periods import Quarter
from ictreport.core.sections import BulletList, Chart, Heading, Table, Text
from projects.dashboard import dashboard_charts
from projects.models import ProjectStatus, Rag
from projects.section import ProjectsSection
from projects.selectors import figures_get
from tests.factories import FinancialYearFactory
from tests.projects.factories import (
    CoreWorkReturnFactory,
    DeliverableFactory,
    ProjectFactory,
    ProjectUpdateFactory,
    TeamFactory,
    TeamWorkFactory,
)

pytestmark = pytest.mark.django_db


def build(organisation, start_year):
    return ProjectsSection().build(organisation=organisation,
                                   year=FinancialYear.objects.get(start_year=start_year))


def block(data, kind, key=None):
    return next(b for b in data.blocks
                if isinstance(b, kind) and (key is None or getattr(b, "key", None) == key))


def test_shipped_year_gives_the_sources_table(shipped_report):
    data = build(shipped_report.organisation, 2019)

    table = block(data, Table, "core-planned-work")
    assert [row.cells for row in table.rows] == [
        ("Desktop", 42, 4, 46),
        ("Enterprise Architecture", 6, 1, 7),
        ("Applications", 65, 12, 77),
        ("Server", 56, 8, 64),
        ("Network", 55, 5, 60),
        ("Project", 3, 0, 3),
        ("Development", 7, 1, 8),
        ("Business Management", 1, 0, 1),
        ("Total", 235, 31, 266),
    ]
    assert table.rows[-1].is_total and not table.rows[0].is_total
    assert data.has_data and not data.findings


def test_shipped_year_says_what_it_holds_and_nothing_more(shipped_report):
    data = build(shipped_report.organisation, 2019)

    assert block(data, Text).text == (
        "In 2019/20 the teams completed 235 items of core planned work. At the end of the "
        "year 31 items were still outstanding, 266 in all.")
    highlights = block(data, BulletList)
    assert highlights.title == "Completed core planned work includes:"
    assert highlights.items[0] == "Gov Wi-fi Implementation"
    portfolio = block(data, Table, "portfolio")
    # Nobody recorded a RAG status, per cent complete, owner or date: no such columns.
    assert [c.key for c in portfolio.columns] == ["project", "theme", "delivery_route", "status"]
    assert "No quarterly updates" in portfolio.note
    assert [h.text for h in data.blocks if isinstance(h, Heading)] == [
        "Core planned work", "Projects"]
    assert [(h.label, h.value) for h in data.headlines] == [
        ("Core planned work completed", 235), ("Outstanding at the end of the year", 31),
        ("Projects in the portfolio", 7)]


def test_team_chart_stacks_completed_and_outstanding(shipped_report):
    chart = block(build(shipped_report.organisation, 2019), Chart, "core-planned-work-chart")

    assert chart.kind == "hbar_stacked"
    assert chart.categories[0] == "Desktop"
    assert [s.name for s in chart.series] == ["Completed", "Outstanding"]
    assert chart.series[0].values[2] == 65
    assert "Applications completed the most (65) and had the most outstanding (12)" in chart.alt


def test_themes_list_their_projects_and_deliverables(shipped_report):
    lists = {b.title: b.items for b in build(shipped_report.organisation, 2019).blocks
             if isinstance(b, BulletList)}

    assert lists["FIRMS"] == ("Electronic Timesheet Management",)
    assert lists["Intranet Apps"][0] == "Uniform Ordering App"
    assert len(lists["Intranet Apps"]) == 9
    assert lists["The Estate Strategy"] == (
        "The implementation of workspaces to promote agile working.",
        "Estate / Office Transfers (IT kit and Networking requirements)")


def test_year_without_figures_says_so(gwent):
    FinancialYearFactory(start_year=2021)

    data = build(gwent, 2021)

    assert not data.has_data
    assert data.blocks == (Text("No core planned work or projects were recorded for 2021/22."),)
    assert data.headlines == ()


def test_projects_without_core_work_say_which_part_is_missing(gwent):
    ProjectFactory(organisation=gwent, year__start_year=2021, name="Telematics")

    data = build(gwent, 2021)

    assert data.has_data
    assert Text("No core planned work was recorded for 2021/22.") in data.blocks


def held_years(organisation, quarters_of_2020):
    """2019/20 as a full year (42 completed); 2020/21 as ``[(quarter, completed,
    outstanding)]``."""
    team = TeamFactory(name="Desktop")
    TeamWorkFactory(team=team, work_return__organisation=organisation,
                    work_return__year__start_year=2019, completed=42, outstanding=4)
    for quarter, completed, outstanding in quarters_of_2020:
        TeamWorkFactory(team=team, work_return__organisation=organisation,
                        work_return__year__start_year=2020, work_return__quarter=quarter,
                        completed=completed, outstanding=outstanding)


def test_whole_quarterly_year_compares_with_the_year_before(gwent):
    held_years(gwent, [(Quarter.Q1, 10, 9), (Quarter.Q2, 10, 8), (Quarter.Q3, 15, 7),
                       (Quarter.Q4, 15, 6)])

    data = build(gwent, 2020)

    assert block(data, Text).text == (
        "In 2020/21 the teams completed 50 items of core planned work. At the end of Q4 "
        "(Jan–Mar) 6 items were still outstanding, 56 in all. That is 8 more completed than "
        "in 2019/20.")
    completed = data.headlines[0]
    assert completed.detail == "8 more than 2019/20"
    assert completed.trend == (("2019/20", 42), ("2020/21", 50))


def test_year_still_being_reported_is_not_compared_with_a_whole_one(gwent):
    held_years(gwent, [(Quarter.Q1, 20, 9), (Quarter.Q2, 30, 6)])

    data = build(gwent, 2020)

    assert block(data, Text).text == (
        "In 2020/21 the teams completed 50 items of core planned work. At the end of Q2 "
        "(Jul–Sep) 6 items were still outstanding, 56 in all. 2020/21 holds returns up to Q2 "
        "(Jul–Sep) only, so its completed items are not compared with 2019/20.")
    completed = data.headlines[0]
    assert completed.detail == "up to Q2 (Jul–Sep)"
    assert completed.trend == (("2019/20", 42), ("2020/21 (to Q2)", 50))


def test_missing_quarter_and_missing_team_are_findings(gwent):
    desktop, network = TeamFactory(name="Desktop"), TeamFactory(name="Network")
    q1 = CoreWorkReturnFactory(organisation=gwent, year__start_year=2020, quarter=Quarter.Q1)
    q3 = CoreWorkReturnFactory(organisation=gwent, year=q1.year, quarter=Quarter.Q3)
    TeamWorkFactory(work_return=q1, team=desktop)
    TeamWorkFactory(work_return=q1, team=network)
    TeamWorkFactory(work_return=q3, team=desktop)

    messages = [f.message for f in build(gwent, 2020).findings]

    assert messages == [
        "There is no core planned work return for Q2 (Jul–Sep): the year's completed items "
        "leave it out.",
        "Network has no figures in the latest return (Q3 (Oct–Dec)), so its outstanding "
        "items at the end of the period are not known.",
    ]


def test_complete_project_with_a_lower_latest_figure_is_a_finding(gwent):
    project = ProjectFactory(organisation=gwent, year__start_year=2020, name="Telematics",
                             status=ProjectStatus.COMPLETE)
    ProjectUpdateFactory(project=project, quarter=Quarter.Q2, percent_complete=80)

    messages = [f.message for f in build(gwent, 2020).findings]

    assert messages == [
        "Telematics is marked complete, but its latest update (Q2) says 80% complete."]


def test_known_rag_and_dates_become_columns_and_a_chart(gwent):
    project = ProjectFactory(organisation=gwent, year__start_year=2020, name="Telematics",
                             owner="Head of Fleet")
    ProjectUpdateFactory(project=project, quarter=Quarter.Q1, rag=Rag.AMBER,
                         percent_complete=30)
    ProjectFactory(organisation=gwent, year=project.year, name="NLEDS", theme=project.theme)

    data = build(gwent, 2020)

    table = block(data, Table, "portfolio")
    assert [c.key for c in table.columns] == [
        "project", "theme", "delivery_route", "status", "rag", "percent_complete", "owner"]
    assert table.rows[0].cells[4:] == ("Amber", 30, "Head of Fleet")
    assert table.rows[1].cells[4:] == (None, None, None)
    rag = block(data, Chart, "portfolio-rag")
    assert rag.categories == ("Red", "Amber", "Green", "No update yet")
    assert rag.series[0].values == (0, 1, 0, 1)


def test_a_project_with_several_deliverables_lists_them_under_its_name(gwent):
    theme_project = ProjectFactory(organisation=gwent, year__start_year=2020,
                                   name="Mobile data", theme__name="Mobile")
    other = ProjectFactory(organisation=gwent, year=theme_project.year, name="Apps",
                           theme=theme_project.theme)
    DeliverableFactory(project=other, name="Knife crime app")

    lists = [(b.title, b.items) for b in build(gwent, 2020).blocks
             if isinstance(b, BulletList)]

    assert lists == [("Mobile", ("Mobile data", "Apps")), ("Apps", ("Knife crime app",))]


def test_quarter_chart_appears_on_the_dashboard_only_for_quarterly_years(gwent, shipped_report):
    assert dashboard_charts(figures_get(organisation=gwent,
                                             year=shipped_report.year)) == ()

    team = TeamFactory(name="Desktop")
    for quarter in (Quarter.Q1, Quarter.Q2):
        TeamWorkFactory(team=team, work_return__organisation=gwent,
                        work_return__year__start_year=2020, work_return__quarter=quarter)
    charts = dashboard_charts(figures_get(
        organisation=gwent, year=FinancialYear.objects.get(start_year=2020)))

    assert [c.key for c in charts] == ["core-planned-work-years", "core-planned-work-quarters"]
    assert charts[0].categories == ("2019/20", "2020/21 (to Q2)")
    assert charts[1].categories == ("Q1 (Apr–Jun)", "Q2 (Jul–Sep)")


def populate(organisation, years, projects_per_year):
    teams = [TeamFactory() for _ in range(3)]
    for start in years:
        for quarter in (Quarter.Q1, Quarter.Q2):
            work_return = CoreWorkReturnFactory(organisation=organisation,
                                                year__start_year=start, quarter=quarter)
            for team in teams:
                TeamWorkFactory(work_return=work_return, team=team)
        for _ in range(projects_per_year):
            project = ProjectFactory(organisation=organisation, year__start_year=start)
            DeliverableFactory(project=project)
            ProjectUpdateFactory(project=project)


@pytest.mark.parametrize(("years", "projects"), [((2020,), 1), ((2017, 2018, 2019, 2020), 12)])
def test_build_takes_the_same_queries_however_much_is_held(gwent, django_assert_num_queries,
                                                           years, projects):
    populate(gwent, years, projects)
    year = FinancialYear.objects.get(start_year=2020)
    # 1 teams' figures, 2 periods held, 3 totals by year, 4 highlights, 5 projects with
    # their latest update and theme, 6 their deliverables, 7 projects by status, 8 by
    # RAG, 9 portfolio size by year.
    with django_assert_num_queries(9):
        ProjectsSection().build(organisation=gwent, year=year)
