"""The whole-report import writes through the same lock: a file changing an approved
return is refused whole, naming the approver; the same file again changes nothing."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ictreport.core import workflow
from servicedesk.models import ChannelCalls, ServiceDeskReturn
from tests.conftest import SHIPPED_REPORT

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved_year(shipped_report, editor, approver):
    """Every 2019/20 service desk return approved."""
    returns = list(ServiceDeskReturn.objects.filter(year_id=2019))
    for desk_return in returns:
        workflow.return_submit(quarterly_return=desk_return, user=editor)
        workflow.return_approve(quarterly_return=desk_return, user=approver)
    return returns


def test_import_changing_a_locked_period_changes_nothing(tmp_path, approved_year):
    before = sorted(ChannelCalls.objects.values_list("pk", "calls"))
    text = SHIPPED_REPORT.read_text(encoding="utf-8")
    first = ChannelCalls.objects.filter(desk_return__year_id=2019).order_by("pk").first()
    needle = f"calls: {first.calls}"
    assert needle in text
    changed = tmp_path / "changed.yaml"
    changed.write_text(text.replace(needle, f"calls: {first.calls + 1}", 1), encoding="utf-8")

    problems = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_report", str(changed), stderr=problems)
    assert "approved by Alex Approver on" in problems.getvalue()
    assert sorted(ChannelCalls.objects.values_list("pk", "calls")) == before


def test_importing_the_same_file_again_passes_the_lock(approved_year):
    call_command("import_report", str(SHIPPED_REPORT))
