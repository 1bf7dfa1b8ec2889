"""Section 3.6 of the annual report, "Service Levels": calls for service by channel,
first-point-of-contact resolution and service levels, with the sentences the source
writes about them generated from the figures.

Everything shown is computed from stored counts: percentages are whole numbers rounded
half up (``percent_of``), so 2019/20 reads exactly as the source: 80%/20%, 81%/19%,
82%/18%, 60%, 67%, 62% and "a 22% reduction".
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ictreport.core.files import duplicate_period_problems
from ictreport.core.formatting import format_value, number_word, percent_of
from ictreport.core.models import FinancialYear, Organisation
from ictreport.core.periods import Quarter, year_label, year_slug
from ictreport.core.registry import ReportSection
from ictreport.core.sections import (
    Chart,
    Column,
    ColumnGroup,
    Finding,
    Headline,
    Row,
    SectionData,
    Series,
    Table,
    Text,
)
from servicedesk import selectors
from servicedesk.models import (
    Channel,
    ChannelCalls,
    ServiceDeskReturn,
    ServiceLevelResult,
    ServiceTier,
)
from servicedesk.schema import ServiceDeskPart
from servicedesk.selectors import PeriodFigures, TierFigures
from servicedesk.services import report_part_save

# The source's tables show the report's year and the two before it.
YEARS_SHOWN = 3


@dataclass(frozen=True)
class Figures:
    """Everything the section and its dashboard show, read in a fixed number of queries."""

    year: int
    years: tuple[PeriodFigures, ...]  # every year held up to ``year``, oldest first
    service_levels: tuple[TierFigures, ...]  # the year's, per tier
    quarters: tuple[PeriodFigures, ...] = ()  # the year's quarters (dashboard only)
    tier_quarters: tuple[TierFigures, ...] = ()  # per period and tier

    def get(self, year: int) -> PeriodFigures | None:
        return next((f for f in self.years if f.year == year), None)

    @property
    def current(self) -> PeriodFigures | None:
        return self.get(self.year)

    @property
    def shown(self) -> tuple[PeriodFigures, ...]:
        return tuple(f for f in self.years if f.year > self.year - YEARS_SHOWN)


def figures_get(*, organisation: Organisation, year: int, dashboard: bool = False) -> Figures:
    """Two queries for the years, one for the tiers, one for the tiers' quarters (their
    times to resolve); the dashboard adds two for the year's quarters."""
    extra = {
        "tier_quarters": tuple(selectors.service_level_quarters_list(
            organisation=organisation, year=year)),
    }
    if dashboard:
        extra["quarters"] = tuple(selectors.quarter_series_list(organisation=organisation,
                                                                year=year))
    return Figures(
        year=year,
        years=tuple(selectors.year_series_list(organisation=organisation, up_to=year)),
        service_levels=tuple(selectors.service_levels_list(organisation=organisation,
                                                           year=year)),
        **extra,
    )


# Words ---------------------------------------------------------------------------------


def channel_phrase(name: str) -> str:
    """How a sentence names a channel: "Telephone" → "telephone"; acronyms stay."""
    return " ".join(w if len(w) > 1 and w.isupper() else w.lower() for w in name.split())


def quarters_text(quarters: tuple[Quarter, ...]) -> str:
    """(Q1, Q2, Q3) → "Q1–Q3"; (Q1, Q3) → "Q1, Q3"."""
    values = [q.value for q in quarters]
    if len(values) > 1 and values == list(range(values[0], values[-1] + 1)):
        return f"Q{values[0]}–Q{values[-1]}"
    return ", ".join(f"Q{v}" for v in values)


def period_text(figures: PeriodFigures) -> str:
    """"2019/20" for a whole year; "Q1–Q2 2019/20" for a year still being reported."""
    if figures.is_complete:
        return year_label(figures.year)
    return _("%(quarters)s %(year)s") % {"quarters": quarters_text(figures.quarters),
                                          "year": year_label(figures.year)}


def percent_text(value: Decimal) -> str:
    """A stored percentage as written: 65.00 → "65%", 99.95 → "99.95%"."""
    return format_value(plain(value), "percent")


