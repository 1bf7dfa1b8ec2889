"""The shipped whole-report file imports in a bounded number of queries: reference
names and years read once, new rows created in bulk with their history, the sign-off
lock checked once per return (issue 14). Measured on PostgreSQL: 194 the first time,
105 again (1,211 and 128 while the lock was a signal on every save). With the file's
Welsh (issue 16) the Welsh is written after the English, one read per model and scope and
one bulk update where it changes: 227 and 122 (SQLite), pinned a little above."""

import io

import pytest
from django.core.management import call_command

from servicedesk.models import ChannelCalls
from tests.conftest import SHIPPED_REPORT

pytestmark = pytest.mark.django_db


def _import():
    call_command("import_report", str(SHIPPED_REPORT), stdout=io.StringIO())


def test_first_import_into_an_empty_database(gwent, django_assert_max_num_queries):
    with django_assert_max_num_queries(230):
        _import()
    assert ChannelCalls.objects.filter(desk_return__organisation=gwent).exists()


def test_reimport_reads_and_writes_nothing(gwent, django_assert_max_num_queries):
    _import()
    history = ChannelCalls.history.count()
    with django_assert_max_num_queries(125):
        _import()
    assert ChannelCalls.history.count() == history
