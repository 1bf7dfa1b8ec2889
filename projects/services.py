"""Writes for the projects section: the whole-report file's parts, saved in place.

Each function describes a set of rows completely: rows it lists are created or
updated, rows of the same set it no longer lists are removed. A row whose values do not
change is not saved again, so importing the same file twice leaves no trace in the
change history.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Count, Max, Model

from ictreport.core.models import FinancialYear, Organisation
from ictreport.core.periods import Quarter
from ictreport.core.writes import (
    delete,
    financial_years,
    sync_children,
    update,
    upsert,
    upsert_many,
)
from projects.models import (
    CompletedWorkHighlight,
    CoreWorkReturn,
    Deliverable,
    PlannedAs,
    Project,
    ProjectUpdate,
    Team,
    TeamWork,
    Theme,
)


@dataclass(frozen=True)
class TeamFigures:
    team: str
    completed: int
    outstanding: int


@dataclass(frozen=True)
class CoreWork:
    """One return's worth of core planned work."""

    year: int
    quarter: Quarter
    teams: Sequence[TeamFigures]
    highlights: Sequence[str] = ()


@dataclass(frozen=True)
class Update:
    quarter: Quarter
    rag: str
    percent_complete: int | None = None
    commentary: str = ""


@dataclass(frozen=True)
class ProjectDetails:
    name: str
    theme: str | None = None
    delivery_route: str = ""
    status: str = ""
    owner: str = ""
    start_date: date | None = None
    target_date: date | None = None
    description: str = ""
    deliverables: Sequence[str] = ()
    updates: Sequence[Update] = ()


def _named(model: type[Team] | type[Theme], names: Sequence[str]) -> dict[str, Model]:
    """Reference rows by name; names not held yet are added after the last one."""
    held = {row.name: row for row in model.objects.filter(name__in=names)}
    position = model.objects.aggregate(last=Max("position"))["last"]
    position = -1 if position is None else position
    missing = [name for name in dict.fromkeys(names) if name not in held]
    added = upsert_many(model, [{"name": name, "position": position + 1 + index}
                                for index, name in enumerate(missing)], key=["name"])
    return held | {row.name: row for row in added}


@transaction.atomic
def core_work_save(*, organisation: Organisation, returns: Sequence[CoreWork]) -> None:
    """Save each return: its teams' figures and highlights as listed, nothing else."""
    teams = _named(Team, [row.team for work in returns for row in work.teams])
    years = financial_years(work.year for work in returns)
    for work in returns:
        year = years[work.year]
        work_return = upsert(CoreWorkReturn, {
            "organisation": organisation, "year": year, "quarter": work.quarter}, {})
        parent = {"work_return": work_return}
        sync_children(TeamWork, parent, [
            {"team": teams[row.team], "completed": row.completed, "outstanding": row.outstanding}
            for row in work.teams
        ], key=["team"])
        sync_children(CompletedWorkHighlight, parent, [
            {"position": position, "text": text} for position, text in enumerate(work.highlights)
        ], key=["position"])


@transaction.atomic
def portfolio_save(*, organisation: Organisation, year: FinancialYear,
                   projects: Sequence[ProjectDetails]) -> None:
    """The year's portfolio as listed. Projects named in the previous year's plans stay
    when not listed: that year's report names them, and only it removes them."""
    themes = _named(Theme, [p.theme for p in projects if p.theme])
    held = upsert_many(Project, [{
        "organisation": organisation, "year": year, "name": details.name,
        "theme": themes[details.theme] if details.theme else None,
        "delivery_route": details.delivery_route,
        "status": details.status,
        "owner": details.owner,
        "start_date": details.start_date,
        "target_date": details.target_date,
        "description": details.description,
        "position": position,
    } for position, details in enumerate(projects)], key=["name", "organisation", "year"])
    for project, details in zip(held, projects, strict=True):
        sync_children(Deliverable, {"project": project}, [
            {"name": name, "position": index} for index, name in enumerate(details.deliverables)
        ], key=["name"])
        sync_children(ProjectUpdate, {"project": project}, [
            {"quarter": update.quarter, "rag": update.rag,
             "percent_complete": update.percent_complete, "commentary": update.commentary}
            for update in details.updates
        ], key=["quarter"])
    delete(Project.objects.filter(organisation=organisation, year=year, planned_as="")
           .exclude(name__in=[p.name for p in projects]))


@transaction.atomic
def priorities_save(*, organisation: Organisation, year: FinancialYear,
                    priorities: Sequence[str], preparedness: Sequence[str]) -> None:
    """The projects ``year``'s report names for the next year, as listed.

    A project no longer named is removed, unless the next year's portfolio has given it
    quarterly updates: then it stays there, no longer marked as named in these plans.
    """
    named = [(name, PlannedAs.PRIORITY) for name in priorities]
    named += [(name, PlannedAs.PREPAREDNESS) for name in preparedness]
    next_year = financial_years([year.start_year + 1])[year.start_year + 1] if named else None
    upsert_many(Project, [
        {"organisation": organisation, "year": next_year, "name": name,
         "planned_as": planned_as, "position": position}
        for position, (name, planned_as) in enumerate(named)
    ], key=["name", "organisation", "year"])
    dropped = (
        Project.objects.filter(organisation=organisation, year_id=year.start_year + 1)
        .exclude(planned_as="").exclude(name__in=[name for name, _ in named])
        .annotate(update_count=Count("updates"))
    )
    for project in dropped:
        if project.update_count:
            update(project, {"planned_as": ""})
    delete(project for project in dropped if not project.update_count)
