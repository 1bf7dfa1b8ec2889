"""Spreadsheets, users and each section's figures, for the import and export tests."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import factory
import tablib
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from audits.models import RecommendationCount, RemediationProgress
from audits.resources import RecommendationCountResource, RemediationProgressResource
from finance.models import LineFigure
from finance.resources import LineFigureResource
from ictreport.core.models import Membership, Organisation
from projects.models import TeamWork
from projects.resources import TeamWorkResource
from servicedesk.models import ChannelCalls, ServiceLevelResult
from servicedesk.resources import ChannelCallsResource, ServiceLevelResource
from tests.factories import UserFactory
from tests.finance.factories import BudgetLineFactory
from tests.projects.factories import TeamFactory
from tests.servicedesk.factories import ChannelFactory, ServiceTierFactory

CSV, XLSX = "csv", "xlsx"
# The admin lists the formats in this order (``FigureImportExportAdmin``).
FORMAT_INDEX = {CSV: 0, XLSX: 1}


class FigureEditorFactory(UserFactory):
    """A staff user who may add, change and view one figure model, nothing else."""

    is_staff = True

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def membership(user, create, extracted, **kwargs):
        """An editor belongs to Gwent Police, the organisation the files are for."""
        organisation, _ = Organisation.objects.get_or_create(
            slug="gwent-police", defaults={"name": "Gwent Police"})
        Membership.objects.create(user=user, organisation=organisation)

    @factory.post_generation
    def figures(user, create, model, **kwargs):
        if model is None:
            return
        opts = model._meta
        user.user_permissions.add(*Permission.objects.filter(
            content_type__app_label=opts.app_label,
            codename__in=[f"{action}_{opts.model_name}" for action in ("add", "change", "view")],
        ))


@dataclass(frozen=True)
class Section:
    """One figure model's spreadsheet: the reference data its rows name, a good file and
    the same file with every value changed. Rows are written as they export, so a file
    imported and exported again comes back the same."""

    name: str
    resource: type
    model: type
    setup: Callable
    headers: list[str]
    rows: list[list[str]]
    changed_rows: list[list[str]]

    @property
    def admin_name(self) -> str:
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}"

    def file_rows(self, organisation, rows=None) -> list[list[str]]:
        return [[organisation.slug, *row] for row in (self.rows if rows is None else rows)]


def _servicedesk_channels(organisation):
    ChannelFactory(name="Telephone")
    ChannelFactory(name="Self Service")


def _servicedesk_tiers(organisation):
    ServiceTierFactory(name="Gold")
    ServiceTierFactory(name="Silver")


def _finance_lines(organisation):
    BudgetLineFactory(organisation=organisation, name="Airwave")
    BudgetLineFactory(organisation=organisation, name="SRS Collaboration")


def _project_teams(organisation):
    TeamFactory(name="Service Desk")
    TeamFactory(name="Infrastructure")


def _nothing(organisation):
    pass


SECTIONS = [
    Section(
        name="servicedesk-calls", resource=ChannelCallsResource, model=ChannelCalls,
        setup=_servicedesk_channels,
        headers=["organisation", "year", "period", "channel", "calls"],
        rows=[["2019-20", "Q1", "Telephone", "21044"], ["2019-20", "Q1", "Self Service", "6011"],
              ["2019-20", "Q2", "Telephone", "20500"]],
        changed_rows=[["2019-20", "Q1", "Telephone", "21100"],
                      ["2019-20", "Q1", "Self Service", "0"],
                      ["2019-20", "Q2", "Telephone", "20501"]],
    ),
    Section(
        name="servicedesk-levels", resource=ServiceLevelResource, model=ServiceLevelResult,
        setup=_servicedesk_tiers,
        headers=["organisation", "year", "period", "tier", "availability",
                 "resolved_in_time", "breaches"],
        rows=[["2019-20", "Q1", "Gold", "99.95", "92.50", "3"],
              ["2019-20", "Q1", "Silver", "", "", "0"]],
        changed_rows=[["2019-20", "Q1", "Gold", "99.90", "95.00", "4"],
                      ["2019-20", "Q1", "Silver", "98.00", "", "1"]],
    ),
    Section(
        name="projects-teams", resource=TeamWorkResource, model=TeamWork,
        setup=_project_teams,
        headers=["organisation", "year", "period", "team", "completed", "outstanding"],
        rows=[["2019-20", "Q1", "Service Desk", "120", "14"],
              ["2019-20", "Q1", "Infrastructure", "35", "0"]],
        changed_rows=[["2019-20", "Q1", "Service Desk", "121", "0"],
                      ["2019-20", "Q1", "Infrastructure", "0", "9"]],
    ),
    Section(
        name="finance-lines", resource=LineFigureResource, model=LineFigure,
        setup=_finance_lines,
        headers=["organisation", "year", "period", "budget_line", "budget", "expenditure",
                 "commentary", "discrepancy"],
        rows=[["2019-20", "Q1", "Airwave", "120000.00", "30000.50", "On profile", ""],
              ["2019-20", "Q1", "SRS Collaboration", "500000.00", "125000.00", "", ""]],
        changed_rows=[["2019-20", "Q1", "Airwave", "125000.00", "31000.00", "Revised", ""],
                      ["2019-20", "Q1", "SRS Collaboration", "500000.00", "0.00", "", "x"]],
    ),
    Section(
        name="audits-remediation", resource=RemediationProgressResource,
        model=RemediationProgress, setup=_nothing,
        headers=["organisation", "year", "period", "severity", "percent_complete"],
        rows=[["2019-20", "full-year", "high", "75.50"],
              ["2019-20", "full-year", "medium", "40.00"]],
        changed_rows=[["2019-20", "full-year", "high", "80.00"],
                      ["2019-20", "full-year", "medium", "100.00"]],
    ),
    Section(
        name="audits-recommendations", resource=RecommendationCountResource,
        model=RecommendationCount, setup=_nothing,
        headers=["organisation", "year", "period", "priority", "count"],
        rows=[["2019-20", "full-year", "high", "2"], ["2019-20", "full-year", "low", "5"]],
        changed_rows=[["2019-20", "full-year", "high", "3"],
                      ["2019-20", "full-year", "low", "0"]],
    ),
]


def spreadsheet(headers, rows, file_format=CSV) -> SimpleUploadedFile:
    """The rows as an uploaded file. In XLSX, numbers are numeric cells, as a person
    typing them into a spreadsheet would make them."""
    if file_format == XLSX:
        rows = [[_number_or_text(value) for value in row] for row in rows]
    dataset = tablib.Dataset(*rows, headers=headers)
    content = dataset.export(file_format)
    if isinstance(content, str):
        content = content.encode()
    return SimpleUploadedFile(f"figures.{file_format}", content)


def _number_or_text(value):
    try:
        number = Decimal(value)
    except (ArithmeticError, ValueError, TypeError):
        return value
    return int(number) if number == number.to_integral_value() and "." not in value else float(
        number)


def as_dataset(headers, rows) -> tablib.Dataset:
    return tablib.Dataset(*rows, headers=headers)
