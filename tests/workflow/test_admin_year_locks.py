"""The year locks in the admin: a locked reference row or project is refused on its
form with the lock's message (never a 500), and a locked year's project opens
read-only, saying who approved the report."""

import pytest

from ictreport.core import workflow
from ictreport.core.roles import SHARED_SERVICE_ADMINISTRATORS
from servicedesk.models import Channel
from tests.access.factories import user_in
from tests.factories import AnnualReportFactory
from tests.projects.factories import ProjectFactory
from tests.servicedesk.factories import ChannelCallsFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(db):
    return user_in(SHARED_SERVICE_ADMINISTRATORS, username="admin-user")


@pytest.fixture
def approved(quarter_return, editor, approver):
    workflow.return_submit(quarterly_return=quarter_return, user=editor)
    workflow.return_approve(quarterly_return=quarter_return, user=approver)
    return quarter_return


def test_renaming_a_locked_channel_is_refused_on_its_form(client, administrator, approved,
                                                          telephone):
    client.force_login(administrator)
    response = client.post(f"/en/admin/servicedesk/channel/{telephone.pk}/change/",
                           {"name": "Phone", "self_service": "on", "position": 0})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Telephone is shown by approved figures" in page
    assert "approved by Alex Approver on" in page
    telephone.refresh_from_db()
    assert (telephone.name, telephone.self_service) == ("Telephone", False)


def test_reordering_locked_channels_in_the_list_is_refused(client, administrator, approved,
                                                           telephone):
    client.force_login(administrator)
    response = client.post("/en/admin/servicedesk/channel/", {
        "form-TOTAL_FORMS": 1, "form-INITIAL_FORMS": 1, "form-MIN_NUM_FORMS": 0,
        "form-MAX_NUM_FORMS": 1000, "form-0-id": telephone.pk, "form-0-position": 7,
        "_save": "Save"})
    assert response.status_code == 200
    assert "Telephone is shown by approved figures" in response.content.decode()
    assert Channel.objects.get(pk=telephone.pk).position == 0


def test_a_channel_no_approved_figures_show_is_renamed(client, administrator, gwent,
                                                      quarter_return):
    email = ChannelCallsFactory(desk_return=quarter_return).channel
    client.force_login(administrator)
    response = client.post(f"/en/admin/servicedesk/channel/{email.pk}/change/",
                           {"name": "E-mail", "position": 3})
    assert response.status_code == 302
    assert Channel.objects.get(pk=email.pk).name == "E-mail"


def test_a_published_years_project_opens_read_only(client, administrator, gwent, editor,
                                                   approver, quarter_return):
    report = AnnualReportFactory(organisation=gwent, year=quarter_return.year)
    project = ProjectFactory(organisation=gwent, year=quarter_return.year, name="Fleet")
    workflow.return_submit(quarterly_return=quarter_return, user=editor)
    workflow.return_approve(quarterly_return=quarter_return, user=approver)
    workflow.report_approve(report=report, user=approver)
    workflow.report_publish(report=report, user=approver)

    client.force_login(administrator)
    url = f"/en/admin/projects/project/{project.pk}/change/"
    page = client.get(url).content.decode()
    assert "published by Alex Approver" in page
    assert 'name="_save"' not in page
    response = client.post(url, {"name": "Renamed"}, follow=True)
    assert "published by Alex Approver" in response.content.decode()
    project.refresh_from_db()
    assert project.name == "Fleet"
    assert client.get(f"/en/admin/projects/project/{project.pk}/delete/").status_code == 403
