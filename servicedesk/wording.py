"""The service desk's words: pure functions from its figures to whole sentences.

Nothing here reads the database; ``section.py`` and ``dashboard.py`` put these
sentences beside the tables and charts built from the same figures.
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

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


def quarter_code(quarter: int | Quarter) -> str:
    """A quarter as tables and sentences write it: 1 → "Q1" (Welsh "Ch1")."""
    return pgettext("quarter code", "Q%(number)s") % {"number": int(quarter)}


def quarters_text(quarters: tuple[Quarter, ...]) -> str:
    """(Q1, Q2, Q3) → "Q1–Q3"; (Q1, Q3) → "Q1 and Q3"."""
    values = [q.value for q in quarters]
    if len(values) > 1 and values == list(range(values[0], values[-1] + 1)):
        return pgettext("range of quarters", "%(first)s–%(last)s") % {
            "first": quarter_code(values[0]), "last": quarter_code(values[-1])}
    return and_list([quarter_code(v) for v in values])


def period_text(figures: PeriodFigures) -> str:
    """"2019/20" for a whole year; "Q1–Q2 2019/20" for a year still being reported."""
    if figures.is_complete:
        return year_label(figures.year)
    return pgettext("quarters of a year", "%(quarters)s %(year)s") % {
        "quarters": quarters_text(figures.quarters), "year": year_label(figures.year)}


def percent_text(value: Decimal | int | None) -> str:
    """A stored percentage as written: 65.00 → "65%", 99.95 → "99.95%"."""
    return format_value(plain(value), "percent")


def plain(value: Decimal | None) -> Decimal | int | None:
    """A stored percentage without trailing zeros, for tables and charts."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value.normalize()


def period_code(quarter: Quarter) -> str:
    """A return's period in a chart: "Full year" or "Q1" … "Q4"."""
    if quarter == Quarter.FULL_YEAR:
        return str(Quarter(quarter).label)
    return quarter_code(quarter)


def _share(part: int, whole: int) -> str:
    return format_value(percent_of(part, whole), "percent")


def calls_sentence(figures: PeriodFigures) -> str:
    """The calls received and how they came, as one whole sentence (the year, or the
    quarters of a year still being reported)."""
    total = figures.total_calls
    whole_year = figures.is_complete
    values = {"count": format_value(total, "int"),
              "quarters": quarters_text(figures.quarters)}
    if total == 0:
        if whole_year:
            return _("No requests for service were recorded in the year.")
        return _("No requests for service were recorded in %(quarters)s of the year.") % values
    others = [c for c in figures.channels if not c.self_service and c.calls]
    if not figures.has_self_service_channel:
        if whole_year:
            return ngettext("There was %(count)s request for service in the year.",
                            "There were %(count)s requests for service in the year.",
                            total) % values
        return ngettext(
            "There was %(count)s request for service in %(quarters)s of the year.",
            "There were %(count)s requests for service in %(quarters)s of the year.",
            total) % values
    self_service = figures.self_service_calls
    if not others:
        if whole_year:
            return ngettext(
                "There was %(count)s request for service in the year, requested through "
                "self-service.",
                "There were %(count)s requests for service in the year, all of which were "
                "requested through self-service.", total) % values
        return ngettext(
            "There was %(count)s request for service in %(quarters)s of the year, "
            "requested through self-service.",
            "There were %(count)s requests for service in %(quarters)s of the year, all of "
            "which were requested through self-service.", total) % values
    if self_service == 0:
        if whole_year:
            return ngettext(
                "There was %(count)s request for service in the year, not requested "
                "through self-service.",
                "There were %(count)s requests for service in the year, none of which were "
                "requested through self-service.", total) % values
        return ngettext(
            "There was %(count)s request for service in %(quarters)s of the year, not "
            "requested through self-service.",
            "There were %(count)s requests for service in %(quarters)s of the year, none "
            "of which were requested through self-service.", total) % values
    values["share"] = _share(self_service, total)
    if len(others) == 1:
        values["channel"] = others[0].name
        if whole_year:
            return ngettext(
                "There was %(count)s request for service in the year of which %(share)s "
                "were requested through self-service with the remainder being "
                "%(channel)s calls for service.",
                "There were %(count)s requests for service in the year of which %(share)s "
                "were requested through self-service with the remainder being "
                "%(channel)s calls for service.", total) % values
        return ngettext(
            "There was %(count)s request for service in %(quarters)s of the year of which "
            "%(share)s were requested through self-service with the remainder being "
            "%(channel)s calls for service.",
            "There were %(count)s requests for service in %(quarters)s of the year of "
            "which %(share)s were requested through self-service with the remainder being "
            "%(channel)s calls for service.", total) % values
    values["channels"] = or_list([
        pgettext("a channel and its share", "%(channel)s (%(share)s)") % {
            "channel": c.name, "share": _share(c.calls, total)}
        for c in others])
    if whole_year:
        return ngettext(
            "There was %(count)s request for service in the year of which %(share)s were "
            "requested through self-service with the remainder being %(channels)s calls "
            "for service.",
            "There were %(count)s requests for service in the year of which %(share)s were "
            "requested through self-service with the remainder being %(channels)s calls "
            "for service.", total) % values
    return ngettext(
        "There was %(count)s request for service in %(quarters)s of the year of which "
        "%(share)s were requested through self-service with the remainder being "
        "%(channels)s calls for service.",
        "There were %(count)s requests for service in %(quarters)s of the year of which "
        "%(share)s were requested through self-service with the remainder being "
        "%(channels)s calls for service.", total) % values


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
    if percent == 0:  # under half a percent: never called "0%"
        values = {"percent": format_value(1, "percent")}
        if change < 0:
            return _("This is a reduction of less than %(percent)s in the volume of calls "
                     "for service.") % values
        return _("This is an increase of less than %(percent)s in the volume of calls for "
                 "service.") % values
    values = {"percent": format_value(percent, "percent")}
    if change < 0:
        return _("This is a %(percent)s reduction in the volume of calls for service.") % values
    return _("This is a %(percent)s increase in the volume of calls for service.") % values


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
    values = {"period": period, "rate": format_value(rate, "percent")}
    if figures.first_contact_target is None:
        return _("In %(period)s %(rate)s of calls were resolved at first point of "
                 "contact.") % values
    values["target"] = percent_text(figures.first_contact_target)
    return _("In %(period)s %(rate)s of calls were resolved at first point of contact. "
             "The target was %(target)s.") % values


