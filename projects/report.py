"""Section 3.5 (core planned work and projects) and 4.1 (next year's priorities).

Both read the same models, so they live together; each owns its own key in the
whole-report file (``projects:`` and ``priorities:``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
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
from ictreport.core.periods import Quarter, year_label, year_slug
from ictreport.core.registry import ReportSection
from ictreport.core.sections import (
    BulletList,
    Chart,
    Column,
    Finding,
    Heading,
    Headline,
    Row,
    SectionData,
    Series,
    Table,
    Text,
)
from projects import selectors, services
from projects.models import (
    CoreWorkReturn,
    DeliveryRoute,
    PlannedAs,
    Project,
    ProjectStatus,
    Rag,
)

# The file's part ------------------------------------------------------------------------


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


# Shared wording -------------------------------------------------------------------------

NOT_RECORDED = gettext_lazy("Not recorded")


def _difference(current: int, previous: int, previous_label: str) -> str:
    change = current - previous
    if change > 0:
        return _("%(n)s more than %(year)s") % {"n": f"{change:,}", "year": previous_label}
    if change < 0:
        return _("%(n)s fewer than %(year)s") % {"n": f"{-change:,}", "year": previous_label}
    return _("the same as %(year)s") % {"year": previous_label}


# 3.5 Core planned work and projects ----------------------------------------------------


class ProjectsSection(ReportSection):
    key = "projects"
    title = gettext_lazy("Core planned work and projects")
    chapter = 3
    order = 5
    url_name = "projects:dashboard"
    schema = ProjectsPart

    def build(self, *, organisation: Organisation, year: FinancialYear) -> SectionData:
        teams = selectors.core_work_by_team(organisation=organisation, year=year)
        periods = selectors.core_work_periods(organisation=organisation, year=year)
        by_year = selectors.core_work_by_year(organisation=organisation)
        highlights = selectors.completed_highlights_list(organisation=organisation, year=year)
        projects = list(selectors.portfolio_list(organisation=organisation, year=year))
        statuses = selectors.portfolio_status_counts(organisation=organisation, year=year)
        rags = selectors.portfolio_rag_counts(organisation=organisation, year=year)
        sizes = selectors.portfolio_size_by_year(organisation=organisation, up_to=year)

        if not (teams or highlights or projects):
            return SectionData(
                key=self.key, title=str(self.title), has_data=False,
                blocks=(Text(_("No core planned work or projects were recorded for "
                               "%(year)s.") % {"year": year.label}),),
            )
        blocks = [Heading(_("Core planned work"))]
        blocks += _core_work_blocks(year, teams, periods, by_year, highlights)
        blocks.append(Heading(_("Projects")))
        blocks += _portfolio_blocks(year, projects, statuses, rags)
        return SectionData(
            key=self.key,
            title=str(self.title),
            blocks=tuple(blocks),
            headlines=_headlines(year, periods, by_year, sizes),
            findings=tuple(_core_work_findings(teams, periods) + _portfolio_findings(projects)),
        )

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


def _core_work_blocks(year, teams, periods, by_year, highlights) -> list:
    if not teams:
        blocks = [Text(_("No core planned work was recorded for %(year)s.")
                       % {"year": year.label})]
    else:
        totals = by_year[year.start_year]
        blocks = [
            Text(_core_work_sentence(year, totals, periods, by_year)),
            Table(
                key="core-planned-work",
                caption=_("Core planned work by team, %(year)s") % {"year": year.label},
                columns=(
                    Column("team", _("Team")),
                    Column("completed", _("Completed"), "int"),
                    Column("outstanding", _("Outstanding"), "int"),
                    Column("total", _("Total"), "int"),
                ),
                rows=(
                    *(Row((t.label, t.completed, t.outstanding, t.total)) for t in teams),
                    Row((_("Total"), totals.completed, totals.outstanding, totals.total),
                        is_total=True),
                ),
                note=_("Completed: items finished in the year. Outstanding: items still open "
                       "at the end of %(period)s.") % {"period": _period_end(periods)},
            ),
            Chart(
                key="core-planned-work-chart",
                title=_("Completed and outstanding core planned work by team, %(year)s")
                % {"year": year.label},
                alt=_team_chart_alt(teams),
                kind="hbar_stacked",
                categories=tuple(t.label for t in teams),
                series=(
                    Series(_("Completed"), tuple(t.completed for t in teams)),
                    Series(_("Outstanding"), tuple(t.outstanding for t in teams)),
                ),
                category_title=_("Team"),
                value_title=_("Items of work"),
            ),
        ]
    if highlights:
        blocks.append(BulletList(tuple(highlights),
                                 title=_("Completed core planned work includes:")))
    return blocks


def _period_end(periods: list[Quarter]) -> str:
    if periods and periods[-1] != Quarter.FULL_YEAR:
        return str(periods[-1].label)
    return _("the year")


def _core_work_sentence(year, totals, periods, by_year) -> str:
    completed = ngettext("%(n)s item", "%(n)s items", totals.completed) % {
        "n": f"{totals.completed:,}"}
    if totals.outstanding is None:
        sentence = _("In %(year)s the teams completed %(completed)s of core planned work.") % {
            "year": year.label, "completed": completed}
    else:
        sentence = _(
            "In %(year)s the teams completed %(completed)s of core planned work; "
            "%(outstanding)s at the end of %(period)s, %(total)s in all."
        ) % {
            "year": year.label,
            "completed": completed,
            "outstanding": ngettext("%(n)s was outstanding", "%(n)s were outstanding",
                                    totals.outstanding) % {"n": f"{totals.outstanding:,}"},
            "period": _period_end(periods),
            "total": f"{totals.total:,}",
        }
    previous = by_year.get(year.start_year - 1)
    if previous is not None and not (totals.complete and previous.complete):
        partial, other = (previous, totals) if totals.complete else (totals, previous)
        sentence += " " + _("%(year)s holds returns up to %(quarter)s only, so its completed "
                            "items are not compared with %(other)s.") % {
            "year": partial.label, "quarter": partial.period.label, "other": other.label}
    elif previous is not None:
        change = totals.completed - previous.completed
        values = {"n": f"{abs(change):,}", "year": previous.label}
        if change > 0:
            sentence += " " + _("That is %(n)s more completed than in %(year)s.") % values
        elif change < 0:
            sentence += " " + _("That is %(n)s fewer completed than in %(year)s.") % values
        else:
            sentence += " " + _("That is as many completed as in %(year)s.") % values
    return sentence


def _team_chart_alt(teams) -> str:
    most = max(teams, key=lambda t: t.completed)
    backlog = max(teams, key=lambda t: t.outstanding or 0)
    values = {
        "count": len(teams), "most": most.label, "most_n": f"{most.completed:,}",
        "backlog": backlog.label, "backlog_n": f"{backlog.outstanding or 0:,}",
    }
    if most is backlog:
        return _("A bar for each of %(count)s teams, split into completed and outstanding "
                 "items. %(most)s completed the most (%(most_n)s) and had the most "
                 "outstanding (%(backlog_n)s).") % values
    return _("A bar for each of %(count)s teams, split into completed and outstanding items. "
             "%(most)s completed the most (%(most_n)s); %(backlog)s had the most outstanding "
             "(%(backlog_n)s).") % values


def _theme_blocks(theme_name: str, projects: list[Project]) -> list:
    """The theme's projects as the source lists them: the theme's name over its
    projects' names, or over the deliverables of its one project of the same name;
    then each other project's deliverables, then descriptions."""
    blocks = []
    only = projects[0] if len(projects) == 1 else None
    listed_deliverables = only is not None and only.name == theme_name and bool(
        only.deliverables.all())
    if listed_deliverables:
        blocks.append(BulletList(tuple(d.name for d in only.deliverables.all()),
                                 title=theme_name))
    else:
        blocks.append(BulletList(tuple(p.name for p in projects), title=theme_name))
        for project in projects:
            deliverables = tuple(d.name for d in project.deliverables.all())
            if deliverables:
                blocks.append(BulletList(deliverables, title=project.name))
    blocks += [Text(p.description) for p in projects if p.description]
    return blocks


