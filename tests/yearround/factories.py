"""Year-round data: several organisations, each with years held as full-year returns,
a year entered quarter by quarter (Q1–Q4) and a year in progress (Q1–Q2), for every
registered section, with invented figures.

Every section has a builder in ``BUILDERS`` (keyed by its registry key) that writes one
organisation's figures for one year in one ``Shape`` and returns what its outputs must
then say: ``Facts``. A section registered without a builder fails the year-round tests
by name, so a new section is covered by adding its builder here.

The figures differ between organisations and years (``seed``), so a figure read from
the wrong organisation, year or quarter shows up as a wrong number. Money has pence,
and quarters whose pence add up to values SQLite's float sums get wrong.
"""

import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from audits.choices import Priority, Severity
from ictreport.core.models import FinancialYear, Organisation
from ictreport.core.periods import Quarter
from projects.models import PlannedAs, Rag
from tests.audits.factories import (
    AuditReturnFactory,
    AuditReviewFactory,
    ComplianceCertificateFactory,
    HealthCheckFactory,
    RecommendationCountFactory,
    RemediationProgressFactory,
    opinion,
)
from tests.factories import AnnualReportFactory, FinancialYearFactory, OrganisationFactory
from tests.finance.factories import BudgetLineFactory, FinanceReturnFactory, LineFigureFactory
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
    ChannelCallsFactory,
    ChannelFactory,
    ServiceDeskReturnFactory,
    ServiceLevelResultFactory,
    ServiceTierFactory,
)

QUARTERS = (Quarter.Q1, Quarter.Q2, Quarter.Q3, Quarter.Q4)


class Shape(enum.Enum):
    """How a year is held."""

    FULL_YEAR = "full-year"
    QUARTERS = "quarters"  # all four quarters
    PARTIAL = "partial"  # Q1 and Q2 only: the year so far

    @property
    def periods(self) -> tuple[Quarter, ...]:
        return {Shape.FULL_YEAR: (Quarter.FULL_YEAR,), Shape.QUARTERS: QUARTERS,
                Shape.PARTIAL: QUARTERS[:2]}[self]


@dataclass
class Facts:
    """What a section's outputs must say for one organisation and year.

    ``text``: strings every human-readable output (dashboard, report page, standalone
    HTML, PDF) shows, as the page writes them. ``values``: raw figures the section's
    tables hold, which its CSV/XLSX exports must carry.
    """

    text: list[str] = field(default_factory=list)
    values: list[Decimal | int] = field(default_factory=list)


def _money(amount: Decimal) -> str:
    return f"{amount:,.2f}"


# Service desk ----------------------------------------------------------------------


def servicedesk(organisation: Organisation, year: FinancialYear, shape: Shape,
                seed: int) -> Facts:
    telephone = ChannelFactory(name="Telephone", self_service=False, position=1)
    portal = ChannelFactory(name="Self-service portal", self_service=True, position=2)
    tier = ServiceTierFactory(name="Priority 1", position=1,
                              availability_target=Decimal("99.50"))
    phone_total = portal_total = closed_total = measured_total = 0
    for quarter in shape.periods:
        scale = 4 if quarter == Quarter.FULL_YEAR else 1
        phone = (1_200 + 37 * seed + 11 * quarter) * scale
        web = (300 + 13 * seed + 7 * quarter) * scale
        measured = phone + web
        closed = measured * 3 // 5
        desk_return = ServiceDeskReturnFactory(
            organisation=organisation, year=year, quarter=quarter,
            first_contact_closed=closed, first_contact_measured=measured,
            first_contact_target=Decimal(60),
        )
        ChannelCallsFactory(desk_return=desk_return, channel=telephone, calls=phone)
        ChannelCallsFactory(desk_return=desk_return, channel=portal, calls=web)
        ServiceLevelResultFactory(desk_return=desk_return, tier=tier,
                                  availability=Decimal("99.91"), breaches=quarter % 2)
        phone_total += phone
        portal_total += web
        closed_total += closed
        measured_total += measured
    total = phone_total + portal_total
    return Facts(text=[f"{phone_total:,}", f"{portal_total:,}", f"{total:,}"],
                 values=[phone_total, portal_total, total])


