"""One admin page enters one quarter's whole return; every rule answers at its field."""

import pytest

from ictreport.core.periods import Quarter
from servicedesk.models import ChannelCalls, ServiceDeskReturn, ServiceLevelResult, ServiceTier
from tests.factories import FinancialYearFactory
from tests.servicedesk.factories import (
    ChannelFactory,
    ServiceTierFactory,
    desk_return,
)

pytestmark = pytest.mark.django_db

ADD_URL = "/en/admin/servicedesk/servicedeskreturn/add/"


@pytest.fixture
def telephone(db):
    return ChannelFactory(name="Telephone", position=0)


@pytest.fixture
def self_service(db):
    return ChannelFactory(name="Self Service", self_service=True, position=1)


@pytest.fixture
def gold(db):
    return ServiceTierFactory(name="Gold", position=0)


def return_form(organisation, *, year=2020, quarter=Quarter.Q1, calls=(), levels=(),
                **fields):
    """The admin form's POST data: ``calls`` as (channel, calls) and ``levels`` as
    dicts of a tier's fields; values are posted as typed, so "abc" stays "abc"."""
    FinancialYearFactory(start_year=year)
    data = {
        "organisation": organisation.pk, "year": year, "quarter": int(quarter),
        "first_contact_closed": "", "first_contact_measured": "", "first_contact_target": "",
        "channel_calls-TOTAL_FORMS": len(calls), "channel_calls-INITIAL_FORMS": 0,
        "channel_calls-MIN_NUM_FORMS": 0, "channel_calls-MAX_NUM_FORMS": 1000,
        "service_levels-TOTAL_FORMS": len(levels), "service_levels-INITIAL_FORMS": 0,
        "service_levels-MIN_NUM_FORMS": 0, "service_levels-MAX_NUM_FORMS": 1000,
    }
    data.update(fields)
    for index, (channel, count) in enumerate(calls):
        data[f"channel_calls-{index}-channel"] = channel.pk
        data[f"channel_calls-{index}-calls"] = count
    for index, level in enumerate(levels):
        for field, value in level.items():
            data[f"service_levels-{index}-{field}"] = value.pk if field == "tier" else value
    return data


def form_errors(response):
    assert response.status_code == 200, "the form was accepted"
    return response.context["adminform"].form.errors


def inline_errors(response, index):
    formset = response.context["inline_admin_formsets"][index].formset
    return formset.errors, formset.non_form_errors()


def test_one_post_saves_a_whole_quarter(staff_client, gwent, telephone, self_service, gold):
    response = staff_client.post(ADD_URL, return_form(
        gwent, calls=[(telephone, 4000), (self_service, 1000)],
        levels=[{"tier": gold, "availability": "99.95", "resolved_in_time": "97.5",
                 "breaches": 2}],
        first_contact_closed=3000, first_contact_measured=5000, first_contact_target="65",
    ))
    assert response.status_code == 302, response.context and form_errors(response)
    saved = ServiceDeskReturn.objects.get()
    assert (saved.year_id, saved.quarter) == (2020, Quarter.Q1)
    assert (saved.first_contact_closed, saved.first_contact_measured) == (3000, 5000)
    assert {(c.channel.name, c.calls) for c in saved.channel_calls.all()} == {
        ("Telephone", 4000), ("Self Service", 1000)}
    level = saved.service_levels.get()
    assert (str(level.availability), level.breaches) == ("99.95", 2)
    assert saved.history.count() == 1


def test_new_return_page_offers_a_row_for_every_channel_and_tier(
        staff_client, telephone, self_service, gold):
    response = staff_client.get(ADD_URL)
    calls, levels = (f.formset for f in response.context["inline_admin_formsets"])
    assert [form.initial.get("channel") for form in calls.forms] == [telephone.pk,
                                                                     self_service.pk]
    assert [form.initial.get("tier") for form in levels.forms] == [gold.pk]


def test_change_page_offers_only_the_channels_not_yet_entered(
        staff_client, gwent, telephone, self_service):
    held = desk_return(gwent, 2020, Quarter.Q1, calls={telephone: 10})
    response = staff_client.get(f"/en/admin/servicedesk/servicedeskreturn/{held.pk}/change/")
    calls = response.context["inline_admin_formsets"][0].formset
    assert [form.instance.channel_id for form in calls.initial_forms] == [telephone.pk]
    assert [form.initial.get("channel") for form in calls.extra_forms] == [self_service.pk]


