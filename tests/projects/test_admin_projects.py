"""Project pages in the admin, with their deliverables and quarterly updates inline."""

import pytest

from ictreport.core.periods import Quarter
from projects.models import Project, ProjectUpdate
from tests.factories import FinancialYearFactory
from tests.projects.factories import ProjectFactory, ProjectUpdateFactory, ThemeFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/en/admin/projects/project/add/"


@pytest.fixture
def year():
    return FinancialYearFactory(start_year=2020)


def form_data(organisation, year, *, updates=(), deliverables=(), **fields):
    data = {
        "organisation": organisation.pk, "year": year.pk, "name": "Electronic Timesheets",
        "theme": "", "position": 0, "delivery_route": "", "status": "", "owner": "",
        "start_date": "", "target_date": "", "description": "", "planned_as": "",
        "deliverables-TOTAL_FORMS": len(deliverables), "deliverables-INITIAL_FORMS": 0,
        "deliverables-MIN_NUM_FORMS": 0, "deliverables-MAX_NUM_FORMS": 1000,
        "updates-TOTAL_FORMS": len(updates), "updates-INITIAL_FORMS": 0,
        "updates-MIN_NUM_FORMS": 0, "updates-MAX_NUM_FORMS": 1000,
        **fields,
    }
    for i, name in enumerate(deliverables):
        data.update({f"deliverables-{i}-position": i, f"deliverables-{i}-name": name})
    for i, (quarter, rag, percent) in enumerate(updates):
        data.update({f"updates-{i}-quarter": quarter, f"updates-{i}-rag": rag,
                     f"updates-{i}-percent_complete": percent,
                     f"updates-{i}-commentary": ""})
    return data


def update_errors(response):
    formset = next(f.formset for f in response.context["inline_admin_formsets"]
                   if f.formset.prefix == "updates")
    return formset.errors, formset.non_form_errors()


def test_project_is_saved_with_its_deliverables_and_updates(staff_client, gwent, year):
    theme = ThemeFactory(name="FIRMS")
    response = staff_client.post(ADD_URL, form_data(
        gwent, year, theme=theme.pk, status="in-progress", delivery_route="joint",
        start_date="2020-04-01", target_date="2021-03-31",
        deliverables=["Interim GRS solution"],
        updates=[(Quarter.Q1, "amber", 20), (Quarter.Q2, "green", 45)]))

    assert response.status_code == 302
    project = Project.objects.get()
    assert (project.theme, project.status, project.delivery_route) == (
        theme, "in-progress", "joint")
    assert list(project.deliverables.values_list("name", flat=True)) == ["Interim GRS solution"]
    assert list(project.updates.values_list("quarter", "rag", "percent_complete")) == [
        (1, "amber", 20), (2, "green", 45)]


def test_per_cent_complete_over_100_is_refused_at_the_field(staff_client, gwent, year):
    response = staff_client.post(ADD_URL, form_data(
        gwent, year, updates=[(Quarter.Q1, "amber", 120)]))

    errors, _ = update_errors(response)
    assert errors[0] == {"percent_complete": ["Enter a percentage from 0 to 100."]}
    assert not Project.objects.exists()


def test_negative_per_cent_complete_is_refused_at_the_field(staff_client, gwent, year):
    response = staff_client.post(ADD_URL, form_data(
        gwent, year, updates=[(Quarter.Q1, "amber", -5)]))

    errors, _ = update_errors(response)
    assert errors[0] == {
        "percent_complete": ["Per cent complete: cannot be negative (you gave -5)."]}


def test_an_update_needs_its_rag_status(staff_client, gwent, year):
    response = staff_client.post(ADD_URL, form_data(
        gwent, year, updates=[(Quarter.Q1, "", 10)]))

    errors, _ = update_errors(response)
    assert errors[0] == {"rag": ["This field is required."]}


def test_a_full_year_update_is_not_offered(staff_client, gwent, year):
    response = staff_client.post(ADD_URL, form_data(
        gwent, year, updates=[(Quarter.FULL_YEAR, "green", 10)]))

    errors, _ = update_errors(response)
    assert errors[0] == {"quarter": [
        "Select a valid choice. 0 is not one of the available choices."]}


def test_two_updates_for_one_quarter_are_refused(staff_client, gwent, year):
    response = staff_client.post(ADD_URL, form_data(
        gwent, year, updates=[(Quarter.Q1, "green", 10), (Quarter.Q1, "red", 20)]))

    _, non_form = update_errors(response)
    assert non_form == ["Please correct the duplicate data for quarter."]
    assert not ProjectUpdate.objects.exists()


def test_target_date_before_start_is_refused_at_the_field(staff_client, gwent, year):
    response = staff_client.post(ADD_URL, form_data(
        gwent, year, start_date="2020-06-01", target_date="2020-05-01"))

    assert response.context["adminform"].form.errors["target_date"] == [
        "The target date cannot be before the start date."]
    assert not Project.objects.exists()


def test_a_second_project_of_the_same_name_in_the_year_is_refused(staff_client, gwent, year):
    ProjectFactory(organisation=gwent, year=year, name="Electronic Timesheets")

    response = staff_client.post(ADD_URL, form_data(gwent, year))

    assert response.context["adminform"].form.errors["__all__"] == [
        "This organisation already has a project of that name in that year."]


def test_an_unknown_status_is_refused_at_the_field(staff_client, gwent, year):
    response = staff_client.post(ADD_URL, form_data(gwent, year, status="finished"))

    assert response.context["adminform"].form.errors["status"] == [
        "Select a valid choice. finished is not one of the available choices."]


def test_project_list_shows_the_latest_rag_status_as_a_word(staff_client, gwent, year):
    project = ProjectFactory(organisation=gwent, year=year, name="Telematics")
    ProjectUpdateFactory(project=project, quarter=Quarter.Q1, rag="green")
    ProjectUpdateFactory(project=project, quarter=Quarter.Q2, rag="red")
    ProjectFactory(organisation=gwent, year=year, name="NLEDS")

    response = staff_client.get("/en/admin/projects/project/")

    html = response.content.decode()
    assert '<td class="field-latest_rag">Red</td>' in html
    assert '<td class="field-latest_rag">No update yet</td>' in html
