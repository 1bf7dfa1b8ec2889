"""The projects app's words: pure functions from figures to whole translatable sentences.
Nothing here queries."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ictreport.core.periods import Quarter

NOT_RECORDED = gettext_lazy("Not recorded")


def period_end(periods: list[Quarter]) -> str:
    if periods and periods[-1] != Quarter.FULL_YEAR:
        return str(periods[-1].label)
    return _("the year")


def core_work_sentence(year, totals, periods, by_year) -> str:
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
            "period": period_end(periods),
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


def team_chart_alt(teams) -> str:
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



def trend_label(figures) -> str:
    """A year still being reported by its quarters must not read like a whole one."""
    if figures.complete:
        return figures.label
    return _("%(year)s (to %(quarter)s)") % {"year": figures.label,
                                            "quarter": f"Q{figures.period.value}"}

