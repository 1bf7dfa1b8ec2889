"""Section 4.1: the projects a year's report names for the next year."""

import pytest

from ictreport.core.models import FinancialYear
from ictreport.core.periods import Quarter
from ictreport.core.sections import BulletList, Text
from projects import services
from projects.models import PlannedAs, Project
from projects.section import PrioritiesSection
from tests.factories import FinancialYearFactory
from tests.projects.factories import ProjectFactory, ProjectUpdateFactory

pytestmark = pytest.mark.django_db


def test_shipped_report_names_the_sources_priorities_for_2020_21(shipped_report):
    data = PrioritiesSection().build(organisation=shipped_report.organisation,
                                     year=shipped_report.year)

    assert data.title == "Priorities for 2020/21"
    priorities, preparedness = data.blocks
    assert priorities == BulletList((
        "Single Online Home", "National Enabling Project and Microsoft 365",
        "Digital Asset Management System.", "Electronic Time Management Project",
        "Telematics", "Disaster Recovery Services",
        "ICT design for the New Headquarters services", "Control Room systems",
        "NICHE Universal Application", "NLEDS"))
    assert preparedness == BulletList((
        "For Mobile phones, Laptops and Body Worn Video refresh.",
        "For Emergency Services Mobile Communications Programme."), title="Preparedness:")
    assert [(h.label, h.value) for h in data.headlines] == [
        ("Priorities for 2020/21", 10), ("Preparedness items", 2)]


def test_priorities_are_projects_of_the_next_years_portfolio(shipped_report):
    planned = Project.objects.filter(year_id=2020)

    assert planned.count() == 12
    assert set(planned.values_list("planned_as", flat=True)) == {"priority", "preparedness"}


def test_year_without_priorities_says_so(gwent):
    year = FinancialYearFactory(start_year=2021)

    data = PrioritiesSection().build(organisation=gwent, year=year)

    assert not data.has_data
    assert data.blocks == (Text("No priorities for 2022/23 have been recorded."),)


def test_a_priority_no_longer_named_is_removed(gwent):
    year = FinancialYearFactory(start_year=2019)
    services.priorities_save(organisation=gwent, year=year,
                             priorities=["Telematics", "NLEDS"], preparedness=["ESMCP"])

    services.priorities_save(organisation=gwent, year=year, priorities=["NLEDS"],
                             preparedness=[])

    assert list(Project.objects.values_list("name", "planned_as")) == [("NLEDS", "priority")]


def test_a_dropped_priority_with_updates_stays_in_next_years_portfolio(gwent):
    year = FinancialYearFactory(start_year=2019)
    services.priorities_save(organisation=gwent, year=year, priorities=["Telematics"],
                             preparedness=[])
    ProjectUpdateFactory(project=Project.objects.get(name="Telematics"), quarter=Quarter.Q1)

    services.priorities_save(organisation=gwent, year=year, priorities=[], preparedness=[])

    project = Project.objects.get(name="Telematics")
    assert (project.year_id, project.planned_as, project.updates.count()) == (2020, "", 1)


def test_naming_an_existing_project_marks_it_without_touching_its_details(gwent):
    existing = ProjectFactory(organisation=gwent, year__start_year=2020, name="Telematics",
                              status="in-progress", owner="Head of Fleet")

    services.priorities_save(organisation=gwent,
                             year=FinancialYear.objects.get_or_create(start_year=2019)[0],
                             priorities=["Telematics"], preparedness=[])

    existing.refresh_from_db()
    assert (existing.planned_as, existing.status, existing.owner) == (
        PlannedAs.PRIORITY, "in-progress", "Head of Fleet")
