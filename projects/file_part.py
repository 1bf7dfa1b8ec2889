"""The projects app's parts of the whole-report file: ``projects:`` (core planned work
and the portfolio, section 3.5) and ``priorities:`` (next year's plans, section 4.1).
Their schema, the rules the schema cannot state, their save and their dump
(see docs/report-file-projects.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, field_validator

from ictreport.core.files import (
    Count,
    Name,
    Period,
    StrictModel,
    YearSlug,
    duplicate_period_problems,
)
from ictreport.core.models import FinancialYear, Organisation
from ictreport.core.periods import Quarter, year_slug
from projects import selectors, services
from projects.models import CoreWorkReturn, DeliveryRoute, PlannedAs, Project, ProjectStatus, Rag

# Schema ---------------------------------------------------------------------------------

def _one_of(values: list[str]) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in values:
            raise ValueError(f"must be one of: {', '.join(values)}")
        return value

    return check


def _choice(choices) -> Any:
    return Annotated[str, BeforeValidator(_one_of([value for value, _label in choices]))]


Text200 = Annotated[str, Field(max_length=200)]
Highlight = Annotated[str, Field(min_length=1, max_length=300)]
PercentComplete = Annotated[int, Field(ge=0, le=100, strict=True)]


class TeamPart(StrictModel):
    team: Name
    completed: Count
    outstanding: Count


class CoreWorkPart(StrictModel):
    year: YearSlug
    period: Period
    teams: list[TeamPart]
    highlights: list[Highlight] = []

    @field_validator("teams")
    @classmethod
    def _some_teams(cls, teams):
        if not teams:
            raise ValueError("must list at least one team")
        return teams


class UpdatePart(StrictModel):
    period: Period
    rag: _choice(Rag.choices)
    percent_complete: PercentComplete | None = None
    commentary: str = ""

    @field_validator("period")
    @classmethod
    def _a_quarter(cls, period):
        if period == Quarter.FULL_YEAR:
            raise ValueError("must be Q1, Q2, Q3 or Q4: updates are quarterly")
        return period


class ProjectPart(StrictModel):
    name: Name
    theme: Name | None = None
    delivery_route: _choice(DeliveryRoute.choices) | None = None
    status: _choice(ProjectStatus.choices) | None = None
    owner: Text200 = ""
    start_date: dt.date | None = None
    target_date: dt.date | None = None
    description: str = ""
    deliverables: list[Name] = []
    updates: list[UpdatePart] = []


class ProjectsPart(StrictModel):
    returns: list[CoreWorkPart] = []
    portfolio: list[ProjectPart] = []


class PrioritiesPart(StrictModel):
    projects: list[Name] = []
    preparedness: list[Name] = []


def _repeats(names: list[str], path: str, key: str = "") -> list[tuple[str, str]]:
    """``path[i]`` (``.key``) for each name already given earlier in the list."""
    problems, seen = [], {}
    for index, name in enumerate(names):
        where = f"{path}[{index}]{'.' + key if key else ''}"
        if name in seen:
            problems.append((where, f"{name!r} is already given at {path}[{seen[name]}]"))
        else:
            seen[name] = index
    return problems


# ``projects:`` --------------------------------------------------------------------------


class ProjectsFilePart:
    key = "projects"
    schema = ProjectsPart

    def check(self, part: ProjectsPart, *, organisation, year: int, path: str):
        returns = f"{path}.returns"
        problems = [(p.path, p.message) for p in duplicate_period_problems(
            [(r.year, r.period) for r in part.returns], returns)]
        for index, work in enumerate(part.returns):
            if work.year > year:
                problems.append((f"{returns}[{index}].year",
                                 f"must not be after the report's year, {year_slug(year)}"))
            problems += _repeats([t.team for t in work.teams], f"{returns}[{index}].teams",
                                 "team")
        problems += _held_period_clashes(part, organisation, returns)
        portfolio = f"{path}.portfolio"
        problems += _repeats([p.name for p in part.portfolio], portfolio, "name")
        for index, project in enumerate(part.portfolio):
            where = f"{portfolio}[{index}]"
            problems += _repeats(list(project.deliverables), f"{where}.deliverables")
            problems += _repeats([u.period.code for u in project.updates], f"{where}.updates",
                                 "period")
            if (project.start_date and project.target_date
                    and project.target_date < project.start_date):
                problems.append((f"{where}.target_date",
                                 "must not be before the start date"))
        return problems

    def save(self, part: ProjectsPart, *, organisation: Organisation,
             year: FinancialYear) -> None:
        services.core_work_save(organisation=organisation, returns=[
            services.CoreWork(
                year=work.year, quarter=work.period,
                teams=[services.TeamFigures(t.team, t.completed, t.outstanding)
                       for t in work.teams],
                highlights=work.highlights,
            )
            for work in part.returns
        ])
        services.portfolio_save(organisation=organisation, year=year, projects=[
            services.ProjectDetails(
                name=p.name, theme=p.theme, delivery_route=p.delivery_route or "",
                status=p.status or "", owner=p.owner, start_date=p.start_date,
                target_date=p.target_date, description=p.description,
                deliverables=p.deliverables,
                updates=[services.Update(u.period, u.rag, u.percent_complete, u.commentary)
                         for u in p.updates],
            )
            for p in part.portfolio
        ])

    def dump(self, *, organisation: Organisation, year: FinancialYear) -> dict | None:
        returns = (
            CoreWorkReturn.objects.filter(organisation=organisation, year__lte=year)
            .prefetch_related("teams__team", "highlights").order_by("year", "quarter")
        )
        part = {}
        dumped_returns = [_dump_return(r) for r in returns]
        if dumped_returns:
            part["returns"] = dumped_returns
        projects = (
            Project.objects.filter(organisation=organisation, year=year)
            .select_related("theme").prefetch_related("deliverables", "updates")
            .order_by("position", "name")
        )
        dumped_projects = [_dump_project(p) for p in projects]
        if dumped_projects:
            part["portfolio"] = dumped_projects
        return part or None


def _held_period_clashes(part: ProjectsPart, organisation, path: str):
    """Returns the file gives that would mix full-year and quarterly returns with ones
    the database holds and the file does not list."""
    if organisation is None or not part.returns:
        return []
    listed = {(r.year, r.period) for r in part.returns}
    held = set(
        CoreWorkReturn.objects.filter(
            organisation=organisation, year__in={r.year for r in part.returns}
        ).values_list("year", "quarter")
    ) - listed
    problems = []
    for index, work in enumerate(part.returns):
        for held_year, held_quarter in sorted(held):
            if held_year == work.year and (held_quarter == 0) != (work.period == 0):
                kind = "a full-year return" if held_quarter == 0 else "quarterly returns"
                problems.append((
                    f"{path}[{index}].period",
                    f"{year_slug(work.year)} already has {kind} in the database; a year "
                    "cannot have both",
                ))
                break
    return problems


def _dump_return(work_return) -> dict:
    out = {
        "year": year_slug(work_return.year_id),
        "period": Quarter(work_return.quarter).code,
        "teams": [
            {"team": row.team.name, "completed": row.completed, "outstanding": row.outstanding}
            for row in sorted(work_return.teams.all(),
                              key=lambda r: (r.team.position, r.team.name))
        ],
    }
    highlights = [h.text for h in work_return.highlights.all()]
    if highlights:
        out["highlights"] = highlights
    return out


def _dump_project(project: Project) -> dict:
    out: dict[str, Any] = {"name": project.name}
    if project.theme:
        out["theme"] = project.theme.name
    optional = {
        "delivery_route": project.delivery_route,
        "status": project.status,
        "owner": project.owner,
        "start_date": project.start_date,
        "target_date": project.target_date,
        "description": project.description,
    }
    out.update({key: value for key, value in optional.items() if value})
    deliverables = [d.name for d in project.deliverables.all()]
    if deliverables:
        out["deliverables"] = deliverables
    updates = []
    for update in project.updates.all():
        entry = {"period": Quarter(update.quarter).code, "rag": update.rag}
        if update.percent_complete is not None:
            entry["percent_complete"] = update.percent_complete
        if update.commentary:
            entry["commentary"] = update.commentary
        updates.append(entry)
    if updates:
        out["updates"] = updates
    return out


# ``priorities:`` ------------------------------------------------------------------------


class PrioritiesFilePart:
    key = "priorities"
    schema = PrioritiesPart

    def check(self, part: PrioritiesPart, *, organisation, year: int, path: str):
        problems = []
        for index, name in enumerate(part.preparedness):
            if name in part.projects:
                problems.append((f"{path}.preparedness[{index}]",
                                 f"{name!r} is already given at {path}.projects"
                                 f"[{part.projects.index(name)}]"))
        problems += _repeats(list(part.projects), f"{path}.projects")
        problems += _repeats(list(part.preparedness), f"{path}.preparedness")
        return problems

    def save(self, part: PrioritiesPart, *, organisation: Organisation,
             year: FinancialYear) -> None:
        services.priorities_save(organisation=organisation, year=year,
                                 priorities=part.projects, preparedness=part.preparedness)

    def dump(self, *, organisation: Organisation, year: FinancialYear) -> dict | None:
        projects = list(selectors.priorities_list(organisation=organisation, year=year))
        part = {}
        for key, planned_as in (("projects", PlannedAs.PRIORITY),
                                ("preparedness", PlannedAs.PREPAREDNESS)):
            names = [p.name for p in projects if p.planned_as == planned_as]
            if names:
                part[key] = names
        return part or None
