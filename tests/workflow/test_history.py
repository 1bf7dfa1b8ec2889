"""Every change to a figure is kept with who made it, and the admin shows it."""

import pytest

from servicedesk.models import ChannelCalls
from tests.workflow.conftest import change_data, change_url

pytestmark = pytest.mark.django_db


def test_history_shows_who_changed_a_figure(client, quarter_return, editor):
    client.force_login(editor)
    client.post(change_url(quarter_return), change_data(quarter_return, calls=1300))

    row = ChannelCalls.objects.get(desk_return=quarter_return)
    before, after = row.history.all()[1], row.history.all()[0]
    assert (before.calls, after.calls, after.history_user) == (1200, 1300, editor)

    # Figure rows are entered on their return's page, so its history lists theirs too.
    page = client.get(
        f"/en/admin/servicedesk/servicedeskreturn/{quarter_return.pk}/history/").content.decode()
    assert "Telephone: 1,300" in page
    assert editor.get_username() in page
