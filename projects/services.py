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


def _upsert(model: type[Model], lookup: dict, values: dict) -> Model:
    """Create the row, or update it only where a value differs."""
    row = model._default_manager.filter(**lookup).first()
    if row is None:
        row = model(**lookup, **values)
    elif all(getattr(row, field) == value for field, value in values.items()):
        return row
    else:
        for field, value in values.items():
            setattr(row, field, value)
    row.full_clean()
    row.save()
    return row


def _named(model: type[Team] | type[Theme], names: Sequence[str]) -> dict[str, Model]:
    """Reference rows by name; names not held yet are added after the last one."""
    held = {row.name: row for row in model.objects.filter(name__in=names)}
    position = model.objects.aggregate(last=Max("position"))["last"]
    position = -1 if position is None else position
    for name in dict.fromkeys(names):
        if name not in held:
            position += 1
            held[name] = model.objects.create(name=name, position=position)
    return held


@transaction.atomic
def core_work_save(*, organisation: Organisation, returns: Sequence[CoreWork]) -> None:
    """Save each return: its teams' figures and highlights as listed, nothing else."""
    teams = _named(Team, [row.team for work in returns for row in work.teams])
    for work in returns:
        year, _ = FinancialYear.objects.get_or_create(start_year=work.year)
        work_return, _ = CoreWorkReturn.objects.get_or_create(
            organisation=organisation, year=year, quarter=work.quarter
        )
        for row in work.teams:
            _upsert(TeamWork, {"work_return": work_return, "team": teams[row.team]},
                    {"completed": row.completed, "outstanding": row.outstanding})
        TeamWork.objects.filter(work_return=work_return).exclude(
            team__name__in=[row.team for row in work.teams]
        ).delete()
        for position, text in enumerate(work.highlights):
            _upsert(CompletedWorkHighlight, {"work_return": work_return, "position": position},
                    {"text": text})
        CompletedWorkHighlight.objects.filter(
            work_return=work_return, position__gte=len(work.highlights)
        ).delete()


@transaction.atomic
def portfolio_save(*, organisation: Organisation, year: FinancialYear,
                   projects: Sequence[ProjectDetails]) -> None:
    """The year's portfolio as listed. Projects named in the previous year's plans stay
    when not listed: that year's report names them, and only it removes them."""
    themes = _named(Theme, [p.theme for p in projects if p.theme])
    for position, details in enumerate(projects):
        project = _upsert(
            Project, {"organisation": organisation, "year": year, "name": details.name},
            {
                "theme": themes[details.theme] if details.theme else None,
                "delivery_route": details.delivery_route,
                "status": details.status,
                "owner": details.owner,
                "start_date": details.start_date,
                "target_date": details.target_date,
                "description": details.description,
                "position": position,
            },
        )
        for index, name in enumerate(details.deliverables):
            _upsert(Deliverable, {"project": project, "name": name}, {"position": index})
        project.deliverables.exclude(name__in=details.deliverables).delete()
        for update in details.updates:
            _upsert(ProjectUpdate, {"project": project, "quarter": update.quarter}, {
                "rag": update.rag,
                "percent_complete": update.percent_complete,
                "commentary": update.commentary,
            })
        project.updates.exclude(quarter__in=[u.quarter for u in details.updates]).delete()
    Project.objects.filter(organisation=organisation, year=year, planned_as="").exclude(
        name__in=[p.name for p in projects]
    ).delete()


@transaction.atomic
def priorities_save(*, organisation: Organisation, year: FinancialYear,
                    priorities: Sequence[str], preparedness: Sequence[str]) -> None:
    """The projects ``year``'s report names for the next year, as listed.

    A project no longer named is removed, unless the next year's portfolio has given it
    quarterly updates: then it stays there, no longer marked as named in these plans.
    """
    named = [(name, PlannedAs.PRIORITY) for name in priorities]
    named += [(name, PlannedAs.PREPAREDNESS) for name in preparedness]
    next_year = None
    if named:
        next_year, _ = FinancialYear.objects.get_or_create(start_year=year.start_year + 1)
    for position, (name, planned_as) in enumerate(named):
        _upsert(Project, {"organisation": organisation, "year": next_year, "name": name},
                {"planned_as": planned_as, "position": position})
    dropped = (
        Project.objects.filter(organisation=organisation, year_id=year.start_year + 1)
        .exclude(planned_as="").exclude(name__in=[name for name, _ in named])
        .annotate(update_count=Count("updates"))
    )
    for project in dropped:
        if project.update_count:
            project.planned_as = ""
            project.save()
        else:
            project.delete()