# Projects (core work and projects) ------------------------------------------------------


def projects(organisation: Organisation, year: FinancialYear, shape: Shape,
             seed: int) -> Facts:
    network = TeamFactory(name="Network", position=1)
    desktop = TeamFactory(name="Desktop", position=2)
    completed = {network: 0, desktop: 0}
    outstanding = {}
    for quarter in shape.periods:
        scale = 4 if quarter == Quarter.FULL_YEAR else 1
        work_return = CoreWorkReturnFactory(organisation=organisation, year=year,
                                            quarter=quarter)
        for offset, team in enumerate((network, desktop)):
            done = (20 + 3 * seed + 5 * quarter + offset) * scale
            # A stock: the figure at the quarter's end, the latest of which stands.
            left = 40 - 4 * quarter + seed + 2 * offset
            TeamWorkFactory(work_return=work_return, team=team, completed=done,
                            outstanding=left)
            completed[team] += done
            outstanding[team] = left
        HighlightFactory(work_return=work_return,
                         text=f"Completed work {organisation.slug} {year.slug} {quarter.code}")
    theme = ThemeFactory(name="Digital policing", position=1)
    project = ProjectFactory(organisation=organisation, year=year, theme=theme,
                             name=f"Body worn video refresh {year.slug}")
    DeliverableFactory(project=project, name="Cameras issued")
    for quarter in shape.periods:
        if quarter != Quarter.FULL_YEAR:
            ProjectUpdateFactory(project=project, quarter=quarter, rag=Rag.AMBER,
                                 percent_complete=20 * quarter)
    totals = [completed[network] + completed[desktop], outstanding[network] + outstanding[desktop]]
    return Facts(
        text=[project.name, *(f"{n:,}" for n in (*completed.values(), *outstanding.values(),
                                                 *totals))],
        values=[*completed.values(), *outstanding.values()],
    )


def priorities(organisation: Organisation, year: FinancialYear, shape: Shape,
               seed: int) -> Facts:
    """Next year's plans, named in this year's report (held on next year's projects)."""
    next_year = FinancialYearFactory(start_year=year.start_year + 1)
    priority = ProjectFactory(organisation=organisation, year=next_year,
                              planned_as=PlannedAs.PRIORITY, theme=None,
                              name=f"Control room systems {next_year.slug}")
    prepared = ProjectFactory(organisation=organisation, year=next_year,
                              planned_as=PlannedAs.PREPAREDNESS, theme=None,
                              name=f"Emergency services network {next_year.slug}")
    return Facts(text=[priority.name, prepared.name])


# Audits --------------------------------------------------------------------------------


def audits(organisation: Organisation, year: FinancialYear, shape: Shape,
           seed: int) -> Facts:
    recommendations = {Priority.HIGH: 0, Priority.MEDIUM: 0}
    reviews = []
    latest_percent = None
    for quarter in shape.periods:
        audit_return = AuditReturnFactory(organisation=organisation, year=year,
                                          quarter=quarter)
        review = AuditReviewFactory(audit_return=audit_return,
                                    title=f"Review {year.slug} {quarter.code}",
                                    opinion=opinion("Substantial" if quarter % 2 else
                                                    "Reasonable"))
        reviews.append(review.title)
        for priority, base in ((Priority.HIGH, 1), (Priority.MEDIUM, 3)):
            count = base + seed + quarter
            RecommendationCountFactory(audit_return=audit_return, priority=priority,
                                       count=count)
            recommendations[priority] += count
        month = 4 + 3 * max(quarter - 1, 0)
        carried_out = dt.date(year.start_year + (month > 12), (month - 1) % 12 + 1, 1)
        HealthCheckFactory(audit_return=audit_return, carried_out=carried_out,
                           tasks_completed=30 + 7 * quarter + seed,
                           tasks_in_progress=25 - 3 * quarter)
        latest_percent = 40 + 10 * quarter + seed % 10
        RemediationProgressFactory(audit_return=audit_return, severity=Severity.HIGH,
                                   percent_complete=Decimal(latest_percent))
    ComplianceCertificateFactory(audit_return=audit_return,
                                 achieved_on=dt.date(year.start_year, 6, 1))
    return Facts(text=[*reviews, f"{latest_percent}%"],
                 values=[*recommendations.values(), latest_percent])


