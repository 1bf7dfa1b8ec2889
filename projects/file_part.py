"""The projects app's parts of the whole-report file: ``projects:`` (core planned work
and the portfolio, section 3.5) and ``priorities:`` (next year's plans, section 4.1):
their checks, save and dump. The schema is ``schema.py``; the rules every list of
returns shares are ``ReturnsFilePart.check_returns``. The part holds every core planned
work return up to the report's year (the dashboard compares years), and the report's
year's portfolio.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from ictreport.core.file_fields import Problem
from ictreport.core.file_parts import (
    FilePart,
    ReturnsFilePart,
    duplicate_problems,
    organisation_rows,
)
from ictreport.core.file_welsh import WelshKey
from ictreport.core.models import FinancialYear, Organisation
from ictreport.core.periods import Quarter, year_slug
from projects import selectors, services
from projects.models import (
    CompletedWorkHighlight,
    CoreWorkReturn,
    Deliverable,
    PlannedAs,
    Project,
    ProjectUpdate,
    Team,
    Theme,
)
from projects.schema import PrioritiesPart, ProjectsPart


def _year_projects(organisation, year):
    return {"organisation": organisation, "year": year}


def _next_year_projects(organisation, year):
    start_year = year if isinstance(year, int) else year.start_year
    return {"organisation": organisation, "year_id": start_year + 1}


def _year_project_rows(organisation, year):
    return {"project__organisation": organisation, "project__year": year}


class ProjectsFilePart(ReturnsFilePart, key="projects", schema=ProjectsPart,
                       returns_model=CoreWorkReturn, years_held=None):  # every return to the year
    welsh_keys = {
        "returns[].teams[].team": WelshKey(Team, "name"),
        "returns[].highlights": WelshKey(CompletedWorkHighlight, "text",
                                         organisation_rows("work_return__organisation")),
        "portfolio[].name": WelshKey(Project, "name", _year_projects),
        "portfolio[].theme": WelshKey(Theme, "name"),
        "portfolio[].owner": WelshKey(Project, "owner", _year_projects),
        "portfolio[].description": WelshKey(Project, "description", _year_projects),
        "portfolio[].deliverables": WelshKey(Deliverable, "name", _year_project_rows),
        "portfolio[].updates[].commentary": WelshKey(ProjectUpdate, "commentary",
                                                     _year_project_rows),
    }

    def part_problems(self, part: ProjectsPart, *, path: str) -> list[Problem]:
        problems = []
        for index, work in enumerate(part.returns):
            problems += duplicate_problems([t.team for t in work.teams],
                                           f"{path}.returns[{index}].teams", "team")
        portfolio = f"{path}.portfolio"
        problems += duplicate_problems([p.name for p in part.portfolio], portfolio, "name")
        for index, project in enumerate(part.portfolio):
            where = f"{portfolio}[{index}]"
            problems += duplicate_problems(list(project.deliverables), f"{where}.deliverables")
            problems += duplicate_problems([u.period.code for u in project.updates],
                                           f"{where}.updates", "period")
            if (project.start_date and project.target_date
                    and project.target_date < project.start_date):
                problems.append(Problem(f"{where}.target_date",
                                        _("must not be before the start date")))
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
        returns = self.returns_held(organisation=organisation, year=year).prefetch_related(
            "teams__team", "highlights")
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


class PrioritiesFilePart(FilePart, key="priorities", schema=PrioritiesPart):
    # The plans are the next year's projects (``selectors.priorities_list``).
    welsh_keys = {
        "projects": WelshKey(Project, "name", _next_year_projects),
        "preparedness": WelshKey(Project, "name", _next_year_projects),
    }

    def check(self, part: PrioritiesPart, *, organisation: Organisation | None, year: int,
              path: str) -> list[Problem]:
        problems = []
        for index, name in enumerate(part.preparedness):
            if name in part.projects:
                problems.append(Problem(
                    f"{path}.preparedness[{index}]",
                    _("%(name)s is already given at %(path)s") % {
                        "name": repr(name),
                        "path": f"{path}.projects[{part.projects.index(name)}]"}))
        problems += duplicate_problems(list(part.projects), f"{path}.projects")
        problems += duplicate_problems(list(part.preparedness), f"{path}.preparedness")
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


# Registered by the app's config (ictreport.core.section_apps).
FILE_PARTS = (ProjectsFilePart(), PrioritiesFilePart())
