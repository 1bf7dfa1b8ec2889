"""Reads for the projects section, aggregated in SQL.

Core planned work: completed items are a flow (a year sums its quarters), outstanding
items a stock (a year takes its latest quarter). A year entered as one full-year return
is that return, as is.
"""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum

from ictreport.core import bilingual
from ictreport.core.coverage import is_complete, periods_from_bits, periods_held
from ictreport.core.models import FinancialYear, Organisation
from ictreport.core.periods import Quarter, year_label
from projects.models import (
    CompletedWorkHighlight,
    CoreWorkReturn,
    Deliverable,
    Project,
    ProjectUpdate,
    TeamWork,
)


@dataclass(frozen=True)
class WorkFigures:
    """Completed and outstanding items; outstanding is None when not reported."""

    label: str
    completed: int
    outstanding: int | None
    # A quarter's own period; for a year, the latest period it holds.
    period: Quarter | None = None
    # For a year: whether it is whole (``core.coverage.is_complete``). Only whole years
    # compare.
    complete: bool = True

    @property
    def total(self) -> int | None:
        return None if self.outstanding is None else self.completed + self.outstanding


def _latest_quarter_of_the_rows_year():
    """The latest period held for the organisation's year of the outer ``TeamWork`` row."""
    return Subquery(
        CoreWorkReturn.objects.filter(
            organisation=OuterRef("work_return__organisation"),
            year=OuterRef("work_return__year"),
        ).order_by("-quarter").values("quarter")[:1]
    )


def _year_and_latest(rows):
    """Sum completed over the year's returns; outstanding only from its latest one."""
    at_latest = Q(work_return__quarter=_latest_quarter_of_the_rows_year())
    return rows.annotate(
        completed_sum=Sum("completed"),
        outstanding_latest=Sum("outstanding", filter=at_latest),
        rows_at_latest=Count("id", filter=at_latest),
    )


def _team_rows(*, organisation: Organisation):
    return TeamWork.objects.filter(work_return__organisation=organisation)


def core_work_by_team(*, organisation: Organisation, year: FinancialYear) -> list[WorkFigures]:
    """Each team that reported in the year, in the teams' order."""
    rows = _year_and_latest(
        _team_rows(organisation=organisation).filter(work_return__year=year)
        .values("team_id", *bilingual.columns("team__name"), "team__position")
    ).order_by("team__position", "team__name")
    return [
        WorkFigures(
            label=bilingual.from_values(row, "team__name"),
            completed=row["completed_sum"],
            outstanding=row["outstanding_latest"] if row["rows_at_latest"] else None,
        )
        for row in rows
    ]


def core_work_by_year(*, organisation: Organisation) -> dict[int, WorkFigures]:
    """The year's totals for every year held, keyed by start year, oldest first.

    Outstanding is the sum over the teams in the year's latest return.
    """
    rows = _year_and_latest(
        _team_rows(organisation=organisation).values("work_return__year")
    ).annotate(periods=periods_held("work_return__quarter")).order_by("work_return__year")
    by_year = {}
    for row in rows:
        periods = periods_from_bits(row["periods"])
        by_year[row["work_return__year"]] = WorkFigures(
            label=year_label(row["work_return__year"]),
            completed=row["completed_sum"],
            outstanding=row["outstanding_latest"] if row["rows_at_latest"] else None,
            period=periods[-1],
            complete=is_complete(periods),
        )
    return by_year


def core_work_by_quarter(*, organisation: Organisation, year: FinancialYear
                         ) -> list[WorkFigures]:
    """Each period held in the year: completed in it, outstanding at its end."""
    rows = (
        _team_rows(organisation=organisation).filter(work_return__year=year)
        .values("work_return__quarter")
        .annotate(completed_sum=Sum("completed"), outstanding_sum=Sum("outstanding"))
        .order_by("work_return__quarter")
    )
    return [
        WorkFigures(
            label=str(Quarter(row["work_return__quarter"]).label),
            completed=row["completed_sum"],
            outstanding=row["outstanding_sum"],
            period=Quarter(row["work_return__quarter"]),
        )
        for row in rows
    ]


def core_work_periods(*, organisation: Organisation, year: FinancialYear) -> list[Quarter]:
    """The periods the year has a core planned work return for, in order."""
    quarters = (
        CoreWorkReturn.objects.filter(organisation=organisation, year=year)
        .order_by("quarter").values_list("quarter", flat=True)
    )
    return [Quarter(q) for q in quarters]


