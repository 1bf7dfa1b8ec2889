"""Optimistic concurrency on return forms: a form saved from an older version of its
return than the stored one is refused, saying who changed it and when, and nothing of
it is written. The version is kept by database triggers, whoever writes."""

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime

from ictreport.core.admin_base import ReturnForm
from ictreport.core.periods import Quarter
from projects.models import CoreWorkReturn
from servicedesk.models import ChannelCalls, ServiceDeskReturn
from tests.access.factories import user_in
from tests.factories import FinancialYearFactory
from tests.projects.factories import CoreWorkReturnFactory, TeamFactory, TeamWorkFactory
from tests.servicedesk.factories import (
    ChannelCallsFactory,
    ChannelFactory,
    ServiceDeskReturnFactory,
)

pytestmark = pytest.mark.django_db

EDITORS = "Service desk editors"


@pytest.fixture
def desk_return(gwent):
    telephone = ChannelFactory(name="Telephone")
    made = ServiceDeskReturnFactory(organisation=gwent, quarter=Quarter.Q1,
                                    year=FinancialYearFactory(start_year=2020))
    ChannelCallsFactory(desk_return=made, channel=telephone, calls=1200)
    return made


def url(desk_return):
    return f"/en/admin/servicedesk/servicedeskreturn/{desk_return.pk}/change/"


def opened(client, desk_return) -> dict:
    """The change page's POST as its form stands when opened: hidden version included."""
    response = client.get(url(desk_return))
    form = response.context["adminform"].form
    data = {name: form.initial.get(name, "") for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update({formset.add_prefix(k): v
                     for k, v in formset.management_form.initial.items()})
        for row in formset.forms:
            for name in row.fields:
                value = row.initial.get(name, "")
                if name == "id" and row.instance.pk:
                    value = row.instance.pk
                if name == "desk_return":
                    value = desk_return.pk
                data[row.add_prefix(name)] = "" if value is None else value
    return data


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_second_stale_save_is_refused_with_who_and_when(gwent, desk_return):
    first = _client(user_in(EDITORS, gwent, username="ann.jones", first_name="Ann",
                            last_name="Jones"))
    second = _client(user_in(EDITORS, gwent, username="bob.evans"))
    ann_form, bob_form = opened(first, desk_return), opened(second, desk_return)

    ann_form["channel_calls-0-calls"] = 1300
    assert first.post(url(desk_return), ann_form).status_code == 302

    bob_form["channel_calls-0-calls"] = 999
    response = second.post(url(desk_return), bob_form)

    assert response.status_code == 200
    changed = ServiceDeskReturn.history.filter(id=desk_return.pk).first()
    when = date_format(localtime(changed.history_date), "DATETIME_FORMAT")
    assert response.context["adminform"].form.non_field_errors() == [
        f"This return was changed by Ann Jones at {when} since you opened it, so nothing "
        "was saved. Open it again to see the change, then make yours."]
    assert ChannelCalls.objects.get().calls == 1300
    assert ChannelCalls.history.filter(history_user__username="bob.evans").count() == 0

    # Opened again, the same change goes through.
    bob_again = opened(second, desk_return)
    bob_again["channel_calls-0-calls"] = 999
    assert second.post(url(desk_return), bob_again).status_code == 302
    assert ChannelCalls.objects.get().calls == 999


def test_a_change_to_a_figure_alone_makes_the_form_stale(gwent, desk_return):
    editor = _client(user_in(EDITORS, gwent))
    form = opened(editor, desk_return)
    ChannelCalls.objects.filter(desk_return=desk_return).update(calls=5)  # another door

    form["channel_calls-0-calls"] = 1300
    response = editor.post(url(desk_return), form)
    assert response.status_code == 200
    assert "since you opened it" in response.context["adminform"].form.non_field_errors()[0]
    assert ChannelCalls.objects.get().calls == 5


def test_a_save_landing_between_the_check_and_the_write_is_refused(gwent, desk_return,
                                                                   monkeypatch):
    editor = _client(user_in(EDITORS, gwent))
    form = opened(editor, desk_return)
    checked = ReturnForm.clean

    def racing_clean(self):
        cleaned = checked(self)
        # Another save, just after this one's check, that changes the row (a write of
        # the row as it was is no change and moves no version).
        type(self.instance).objects.filter(pk=self.instance.pk).update(
            updated_at=timezone.now())
        return cleaned

    monkeypatch.setattr(ReturnForm, "clean", racing_clean)
    form["channel_calls-0-calls"] = 1300
    response = editor.post(url(desk_return), form, follow=True)

    assert [str(m) for m in response.context["messages"]][-1].endswith(
        "since you opened it, so nothing was saved. Open it again to see the change, then "
        "make yours.")
    assert ChannelCalls.objects.get().calls == 1200


def _version(model, pk):
    return model.objects.values_list("version", flat=True).get(pk=pk)


def test_every_write_to_a_return_or_its_rows_raises_its_version(gwent):
    work = CoreWorkReturnFactory(organisation=gwent, quarter=Quarter.Q1,
                                 year=FinancialYearFactory(start_year=2020))
    start = _version(CoreWorkReturn, work.pk)
    row = TeamWorkFactory(work_return=work, team=TeamFactory(name="Desktop"))
    assert _version(CoreWorkReturn, work.pk) == start + 1
    type(row).objects.filter(pk=row.pk).update(completed=7)
    assert _version(CoreWorkReturn, work.pk) == start + 2
    row.delete()
    assert _version(CoreWorkReturn, work.pk) == start + 3

    # An out-of-date copy saved cannot set the version back.
    stale = CoreWorkReturn.objects.get(pk=work.pk)
    stale.version = 0
    stale.save()
    assert _version(CoreWorkReturn, work.pk) == start + 4
