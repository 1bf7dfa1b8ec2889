"""The projects and priorities parts of the whole-report file."""

import pytest
from django.core.management import CommandError, call_command

from ictreport.core.files import read_report_file, write_report_file
from ictreport.core.models import AnnualReport, Organisation
from projects.models import (
    CompletedWorkHighlight,
    CoreWorkReturn,
    Deliverable,
    Project,
    ProjectUpdate,
    TeamWork,
)
from tests.conftest import SHIPPED_REPORT

pytestmark = pytest.mark.django_db

FRAME = """\
format: 1
organisation: gwent-police
year: 2020-21
report:
  title: Annual Report – ICT & Digital Services 2020/21
  lead_chief_officer: A. Officer
  date: 2021-09-03
  timing: Routine
  purpose: For monitoring
  classification: OFFICIAL
"""

QUARTERLY = FRAME + """\
projects:
  returns:
  - year: 2020-21
    period: Q1
    teams:
    - team: Desktop
      completed: 10
      outstanding: 7
    - team: Network
      completed: 5
      outstanding: 3
    highlights:
    - Gov Wi-fi Implementation
  - year: 2020-21
    period: Q2
    teams:
    - team: Desktop
      completed: 12
      outstanding: 4
    - team: Network
      completed: 6
      outstanding: 1
  portfolio:
  - name: Electronic Timesheet Management
    theme: FIRMS
    delivery_route: joint
    status: in-progress
    owner: Head of Finance
    start_date: 2020-04-01
    target_date: 2021-03-31
    description: |-
      Fully automated time recording.

      An interim solution first.
    deliverables:
    - Interim GRS solution
    - Automated payments
    updates:
    - period: Q1
      rag: amber
      percent_complete: 20
      commentary: Interim solution live.
    - period: Q2
      rag: green
      percent_complete: 45
  - name: Telematics
priorities:
  projects:
  - Single Online Home
  preparedness:
  - For Emergency Services Mobile Communications Programme.
"""


def snapshot():
    """Everything the projects section holds, to show a refused file changed nothing."""
    return (
        list(AnnualReport.objects.values_list("id", "title")),
        list(CoreWorkReturn.objects.values_list("id", "year", "quarter")),
        list(TeamWork.objects.values_list("id", "team__name", "completed", "outstanding")),
        list(CompletedWorkHighlight.objects.values_list("id", "text")),
        list(Project.objects.values_list("id", "name", "year", "status", "planned_as")),
        list(Deliverable.objects.values_list("id", "name")),
        list(ProjectUpdate.objects.values_list("id", "quarter", "rag", "percent_complete")),
    )


def import_file(tmp_path, text):
    path = tmp_path / "report.yaml"
    path.write_text(text, encoding="utf-8")
    call_command("import_report", str(path))


def refused(tmp_path, capsys, text):
    """The file is refused whole: a CommandError, every problem on stderr, nothing
    written."""
    before = snapshot()
    with pytest.raises(CommandError, match="nothing was imported"):
        import_file(tmp_path, text)
    assert snapshot() == before
    return capsys.readouterr().err


def test_negative_figure_is_named(gwent, tmp_path, capsys):
    err = refused(tmp_path, capsys, QUARTERLY.replace("completed: 12", "completed: -12"))
    assert "projects.returns[1].teams[0].completed: must be a number ≥ 0" in err


def test_non_numeric_figure_is_named(gwent, tmp_path, capsys):
    err = refused(tmp_path, capsys, QUARTERLY.replace("outstanding: 3", "outstanding: three"))
    assert "projects.returns[0].teams[1].outstanding: must be a whole number" in err


def test_fractional_figure_is_named(gwent, tmp_path, capsys):
    err = refused(tmp_path, capsys, QUARTERLY.replace("completed: 5", "completed: 5.5"))
    assert "projects.returns[0].teams[1].completed: must be a whole number" in err


def test_missing_key_is_named(gwent, tmp_path, capsys):
    err = refused(tmp_path, capsys, QUARTERLY.replace("      outstanding: 7\n", "", 1))
    assert "projects.returns[0].teams[0].outstanding: is required" in err


def test_duplicate_quarter_is_named(gwent, tmp_path, capsys):
    err = refused(tmp_path, capsys, QUARTERLY.replace("period: Q2", "period: Q1", 1))
    assert ("projects.returns[1].period: 2020-21 Q1 is already given at projects.returns[0]"
            in err)


def test_full_year_beside_quarters_in_the_file_is_named(gwent, tmp_path, capsys):
    err = refused(tmp_path, capsys, QUARTERLY.replace("period: Q2", "period: full-year", 1))
    assert ("projects.returns[1].period: 2020-21 cannot have both a full-year return and "
            "quarterly ones (see projects.returns[0])") in err


def test_quarters_beside_a_full_year_held_in_the_database_are_named(shipped_report, tmp_path,
                                                                   capsys):
    text = SHIPPED_REPORT.read_text(encoding="utf-8").replace(
        "    period: full-year\n", "    period: Q4\n")
    err = refused(tmp_path, capsys, text)
    assert ("projects.returns[0].period: 2019-20 already holds a full-year return in the "
            "database; a year holds either one full-year return or quarterly ones") in err


