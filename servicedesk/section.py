"""Section 3.6 of the annual report, "Service Levels": the service desk's figures as
the report's tables, chart, sentences, headlines and data-quality findings.

Everything shown is computed from stored counts: percentages are whole numbers rounded
half up (``percent_of``), so 2019/20 reads exactly as the source: 80%/20%, 81%/19%,
82%/18%, 60%, 67%, 62% and "a 22% reduction". Figures come from ``selectors``, words
from ``wording``; the section's file part is ``file_part``.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from ictreport.core import sections
from ictreport.core.formatting import format_value, percent_of
from ictreport.core.models import FinancialYear, Organisation
from ictreport.core.periods import year_label, year_slug
from ictreport.core.registry import ReportSection
from ictreport.core.wording import and_list
from servicedesk.selectors import (
    Figures,
    PeriodFigures,
    TierFigures,
    channels_of,
    figures_get,
    first_contact_rate,
    resolution_times,
)
from servicedesk.wording import (
    calls_sentence,
    change_detail,
    change_sentence,
    first_contact_sentence,
    percent_text,
    period_code,
    period_text,
    plain,
    quarters_text,
    resolution_target_text,
    resolution_time_sentence,
    service_levels_sentences,
)


def _year_groups(shown: tuple[PeriodFigures, ...], first_label: str):
    columns, groups = [sections.Column("item", first_label)], [sections.ColumnGroup("", 1)]
    for figures in shown:
        slug = year_slug(figures.year)
        columns += [sections.Column(f"{slug}-number", pgettext("number of calls", "No."), "int"),
                    sections.Column(f"{slug}-percent", "%", "percent")]
        groups.append(sections.ColumnGroup(period_text(figures), 2))
    return tuple(columns), tuple(groups)


def calls_table(shown: tuple[PeriodFigures, ...]) -> sections.Table:
    columns, groups = _year_groups(shown, _("Service Calls"))
    rows = []
    for channel_id, name in channels_of(shown):
        cells = [name]
        for figures in shown:
            calls = figures.calls_for(channel_id)
            cells += [calls, None if calls is None else percent_of(calls, figures.total_calls)]
        rows.append(sections.Row(tuple(cells)))
    total = [_("Total Calls")]
    for figures in shown:
        total += [figures.total_calls, 100 if figures.total_calls else None]
    rows.append(sections.Row(tuple(total), is_total=True))
    return sections.Table(key="calls", caption=_("Service Desk Calls"), columns=columns,
                          rows=tuple(rows), groups=groups)


def first_contact_table(shown: tuple[PeriodFigures, ...]) -> sections.Table:
    columns, groups = _year_groups(shown, _("Narrative"))
    closed, measured = [_("Closed at 1st Point")], [_("Total Calls")]
    for figures in shown:
        closed += [figures.first_contact_closed, first_contact_rate(figures)]
        measured += [figures.first_contact_measured,
                     100 if figures.first_contact_measured else None]
    differing = [f for f in shown if f.first_contact_measured is not None
                 and f.first_contact_measured != f.total_calls]
    note = ""
    if differing:
        note = _(
            "Total Calls in this table are the calls the first-point-of-contact measure is "
            "taken over; they differ from the calls received in %(years)s."
        ) % {"years": and_list([
            _("%(year)s (%(calls)s)") % {"year": period_text(f),
                                         "calls": format_value(f.total_calls, "int")}
            for f in differing])}
    return sections.Table(
        key="first-contact", caption=_("Service Desk Calls resolved at First Point of Contact"),
        columns=columns,
        rows=(sections.Row(tuple(closed)), sections.Row(tuple(measured), is_total=True)),
        groups=groups, note=note,
    )


def service_levels_table(tiers: tuple[TierFigures, ...], year: int) -> sections.Table:
    return sections.Table(
        key="service-levels",
        caption=_("Service levels by tier, %(year)s") % {"year": year_label(year)},
        columns=(
            sections.Column("tier", _("Tier")),
            sections.Column("availability-target", _("Availability target"), "percent"),
            sections.Column("availability", _("Availability achieved"), "percent"),
            sections.Column("resolution-target", _("Resolution target"), "text"),
            sections.Column("resolved", _("Resolved in time"), "percent"),
            sections.Column("breaches", _("Breaches"), "int"),
        ),
        rows=tuple(
            sections.Row((t.name, plain(t.availability_target), plain(t.availability),
                          resolution_target_text(t), plain(t.resolved_in_time), t.breaches))
            for t in tiers
        ),
    )


def resolution_time_chart(figures: Figures) -> sections.Chart | None:
    """Median and 90th-percentile hours to resolve per tier and period, against the
    tier's resolution time target; its data table is the figures."""
    times = resolution_times(figures)
    if not times:
        return None
    series = [sections.Series(_("Median hours to resolve"),
                              tuple(plain(t.median_hours) for t in times)),
              sections.Series(_("90th percentile hours to resolve"),
                              tuple(plain(t.p90_hours) for t in times))]
    if any(t.resolution_hours is not None for t in times):
        series.append(sections.Series(_("Resolution time target (hours)"),
                                      tuple(t.resolution_hours for t in times), is_target=True))
    label = year_label(figures.year)
    return sections.Chart(
        key="resolution-time",
        title=_("Time to resolve incidents by tier against target, %(year)s") % {
            "year": label},
        alt=_("Bars of the median and 90th-percentile hours to resolve each tier's "
              "incidents in each period of %(year)s, with the tier's target: %(tiers)s.") % {
            "year": label, "tiers": "; ".join(
                _("%(tier)s %(period)s median %(median)s, 90th percentile %(p90)s, "
                  "target %(target)s") % {
                             "tier": t.name, "period": period_code(t.quarter),
                             "median": format_value(plain(t.median_hours), "decimal"),
                             "p90": format_value(plain(t.p90_hours), "decimal"),
                             "target": format_value(t.resolution_hours, "int")}
                for t in times)},
        kind="bar",
        categories=tuple(pgettext("a tier in a period", "%(tier)s %(period)s") % {
            "tier": t.name, "period": period_code(t.quarter)} for t in times),
        series=tuple(series),
        format="decimal",
        category_title=_("Tier and period"),
        value_title=_("Hours to resolve"),
    )