def completed_highlights_list(*, organisation: Organisation, year: FinancialYear) -> list[str]:
    """The year's notable completed work, quarter by quarter."""
    return list(
        CompletedWorkHighlight.objects.filter(
            work_return__organisation=organisation, work_return__year=year
        ).order_by("work_return__quarter", "position", "id").values_list("text", flat=True)
    )


def _latest_update():
    return ProjectUpdate.objects.filter(project=OuterRef("pk")).order_by("-quarter")


def portfolio_list(*, organisation: Organisation, year: FinancialYear) -> QuerySet[Project]:
    """The year's projects grouped by theme, each with its latest quarterly update
    (``latest_quarter``, ``latest_rag``, ``latest_percent``) and its deliverables."""
    latest = _latest_update()
    return (
        Project.objects.filter(organisation=organisation, year=year)
        .select_related("theme")
        .prefetch_related(Prefetch("deliverables", queryset=Deliverable.objects.order_by(
            "position", "name")))
        .annotate(
            latest_quarter=Subquery(latest.values("quarter")[:1]),
            latest_rag=Subquery(latest.values("rag")[:1]),
            latest_percent=Subquery(latest.values("percent_complete")[:1]),
        )
        .order_by("theme__position", "theme__name", "position", "name")
    )


def portfolio_status_counts(*, organisation: Organisation, year: FinancialYear
                            ) -> dict[str, int]:
    """Projects per status ("" for not recorded)."""
    rows = (
        Project.objects.filter(organisation=organisation, year=year)
        .values("status").annotate(n=Count("id")).order_by()
    )
    return {row["status"]: row["n"] for row in rows}


def portfolio_rag_counts(*, organisation: Organisation, year: FinancialYear
                         ) -> dict[str | None, int]:
    """Projects per RAG status of their latest update (None: no update yet)."""
    rows = (
        Project.objects.filter(organisation=organisation, year=year)
        .annotate(latest_rag=Subquery(_latest_update().values("rag")[:1]))
        .values("latest_rag").annotate(n=Count("id")).order_by()
    )
    return {row["latest_rag"]: row["n"] for row in rows}


def portfolio_size_by_year(*, organisation: Organisation, up_to: FinancialYear
                           ) -> dict[int, int]:
    """How many projects each year's portfolio held, up to ``up_to``, oldest first."""
    rows = (
        Project.objects.filter(organisation=organisation, year__lte=up_to)
        .values("year").annotate(n=Count("id")).order_by("year")
    )
    return {row["year"]: row["n"] for row in rows}


def priorities_list(*, organisation: Organisation, year: FinancialYear) -> QuerySet[Project]:
    """The projects the year's report names for the next year: priorities and
    preparedness items, in the report's order."""
    return (
        Project.objects.filter(organisation=organisation, year_id=year.start_year + 1)
        .exclude(planned_as="")
        .order_by("position", "name")
    )


@dataclass(frozen=True)
class Figures:
    """Everything section 3.5 shows for one year, read once: the dashboard shows the same
    objects rather than reading them again."""

    organisation: Organisation
    year: FinancialYear
    teams: list[WorkFigures]
    periods: list[Quarter]
    by_year: dict[int, WorkFigures]
    highlights: list[str]
    projects: list[Project]
    statuses: dict[str, int]
    rags: dict[str | None, int]
    sizes: dict[int, int]

    @property
    def has_data(self) -> bool:
        return bool(self.teams or self.highlights or self.projects)


def figures_get(*, organisation: Organisation, year: FinancialYear) -> Figures:
    return Figures(
        organisation=organisation,
        year=year,
        teams=core_work_by_team(organisation=organisation, year=year),
        periods=core_work_periods(organisation=organisation, year=year),
        by_year=core_work_by_year(organisation=organisation),
        highlights=completed_highlights_list(organisation=organisation, year=year),
        projects=list(portfolio_list(organisation=organisation, year=year)),
        statuses=portfolio_status_counts(organisation=organisation, year=year),
        rags=portfolio_rag_counts(organisation=organisation, year=year),
        sizes=portfolio_size_by_year(organisation=organisation, up_to=year),
    )
