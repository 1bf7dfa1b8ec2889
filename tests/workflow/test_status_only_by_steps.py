"""A return's or report's status moves by the sign-off steps only: no admin form offers
it, and a form posted with one leaves it as it was."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from ictreport.core.admin_base import SignOffAdmin
from ictreport.core.models import ReturnStatus
from tests.workflow.conftest import change_data, change_url

pytestmark = pytest.mark.django_db


def test_no_sign_off_admin_lets_the_status_be_edited(staff_user):
    request = RequestFactory().get("/")
    request.user = staff_user
    admins = [a for a in admin.site._registry.values() if isinstance(a, SignOffAdmin)]
    assert len(admins) >= 5  # the report and every section's return
    for model_admin in admins:
        assert "status" in model_admin.get_readonly_fields(request), model_admin
        assert "status" not in model_admin.get_form(request).base_fields, model_admin


def test_a_posted_status_is_not_taken(client, quarter_return, editor):
    client.force_login(editor)
    response = client.post(change_url(quarter_return),
                           {**change_data(quarter_return, calls=1300), "status": "approved"})
    assert response.status_code == 302
    quarter_return.refresh_from_db()
    assert quarter_return.status == ReturnStatus.DRAFT
    assert quarter_return.channel_calls.get().calls == 1300