def plain(value: Decimal | None) -> Decimal | int | None:
    """A stored percentage without trailing zeros, for tables and charts."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value.normalize()


def join_or(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return _("%(items)s or %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def join_and(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


# Calls by channel ----------------------------------------------------------------------


def channels_of(years: tuple[PeriodFigures, ...]) -> list[tuple[int, str]]:
    """Every channel with figures in any of ``years``, in the channels' order."""
    order, seen = [], set()
    for figures in years:
        for channel in figures.channels:
            if channel.channel_id not in seen:
                seen.add(channel.channel_id)
                order.append((channel.position, channel.name, channel.channel_id))
    return [(channel_id, name) for _position, name, channel_id in sorted(order)]


def _year_groups(shown: tuple[PeriodFigures, ...], first_label: str):
    columns, groups = [Column("item", first_label)], [ColumnGroup("", 1)]
    for figures in shown:
        slug = year_slug(figures.year)
        columns += [Column(f"{slug}-number", _("No."), "int"),
                    Column(f"{slug}-percent", "%", "percent")]
        groups.append(ColumnGroup(period_text(figures), 2))
    return tuple(columns), tuple(groups)


def calls_table(shown: tuple[PeriodFigures, ...]) -> Table:
    columns, groups = _year_groups(shown, _("Service Calls"))
    rows = []
    for channel_id, name in channels_of(shown):
        cells = [name]
        for figures in shown:
            calls = figures.calls_for(channel_id)
            cells += [calls, None if calls is None else percent_of(calls, figures.total_calls)]
        rows.append(Row(tuple(cells)))
    total = [_("Total Calls")]
    for figures in shown:
        total += [figures.total_calls, 100 if figures.total_calls else None]
    rows.append(Row(tuple(total), is_total=True))
    return Table(key="calls", caption=_("Service Desk Calls"), columns=columns,
                 rows=tuple(rows), groups=groups)


def calls_sentence(figures: PeriodFigures) -> str:
    total = figures.total_calls
    where = (_("in the year") if figures.is_complete
             else _("in %(quarters)s of the year") % {"quarters": quarters_text(figures.quarters)})
    if total == 0:
        return _("No requests for service were recorded %(where)s.") % {"where": where}
    opening = ngettext(
        "There was %(total)s request for service %(where)s",
        "There were %(total)s requests for service %(where)s", total,
    ) % {"total": format_value(total, "int"), "where": where}
    if not figures.has_self_service_channel:
        return _("%(opening)s.") % {"opening": opening}
    self_service = figures.self_service_calls
    others = [c for c in figures.channels if not c.self_service and c.calls]
    if not others:
        return _("%(opening)s, all of which were requested through self-service.") % {
            "opening": opening}
    if self_service == 0:
        return _("%(opening)s, none of which were requested through self-service.") % {
            "opening": opening}
    if len(others) == 1:
        remainder = channel_phrase(others[0].name)
    else:
        remainder = join_or([f"{channel_phrase(c.name)} ({percent_of(c.calls, total)}%)"
                             for c in others])
    return _(
        "%(opening)s of which %(share)s%% were requested through self-service with the "
        "remainder being %(remainder)s calls for service."
    ) % {"opening": opening, "share": percent_of(self_service, total), "remainder": remainder}


def change_sentence(current: PeriodFigures, previous: PeriodFigures | None) -> str:
    before = year_label(current.year - 1)
    if previous is None or previous.total_calls == 0:
        return _("There are no calls for service held for %(year)s to compare with.") % {
            "year": before}
    for partial, other in ((current, previous), (previous, current)):
        if not partial.is_complete:
            return _("%(year)s holds returns for %(quarters)s only, so its calls are not "
                     "compared with %(other)s.") % {
                "year": year_label(partial.year), "quarters": quarters_text(partial.quarters),
                "other": year_label(other.year)}
    change = current.total_calls - previous.total_calls
    if change == 0:
        return _("The volume of calls for service is the same as in %(year)s.") % {
            "year": before}
    percent = percent_of(abs(change), previous.total_calls)
    if percent == 0:
        return (_("This is a reduction of less than 1% in the volume of calls for service.")
                if change < 0 else
                _("This is an increase of less than 1% in the volume of calls for service."))
    if change < 0:
        return _("This is a %(percent)s%% reduction in the volume of calls for service.") % {
            "percent": percent}
    return _("This is a %(percent)s%% increase in the volume of calls for service.") % {
        "percent": percent}


def change_detail(current: PeriodFigures, previous: PeriodFigures | None) -> str:
    """The headline's comparison, or "" where the change sentence makes none."""
    if (previous is None or not previous.total_calls or not current.is_complete
            or not previous.is_complete):
        return ""
    change = current.total_calls - previous.total_calls
    percent = percent_of(abs(change), previous.total_calls)
    context = {"percent": percent, "year": year_label(previous.year)}
    if change < 0:
        return _("%(percent)s%% fewer than %(year)s") % context
    if change > 0:
        return _("%(percent)s%% more than %(year)s") % context
    return _("the same as %(year)s") % context


