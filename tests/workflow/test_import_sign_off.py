"""A whole-report file cannot take a step of sign-off, nor change what another
organisation's approved year shows through the shared names (channels, tiers, …)."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ictreport.core import workflow
from ictreport.core.models import ReportStatus, SignOff
from ictreport.core.roles import SHARED_SERVICE_ADMINISTRATORS
from servicedesk.models import Channel
from tests.access.factories import user_in
from tests.conftest import SHIPPED_REPORT
from tests.factories import OrganisationFactory
from tests.finance.factories import CommentaryThresholdFactory

pytestmark = pytest.mark.django_db

TORFAEN = """\
format: 1
organisation: torfaen
year: 2019-20
report:
  title: Torfaen ICT report
  lead_chief_officer: T. Officer
  date: 2020-09-03
  timing: Routine
  purpose: For monitoring
  classification: OFFICIAL
servicedesk:
  channels:
  - name: Telephone
    self_service: {telephone_self_service}
  - name: Self Service
    self_service: true
{extra}"""


def _import(tmp_path, text, name="file.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command("import_report", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def approved_gwent(shipped_report, approver):
    """Gwent's 2019/20 year approved, every return and the report. The shipped file's
    variances carry no commentary, so Gwent's threshold is set above them."""
    CommentaryThresholdFactory(organisation=shipped_report.organisation,
                               percent=Decimal(100), amount=Decimal(10**9))
    submitter = user_in(SHARED_SERVICE_ADMINISTRATORS, username="submitter")
    for ret in workflow.year_returns(shipped_report, approved=False):
        workflow.return_submit(quarterly_return=ret, user=submitter)
        workflow.return_approve(quarterly_return=ret, user=approver)
    workflow.report_approve(report=shipped_report, user=approver)
    return shipped_report


def test_a_files_status_never_publishes(tmp_path, shipped_report):
    text = SHIPPED_REPORT.read_text(encoding="utf-8")
    assert "  status: draft\n" in text
    _out, err = _import(tmp_path, text.replace("  status: draft\n", "  status: published\n", 1))
    assert "report.status: ignored: the file says 'published', and the report stays draft" in err
    shipped_report.refresh_from_db()
    assert shipped_report.status == ReportStatus.DRAFT
    assert not SignOff.objects.exists()
    assert workflow.unapproved_returns(shipped_report)  # nothing was approved either


def test_a_new_report_from_a_file_is_a_draft(tmp_path, db):
    torfaen = OrganisationFactory(name="Torfaen Council", slug="torfaen")
    _out, err = _import(tmp_path, TORFAEN.format(telephone_self_service="false", extra="")
                        .replace("  classification: OFFICIAL\n",
                                 "  classification: OFFICIAL\n  status: approved\n"))
    assert "report.status: ignored" in err
    assert torfaen.reports.get().status == ReportStatus.DRAFT


def test_a_file_cannot_redefine_a_channel_an_approved_year_shows(tmp_path, approved_gwent):
    OrganisationFactory(name="Torfaen Council", slug="torfaen")
    before = list(Channel.objects.values_list("name", "self_service", "position"))
    gwent_page = _service_desk_section(approved_gwent)

    path = tmp_path / "torfaen.yaml"
    path.write_text(TORFAEN.format(telephone_self_service="true", extra=""), encoding="utf-8")
    problems = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_report", str(path), stderr=problems)
    message = problems.getvalue()
    assert "servicedesk: Telephone is shown by approved figures" in message
    assert "approved by Alex Approver on" in message
    assert list(Channel.objects.values_list("name", "self_service", "position")) == before
    assert not approved_gwent.organisation.__class__.objects.get(
        slug="torfaen").reports.exists()
    assert _service_desk_section(approved_gwent) == gwent_page


def test_a_file_may_add_new_names_beside_those_in_use(tmp_path, approved_gwent):
    torfaen = OrganisationFactory(name="Torfaen Council", slug="torfaen")
    _import(tmp_path, TORFAEN.format(telephone_self_service="false",
                                     extra="  - name: Walk-in\n    self_service: false\n")
            .replace("  channels:\n", "  channels:\n", 1))
    assert Channel.objects.filter(name="Walk-in").exists()
    assert torfaen.reports.exists()


def test_the_approved_years_own_file_again_changes_nothing(tmp_path, approved_gwent):
    _out, err = _import(tmp_path, SHIPPED_REPORT.read_text(encoding="utf-8"))
    assert "report.status: ignored: the file says 'draft', and the report stays approved" in err
    approved_gwent.refresh_from_db()
    assert approved_gwent.status == ReportStatus.APPROVED


def _service_desk_section(report):
    from ictreport.core.registry import get_section

    section = get_section("servicedesk").build(organisation=report.organisation,
                                               year=report.year)
    return repr(section)


def test_a_file_cannot_redefine_a_name_another_organisations_draft_uses(tmp_path,
                                                                        shipped_report):
    OrganisationFactory(name="Torfaen Council", slug="torfaen")
    path = tmp_path / "torfaen.yaml"
    path.write_text(TORFAEN.format(telephone_self_service="true", extra=""), encoding="utf-8")
    problems = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_report", str(path), stderr=problems)
    assert ("servicedesk: Telephone is shared with other organisations' figures, so a file "
            "for Torfaen Council cannot rename or redefine it") in problems.getvalue()
    assert not Channel.objects.get(name="Telephone").self_service


def test_a_file_redefines_a_name_only_its_own_organisation_uses(tmp_path, shipped_report):
    text = SHIPPED_REPORT.read_text(encoding="utf-8")
    old = "  - name: Telephone\n    name_cy: Ffôn\n    self_service: false\n"
    assert old in text
    _import(tmp_path, text.replace(old, "  - name: Telephone\n    name_cy: Ffôn\n"
                                        "    self_service: true\n"))
    assert Channel.objects.get(name="Telephone").self_service