# Finance -------------------------------------------------------------------------------

# Pence that a float sum gets wrong: 0.10 + 0.20 + … is not exact in binary.
_PENCE = (Decimal("0.10"), Decimal("0.20"), Decimal("0.30"), Decimal("0.47"))


def finance(organisation: Organisation, year: FinancialYear, shape: Shape,
            seed: int) -> Facts:
    lines = [
        BudgetLineFactory(organisation=organisation, name="Network services", position=1),
        BudgetLineFactory(organisation=organisation, name="Software licences", position=2),
    ]
    spend = {line: Decimal("0.00") for line in lines}
    budget = {}
    for quarter in shape.periods:
        finance_return = FinanceReturnFactory(organisation=organisation, year=year,
                                              quarter=quarter)
        for index, line in enumerate(lines):
            scale = 4 if quarter == Quarter.FULL_YEAR else 1
            # A stock, revised during the year: the latest return's budget stands.
            annual = Decimal(4_800_000 + 250_000 * index + 10_000 * seed
                             + 1_000 * quarter) + Decimal("0.01")
            spent = (Decimal(1_205_000 + 20_000 * index + 3_000 * seed) * scale
                     + _PENCE[(quarter + index) % 4])
            LineFigureFactory(finance_return=finance_return, line=line, budget=annual,
                              expenditure=spent)
            spend[line] += spent
            budget[line] = annual
    total_spend = sum(spend.values())
    return Facts(
        text=[*(_money(v) for v in spend.values()), _money(total_spend),
              *(_money(v) for v in budget.values())],
        values=[*spend.values(), total_spend, *budget.values()],
    )


Builder = Callable[[Organisation, FinancialYear, Shape, int], Facts]
BUILDERS: dict[str, Builder] = {
    "servicedesk": servicedesk,
    "projects": projects,
    "priorities": priorities,
    "audits": audits,
    "finance": finance,
}


# The data set --------------------------------------------------------------------------

# 2018/19 and 2019/20 as annual reports have them, 2020/21 quarter by quarter, 2021/22
# so far.
YEARS = {2018: Shape.FULL_YEAR, 2019: Shape.FULL_YEAR, 2020: Shape.QUARTERS,
         2021: Shape.PARTIAL}


@dataclass
class YearRound:
    organisations: list[Organisation]
    # (organisation slug, start year, section key) → what the outputs must say.
    facts: dict[tuple[str, int, str], Facts]

    def reports(self):
        for organisation in self.organisations:
            for start_year in YEARS:
                yield organisation.reports.get(year_id=start_year)


def year_round(section_keys, *, organisations: int = 2) -> YearRound:
    """Every organisation holds every year in ``YEARS`` for every section, each with its
    annual report."""
    missing = [key for key in section_keys if key not in BUILDERS]
    if missing:
        raise LookupError(f"No year-round data for the sections {missing}: add a builder "
                          "to tests/yearround/factories.py.")
    orgs = [OrganisationFactory(name=f"Year-round force {n}", slug=f"year-round-{n}")
            for n in range(1, organisations + 1)]
    facts = {}
    for org_index, organisation in enumerate(orgs):
        for year_index, (start_year, shape) in enumerate(YEARS.items()):
            year = FinancialYearFactory(start_year=start_year)
            AnnualReportFactory(organisation=organisation, year=year,
                                report_date=dt.date(start_year + 1, 6, 30))
            seed = 10 * org_index + year_index
            for key in section_keys:
                facts[organisation.slug, start_year, key] = BUILDERS[key](
                    organisation, year, shape, seed)
    return YearRound(orgs, facts)
