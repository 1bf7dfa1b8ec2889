"""Section 3.5 (core planned work and projects) and 4.1 (next year's priorities): the
year's figures, read once, turned into each section's data object and headlines.

Both read the same models, so they live together; each owns its own key in the
whole-report file (``projects.file_part``).
"""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from ictreport.core import sections
from ictreport.core.coverage import quarters_missing
from ictreport.core.formatting import format_value
from ictreport.core.models import FinancialYear, Organisation
from ictreport.core.periods import year_label
from ictreport.core.registry import ReportSection
from ictreport.core.wording import change_detail
from projects import selectors, wording
from projects.models import PlannedAs, Project, ProjectStatus, Rag


class ProjectsSection(ReportSection, key="projects",
                      title=gettext_lazy("Core planned work and projects"),
                      chapter=3, order=5, url_name="projects:dashboard"):
    def build(self, *, organisation: Organisation, year: FinancialYear) -> sections.SectionData:
        return section_data(selectors.figures_get(organisation=organisation, year=year))


def section_data(figures: selectors.Figures) -> sections.SectionData:
    """Section 3.5 from the year's figures."""
    year = figures.year
    if not figures.has_data:
        return sections.SectionData.empty(
            key=ProjectsSection.key, title=ProjectsSection.title,
            message=_("No core planned work or projects were recorded for %(year)s.")
            % {"year": year.label})
    blocks = [sections.Heading(_("Core planned work"))]
    blocks += _core_work_blocks(year, figures.teams, figures.periods, figures.by_year,
                                figures.highlights)
    blocks.append(sections.Heading(_("Projects")))
    blocks += _portfolio_blocks(year, figures.projects, figures.statuses, figures.rags)
    return sections.SectionData(
        key=ProjectsSection.key,
        title=str(ProjectsSection.title),
        blocks=tuple(blocks),
        headlines=_headlines(year, figures.periods, figures.by_year, figures.sizes),
        findings=tuple(_core_work_findings(figures.teams, figures.periods)
                       + _portfolio_findings(figures.projects)),
    )


def _core_work_blocks(year, teams, periods, by_year, highlights) -> list:
    if not teams:
        blocks = [sections.Text(_("No core planned work was recorded for %(year)s.")
                                % {"year": year.label})]
    else:
        totals = by_year[year.start_year]
        blocks = [
            sections.Text(wording.core_work_sentence(year, totals, periods, by_year)),
            sections.Table(
                key="core-planned-work",
                caption=_("Core planned work by team, %(year)s") % {"year": year.label},
                columns=(
                    sections.Column("team", _("Team")),
                    sections.Column("completed", _("Completed"), "int"),
                    sections.Column("outstanding", _("Outstanding"), "int"),
                    sections.Column("total", _("Total"), "int"),
                ),
                rows=(
                    *(sections.Row((t.label, t.completed, t.outstanding, t.total)) for t in teams),
                    sections.Row((_("Total"), totals.completed, totals.outstanding, totals.total),
                                 is_total=True),
                ),
                note=wording.core_work_note(periods),
            ),
            sections.Chart(
                key="core-planned-work-chart",
                title=_("Completed and outstanding core planned work by team, %(year)s")
                % {"year": year.label},
                alt=wording.team_chart_alt(teams),
                kind="hbar_stacked",
                categories=tuple(t.label for t in teams),
                series=(
                    sections.Series(_("Completed"), tuple(t.completed for t in teams)),
                    sections.Series(_("Outstanding"), tuple(t.outstanding for t in teams)),
                ),
                category_title=_("Team"),
                value_title=_("Items of work"),
            ),
        ]
    if highlights:
        blocks.append(sections.BulletList(tuple(highlights),
                                          title=_("Completed core planned work includes:")))
    return blocks




def _theme_blocks(theme_name: str, projects: list[Project]) -> list:
    """The theme's projects as the source lists them: the theme's name over its
    projects' names, or over the deliverables of its one project of the same name;
    then each other project's deliverables, then descriptions."""
    blocks = []
    only = projects[0] if len(projects) == 1 else None
    listed_deliverables = only is not None and only.name == theme_name and bool(
        only.deliverables.all())
    if listed_deliverables:
        blocks.append(sections.BulletList(tuple(d.name for d in only.deliverables.all()),
                                          title=theme_name))
    else:
        blocks.append(sections.BulletList(tuple(p.name for p in projects), title=theme_name))
        for project in projects:
            deliverables = tuple(d.name for d in project.deliverables.all())
            if deliverables:
                blocks.append(sections.BulletList(deliverables, title=project.name))
    blocks += [sections.Text(p.description) for p in projects if p.description]
    return blocks


