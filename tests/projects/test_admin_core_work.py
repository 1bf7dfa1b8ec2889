"""Entering a period's core planned work for every team on one admin page."""

import pytest

from ictreport.core.periods import Quarter
from projects.models import CoreWorkReturn, TeamWork
from tests.factories import FinancialYearFactory
from tests.projects.factories import CoreWorkReturnFactory, TeamFactory, TeamWorkFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/en/admin/projects/coreworkreturn/add/"


@pytest.fixture
def teams():
    return [TeamFactory(name=name, position=i)
            for i, name in enumerate(["Desktop", "Network", "Server"])]


@pytest.fixture
def year():
    return FinancialYearFactory(start_year=2020)


def form_data(organisation, year, quarter, rows, highlights=(), initial_rows=0):
    """The add/change form as the browser posts it; ``rows`` are (team, completed,
    outstanding), with "" for a field left empty."""
    data = {
        "organisation": organisation.pk, "year": year.pk, "quarter": quarter,
        "teams-TOTAL_FORMS": len(rows), "teams-INITIAL_FORMS": initial_rows,
        "teams-MIN_NUM_FORMS": 0, "teams-MAX_NUM_FORMS": 1000,
        "highlights-TOTAL_FORMS": len(highlights), "highlights-INITIAL_FORMS": 0,
        "highlights-MIN_NUM_FORMS": 0, "highlights-MAX_NUM_FORMS": 1000,
    }
    for i, (team, completed, outstanding) in enumerate(rows):
        data.update({f"teams-{i}-team": team.pk, f"teams-{i}-completed": completed,
                     f"teams-{i}-outstanding": outstanding})
    for i, text in enumerate(highlights):
        data.update({f"highlights-{i}-position": i, f"highlights-{i}-text": text})
    return data


def inline_errors(response, prefix="teams"):
    formset = next(f.formset for f in response.context["inline_admin_formsets"]
                   if f.formset.prefix == prefix)
    return formset.errors, formset.non_form_errors()


def test_add_page_lays_out_a_row_for_every_team(staff_client, gwent, teams):
    response = staff_client.get(ADD_URL)
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert [form.initial["team"] for form in formset.forms] == [t.pk for t in teams]


def test_one_post_saves_every_teams_figures(staff_client, gwent, teams, year):
    response = staff_client.post(ADD_URL, form_data(
        gwent, year, Quarter.Q1,
        [(teams[0], 42, 4), (teams[1], 55, 5), (teams[2], 0, 0)],
        highlights=["Gov Wi-fi Implementation"]))

    assert response.status_code == 302
    work_return = CoreWorkReturn.objects.get(organisation=gwent, year=year, quarter=Quarter.Q1)
    assert sorted(work_return.teams.values_list("team__name", "completed", "outstanding")) == [
        ("Desktop", 42, 4), ("Network", 55, 5), ("Server", 0, 0)]
    assert list(work_return.highlights.values_list("text", flat=True)) == [
        "Gov Wi-fi Implementation"]


def test_a_team_row_left_empty_is_refused_naming_the_team(staff_client, gwent, teams, year):
    response = staff_client.post(ADD_URL, form_data(
        gwent, year, Quarter.Q1, [(teams[0], 42, 4), (teams[1], "", ""), (teams[2], 3, 1)]))

    assert response.status_code == 200
    errors, _ = inline_errors(response)
    assert errors[1] == {
        "completed": ["Network, Completed: enter a figure; enter 0 if there were none "
                      "this quarter."],
        "outstanding": ["Network, Outstanding: enter a figure; enter 0 if there were none "
                        "this quarter."]}
    assert not CoreWorkReturn.objects.exists() and not TeamWork.objects.exists()


