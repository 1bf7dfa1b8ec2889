"""The /projects/ page: the section's figures and the filterable portfolio table."""

import io

import openpyxl
import pytest

from ictreport.core.periods import Quarter
from projects.models import DeliveryRoute, ProjectStatus, Rag
from tests.factories import FinancialYearFactory
from tests.projects.factories import (
    CoreWorkReturnFactory,
    DeliverableFactory,
    ProjectFactory,
    ProjectUpdateFactory,
    TeamFactory,
    TeamWorkFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

URL = "/en/projects/"
SHIPPED = f"{URL}?organisation=gwent-police&year=2019-20"


def portfolio_names(response):
    return [project.name for project in response.context["table"].data]


@pytest.fixture
def portfolio(gwent):
    """Four 2020/21 projects that differ in theme, status, route and latest RAG."""
    year = FinancialYearFactory(start_year=2020)
    firms, estate = ThemeFactory(name="FIRMS", position=1), ThemeFactory(name="Estate",
                                                                         position=2)
    projects = {
        "Timesheets": ProjectFactory(organisation=gwent, year=year, name="Timesheets",
                                     theme=firms, status=ProjectStatus.IN_PROGRESS,
                                     delivery_route=DeliveryRoute.JOINT),
        "Payroll": ProjectFactory(organisation=gwent, year=year, name="Payroll", theme=firms,
                                  status=ProjectStatus.ON_HOLD,
                                  delivery_route=DeliveryRoute.OWN),
        "Workspaces": ProjectFactory(organisation=gwent, year=year, name="Workspaces",
                                     theme=estate, status=ProjectStatus.IN_PROGRESS,
                                     delivery_route=DeliveryRoute.OWN),
        "Transfers": ProjectFactory(organisation=gwent, year=year, name="Transfers",
                                    theme=estate),
    }
    ProjectUpdateFactory(project=projects["Timesheets"], quarter=Quarter.Q1, rag=Rag.RED)
    ProjectUpdateFactory(project=projects["Timesheets"], quarter=Quarter.Q2, rag=Rag.GREEN,
                         percent_complete=60)
    ProjectUpdateFactory(project=projects["Payroll"], quarter=Quarter.Q2, rag=Rag.RED)
    ProjectUpdateFactory(project=projects["Workspaces"], quarter=Quarter.Q1, rag=Rag.AMBER)
    return projects


def test_page_without_any_organisation_explains_what_to_do(staff_client):
    response = staff_client.get(URL)
    assert response.status_code == 200
    assert b"No organisation or year is set up yet" in response.content


def test_page_shows_the_shipped_year(staff_client, shipped_report):
    response = staff_client.get(SHIPPED)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Core planned work and projects: Gwent Police 2019/20" in html
    assert ('<tr class="total"><th scope="row">Total</th><td class="num">235</td>'
            '<td class="num">31</td><td class="num">266</td></tr>') in html
    assert '<select id="id_organisation" name="organisation">' in html
    assert html.index("vendor/plotly.min.js") < html.index("js/charts.js")
    assert "Priorities for 2020/21" in html and "<li>NLEDS</li>" in html
    assert portfolio_names(response)[0] == "Electronic Timesheet Management"
    assert len(portfolio_names(response)) == 7
    # The interactive table stands where the report shows its static one.
    assert 'id="table-portfolio-filtered"' in html and 'id="table-portfolio"' not in html


def test_page_defaults_to_the_latest_report(staff_client, shipped_report):
    response = staff_client.get(URL)
    assert response.context["selection"].year.start_year == 2019


@pytest.mark.parametrize(("query", "expected"), [
    ("theme={firms}", ["Timesheets", "Payroll"]),
    ("status=in-progress", ["Timesheets", "Workspaces"]),
    ("status=none", ["Transfers"]),
    ("delivery_route=own", ["Payroll", "Workspaces"]),
    ("delivery_route=none", ["Transfers"]),
    ("rag=red", ["Payroll"]),  # Timesheets was red, but is green at its latest update
    ("rag=green", ["Timesheets"]),
    ("rag=none", ["Transfers"]),
    ("status=in-progress&delivery_route=own", ["Workspaces"]),
])
def test_portfolio_filters(staff_client, portfolio, query, expected):
    query = query.format(firms=portfolio["Timesheets"].theme_id)
    response = staff_client.get(f"{URL}?organisation=gwent-police&year=2020-21&{query}")

    assert response.status_code == 200
    assert portfolio_names(response) == expected


def test_an_impossible_filter_is_explained_at_the_field(staff_client, portfolio):
    response = staff_client.get(f"{URL}?organisation=gwent-police&year=2020-21&status=done")

    assert response.status_code == 200
    assert response.context["portfolio"].form.errors["status"] == [
        "Select a valid choice. done is not one of the available choices."]
    assert b'class="field-error"' in response.content


def test_sorting_by_rag_puts_red_first(staff_client, portfolio):
    response = staff_client.get(f"{URL}?organisation=gwent-police&year=2020-21&sort=latest_rag")
    assert portfolio_names(response) == ["Payroll", "Workspaces", "Timesheets", "Transfers"]

    response = staff_client.get(f"{URL}?organisation=gwent-police&year=2020-21&sort=-name")
    assert portfolio_names(response) == ["Workspaces", "Transfers", "Timesheets", "Payroll"]
    html = response.content.decode()
    assert html.count("aria-sort=") == 1
    assert 'aria-sort="descending"' in html


def test_rag_is_shown_with_its_word(staff_client, portfolio):
    response = staff_client.get(f"{URL}?organisation=gwent-police&year=2020-21")
    assert b'<span class="rag rag--green">Green</span>' in response.content


def test_portfolio_downloads_as_csv_with_the_filters_applied(staff_client, portfolio):
    DeliverableFactory(project=portfolio["Timesheets"], name="Interim solution")
    response = staff_client.get(
        f"{URL}?organisation=gwent-police&year=2020-21&theme={portfolio['Timesheets'].theme_id}"
        "&export=csv&table=projects")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="projects-gwent-police-2020-21-projects.csv"')
    lines = response.content.decode().splitlines()
    assert lines[0] == ("Project,Theme,Delivery route,Status,RAG status,Complete,Deliverables,"
                        "Owner,Target date")
    assert lines[1] == ("Timesheets,FIRMS,\"Joint, through the Digital Services Division\","
                        "In progress,Green,60,Interim solution,,")
    assert len(lines) == 3


def test_portfolio_downloads_as_xlsx(staff_client, portfolio):
    response = staff_client.get(
        f"{URL}?organisation=gwent-police&year=2020-21&export=xlsx&table=projects")

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:5] == ("Project", "Theme", "Delivery route", "Status", "RAG status")
    assert [row[0] for row in rows[1:]] == ["Timesheets", "Payroll", "Workspaces", "Transfers"]


