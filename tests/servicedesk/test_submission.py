"""What a service desk return needs before it can be submitted for approval."""

import pytest

from tests.servicedesk.factories import ChannelCallsFactory, ServiceDeskReturnFactory

pytestmark = pytest.mark.django_db


def test_a_return_without_calls_cannot_be_submitted():
    assert ServiceDeskReturnFactory().submission_problems() == [
        "No calls are entered for any channel."]


def test_a_return_with_calls_can_be_submitted():
    assert ChannelCallsFactory(calls=0).desk_return.submission_problems() == []