# First point of contact ----------------------------------------------------------------


def first_contact_rate(figures: PeriodFigures) -> int | None:
    if figures.first_contact_measured is None:
        return None
    return percent_of(figures.first_contact_closed, figures.first_contact_measured)


def first_contact_table(shown: tuple[PeriodFigures, ...]) -> Table:
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
        ) % {"years": join_and([
            _("%(year)s (%(calls)s)") % {"year": period_text(f),
                                         "calls": format_value(f.total_calls, "int")}
            for f in differing])}
    return Table(
        key="first-contact", caption=_("Service Desk Calls resolved at First Point of Contact"),
        columns=columns, rows=(Row(tuple(closed)), Row(tuple(measured), is_total=True)),
        groups=groups, note=note,
    )


def first_contact_sentence(figures: PeriodFigures) -> str:
    period = period_text(figures)
    rate = first_contact_rate(figures)
    if rate is None:
        return _("No first-point-of-contact figures were recorded for %(period)s.") % {
            "period": period}
    sentence = _("In %(period)s %(rate)s%% of calls were resolved at first point of "
                 "contact.") % {"period": period, "rate": rate}
    if figures.first_contact_target is not None:
        sentence += " " + _("The target was %(target)s.") % {
            "target": percent_text(figures.first_contact_target)}
    return sentence


# Service levels ------------------------------------------------------------------------


def resolution_target_text(tier: TierFigures) -> str | None:
    if tier.resolution_hours is None:
        return None
    hours = ngettext("%(hours)s hour", "%(hours)s hours", tier.resolution_hours) % {
        "hours": tier.resolution_hours}
    if tier.resolution_target is None:
        return _("within %(hours)s") % {"hours": hours}
    return _("%(target)s within %(hours)s") % {
        "target": percent_text(tier.resolution_target), "hours": hours}


def service_levels_table(tiers: tuple[TierFigures, ...], year: int) -> Table:
    return Table(
        key="service-levels",
        caption=_("Service levels by tier, %(year)s") % {"year": year_label(year)},
        columns=(
            Column("tier", _("Tier")),
            Column("availability-target", _("Availability target"), "percent"),
            Column("availability", _("Availability achieved"), "percent"),
            Column("resolution-target", _("Resolution target"), "text"),
            Column("resolved", _("Resolved in time"), "percent"),
            Column("breaches", _("Breaches"), "int"),
        ),
        rows=tuple(
            Row((t.name, plain(t.availability_target), plain(t.availability),
                 resolution_target_text(t), plain(t.resolved_in_time), t.breaches))
            for t in tiers
        ),
    )


def service_levels_sentences(tiers: tuple[TierFigures, ...], year: int) -> str:
    label = year_label(year)
    breached = [t for t in tiers if t.breaches]
    total = sum(t.breaches for t in tiers)
    if not breached:
        sentences = [_("No service levels were breached in %(year)s.") % {"year": label}]
    else:
        at = join_and([_("%(count)s at %(tier)s") % {"count": number_word(t.breaches),
                                                      "tier": t.name} for t in breached])
        sentences = [ngettext(
            "There was %(count)s service-level breach in %(year)s: %(at)s.",
            "There were %(count)s service-level breaches in %(year)s: %(at)s.", total,
        ) % {"count": number_word(total), "year": label, "at": at}]
    for measure, achieved, target in (
        (_("Availability"), "availability", "availability_target"),
        (_("The share of incidents resolved in time"), "resolved_in_time",
         "resolution_target"),
    ):
        measured = [t for t in tiers
                    if getattr(t, achieved) is not None and getattr(t, target) is not None]
        if not measured:
            continue
        short = [t for t in measured if getattr(t, achieved) < getattr(t, target)]
        if not short:
            sentences.append(_("%(measure)s met its target at every tier that has one.")
                             % {"measure": measure})
        else:
            sentences.append(_("%(measure)s was below target at %(tiers)s.") % {
                "measure": measure,
                "tiers": join_and([
                    _("%(tier)s (%(achieved)s against %(target)s)") % {
                        "tier": t.name, "achieved": percent_text(getattr(t, achieved)),
                        "target": percent_text(getattr(t, target))}
                    for t in short]),
            })
    return " ".join(sentences)