def _findings(figures: Figures) -> list[sections.Finding]:
    findings = []
    for year in figures.shown:
        if year.first_contact_measured is not None and \
                year.first_contact_measured != year.total_calls:
            findings.append(sections.Finding(_(
                "%(period)s: the first-point-of-contact rate is taken over %(measured)s calls, "
                "but %(total)s calls were received by channel."
            ) % {"period": period_text(year),
                 "measured": format_value(year.first_contact_measured, "int"),
                 "total": format_value(year.total_calls, "int")}))
        if 0 < year.first_contact_returns < len(year.quarters):
            findings.append(sections.Finding(_(
                "%(period)s: first-point-of-contact figures are given in %(given)s of the "
                "year's %(returns)s returns; the rate covers those returns only."
            ) % {"period": period_text(year),
                 "given": format_value(year.first_contact_returns, "int"),
                 "returns": format_value(len(year.quarters), "int")}))
    current = figures.current
    if current is not None and not current.is_complete:
        findings.append(sections.Finding(
            _("%(year)s holds returns for %(quarters)s only; its figures are the year so far.")
            % {"year": year_label(current.year), "quarters": quarters_text(current.quarters)},
            severity="info",
        ))
    return findings


def _headlines(figures: Figures) -> list[sections.Headline]:
    current, previous = figures.current, figures.get(figures.year - 1)
    headlines = [sections.Headline(
        label=_("Calls for service"), value=current.total_calls, format="int",
        detail=change_detail(current, previous),
        trend=tuple((period_text(f), f.total_calls) for f in figures.years),
    )]
    if current.has_self_service_channel and current.total_calls:
        headlines.append(sections.Headline(
            label=_("Raised through self-service"),
            value=percent_of(current.self_service_calls, current.total_calls),
            format="percent",
            trend=tuple((period_text(f), percent_of(f.self_service_calls, f.total_calls))
                        for f in figures.years if f.has_self_service_channel),
        ))
    rate = first_contact_rate(current)
    if rate is not None:
        target = current.first_contact_target
        headlines.append(sections.Headline(
            label=_("Resolved at first point of contact"), value=rate, format="percent",
            detail=(_("target %(target)s") % {"target": percent_text(target)}
                    if target is not None else ""),
            trend=tuple((period_text(f), first_contact_rate(f)) for f in figures.years
                        if f.first_contact_measured is not None),
        ))
    if figures.service_levels:
        headlines.append(sections.Headline(
            label=_("Service-level breaches"),
            value=sum(t.breaches for t in figures.service_levels), format="int",
        ))
    return headlines


def section_data(figures: Figures) -> sections.SectionData:
    title = str(ServiceDeskSection.title)
    current = figures.current
    if current is None:
        return sections.SectionData.empty(
            key=ServiceDeskSection.key, title=title,
            message=_("No service desk figures were recorded for %(year)s.") % {
                "year": year_label(figures.year)})
    shown = figures.shown
    previous = figures.get(figures.year - 1)
    blocks = [
        calls_table(shown),
        sections.Text(f"{calls_sentence(current)} {change_sentence(current, previous)}"),
    ]
    if any(f.first_contact_measured is not None for f in shown):
        blocks.append(first_contact_table(shown))
    blocks.append(sections.Text(first_contact_sentence(current)))
    if figures.service_levels:
        blocks += [service_levels_table(figures.service_levels, figures.year),
                   sections.Text(service_levels_sentences(figures.service_levels, figures.year))]
        chart = resolution_time_chart(figures)
        if chart is not None:
            blocks += [chart, sections.Text(resolution_time_sentence(figures))]
    else:
        blocks.append(sections.Text(_("No service-level figures were recorded for %(year)s.") % {
            "year": year_label(figures.year)}))
    return sections.SectionData(
        key=ServiceDeskSection.key, title=title, blocks=tuple(blocks),
        headlines=tuple(_headlines(figures)), findings=tuple(_findings(figures)),
    )


class ServiceDeskSection(ReportSection, key="servicedesk", title=gettext_lazy("Service levels"),
                         chapter=3, order=6, url_name="servicedesk:dashboard"):
    def build(self, *, organisation: Organisation, year: FinancialYear) -> sections.SectionData:
        return section_data(figures_get(organisation=organisation, year=year.start_year))


# Registered by the app's config (ictreport.core.section_apps).
SECTIONS = (ServiceDeskSection(),)