def test_negative_count_is_refused_at_the_field(staff_client, gwent, teams, year):
    response = staff_client.post(ADD_URL, form_data(
        gwent, year, Quarter.Q1, [(teams[0], -1, 4), (teams[1], 5, 1), (teams[2], 3, 1)]))

    assert response.status_code == 200
    errors, _ = inline_errors(response)
    assert errors[0] == {"completed": ["Desktop, Completed: cannot be negative (you gave -1)."]}
    assert not CoreWorkReturn.objects.exists()


def test_a_fraction_or_text_is_refused_at_the_field(staff_client, gwent, teams, year):
    response = staff_client.post(ADD_URL, form_data(
        gwent, year, Quarter.Q1, [(teams[0], "4.5", 4), (teams[1], 5, "lots"),
                                  (teams[2], 3, 1)]))

    errors, _ = inline_errors(response)
    assert errors[0]["completed"][0].startswith(
        "Desktop, Completed: enter a whole number in plain figures")
    assert errors[1]["outstanding"][0].startswith(
        "Network, Outstanding: enter a whole number in plain figures")
    assert not CoreWorkReturn.objects.exists()


def test_half_a_row_asks_for_the_other_half(staff_client, gwent, teams, year):
    response = staff_client.post(ADD_URL, form_data(
        gwent, year, Quarter.Q1, [(teams[0], 4, ""), (teams[1], 5, 1), (teams[2], 3, 1)]))

    errors, _ = inline_errors(response)
    assert errors[0] == {"outstanding": [
        "Desktop, Outstanding: enter a figure; enter 0 if there were none this quarter."]}


def test_a_team_twice_is_refused(staff_client, gwent, teams, year):
    response = staff_client.post(ADD_URL, form_data(
        gwent, year, Quarter.Q1, [(teams[0], 4, 1), (teams[0], 5, 1), (teams[2], 3, 1)]))

    errors, non_form = inline_errors(response)
    assert non_form == ["Please correct the duplicate data for team."]
    assert errors[1] == {"__all__": ["Please correct the duplicate values below."]}
    assert not CoreWorkReturn.objects.exists()


def test_quarter_in_a_full_year_is_refused_at_the_period(staff_client, gwent, teams, year):
    CoreWorkReturnFactory(organisation=gwent, year=year, quarter=Quarter.FULL_YEAR)

    response = staff_client.post(ADD_URL, form_data(
        gwent, year, Quarter.Q2, [(teams[0], 4, 1)]))

    assert response.context["adminform"].form.errors["quarter"] == [
        "This year already has a full-year return; it cannot also have quarterly ones."]
    assert CoreWorkReturn.objects.count() == 1


def test_full_year_beside_quarters_is_refused_at_the_period(staff_client, gwent, teams, year):
    CoreWorkReturnFactory(organisation=gwent, year=year, quarter=Quarter.Q1)

    response = staff_client.post(ADD_URL, form_data(
        gwent, year, Quarter.FULL_YEAR, [(teams[0], 4, 1)]))

    assert response.context["adminform"].form.errors["quarter"] == [
        "This year already has quarterly returns; it cannot also have a full-year one."]


def test_a_period_entered_twice_is_refused(staff_client, gwent, teams, year):
    CoreWorkReturnFactory(organisation=gwent, year=year, quarter=Quarter.Q1)

    response = staff_client.post(ADD_URL, form_data(
        gwent, year, Quarter.Q1, [(teams[0], 4, 1)]))

    assert response.context["adminform"].form.errors["__all__"] == [
        "This organisation already has a return for that period."]


def test_change_page_offers_rows_only_for_teams_not_yet_entered(staff_client, gwent, teams,
                                                               year):
    row = TeamWorkFactory(work_return__organisation=gwent, work_return__year=year,
                          work_return__quarter=Quarter.Q1, team=teams[1])
    url = f"/en/admin/projects/coreworkreturn/{row.work_return.pk}/change/"

    formset = staff_client.get(url).context["inline_admin_formsets"][0].formset

    assert [form.initial.get("team") for form in formset.extra_forms] == [
        teams[0].pk, teams[2].pk]
    assert formset.initial_forms[0].instance == row