def _portfolio_blocks(year, projects, statuses, rags) -> list:
    if not projects:
        return [sections.Text(_("No projects were recorded for %(year)s.") % {"year": year.label})]
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


def _portfolio_table(year, projects) -> sections.Table:
    """The portfolio, by theme. Columns nobody has recorded a value for are left out,
    so the table shows what is known."""
    columns = [
        (sections.Column("project", _("Project")), lambda p: p.name),
        (sections.Column("theme", _("Theme")), lambda p: p.theme.name if p.theme else None),
        (sections.Column("delivery_route", _("Delivery route")),
         lambda p: p.get_delivery_route_display() or None),
        (sections.Column("status", _("Status")), lambda p: p.get_status_display() or None),
    ]
    optional = [
        (sections.Column("rag", _("RAG status")),
         lambda p: str(Rag(p.latest_rag).label) if p.latest_rag else None),
        (sections.Column("percent_complete", pgettext("column: per cent complete", "Complete"),
                         "percent"), lambda p: p.latest_percent),
        (sections.Column("owner", _("Owner")), lambda p: p.owner or None),
        (sections.Column("start_date", _("Start")),
         lambda p: date_format(p.start_date, "j M Y") if p.start_date else None),
        (sections.Column("target_date", _("Target")),
         lambda p: date_format(p.target_date, "j M Y") if p.target_date else None),
    ]
    columns += [(c, value) for c, value in optional
                if any(value(p) is not None for p in projects)]
    note = _("A dash means not recorded.")
    if not any(p.latest_rag for p in projects):
        note += " " + _("No quarterly updates (RAG status, per cent complete) have been "
                        "recorded for these projects.")
    return sections.Table(
        key="portfolio",
        caption=_("Projects %(year)s by theme") % {"year": year.label},
        columns=tuple(c for c, _value in columns),
        rows=tuple(sections.Row(tuple(value(p) for _c, value in columns)) for p in projects),
        note=note,
    )


def _status_chart(year, statuses: dict[str, int]) -> sections.Chart:
    categories, values = [], []
    for status in ProjectStatus:
        if statuses.get(status.value):
            categories.append(str(status.label))
            values.append(statuses[status.value])
    if statuses.get(""):
        categories.append(str(wording.NOT_RECORDED))
        values.append(statuses[""])
    return sections.Chart(
        key="portfolio-status",
        title=_("Projects by status, %(year)s") % {"year": year.label},
        alt=_("A bar for each status, counting projects: %(parts)s.")
        % {"parts": _chart_parts(categories, values)},
        kind="bar",
        categories=tuple(categories),
        series=(sections.Series(_("Projects"), tuple(values)),),
        category_title=_("Status"),
        value_title=_("Projects"),
    )


def _chart_parts(categories, values) -> str:
    """Each bar's label and count, as an alt text lists them: "Red: 2; Amber: 1"."""
    return "; ".join(
        pgettext("a chart bar's label and value", "%(label)s: %(count)s")
        % {"label": label, "count": format_value(n, "int")}
        for label, n in zip(categories, values, strict=True))


def _rag_chart(year, rags: dict[str | None, int]) -> sections.Chart:
    categories = [str(rag.label) for rag in Rag]
    values = [rags.get(rag.value, 0) for rag in Rag]
    if rags.get(None):
        categories.append(_("No update yet"))
        values.append(rags[None])
    return sections.Chart(
        key="portfolio-rag",
        title=_("Projects by RAG status at their latest update, %(year)s")
        % {"year": year.label},
        alt=_("A bar for each RAG status, counting projects: %(parts)s.")
        % {"parts": _chart_parts(categories, values)},
        kind="bar",
        categories=tuple(categories),
        series=(sections.Series(_("Projects"), tuple(values)),),
        category_title=_("RAG status"),
        value_title=_("Projects"),
    )


