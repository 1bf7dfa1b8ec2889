"""Every rule of the projects models holds in the database, whatever writes the row."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from ictreport.core.periods import Quarter
from projects.models import CoreWorkReturn, Project, ProjectUpdate, TeamWork
from tests.projects.factories import (
    CoreWorkReturnFactory,
    DeliverableFactory,
    ProjectFactory,
    ProjectUpdateFactory,
    TeamFactory,
    TeamWorkFactory,
)

pytestmark = pytest.mark.django_db


def refused(write):
    with pytest.raises(IntegrityError), transaction.atomic():
        write()


def test_quarterly_return_refused_in_a_year_holding_a_full_year_return(gwent):
    full_year = CoreWorkReturnFactory(organisation=gwent, quarter=Quarter.FULL_YEAR)
    refused(lambda: CoreWorkReturn.objects.create(
        organisation=gwent, year=full_year.year, quarter=Quarter.Q1))


def test_full_year_return_refused_in_a_year_holding_quarterly_returns(gwent):
    q1 = CoreWorkReturnFactory(organisation=gwent, quarter=Quarter.Q1)
    refused(lambda: CoreWorkReturn.objects.create(
        organisation=gwent, year=q1.year, quarter=Quarter.FULL_YEAR))


def test_changing_a_quarter_into_the_full_year_is_refused_beside_other_quarters(gwent):
    CoreWorkReturnFactory(organisation=gwent, quarter=Quarter.Q1)
    q2 = CoreWorkReturnFactory(organisation=gwent, quarter=Quarter.Q2)
    refused(lambda: CoreWorkReturn.objects.filter(pk=q2.pk).update(quarter=Quarter.FULL_YEAR))


def test_other_organisations_and_years_do_not_clash(gwent):
    full_year = CoreWorkReturnFactory(organisation=gwent, quarter=Quarter.FULL_YEAR)
    CoreWorkReturnFactory(quarter=Quarter.Q1, year=full_year.year)
    CoreWorkReturnFactory(organisation=gwent, quarter=Quarter.Q1, year__start_year=2020)
    assert CoreWorkReturn.objects.count() == 3


def test_a_period_is_held_once(gwent):
    q1 = CoreWorkReturnFactory(organisation=gwent, quarter=Quarter.Q1)
    refused(lambda: CoreWorkReturn.objects.create(
        organisation=gwent, year=q1.year, quarter=Quarter.Q1))


@pytest.mark.parametrize("field", ["completed", "outstanding"])
def test_negative_counts_are_refused(field):
    row = TeamWorkFactory()
    refused(lambda: TeamWork.objects.filter(pk=row.pk).update(**{field: -1}))


def test_a_team_appears_once_in_a_return():
    row = TeamWorkFactory()
    refused(lambda: TeamWork.objects.create(
        work_return=row.work_return, team=row.team, completed=1, outstanding=1))


def test_same_team_in_two_returns_is_fine():
    team = TeamFactory()
    TeamWorkFactory(team=team, work_return__quarter=Quarter.Q1)
    TeamWorkFactory(team=team, work_return__quarter=Quarter.Q2)
    assert TeamWork.objects.filter(team=team).count() == 2


def test_project_names_are_unique_within_an_organisations_year():
    project = ProjectFactory()
    refused(lambda: Project.objects.create(
        organisation=project.organisation, year=project.year, name=project.name))


def test_target_date_before_start_is_refused():
    project = ProjectFactory(start_date=dt.date(2020, 4, 1))
    refused(lambda: Project.objects.filter(pk=project.pk).update(
        target_date=dt.date(2020, 3, 31)))


@pytest.mark.parametrize("field", ["status", "delivery_route", "planned_as"])
def test_unknown_choices_are_refused(field):
    project = ProjectFactory()
    refused(lambda: Project.objects.filter(pk=project.pk).update(**{field: "maybe"}))


def test_an_unknown_rag_status_is_refused():
    update = ProjectUpdateFactory()
    refused(lambda: ProjectUpdate.objects.filter(pk=update.pk).update(rag="blue"))


@pytest.mark.parametrize("quarter", [0, 5])
def test_updates_are_for_a_quarter(quarter):
    update = ProjectUpdateFactory()
    refused(lambda: ProjectUpdate.objects.filter(pk=update.pk).update(quarter=quarter))


def test_per_cent_complete_stops_at_100():
    update = ProjectUpdateFactory()
    refused(lambda: ProjectUpdate.objects.filter(pk=update.pk).update(percent_complete=101))


def test_one_update_per_quarter():
    update = ProjectUpdateFactory(quarter=Quarter.Q2)
    refused(lambda: ProjectUpdate.objects.create(
        project=update.project, quarter=Quarter.Q2, rag="red"))


def test_deliverable_names_are_unique_within_a_project():
    deliverable = DeliverableFactory()
    refused(lambda: DeliverableFactory(project=deliverable.project, name=deliverable.name))