def test_team_given_twice_in_a_return_is_named(gwent, tmp_path, capsys):
    err = refused(tmp_path, capsys, QUARTERLY.replace("team: Network", "team: Desktop", 1))
    assert "projects.returns[0].teams[1].team: 'Desktop' is already given at " \
           "projects.returns[0].teams[0]" in err


def test_return_after_the_reports_year_is_named(gwent, tmp_path, capsys):
    err = refused(tmp_path, capsys, QUARTERLY.replace("year: 2020-21\n    period: Q2",
                                                      "year: 2021-22\n    period: Q2"))
    assert "projects.returns[1].year: must not be after the report's year, 2020-21" in err


def test_return_without_teams_is_named(gwent, tmp_path, capsys):
    text = FRAME + "projects:\n  returns:\n  - year: 2020-21\n    period: Q1\n    teams: []\n"
    err = refused(tmp_path, capsys, text)
    assert "projects.returns[0].teams: must list at least one team" in err


@pytest.mark.parametrize(("old", "new", "problem"), [
    ("status: in-progress", "status: started",
     "projects.portfolio[0].status: must be one of: proposed, in-progress, complete, on-hold, "
     "closed"),
    ("delivery_route: joint", "delivery_route: partner",
     "projects.portfolio[0].delivery_route: must be one of: own, joint"),
    ("rag: amber", "rag: yellow",
     "projects.portfolio[0].updates[0].rag: must be one of: red, amber, green"),
    ("percent_complete: 45", "percent_complete: 145",
     "projects.portfolio[0].updates[1].percent_complete: must be a number ≤ 100"),
    ("    - period: Q2\n      rag: green", "    - period: Q1\n      rag: green",
     "projects.portfolio[0].updates[1].period: 'Q1' is already given at "
     "projects.portfolio[0].updates[0]"),
    ("    - period: Q2\n      rag: green", "    - period: full-year\n      rag: green",
     "projects.portfolio[0].updates[1].period: must be Q1, Q2, Q3 or Q4: updates are "
     "quarterly"),
    ("target_date: 2021-03-31", "target_date: 2020-03-31",
     "projects.portfolio[0].target_date: must not be before the start date"),
    ("- name: Telematics", "- name: Electronic Timesheet Management",
     "projects.portfolio[1].name: 'Electronic Timesheet Management' is already given at "
     "projects.portfolio[0]"),
    ("    - Automated payments", "    - Interim GRS solution",
     "projects.portfolio[0].deliverables[1]: 'Interim GRS solution' is already given at "
     "projects.portfolio[0].deliverables[0]"),
    ("  - For Emergency Services Mobile Communications Programme.", "  - Single Online Home",
     "priorities.preparedness[0]: 'Single Online Home' is already given at "
     "priorities.projects[0]"),
    ("    owner: Head of Finance", "    owner: Head of Finance\n    colour: green",
     "projects.portfolio[0].colour: is not a known key"),
])
def test_bad_portfolio_values_are_named(gwent, tmp_path, capsys, old, new, problem):
    assert old in QUARTERLY
    err = refused(tmp_path, capsys, QUARTERLY.replace(old, new, 1))
    assert problem in err


def test_quarterly_file_is_saved_as_written(gwent, tmp_path):
    import_file(tmp_path, QUARTERLY)

    assert list(CoreWorkReturn.objects.order_by("quarter").values_list("quarter", flat=True)) \
        == [1, 2]
    assert TeamWork.objects.count() == 4
    project = Project.objects.get(name="Electronic Timesheet Management")
    assert (project.theme.name, project.delivery_route, project.status, project.owner) == (
        "FIRMS", "joint", "in-progress", "Head of Finance")
    assert project.description == "Fully automated time recording.\n\nAn interim solution first."
    assert list(project.updates.values_list("quarter", "rag", "percent_complete",
                                            "commentary")) == [
        (1, "amber", 20, "Interim solution live."), (2, "green", 45, "")]
    assert Project.objects.get(name="Telematics").theme is None
    assert set(Project.objects.filter(year_id=2021).values_list("name", "planned_as")) == {
        ("Single Online Home", "priority"),
        ("For Emergency Services Mobile Communications Programme.", "preparedness")}


def test_importing_twice_changes_nothing_and_records_no_history(gwent, tmp_path):
    import_file(tmp_path, QUARTERLY)
    before = snapshot()
    history = (TeamWork.history.count(), Project.history.count(),
               ProjectUpdate.history.count(), Deliverable.history.count())

    import_file(tmp_path, QUARTERLY)

    assert snapshot() == before
    assert (TeamWork.history.count(), Project.history.count(),
            ProjectUpdate.history.count(), Deliverable.history.count()) == history