def _portfolio_blocks(year, projects, statuses, rags) -> list:
    if not projects:
        return [Text(_("No projects were recorded for %(year)s.") % {"year": year.label})]
    blocks = []
    groups: dict[str, list[Project]] = {}
    for project in projects:
        name = project.theme.name if project.theme else str(_("Other projects"))
        groups.setdefault(name, []).append(project)
    for theme_name, group in groups.items():
        blocks += _theme_blocks(theme_name, group)
    blocks.append(_portfolio_table(year, projects))
    blocks.append(_status_chart(year, statuses))
    # With no update yet every bar but one would be zero; the table's note says so instead.
    if set(rags) - {None}:
        blocks.append(_rag_chart(year, rags))
    return blocks


def _portfolio_table(year, projects) -> Table:
    """The portfolio, by theme. Columns nobody has recorded a value for are left out,
    so the table shows what is known."""
    columns = [
        (Column("project", _("Project")), lambda p: p.name),
        (Column("theme", _("Theme")), lambda p: p.theme.name if p.theme else None),
        (Column("delivery_route", _("Delivery route")),
         lambda p: p.get_delivery_route_display() or None),
        (Column("status", _("Status")), lambda p: p.get_status_display() or None),
    ]
    optional = [
        (Column("rag", _("RAG status")),
         lambda p: str(Rag(p.latest_rag).label) if p.latest_rag else None),
        (Column("percent_complete", _("Complete"), "percent"), lambda p: p.latest_percent),
        (Column("owner", _("Owner")), lambda p: p.owner or None),
        (Column("start_date", _("Start")),
         lambda p: date_format(p.start_date, "j M Y") if p.start_date else None),
        (Column("target_date", _("Target")),
         lambda p: date_format(p.target_date, "j M Y") if p.target_date else None),
    ]
    columns += [(c, value) for c, value in optional
                if any(value(p) is not None for p in projects)]
    note = _("A dash means not recorded.")
    if not any(p.latest_rag for p in projects):
        note += " " + _("No quarterly updates (RAG status, per cent complete) have been "
                        "recorded for these projects.")
    return Table(
        key="portfolio",
        caption=_("Projects %(year)s by theme") % {"year": year.label},
        columns=tuple(c for c, _value in columns),
        rows=tuple(Row(tuple(value(p) for _c, value in columns)) for p in projects),
        note=note,
    )