def _headlines(year, periods, by_year, sizes) -> tuple[sections.Headline, ...]:
    held = {start: figures for start, figures in by_year.items() if start <= year.start_year}
    headlines = []
    current = held.get(year.start_year)
    if current is not None:
        previous = held.get(year.start_year - 1)
        if previous is not None and current.complete and previous.complete:
            detail = change_detail(current.completed, previous.completed,
                                   previous_year=year.start_year - 1)
        elif not current.complete:
            detail = _("up to %(quarter)s") % {"quarter": current.period.label}
        elif current.total is not None:
            detail = ngettext("of %(count)s item", "of %(count)s items", current.total) % {
                "count": format_value(current.total, "int")}
        else:
            detail = ""
        headlines += [
            sections.Headline(
                _("Core planned work completed"), current.completed, detail=detail,
                trend=tuple((wording.trend_label(f), f.completed) for f in held.values()),
            ),
            sections.Headline(
                wording.period_end_label(periods),
                current.outstanding,
                trend=tuple((wording.trend_label(f), f.outstanding) for f in held.values()),
            ),
        ]
    if sizes.get(year.start_year):
        headlines.append(sections.Headline(
            _("Projects in the portfolio"), sizes[year.start_year],
            trend=tuple((year_label(start), n) for start, n in sizes.items()),
        ))
    return tuple(headlines)




def _core_work_findings(teams, periods) -> list[sections.Finding]:
    findings = []
    for missing in quarters_missing(periods):
        findings.append(sections.Finding(
            _("There is no core planned work return for %(quarter)s: the year's "
              "completed items leave it out.") % {"quarter": missing.label}))
    quarter = wording.last_quarter(periods)
    for team in teams:
        if team.outstanding is None and quarter is None:
            findings.append(sections.Finding(
                _("%(team)s has no figures in the full-year return, so its outstanding "
                  "items at the end of the year are not known.") % {"team": team.label}))
        elif team.outstanding is None:
            findings.append(sections.Finding(
                _("%(team)s has no figures in the latest return (%(quarter)s), so its "
                  "outstanding items at the end of the period are not known.")
                % {"team": team.label, "quarter": quarter.label}))
    return findings


def _portfolio_findings(projects) -> list[sections.Finding]:
    findings = []
    for project in projects:
        if (project.status == ProjectStatus.COMPLETE and project.latest_percent is not None
                and project.latest_percent < 100):
            findings.append(sections.Finding(
                _("%(project)s is marked complete, but its latest update (%(quarter)s) "
                  "says %(percent)s complete.")
                % {"project": project.name,
                   "quarter": wording.short_quarter(project.latest_quarter),
                   "percent": format_value(project.latest_percent, "percent")}))
    return findings




# 4.1 Priorities for next year ----------------------------------------------------------


class PrioritiesSection(ReportSection, key="priorities",
                        title=gettext_lazy("Priorities for next year"),
                        chapter=4, order=1):
    def build(self, *, organisation: Organisation, year: FinancialYear) -> sections.SectionData:
        next_year = year_label(year.start_year + 1)
        title = _("Priorities for %(year)s") % {"year": next_year}
        projects = list(selectors.priorities_list(organisation=organisation, year=year))
        if not projects:
            return sections.SectionData.empty(
                key=self.key, title=title,
                message=_("No priorities for %(year)s have been recorded.")
                % {"year": next_year})
        priorities = tuple(p.name for p in projects if p.planned_as == PlannedAs.PRIORITY)
        preparedness = tuple(p.name for p in projects
                             if p.planned_as == PlannedAs.PREPAREDNESS)
        blocks = []
        if priorities:
            blocks.append(sections.BulletList(priorities))
        if preparedness:
            blocks.append(sections.BulletList(preparedness, title=_("Preparedness:")))
        return sections.SectionData(
            key=self.key, title=title, blocks=tuple(blocks),
            headlines=(
                sections.Headline(_("Priorities for %(year)s") % {"year": next_year},
                                  len(priorities)),
                sections.Headline(_("Preparedness items"), len(preparedness)),
            ),
        )


# Registered by the app's config (ictreport.core.section_apps).
SECTIONS = (ProjectsSection(), PrioritiesSection())
