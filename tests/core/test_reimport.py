"""Importing a whole-report file the database already holds writes nothing: no history
row, no "last changed" moved, no row deleted and created again, in every registered
section; and a file changing one figure writes exactly that change."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
import yaml
from django.apps import apps
from simple_history.models import HistoricalChanges

from audits.models import HealthCheck, Recommendation
from finance.models import LineFigure
from ictreport.core import registry
from ictreport.core.files import read_report_file, write_report_file
from ictreport.core.models import AnnualReport, SectionText
from ictreport.core.periods import Quarter
from projects.models import DeliveryRoute, PlannedAs, ProjectStatus, ProjectUpdate, TeamWork
from servicedesk.models import ChannelCalls
from tests.audits.factories import (
    AuditReturnFactory,
    AuditReviewFactory,
    ComplianceCertificateFactory,
    HealthCheckFactory,
    RecommendationCountFactory,
    RecommendationFactory,
    RemediationProgressFactory,
    opinion,
)
from tests.conftest import SHIPPED_REPORT
from tests.factories import AnnualReportFactory, FinancialYearFactory, OrganisationFactory
from tests.finance.factories import record
from tests.projects.factories import (
    CoreWorkReturnFactory,
    DeliverableFactory,
    HighlightFactory,
    ProjectFactory,
    ProjectUpdateFactory,
    TeamFactory,
    TeamWorkFactory,
    ThemeFactory,
)
from tests.servicedesk.factories import (
    ChannelFactory,
    ServiceLevelResultFactory,
    ServiceTierFactory,
    desk_return,
)

pytestmark = pytest.mark.django_db

YEAR = 2020  # the reports below are 2020/21's, held as quarters


def history_models():
    return sorted((m for m in apps.get_models() if issubclass(m, HistoricalChanges)),
                  key=lambda m: m._meta.label)


def history_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in history_models()}


def database_state() -> dict[str, list[tuple]]:
    """Every row of every table the project's models hold, history and timestamps
    included: equal states mean nothing was written."""
    state = {}
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields]
        state[model._meta.label] = sorted(
            model._default_manager.order_by().values_list(*fields), key=repr)
    return state


def last_changed() -> dict[str, list[tuple]]:
    stamps = {}
    for model in apps.get_models():
        names = [f.attname for f in model._meta.concrete_fields
                 if getattr(f, "auto_now", False)]
        if names and not issubclass(model, HistoricalChanges):
            stamps[model._meta.label] = sorted(
                model._default_manager.values_list("pk", *names))
    return stamps


# Invented figures for each section: a full year before quarterly ones ---------------


def servicedesk_figures(organisation, year):
    phone = ChannelFactory(name="Phone line", self_service=False, position=0)
    portal = ChannelFactory(name="Web portal", self_service=True, position=1)
    tier = ServiceTierFactory(name="Tier A", position=0, availability_target=Decimal("99.5"),
                              resolution_hours=4, resolution_target=Decimal("90"))
    desk_return(organisation, year - 1, calls={phone: 30_100, portal: 9_870})
    for quarter, calls in ((Quarter.Q1, 7_204), (Quarter.Q2, 6_911), (Quarter.Q3, 7_530)):
        held = desk_return(organisation, year, quarter, calls={phone: calls, portal: calls // 3},
                           closed=calls // 2, measured=calls, target=Decimal("60"))
        ServiceLevelResultFactory(desk_return=held, tier=tier, availability=Decimal("99.61"),
                                  resolved_in_time=Decimal("91.25"), breaches=quarter - 1)


def change_servicedesk(data):
    data["servicedesk"]["returns"][2]["calls"][0]["calls"] += 1


def projects_figures(organisation, year):
    network, desktop = TeamFactory(name="Networks"), TeamFactory(name="Desktop")
    for quarter in (Quarter.Q1, Quarter.Q2):
        work = CoreWorkReturnFactory(organisation=organisation,
                                     year=FinancialYearFactory(start_year=year),
                                     quarter=quarter)
        TeamWorkFactory(work_return=work, team=network, completed=12 + quarter, outstanding=3)
        TeamWorkFactory(work_return=work, team=desktop, completed=40, outstanding=quarter)
        HighlightFactory(work_return=work, position=0, text=f"Core switch {quarter} replaced")
    project = ProjectFactory(
        organisation=organisation, year=FinancialYearFactory(start_year=year),
        name="Body-worn video refresh", theme=ThemeFactory(name="Mobile policing"),
        delivery_route=DeliveryRoute.JOINT, status=ProjectStatus.IN_PROGRESS,
        owner="Head of digital", start_date=dt.date(2020, 5, 1),
        target_date=dt.date(2021, 2, 26), description="Cameras and docking stations.",
    )
    DeliverableFactory(project=project, name="Pilot at two stations")
    DeliverableFactory(project=project, name="Force-wide roll-out")
    ProjectUpdateFactory(project=project, quarter=Quarter.Q1, percent_complete=20,
                         commentary="Supplier chosen.")
    ProjectUpdateFactory(project=project, quarter=Quarter.Q2, percent_complete=45)


def change_projects(data):
    data["projects"]["returns"][1]["teams"][0]["completed"] += 1


def change_project_update(data):
    data["projects"]["portfolio"][0]["updates"][1]["percent_complete"] = 50


def priorities_figures(organisation, year):
    next_year = FinancialYearFactory(start_year=year + 1)
    for position, (name, planned_as) in enumerate((
        ("Records management system", PlannedAs.PRIORITY),
        ("Windows estate upgrade", PlannedAs.PRIORITY),
        ("Disaster recovery test", PlannedAs.PREPAREDNESS),
    )):
        ProjectFactory(organisation=organisation, year=next_year, name=name, theme=None,
                       planned_as=planned_as, position=position)


def audits_figures(organisation, year):
    audit_return = AuditReturnFactory(organisation=organisation,
                                      year=FinancialYearFactory(start_year=year),
                                      quarter=Quarter.Q1)
    review = AuditReviewFactory(audit_return=audit_return, title="Cyber security",
                                opinion=opinion("Reasonable"), reported_on=dt.date(2020, 6, 9))
    RecommendationFactory(review=review, priority="high", description="Patch the VPN",
                          due_on=dt.date(2020, 9, 30))
    RecommendationFactory(review=review, priority="low", description="Review logs weekly",
                          due_on=dt.date(2020, 12, 31), status="implemented",
                          status_changed_on=dt.date(2020, 11, 2))
    AuditReviewFactory(audit_return=audit_return, title="Asset register",
                       opinion=opinion("Limited"))
    RecommendationCountFactory(audit_return=audit_return, priority="medium", count=4)
    HealthCheckFactory(audit_return=audit_return, carried_out=dt.date(2020, 5, 1))
    RemediationProgressFactory(audit_return=audit_return, severity="high",
                               percent_complete=Decimal("72.5"))
    ComplianceCertificateFactory(audit_return=audit_return, achieved_on=dt.date(2020, 4, 1),
                                 expires_on=dt.date(2021, 4, 1))


def change_audits(data):
    data["audits"]["returns"][0]["health_checks"][0]["tasks_completed"] += 1


def change_recommendation(data):
    data["audits"]["returns"][0]["reviews"][0]["recommendations"][0]["owner"] = "CISO"


def finance_figures(organisation, year):
    for quarter, spent in ((Quarter.Q1, 0), (Quarter.Q2, 1), (Quarter.Q3, 2)):
        record(organisation, year, quarter, {
            "Software licences": ("1204500.00", f"{301_200 + spent * 298_000}.15"),
            "Hardware": ("385000.00", f"{92_000 + spent * 95_500}.00"),
            "Telephony": ("210000.50", f"{51_000 + spent * 52_000}.42"),
        })


def change_finance(data):
    data["finance"]["returns"][1]["lines"][2]["expenditure"] = 103_001.42


@dataclass(frozen=True)
class SectionFigures:
    build: Callable  # (organisation, start_year): the section's figures, from factories
    # Each change edits one figure of the exported file; the model that figure is in.
    changes: tuple[tuple[Callable, type], ...]


FIGURES = {
    "servicedesk": SectionFigures(servicedesk_figures, ((change_servicedesk, ChannelCalls),)),
    "projects": SectionFigures(projects_figures, ((change_projects, TeamWork),
                                                  (change_project_update, ProjectUpdate))),
    "priorities": SectionFigures(priorities_figures, ()),
    "audits": SectionFigures(audits_figures, ((change_audits, HealthCheck),
                                              (change_recommendation, Recommendation))),
    "finance": SectionFigures(finance_figures, ((change_finance, LineFigure),)),
}

SECTIONS = registry.file_parts()


def test_every_section_with_a_file_part_has_figures_here():
    """A new section is covered by adding its figures above, or this fails."""
    assert sorted(FIGURES) == sorted(s.key for s in SECTIONS)


def section_report(section):
    """A 2020/21 report holding only this section's invented figures and text, its
    file exported and imported once (which puts positions in file order)."""
    organisation = OrganisationFactory(name="Dyfed-Powys Police", slug="dyfed-powys-police")
    report = AnnualReportFactory(organisation=organisation,
                                 year=FinancialYearFactory(start_year=YEAR))
    SectionText.objects.create(report=report, section=section.key,
                               intro="What the figures cover.", commentary="Why they moved.")
    FIGURES[section.key].build(organisation, YEAR)
    text = write_report_file(report)
    assert section.key in yaml.safe_load(text), "the figures were not exported"
    read_report_file(text)
    return report, write_report_file(report)


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.key)
def test_importing_a_sections_figures_again_writes_nothing(section):
    _report, text = section_report(section)
    history, stamps, state = history_counts(), last_changed(), database_state()

    read_report_file(text)

    assert history_counts() == history
    assert last_changed() == stamps
    assert database_state() == state


@pytest.mark.parametrize(
    ("section", "change", "model"),
    [(s, change, model) for s in SECTIONS for change, model in FIGURES[s.key].changes],
    ids=lambda value: getattr(value, "key", getattr(value, "__name__", None)),
)
def test_a_file_changing_one_figure_writes_exactly_that_change(section, change, model):
    report, text = section_report(section)
    data = yaml.safe_load(text)
    change(data)
    history = history_counts()

    read_report_file(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))

    changed = {label: count - history[label] for label, count in history_counts().items()
               if count != history[label]}
    assert changed == {model.history.model._meta.label: 1}
    entry = model.history.latest("history_id")
    assert entry.history_type == "~"
    assert len(entry.diff_against(entry.prev_record).changes) == 1
    assert AnnualReport.objects.get(pk=report.pk).updated_at == report.updated_at


def test_importing_the_shipped_file_again_writes_nothing(shipped_report):
    history, stamps, state = history_counts(), last_changed(), database_state()

    read_report_file(SHIPPED_REPORT.read_text(encoding="utf-8"))

    assert history_counts() == history
    assert last_changed() == stamps
    assert database_state() == state


def test_one_budget_figure_changed_in_the_shipped_file_writes_one_history_row(
        shipped_report):
    text = SHIPPED_REPORT.read_text(encoding="utf-8")
    figure = LineFigure.objects.filter(finance_return__year_id=2019).order_by("pk").first()
    needle = f"budget: {figure.budget:f}".removesuffix(".00")
    assert text.count(needle) == 1
    history = history_counts()

    read_report_file(text.replace(needle, f"budget: {figure.budget + 1:f}"))

    assert {label: count - history[label] for label, count in history_counts().items()
            if count != history[label]} == {"finance.HistoricalLineFigure": 1}
    figure.refresh_from_db()
    assert figure.history.latest("history_id").budget == figure.budget


def test_a_changed_report_text_moves_only_the_reports_last_changed(shipped_report):
    text = SHIPPED_REPORT.read_text(encoding="utf-8")
    stamps = last_changed()
    history = history_counts()

    read_report_file(text.replace("timing: Routine", "timing: Urgent", 1))

    assert {label: count - history[label] for label, count in history_counts().items()
            if count != history[label]} == {"core.HistoricalAnnualReport": 1}
    moved = {label for label, rows in last_changed().items() if rows != stamps[label]}
    assert moved == {"core.AnnualReport"}