# Time to resolve (from tickets) ---------------------------------------------------------


def resolution_times(figures: Figures) -> list[TierFigures]:
    """The tiers' periods that give a time to resolve: tier by tier (in the tiers'
    order), each tier's periods in turn."""
    order = {tier_id: i for i, tier_id in
             enumerate(dict.fromkeys(t.tier_id for t in figures.tier_quarters))}
    return sorted((t for t in figures.tier_quarters
                   if t.median_hours is not None or t.p90_hours is not None),
                  key=lambda t: (order[t.tier_id], t.quarter))


def _period_code(quarter: Quarter) -> str:
    return str(Quarter(quarter).label) if quarter == Quarter.FULL_YEAR else f"Q{quarter.value}"


def resolution_time_chart(figures: Figures) -> Chart | None:
    """Median and 90th-percentile hours to resolve per tier and period, against the
    tier's resolution time target; its data table is the figures."""
    times = resolution_times(figures)
    if not times:
        return None
    series = [Series(_("Median hours to resolve"), tuple(plain(t.median_hours) for t in times)),
              Series(_("90th percentile hours to resolve"),
                     tuple(plain(t.p90_hours) for t in times))]
    if any(t.resolution_hours is not None for t in times):
        series.append(Series(_("Resolution time target (hours)"),
                             tuple(t.resolution_hours for t in times), is_target=True))
    label = year_label(figures.year)
    return Chart(
        key="resolution-time",
        title=_("Time to resolve incidents by tier against target, %(year)s") % {
            "year": label},
        alt=_("Bars of the median and 90th-percentile hours to resolve each tier's "
              "incidents in each period of %(year)s, with the tier's target: %(tiers)s.") % {
            "year": label, "tiers": "; ".join(
                _("%(tier)s %(period)s median %(median)s, 90th percentile %(p90)s, "
                  "target %(target)s") % {
                    "tier": t.name, "period": _period_code(t.quarter),
                    "median": format_value(plain(t.median_hours), "decimal"),
                    "p90": format_value(plain(t.p90_hours), "decimal"),
                    "target": format_value(t.resolution_hours, "int")}
                for t in times)},
        kind="bar",
        categories=tuple(f"{t.name} {_period_code(t.quarter)}" for t in times),
        series=tuple(series),
        format="decimal",
        category_title=_("Tier and period"),
        value_title=_("Hours to resolve"),
    )


def resolution_time_sentence(figures: Figures) -> str:
    """Which tiers' 90th-percentile time was over their target, and when."""
    times = [t for t in resolution_times(figures)
             if t.p90_hours is not None and t.resolution_hours is not None]
    if not times:
        return ""
    over = [t for t in times if t.p90_hours > t.resolution_hours]
    if not over:
        return _("Nine in ten incidents at every tier were resolved within its resolution "
                 "time target in each period measured from the tickets.")
    return _("The slowest tenth of incidents took longer than the target at %(tiers)s.") % {
        "tiers": join_and([
            _("%(tier)s in %(period)s (%(p90)s hours against %(target)s)") % {
                "tier": t.name, "period": _period_code(t.quarter),
                "p90": format_value(plain(t.p90_hours), "decimal"),
                "target": format_value(t.resolution_hours, "int")}
            for t in over])}


# The section ---------------------------------------------------------------------------


def _findings(figures: Figures) -> list[Finding]:
    findings = []
    for year in figures.shown:
        if year.first_contact_measured is not None and \
                year.first_contact_measured != year.total_calls:
            findings.append(Finding(_(
                "%(period)s: the first-point-of-contact rate is taken over %(measured)s calls, "
                "but %(total)s calls were received by channel."
            ) % {"period": period_text(year),
                 "measured": format_value(year.first_contact_measured, "int"),
                 "total": format_value(year.total_calls, "int")}))
        if 0 < year.first_contact_returns < len(year.quarters):
            findings.append(Finding(_(
                "%(period)s: first-point-of-contact figures are given in %(given)s of the "
                "year's %(returns)s returns; the rate covers those returns only."
            ) % {"period": period_text(year), "given": number_word(year.first_contact_returns),
                 "returns": number_word(len(year.quarters))}))
    current = figures.current
    if current is not None and not current.is_complete:
        findings.append(Finding(
            _("%(year)s holds returns for %(quarters)s only; its figures are the year so far.")
            % {"year": year_label(current.year), "quarters": quarters_text(current.quarters)},
            severity="info",
        ))
    return findings