def _status_chart(year, statuses: dict[str, int]) -> Chart:
    categories, values = [], []
    for status in ProjectStatus:
        if statuses.get(status.value):
            categories.append(str(status.label))
            values.append(statuses[status.value])
    if statuses.get(""):
        categories.append(str(NOT_RECORDED))
        values.append(statuses[""])
    parts = [f"{n:,} {label.lower()}" for label, n in zip(categories, values, strict=True)]
    return Chart(
        key="portfolio-status",
        title=_("Projects by status, %(year)s") % {"year": year.label},
        alt=_("A bar for each status: %(parts)s.") % {"parts": "; ".join(parts)},
        kind="bar",
        categories=tuple(categories),
        series=(Series(_("Projects"), tuple(values)),),
        category_title=_("Status"),
        value_title=_("Projects"),
    )


def _rag_chart(year, rags: dict[str | None, int]) -> Chart:
    categories = [str(rag.label) for rag in Rag]
    values = [rags.get(rag.value, 0) for rag in Rag]
    if rags.get(None):
        categories.append(_("No update yet"))
        values.append(rags[None])
    parts = [f"{label}: {n:,}" for label, n in zip(categories, values, strict=True)]
    return Chart(
        key="portfolio-rag",
        title=_("Projects by RAG status at their latest update, %(year)s")
        % {"year": year.label},
        alt=_("A bar for each RAG status, counting projects: %(parts)s.")
        % {"parts": "; ".join(parts)},
        kind="bar",
        categories=tuple(categories),
        series=(Series(_("Projects"), tuple(values)),),
        category_title=_("RAG status"),
        value_title=_("Projects"),
    )


def _headlines(year, periods, by_year, sizes) -> tuple[Headline, ...]:
    held = {start: figures for start, figures in by_year.items() if start <= year.start_year}
    headlines = []
    current = held.get(year.start_year)
    if current is not None:
        previous = held.get(year.start_year - 1)
        if previous is not None and current.complete and previous.complete:
            detail = _difference(current.completed, previous.completed, previous.label)
        elif not current.complete:
            detail = _("up to %(quarter)s") % {"quarter": current.period.label}
        elif current.total is not None:
            detail = _("of %(total)s items") % {"total": f"{current.total:,}"}
        else:
            detail = ""
        headlines += [
            Headline(
                _("Core planned work completed"), current.completed, detail=detail,
                trend=tuple((_trend_label(f), f.completed) for f in held.values()),
            ),
            Headline(
                _("Outstanding at the end of %(period)s") % {"period": _period_end(periods)},
                current.outstanding,
                trend=tuple((_trend_label(f), f.outstanding) for f in held.values()),
            ),
        ]
    if sizes.get(year.start_year):
        headlines.append(Headline(
            _("Projects in the portfolio"), sizes[year.start_year],
            trend=tuple((year_label(start), n) for start, n in sizes.items()),
        ))
    return tuple(headlines)