def resolution_target_text(tier: TierFigures) -> str | None:
    """A tier's resolution target as its table cell says it: "95% within 4 hours"."""
    if tier.resolution_hours is None:
        return None
    values = {"hours": format_value(tier.resolution_hours, "int")}
    if tier.resolution_target is None:
        return ngettext("within %(hours)s hour", "within %(hours)s hours",
                        tier.resolution_hours) % values
    values["target"] = percent_text(tier.resolution_target)
    return ngettext("%(target)s within %(hours)s hour", "%(target)s within %(hours)s hours",
                    tier.resolution_hours) % values


def _short_of_target(tiers, achieved: str, target: str) -> str:
    return and_list([
        _("%(tier)s (%(achieved)s against %(target)s)") % {
            "tier": t.name, "achieved": percent_text(getattr(t, achieved)),
            "target": percent_text(getattr(t, target))}
        for t in tiers])


def service_levels_sentences(tiers: tuple[TierFigures, ...], year: int) -> str:
    """The year's breaches, then each measure against its targets: whole sentences."""
    label = year_label(year)
    breached = [t for t in tiers if t.breaches]
    total = sum(t.breaches for t in tiers)
    if not breached:
        sentences = [_("No service levels were breached in %(year)s.") % {"year": label}]
    else:
        at = and_list([
            ngettext("%(count)s at %(tier)s", "%(count)s at %(tier)s", t.breaches) % {
                "count": number_word(t.breaches), "tier": t.name}
            for t in breached])
        sentences = [ngettext(
            "There was %(count)s service-level breach in %(year)s: %(at)s.",
            "There were %(count)s service-level breaches in %(year)s: %(at)s.", total,
        ) % {"count": number_word(total), "year": label, "at": at}]
    for achieved, target, met, below in (
        ("availability", "availability_target",
         _("Availability met its target at every tier that has one."),
         _("Availability was below target at %(tiers)s.")),
        ("resolved_in_time", "resolution_target",
         _("The share of incidents resolved in time met its target at every tier that "
           "has one."),
         _("The share of incidents resolved in time was below target at %(tiers)s.")),
    ):
        measured = [t for t in tiers
                    if getattr(t, achieved) is not None and getattr(t, target) is not None]
        if not measured:
            continue
        short = [t for t in measured if getattr(t, achieved) < getattr(t, target)]
        if not short:
            sentences.append(met)
        else:
            sentences.append(below % {"tiers": _short_of_target(short, achieved, target)})
    # Whole sentences, one after another in a paragraph.
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
            # A measured time in hours (a decimal), not a count: "4.5 hours".
            _("%(tier)s in %(period)s (%(p90)s hours against %(target)s)") % {
                "tier": t.name, "period": period_code(t.quarter),
                "p90": format_value(plain(t.p90_hours), "decimal"),
                "target": format_value(t.resolution_hours, "int")}
            for t in over])}