def _headlines(figures: Figures) -> list[Headline]:
    current, previous = figures.current, figures.get(figures.year - 1)
    headlines = [Headline(
        label=_("Calls for service"), value=current.total_calls, format="int",
        detail=change_detail(current, previous),
        trend=tuple((period_text(f), f.total_calls) for f in figures.years),
    )]
    if current.has_self_service_channel and current.total_calls:
        headlines.append(Headline(
            label=_("Raised through self-service"),
            value=percent_of(current.self_service_calls, current.total_calls),
            format="percent",
            trend=tuple((period_text(f), percent_of(f.self_service_calls, f.total_calls))
                        for f in figures.years if f.has_self_service_channel),
        ))
    rate = first_contact_rate(current)
    if rate is not None:
        target = current.first_contact_target
        headlines.append(Headline(
            label=_("Resolved at first point of contact"), value=rate, format="percent",
            detail=(_("target %(target)s") % {"target": percent_text(target)}
                    if target is not None else ""),
            trend=tuple((period_text(f), first_contact_rate(f)) for f in figures.years
                        if f.first_contact_measured is not None),
        ))
    if figures.service_levels:
        headlines.append(Headline(
            label=_("Service-level breaches"),
            value=sum(t.breaches for t in figures.service_levels), format="int",
        ))
    return headlines


def section_data(figures: Figures) -> SectionData:
    title = str(ServiceDeskSection.title)
    current = figures.current
    if current is None:
        return SectionData(
            key=ServiceDeskSection.key, title=title, has_data=False,
            blocks=(Text(_("No service desk figures were recorded for %(year)s.") % {
                "year": year_label(figures.year)}),),
        )
    shown = figures.shown
    previous = figures.get(figures.year - 1)
    blocks = [
        calls_table(shown),
        Text(f"{calls_sentence(current)} {change_sentence(current, previous)}"),
    ]
    if any(f.first_contact_measured is not None for f in shown):
        blocks.append(first_contact_table(shown))
    blocks.append(Text(first_contact_sentence(current)))
    if figures.service_levels:
        blocks += [service_levels_table(figures.service_levels, figures.year),
                   Text(service_levels_sentences(figures.service_levels, figures.year))]
        chart = resolution_time_chart(figures)
        if chart is not None:
            blocks += [chart, Text(resolution_time_sentence(figures))]
    else:
        blocks.append(Text(_("No service-level figures were recorded for %(year)s.") % {
            "year": year_label(figures.year)}))
    return SectionData(
        key=ServiceDeskSection.key, title=title, blocks=tuple(blocks),
        headlines=tuple(_headlines(figures)), findings=tuple(_findings(figures)),
    )


def _duplicates(names: list[str], path: str, key: str) -> list[tuple[str, str]]:
    problems, seen = [], {}
    for index, name in enumerate(names):
        if name in seen:
            problems.append((f"{path}[{index}].{key}",
                             f"{name!r} is already given at {path}[{seen[name]}]"))
        else:
            seen[name] = index
    return problems


