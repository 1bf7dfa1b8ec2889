"""The view-only admins (sign-off trail, published editions, extracts' runs): one mixin,
no add, change or delete for anyone, and only the rows of the user's organisations."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from ictreport.core.admin_view_only import ViewOnlyAdmin
from ictreport.core.models import (
    ExtractRun,
    Membership,
    Organisation,
    ReportEdition,
    SignOff,
    SignOffAction,
)
from tests.factories import OrganisationFactory, UserFactory

VIEW_ONLY = [SignOff, ReportEdition, ExtractRun]


@pytest.mark.parametrize("model", VIEW_ONLY, ids=lambda m: m.__name__)
def test_nobody_adds_changes_or_deletes(model, rf, db):
    model_admin = admin.site._registry[model]
    assert isinstance(model_admin, ViewOnlyAdmin)
    request = rf.get("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_only_the_users_organisations_rows_are_listed(client, db):
    ours = OrganisationFactory(slug="gwent-police")
    theirs = OrganisationFactory(slug="dyfed-powys-police")
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_signoff"))
    Membership.objects.create(user=user, organisation=ours)
    kind = ContentType.objects.get_for_model(Organisation)
    for organisation in (ours, theirs):
        SignOff.objects.create(content_type=kind, object_id=organisation.pk,
                               organisation=organisation, description=f"{organisation.slug} step",
                               action=SignOffAction.SUBMITTED, user=user)
    client.force_login(user)
    page = client.get(reverse("admin:core_signoff_changelist"))
    assert page.status_code == 200
    assert "gwent-police step" in page.text
    assert "dyfed-powys-police step" not in page.text
    assert "Add sign-off step" not in page.text
