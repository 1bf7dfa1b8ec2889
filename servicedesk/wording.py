"""The service desk's words: pure functions from its figures to whole sentences.

Nothing here reads the database; ``section.py`` and ``dashboard.py`` put these
sentences beside the tables and charts built from the same figures.
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ictreport.core.formatting import format_value, number_word, percent_of
from ictreport.core.periods import Quarter, year_label
from ictreport.core.wording import and_list, or_list
from ictreport.core.wording import change_detail as core_change_detail
from servicedesk.selectors import (
    Figures,
    PeriodFigures,
    TierFigures,
    first_contact_rate,
    resolution_times,
)


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


def period_code(quarter: Quarter) -> str:
    return str(Quarter(quarter).label) if quarter == Quarter.FULL_YEAR else f"Q{quarter.value}"


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
        remainder = or_list([f"{channel_phrase(c.name)} ({percent_of(c.calls, total)}%)"
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
    return core_change_detail(current.total_calls, previous.total_calls,
                              previous_year=previous.year, by="percent")


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


def resolution_target_text(tier: TierFigures) -> str | None:
    if tier.resolution_hours is None:
        return None
    hours = ngettext("%(hours)s hour", "%(hours)s hours", tier.resolution_hours) % {
        "hours": tier.resolution_hours}
    if tier.resolution_target is None:
        return _("within %(hours)s") % {"hours": hours}
    return _("%(target)s within %(hours)s") % {
        "target": percent_text(tier.resolution_target), "hours": hours}


def service_levels_sentences(tiers: tuple[TierFigures, ...], year: int) -> str:
    label = year_label(year)
    breached = [t for t in tiers if t.breaches]
    total = sum(t.breaches for t in tiers)
    if not breached:
        sentences = [_("No service levels were breached in %(year)s.") % {"year": label}]
    else:
        at = and_list([_("%(count)s at %(tier)s") % {"count": number_word(t.breaches),
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
                "tiers": and_list([
                    _("%(tier)s (%(achieved)s against %(target)s)") % {
                        "tier": t.name, "achieved": percent_text(getattr(t, achieved)),
                        "target": percent_text(getattr(t, target))}
                    for t in short]),
            })
    return " ".join(sentences)


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
        "tiers": and_list([
            _("%(tier)s in %(period)s (%(p90)s hours against %(target)s)") % {
                "tier": t.name, "period": period_code(t.quarter),
                "p90": format_value(plain(t.p90_hours), "decimal"),
                "target": format_value(t.resolution_hours, "int")}
            for t in over])}