def test_an_offered_row_left_blank_is_refused_naming_the_channel(
        staff_client, gwent, telephone, self_service):
    data = return_form(gwent, calls=[(telephone, 10), (self_service, "")])
    response = staff_client.post(ADD_URL, data)
    errors, _ = inline_errors(response, 0)
    assert errors[1] == {"calls": [
        "Self Service, Calls received: enter a figure; enter 0 if there were none this "
        "quarter."]}
    assert not ServiceDeskReturn.objects.exists() and not ChannelCalls.objects.exists()


@pytest.mark.parametrize("value, message", [
    (-1, "Telephone, Calls received: cannot be negative (you gave -1)."),
    ("abc", "enter a whole number in plain figures"),
    ("1.5", "enter a whole number in plain figures"),
])
def test_calls_must_be_a_whole_number_not_below_zero(staff_client, gwent, telephone, value,
                                                     message):
    response = staff_client.post(ADD_URL, return_form(gwent, calls=[(telephone, value)]))
    errors, _ = inline_errors(response, 0)
    assert message in errors[0]["calls"][0]
    assert not ServiceDeskReturn.objects.exists()


def test_a_channel_twice_in_one_return_is_refused(staff_client, gwent, telephone):
    response = staff_client.post(ADD_URL, return_form(
        gwent, calls=[(telephone, 10), (telephone, 20)]))
    _, non_form = inline_errors(response, 0)
    assert "Please correct the duplicate data for channel" in non_form[0]
    assert not ServiceDeskReturn.objects.exists()


def test_closed_at_first_contact_cannot_exceed_calls_measured(staff_client, gwent):
    response = staff_client.post(ADD_URL, return_form(
        gwent, first_contact_closed=21, first_contact_measured=20))
    assert form_errors(response)["first_contact_closed"] == [
        "Cannot be more than the calls measured (20)."]
    assert not ServiceDeskReturn.objects.exists()


def test_closed_calls_need_the_calls_measured(staff_client, gwent):
    response = staff_client.post(ADD_URL, return_form(gwent, first_contact_closed=5))
    assert "Give the calls measured" in form_errors(response)["first_contact_measured"][0]


def test_calls_measured_need_the_closed_calls(staff_client, gwent):
    response = staff_client.post(ADD_URL, return_form(gwent, first_contact_measured=5))
    assert "Give the calls closed" in form_errors(response)["first_contact_closed"][0]


@pytest.mark.parametrize("field", ["first_contact_closed", "first_contact_measured"])
def test_first_contact_figures_are_not_below_zero(staff_client, gwent, field):
    figures = {"first_contact_closed": 1, "first_contact_measured": 5, field: -1}
    response = staff_client.post(ADD_URL, return_form(gwent, **figures))
    label = ServiceDeskReturn._meta.get_field(field).verbose_name
    # Only what is wrong with the figure given: not also "give the calls closed …", as
    # if it had been left empty.
    assert form_errors(response) == {
        field: [f"{label[0].upper()}{label[1:]}: cannot be negative (you gave -1)."]}
    assert not ServiceDeskReturn.objects.exists()


@pytest.mark.parametrize("value, message", [
    ("100.01", "less than or equal to 100"),
    ("-1", "greater than or equal to 0"),
    ("lots", "enter a number in plain figures"),
])
def test_first_contact_target_is_a_percentage(staff_client, gwent, value, message):
    response = staff_client.post(ADD_URL, return_form(gwent, first_contact_target=value))
    assert message in form_errors(response)["first_contact_target"][0]