class ServiceDeskSection(ReportSection):
    key = "servicedesk"
    title = gettext_lazy("Service levels")
    chapter = 3
    order = 6
    url_name = "servicedesk:dashboard"
    schema = ServiceDeskPart

    def build(self, *, organisation: Organisation, year: FinancialYear) -> SectionData:
        return section_data(figures_get(organisation=organisation, year=year.start_year))

    def check(self, part: ServiceDeskPart, *, organisation: Organisation | None, year: int,
              path: str) -> list[tuple[str, str]]:
        returns_path = f"{path}.returns"
        problems = [(p.path, p.message) for p in duplicate_period_problems(
            [(r.year, r.period) for r in part.returns], returns_path)]
        problems += _duplicates([c.name for c in part.channels], f"{path}.channels", "name")
        problems += _duplicates([t.name for t in part.tiers], f"{path}.tiers", "name")
        for index, tier in enumerate(part.tiers):
            if tier.resolution_target is not None and tier.resolution_hours is None:
                problems.append((f"{path}.tiers[{index}].resolution_hours",
                                 "is required when resolution_target is given"))

        channels = {c.name for c in part.channels} | set(
            Channel.objects.values_list("name", flat=True))
        tiers = {t.name for t in part.tiers} | set(
            ServiceTier.objects.values_list("name", flat=True))
        for index, entry in enumerate(part.returns):
            at = f"{returns_path}[{index}]"
            if entry.year > year:
                problems.append((f"{at}.year", f"{year_slug(entry.year)} is after the "
                                               f"report's year {year_slug(year)}"))
            for key, rows, attr, known, listed in (
                ("calls", entry.calls, "channel", channels, "channels"),
                ("service_levels", entry.service_levels, "tier", tiers, "tiers"),
            ):
                names = [getattr(row, attr) for row in rows]
                problems += _duplicates(names, f"{at}.{key}", attr)
                problems += [
                    (f"{at}.{key}[{i}].{attr}",
                     f"{name!r} is not listed in {path}.{listed} nor held already")
                    for i, name in enumerate(names) if name not in known
                ]
            first_contact = entry.first_contact
            if first_contact is not None:
                closed, measured = first_contact.closed, first_contact.measured
                if closed is not None and measured is None:
                    problems.append((f"{at}.first_contact.measured",
                                     "is required when closed is given"))
                elif measured is not None and closed is None:
                    problems.append((f"{at}.first_contact.closed",
                                     "is required when measured is given"))
                elif closed is not None and closed > measured:
                    problems.append((f"{at}.first_contact.closed",
                                     f"must not be more than measured ({measured:,})"))
            for i, level in enumerate(entry.service_levels):
                if (level.median_hours is not None and level.p90_hours is not None
                        and level.median_hours > level.p90_hours):
                    problems.append((f"{at}.service_levels[{i}].median_hours",
                                     f"must not be more than p90_hours ({level.p90_hours})"))

        if organisation is not None and part.returns:
            held = set(ServiceDeskReturn.objects.filter(
                organisation=organisation, year_id__in={r.year for r in part.returns}
            ).values_list("year_id", "quarter"))
            for index, entry in enumerate(part.returns):
                full_year = entry.period == Quarter.FULL_YEAR
                clash = {q for y, q in held if y == entry.year and (q == 0) != full_year}
                if clash:
                    problems.append((
                        f"{returns_path}[{index}].period",
                        f"{year_slug(entry.year)} already holds "
                        + ("quarterly returns" if full_year else "a full-year return")
                        + "; a year holds either one full-year return or quarterly ones",
                    ))
        return problems

    def save(self, part: ServiceDeskPart, *, organisation: Organisation,
             year: FinancialYear) -> None:
        report_part_save(part=part, organisation=organisation)

    def dump(self, *, organisation: Organisation, year: FinancialYear) -> dict | None:
        returns = list(
            ServiceDeskReturn.objects.filter(
                organisation=organisation,
                year_id__gt=year.start_year - YEARS_SHOWN, year_id__lte=year.start_year,
            )
            .prefetch_related(
                Prefetch("channel_calls",
                         ChannelCalls.objects.select_related("channel")
                         .order_by("channel__position", "channel__name")),
                Prefetch("service_levels",
                         ServiceLevelResult.objects.select_related("tier")
                         .order_by("tier__position", "tier__name")),
            )
            .order_by("year_id", "quarter")
        )
        if not returns:
            return None
        part = {"channels": [{"name": c.name, "self_service": c.self_service}
                             for c in Channel.objects.all()]}
        tiers = [_without_none({"name": t.name, "availability_target": t.availability_target,
                                "resolution_hours": t.resolution_hours,
                                "resolution_target": t.resolution_target})
                 for t in ServiceTier.objects.all()]
        if tiers:
            part["tiers"] = tiers
        part["returns"] = [_dump_return(r) for r in returns]
        return part


def _without_none(values: dict) -> dict:
    return {k: v for k, v in values.items() if v is not None}


def _dump_return(desk_return: ServiceDeskReturn) -> dict:
    entry = {"year": year_slug(desk_return.year_id),
             "period": Quarter(desk_return.quarter).code}
    calls = [{"channel": c.channel.name, "calls": c.calls}
             for c in desk_return.channel_calls.all()]
    if calls:
        entry["calls"] = calls
    first_contact = _without_none({"closed": desk_return.first_contact_closed,
                                   "measured": desk_return.first_contact_measured,
                                   "target": desk_return.first_contact_target})
    if first_contact:
        entry["first_contact"] = first_contact
    levels = [_without_none({"tier": s.tier.name, "availability": s.availability,
                             "resolved_in_time": s.resolved_in_time, "breaches": s.breaches,
                             "incidents": s.incidents, "median_hours": s.median_hours,
                             "p90_hours": s.p90_hours})
              for s in desk_return.service_levels.all()]
    if levels:
        entry["service_levels"] = levels
    return entry