def test_unknown_download_format_is_404(staff_client, portfolio):
    response = staff_client.get(
        f"{URL}?organisation=gwent-police&year=2020-21&export=pdf&table=projects")
    assert response.status_code == 404


def test_section_table_downloads_as_csv(staff_client, shipped_report):
    response = staff_client.get(f"{SHIPPED}&export=csv&table=core-planned-work")

    assert response.status_code == 200
    lines = response.content.decode().splitlines()
    assert lines[0] == "Team,Completed,Outstanding,Total"
    assert lines[-1] == "Total,235,31,266"


def test_quarterly_year_shows_its_quarters_and_earlier_years(staff_client, shipped_report):
    team = TeamFactory(name="Desktop")
    for quarter in (Quarter.Q1, Quarter.Q2):
        TeamWorkFactory(team=team, work_return__organisation=shipped_report.organisation,
                        work_return__year__start_year=2020, work_return__quarter=quarter)

    response = staff_client.get(f"{URL}?organisation=gwent-police&year=2020-21")

    html = response.content.decode()
    assert "Core planned work by quarter, 2020/21" in html
    assert "Core planned work by year" in html


def test_unknown_organisation_is_404(staff_client, shipped_report):
    assert staff_client.get(f"{URL}?organisation=nowhere").status_code == 404


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
            ProjectUpdateFactory(project=project, quarter=Quarter.Q1)
            ProjectUpdateFactory(project=project, quarter=Quarter.Q2, rag=Rag.AMBER)


@pytest.mark.parametrize(("years", "projects"), [((2020,), 1), ((2017, 2018, 2019, 2020), 15)])
def test_page_takes_the_same_queries_however_much_is_held(staff_client, gwent,
                                                          django_assert_num_queries,
                                                          years, projects):
    populate(gwent, years, projects)
    # 1 session, 2 user, 3 organisations, 4 years (the selection);
    # the section: 5 teams' figures, 6 periods, 7 totals by year, 8 highlights,
    # 9 projects with latest update, 10 deliverables, 11 by status, 12 by RAG,
    # 13 portfolio size by year; 14 priorities; dashboard charts: 15 quarters (the years
    # are the section's); 16 the theme filter's choices; the portfolio table shows the
    # section's projects; 17-19 the choice kept in the session (savepoint, update,
    # release).
    with django_assert_num_queries(19):
        response = staff_client.get(f"{URL}?organisation=gwent-police&year=2020-21")
    assert len(response.context["table"].rows) == projects


@pytest.mark.parametrize(("narrowing", "expected"), [
    ("status=in-progress", ["Timesheets", "Workspaces"]),
    ("sort=-name", ["Workspaces", "Transfers", "Timesheets", "Payroll"]),
])
def test_a_filtered_or_sorted_portfolio_reads_its_own_rows(staff_client, portfolio,
                                                          django_assert_num_queries,
                                                          narrowing, expected):
    # The 19 of the page above, and the portfolio table's own 2: the projects filtered
    # or sorted, and their deliverables.
    with django_assert_num_queries(21):
        response = staff_client.get(f"{URL}?organisation=gwent-police&year=2020-21&{narrowing}")
    assert portfolio_names(response) == expected


@pytest.mark.parametrize("projects", [1, 25])
def test_portfolio_download_takes_the_same_queries_however_many_projects(
        staff_client, gwent, django_assert_num_queries, projects):
    populate(gwent, (2020,), projects)
    # A download reads what the page reads (``ictreport.core.dashboards``): the 19 of the
    # page above but the theme filter's choices, which only its form shows; the
    # portfolio's rows are the section's projects, read once.
    with django_assert_num_queries(18):
        response = staff_client.get(
            f"{URL}?organisation=gwent-police&year=2020-21&export=csv&table=projects")
    assert len(response.content.decode().splitlines()) == projects + 1