@pytest.mark.parametrize("field, value, message", [
    ("availability", "100.5", "less than or equal to 100"),
    ("availability", "-0.5", "greater than or equal to 0"),
    ("resolved_in_time", "101", "less than or equal to 100"),
    ("breaches", "-1", "Gold, Breaches: cannot be negative (you gave -1)."),
    ("breaches", "2.5", "enter a whole number in plain figures"),
    ("breaches", "", "Gold, Breaches: enter a figure; enter 0 if there were none"),
])
def test_service_level_figures_are_checked(staff_client, gwent, gold, field, value, message):
    level = {"tier": gold, "availability": "99.9", "resolved_in_time": "95", "breaches": 0,
             field: value}
    response = staff_client.post(ADD_URL, return_form(gwent, levels=[level]))
    errors, _ = inline_errors(response, 1)
    assert message in errors[0][field][0]
    assert not ServiceLevelResult.objects.exists()


def test_a_tier_twice_in_one_return_is_refused(staff_client, gwent, gold):
    level = {"tier": gold, "breaches": 0}
    response = staff_client.post(ADD_URL, return_form(gwent, levels=[level, level]))
    _, non_form = inline_errors(response, 1)
    assert "Please correct the duplicate data for tier" in non_form[0]


def test_quarter_refused_in_a_year_held_as_a_full_year(staff_client, gwent):
    desk_return(gwent, 2020, Quarter.FULL_YEAR)
    response = staff_client.post(ADD_URL, return_form(gwent, quarter=Quarter.Q2))
    assert "already has a full-year return" in form_errors(response)["quarter"][0]


def test_full_year_refused_in_a_year_held_as_quarters(staff_client, gwent):
    desk_return(gwent, 2020, Quarter.Q1)
    response = staff_client.post(ADD_URL, return_form(gwent, quarter=Quarter.FULL_YEAR))
    assert "already has quarterly returns" in form_errors(response)["quarter"][0]


def test_a_period_once_per_organisation(staff_client, gwent):
    desk_return(gwent, 2020, Quarter.Q1)
    response = staff_client.post(ADD_URL, return_form(gwent, quarter=Quarter.Q1))
    assert "already has a return for that period" in str(form_errors(response))


def test_a_bad_inline_row_saves_nothing_of_the_page(staff_client, gwent, telephone, gold):
    response = staff_client.post(ADD_URL, return_form(
        gwent, calls=[(telephone, 10)], levels=[{"tier": gold, "breaches": -3}],
        first_contact_closed=1, first_contact_measured=2))
    assert response.status_code == 200
    assert not ServiceDeskReturn.objects.exists() and not ChannelCalls.objects.exists()


def test_return_list_is_one_query_per_page_whatever_its_length(
        staff_client, gwent, django_assert_max_num_queries):
    for year in range(2015, 2020):
        desk_return(gwent, year)
    with django_assert_max_num_queries(10):
        response = staff_client.get("/en/admin/servicedesk/servicedeskreturn/")
    assert response.status_code == 200
    assert b"2019/20" in response.content


TIER_URL = "/en/admin/servicedesk/servicetier/add/"


def tier_form(**fields):
    return {"name": "Platinum", "position": 0, "availability_target": "",
            "resolution_hours": "", "resolution_target": "", **fields}


@pytest.mark.parametrize("field, value, message", [
    ("availability_target", "100.1", "less than or equal to 100"),
    ("resolution_target", "-1", "greater than or equal to 0"),
    ("resolution_hours", "0", "greater than or equal to 1"),
    ("resolution_hours", "4.5", "enter a whole number in plain figures"),
])
def test_tier_targets_are_checked(staff_client, field, value, message):
    data = tier_form(**{"resolution_hours": "4", field: value})
    response = staff_client.post(TIER_URL, data)
    assert message in form_errors(response)[field][0]
    assert not ServiceTier.objects.exists()


def test_a_resolved_in_time_target_needs_its_resolution_time(staff_client):
    response = staff_client.post(TIER_URL, tier_form(resolution_target="95"))
    assert "Give the resolution time" in form_errors(response)["resolution_hours"][0]


def test_a_tier_name_once(staff_client, gold):
    response = staff_client.post(TIER_URL, tier_form(name="Gold"))
    assert "already exists" in form_errors(response)["name_en"][0]  # the English name


def test_a_complete_tier_is_saved(staff_client):
    response = staff_client.post(TIER_URL, tier_form(
        availability_target="99.9", resolution_hours="4", resolution_target="95"))
    assert response.status_code == 302
    assert ServiceTier.objects.get().resolution_hours == 4