def _trend_label(figures) -> str:
    """A year still being reported by its quarters must not read like a whole one."""
    if figures.complete:
        return figures.label
    return _("%(year)s (to %(quarter)s)") % {"year": figures.label,
                                            "quarter": f"Q{figures.period.value}"}


def _core_work_findings(teams, periods) -> list[Finding]:
    findings = []
    if periods and periods[-1] != Quarter.FULL_YEAR:
        for missing in sorted(set(Quarter) - {Quarter.FULL_YEAR} - set(periods)):
            if missing < periods[-1]:
                findings.append(Finding(
                    _("There is no core planned work return for %(quarter)s: the year's "
                      "completed items leave it out.") % {"quarter": missing.label}))
    for team in teams:
        if team.outstanding is None:
            findings.append(Finding(
                _("%(team)s has no figures in the latest return (%(period)s), so its "
                  "outstanding items at the end of the period are not known.")
                % {"team": team.label, "period": _period_end(periods)}))
    return findings


def _portfolio_findings(projects) -> list[Finding]:
    findings = []
    for project in projects:
        if (project.status == ProjectStatus.COMPLETE and project.latest_percent is not None
                and project.latest_percent < 100):
            findings.append(Finding(
                _("%(project)s is marked complete, but its latest update (Q%(quarter)s) "
                  "says %(percent)s%% complete.")
                % {"project": project.name, "quarter": project.latest_quarter,
                   "percent": project.latest_percent}))
    return findings


def dashboard_charts(*, organisation: Organisation, year: FinancialYear) -> tuple[Chart, ...]:
    """Charts only the dashboard shows: the years held, and the year's quarters."""
    charts = []
    by_year = selectors.core_work_by_year(organisation=organisation)
    if len(by_year) > 1:
        years = list(by_year.values())
        charts.append(Chart(
            key="core-planned-work-years",
            title=_("Core planned work by year"),
            alt=_("Completed items and items outstanding at the end of each year's latest "
                  "return, for each of %(count)s years held, from %(first)s to %(last)s.")
            % {"count": len(years), "first": years[0].label, "last": years[-1].label},
            kind="bar",
            categories=tuple(_trend_label(f) for f in years),
            series=(Series(_("Completed"), tuple(f.completed for f in years)),
                    Series(_("Outstanding"), tuple(f.outstanding for f in years))),
            category_title=_("Year"),
            value_title=_("Items of work"),
        ))
    quarters = list(selectors.core_work_by_quarter(organisation=organisation, year=year))
    if quarters and quarters[0].period != Quarter.FULL_YEAR:
        charts.append(Chart(
            key="core-planned-work-quarters",
            title=_("Core planned work by quarter, %(year)s") % {"year": year.label},
            alt=_("Items completed in each quarter and items outstanding at each quarter's "
                  "end, for %(count)s quarters.") % {"count": len(quarters)},
            kind="bar",
            categories=tuple(q.label for q in quarters),
            series=(Series(_("Completed in the quarter"),
                           tuple(q.completed for q in quarters)),
                    Series(_("Outstanding at the quarter's end"),
                           tuple(q.outstanding for q in quarters))),
            category_title=_("Quarter"),
            value_title=_("Items of work"),
        ))
    return tuple(charts)


# 4.1 Priorities for next year ----------------------------------------------------------


class PrioritiesSection(ReportSection):
    key = "priorities"
    title = gettext_lazy("Priorities for next year")
    chapter = 4
    order = 1
    url_name = None
    schema = PrioritiesPart

    def build(self, *, organisation: Organisation, year: FinancialYear) -> SectionData:
        next_year = year_label(year.start_year + 1)
        title = _("Priorities for %(year)s") % {"year": next_year}
        projects = list(selectors.priorities_list(organisation=organisation, year=year))
        if not projects:
            return SectionData(
                key=self.key, title=title, has_data=False,
                blocks=(Text(_("No priorities for %(year)s have been recorded.")
                             % {"year": next_year}),),
            )
        priorities = tuple(p.name for p in projects if p.planned_as == PlannedAs.PRIORITY)
        preparedness = tuple(p.name for p in projects
                             if p.planned_as == PlannedAs.PREPAREDNESS)
        blocks = []
        if priorities:
            blocks.append(BulletList(priorities))
        if preparedness:
            blocks.append(BulletList(preparedness, title=_("Preparedness:")))
        return SectionData(
            key=self.key, title=title, blocks=tuple(blocks),
            headlines=(
                Headline(_("Priorities for %(year)s") % {"year": next_year}, len(priorities)),
                Headline(_("Preparedness items"), len(preparedness)),
            ),
        )

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