def test_rows_the_file_no_longer_lists_are_removed(gwent, tmp_path):
    import_file(tmp_path, QUARTERLY)
    shorter = (
        QUARTERLY.replace("    highlights:\n    - Gov Wi-fi Implementation\n", "")
        .replace("    - team: Network\n      completed: 6\n      outstanding: 1\n", "")
        .replace("    - Automated payments\n", "")
        .replace("    - period: Q2\n      rag: green\n      percent_complete: 45\n", "")
        .replace("  - name: Telematics\n", "")
    )

    import_file(tmp_path, shorter)

    q2 = CoreWorkReturn.objects.get(quarter=2)
    assert list(q2.teams.values_list("team__name", flat=True)) == ["Desktop"]
    assert not CompletedWorkHighlight.objects.exists()
    assert list(Project.objects.filter(year_id=2020).values_list("name", flat=True)) == [
        "Electronic Timesheet Management"]
    assert list(Deliverable.objects.values_list("name", flat=True)) == ["Interim GRS solution"]
    assert list(ProjectUpdate.objects.values_list("quarter", flat=True)) == [1]


def test_returns_the_file_does_not_list_are_kept(gwent, tmp_path):
    import_file(tmp_path, QUARTERLY)
    only_q1 = QUARTERLY.split("  - year: 2020-21\n    period: Q2")[0] + "  portfolio: []\n"

    import_file(tmp_path, only_q1)

    assert CoreWorkReturn.objects.count() == 2


@pytest.mark.django_db(transaction=True)  # flush cannot run inside the test's transaction
def test_quarterly_file_round_trips_exactly(gwent, tmp_path):
    import_file(tmp_path, QUARTERLY)
    first = write_report_file(AnnualReport.objects.get())
    call_command("flush", interactive=False)
    Organisation.objects.create(name="Gwent Police", slug="gwent-police")

    assert write_report_file(read_report_file(first)) == first
    assert "percent_complete: 45" in first and "start_date: 2020-04-01" in first


@pytest.mark.django_db(transaction=True)  # flush cannot run inside the test's transaction
def test_shipped_file_round_trips_exactly(shipped_report):
    first = write_report_file(shipped_report)
    call_command("flush", interactive=False)
    Organisation.objects.create(name="Gwent Police", slug="gwent-police")

    assert write_report_file(read_report_file(first)) == first
    assert "- team: Business Management" in first
    assert "preparedness:" in first


def test_html_export_holds_the_sources_section_3_5_and_4_1(shipped_report, tmp_path):
    path = tmp_path / "report.html"
    call_command("export_report", "gwent-police", "2019-20", "--format", "html",
                 "--output", str(path))
    html = path.read_text(encoding="utf-8")

    for team, completed, outstanding, total in [
        ("Desktop", 42, 4, 46), ("Enterprise Architecture", 6, 1, 7),
        ("Applications", 65, 12, 77), ("Server", 56, 8, 64), ("Network", 55, 5, 60),
        ("Project", 3, 0, 3), ("Development", 7, 1, 8), ("Business Management", 1, 0, 1),
    ]:
        assert (f'<th scope="row">{team}</th><td class="num">{completed}</td>'
                f'<td class="num">{outstanding}</td><td class="num">{total}</td>') in html
    assert ('<tr class="total"><th scope="row">Total</th><td class="num">235</td>'
            '<td class="num">31</td><td class="num">266</td></tr>') in html
    assert ("The SRS activities for Gwent Police are categorised to Core Planned work and "
            "also Projects.") in html
    for highlight in ["Gov Wi-fi Implementation",
                      "VOIP telephony V10 Contact Centre &amp; V9 OSV Upgrade",
                      "Application Software Upgrades",
                      "Upgraded Servers and established Virtual Machines"]:
        assert f"<li>{highlight}</li>" in html
    for theme in ["FIRMS", "Intranet Apps", "Information Security / Back Record Conversion.",
                  "Mobile data", "National Automatic Number Plate System (ANPR).",
                  "The Estate Strategy"]:
        assert f"<strong>{theme}</strong>" in html
    for item in ["Uniform Ordering App", "Ethics portal", "Public Service Network Accreditation",
                 "3F Dual Screen Rollout",
                 "The final connection of the mobile devices to the national ANPR system "
                 "through a collaborative hosted solution with South Wales.",
                 "The implementation of workspaces to promote agile working.",
                 "Estate / Office Transfers (IT kit and Networking requirements)"]:
        assert f"<li>{item}</li>" in html
    assert "The Electronic Timesheet Management project is on course to delivery" in html
    assert "<h3>Priorities for 2020/21</h3>" in html
    assert ("The following priorities for Gwent Police in 2020/21 the implementation of new "
            "systems including:") in html
    for priority in ["Single Online Home", "National Enabling Project and Microsoft 365",
                     "NICHE Universal Application", "NLEDS",
                     "For Mobile phones, Laptops and Body Worn Video refresh.",
                     "For Emergency Services Mobile Communications Programme."]:
        assert f"<li>{priority}</li>" in html
    assert "<strong>Preparedness:</strong>" in html
    assert "There are also a range of additional projects required through the force" in html
    # In the source's place: 3.5 before service levels, 4.1 before 4.2.
    assert html.index('id="para-3-5"') < html.index("Core planned work by team, 2019/20") \
        < html.index('id="para-3-6"')
    assert html.index('id="para-4-1"') < html.index("<h3>Priorities for 2020/21</h3>") \
        < html.index('id="para-4-2"')
