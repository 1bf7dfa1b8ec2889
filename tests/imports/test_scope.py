"""What an import or export may reach: the user's organisations and permissions."""

import tablib
from django.contrib.auth.models import Permission
from django.urls import reverse

from servicedesk.models import ChannelCalls
from tests.factories import OrganisationFactory, UserFactory
from tests.imports.conftest import admin_export
from tests.imports.factories import CSV, SECTIONS, FigureEditorFactory
from tests.servicedesk.factories import ChannelCallsFactory

CALLS = SECTIONS[0]


def test_export_holds_only_the_organisations_the_user_may_see(organisation, monkeypatch):
    other = OrganisationFactory(slug="dyfed-powys-police")
    ChannelCallsFactory(desk_return__organisation=organisation, calls=1)
    ChannelCallsFactory(desk_return__organisation=other, calls=2)
    monkeypatch.setattr("ictreport.core.imports.visible_organisations",
                        lambda user: type(organisation).objects.filter(pk=organisation.pk))

    exported = CALLS.resource(user=FigureEditorFactory()).export(ChannelCalls.objects.all())

    assert exported["organisation"] == ["gwent-police"]


def test_a_user_who_may_only_view_figures_can_export_but_not_import(client, organisation):
    viewer = FigureEditorFactory()
    viewer.user_permissions.add(Permission.objects.get(codename="view_channelcalls"))
    client.force_login(viewer)
    ChannelCallsFactory(desk_return__organisation=organisation, calls=7)

    changelist = client.get(reverse(f"admin:{CALLS.admin_name}_changelist"))
    import_page = client.get(reverse(f"admin:{CALLS.admin_name}_import"))
    exported = admin_export(client, CALLS, CSV)

    assert changelist.status_code == 200
    assert reverse(f"admin:{CALLS.admin_name}_import") not in changelist.content.decode()
    assert import_page.status_code == 403
    assert tablib.Dataset().load(exported.content.decode("utf-8-sig"),
                                 format="csv")["calls"] == ["7"]


def test_figures_are_not_added_or_changed_outside_their_return_page(client, organisation):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    figure = ChannelCallsFactory(desk_return__organisation=organisation)

    add = client.get(reverse(f"admin:{CALLS.admin_name}_add"))
    change = client.post(reverse(f"admin:{CALLS.admin_name}_change", args=[figure.pk]),
                         {"calls": 1})

    assert add.status_code == 403
    assert change.status_code == 403
    figure.refresh_from_db()
    assert figure.calls == 100
