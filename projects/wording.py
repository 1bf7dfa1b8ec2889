"""The projects app's words: pure functions from figures to whole translatable sentences.
Nothing here queries.

Each sentence is one msgid with named placeholders; where a count is spoken it goes
through ``ngettext`` (Welsh has six plural forms) and every figure through
``ictreport.core.formatting``. Where a sentence differs between "the end of the year"
and "the end of Q2 (Jul–Sep)", both are whole msgids: a translation may need to
word them differently.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext, pgettext_lazy

from ictreport.core.formatting import format_value
from ictreport.core.periods import Quarter

NOT_RECORDED = gettext_lazy("Not recorded")

# The short name of a quarter, as chart categories and trends write it ("Q2").
_SHORT_QUARTER = {
    Quarter.Q1: pgettext_lazy("short name of a quarter", "Q1"),
    Quarter.Q2: pgettext_lazy("short name of a quarter", "Q2"),
    Quarter.Q3: pgettext_lazy("short name of a quarter", "Q3"),
    Quarter.Q4: pgettext_lazy("short name of a quarter", "Q4"),
}


def short_quarter(quarter) -> str:
    """``Quarter.Q2`` (or 2) → "Q2"; the full year keeps its label."""
    quarter = Quarter(quarter)
    if quarter == Quarter.FULL_YEAR:
        return str(quarter.label)
    return str(_SHORT_QUARTER[quarter])


def last_quarter(periods: list[Quarter]) -> Quarter | None:
    """The quarter whose end the year's outstanding items stand at; None when that is
    the end of the year (a full-year return, or nothing held)."""
    if periods and periods[-1] != Quarter.FULL_YEAR:
        return periods[-1]
    return None


def period_end_label(periods: list[Quarter]) -> str:
    """The headline's label for outstanding items."""
    quarter = last_quarter(periods)
    if quarter is None:
        return _("Outstanding at the end of the year")
    return _("Outstanding at the end of %(quarter)s") % {"quarter": quarter.label}


def core_work_note(periods: list[Quarter]) -> str:
    quarter = last_quarter(periods)
    if quarter is None:
        return _("Completed: items finished in the year. Outstanding: items still open at "
                 "the end of the year.")
    return _("Completed: items finished in the year. Outstanding: items still open at the "
             "end of %(quarter)s.") % {"quarter": quarter.label}


def _completed_sentence(year, completed: int) -> str:
    return ngettext(
        "In %(year)s the teams completed %(count)s item of core planned work.",
        "In %(year)s the teams completed %(count)s items of core planned work.",
        completed,
    ) % {"year": year.label, "count": format_value(completed, "int")}


def _outstanding_sentence(totals, periods) -> str:
    values = {"count": format_value(totals.outstanding, "int"),
              "total": format_value(totals.total, "int")}
    quarter = last_quarter(periods)
    if quarter is None:
        return ngettext(
            "At the end of the year %(count)s item was still outstanding, %(total)s in all.",
            "At the end of the year %(count)s items were still outstanding, %(total)s in "
            "all.",
            totals.outstanding,
        ) % values
    return ngettext(
        "At the end of %(quarter)s %(count)s item was still outstanding, %(total)s in all.",
        "At the end of %(quarter)s %(count)s items were still outstanding, %(total)s in all.",
        totals.outstanding,
    ) % {**values, "quarter": quarter.label}


def _change_sentence(change: int, previous_label: str) -> str:
    values = {"count": format_value(abs(change), "int"), "year": previous_label}
    if change > 0:
        return ngettext("That is %(count)s more completed than in %(year)s.",
                        "That is %(count)s more completed than in %(year)s.",
                        abs(change)) % values
    if change < 0:
        return ngettext("That is %(count)s fewer completed than in %(year)s.",
                        "That is %(count)s fewer completed than in %(year)s.",
                        abs(change)) % values
    return _("That is as many completed as in %(year)s.") % values


def core_work_sentence(year, totals, periods, by_year) -> str:
    """The section's paragraph on core planned work: whole sentences, one after another."""
    sentences = [_completed_sentence(year, totals.completed)]
    if totals.outstanding is not None:
        sentences.append(_outstanding_sentence(totals, periods))
    previous = by_year.get(year.start_year - 1)
    if previous is not None and not (totals.complete and previous.complete):
        partial, other = (previous, totals) if totals.complete else (totals, previous)
        sentences.append(_("%(year)s holds returns up to %(quarter)s only, so its completed "
                           "items are not compared with %(other)s.") % {
            "year": partial.label, "quarter": partial.period.label, "other": other.label})
    elif previous is not None:
        sentences.append(_change_sentence(totals.completed - previous.completed,
                                          previous.label))
    return " ".join(sentences)


def team_chart_alt(teams) -> str:
    most = max(teams, key=lambda t: t.completed)
    backlog = max(teams, key=lambda t: t.outstanding or 0)
    values = {
        "count": format_value(len(teams), "int"), "most": most.label,
        "most_n": format_value(most.completed, "int"),
        "backlog": backlog.label, "backlog_n": format_value(backlog.outstanding or 0, "int"),
    }
    if most is backlog:
        return ngettext(
            "A bar for %(count)s team, split into completed and outstanding items. "
            "%(most)s completed %(most_n)s and had %(backlog_n)s outstanding.",
            "A bar for each of %(count)s teams, split into completed and outstanding items. "
            "%(most)s completed the most (%(most_n)s) and had the most outstanding "
            "(%(backlog_n)s).",
            len(teams),
        ) % values
    return ngettext(
        "A bar for each of %(count)s teams, split into completed and outstanding items. "
        "%(most)s completed the most (%(most_n)s); %(backlog)s had the most outstanding "
        "(%(backlog_n)s).",
        "A bar for each of %(count)s teams, split into completed and outstanding items. "
        "%(most)s completed the most (%(most_n)s); %(backlog)s had the most outstanding "
        "(%(backlog_n)s).",
        len(teams),
    ) % values


def trend_label(figures) -> str:
    """A year still being reported by its quarters must not read like a whole one."""
    if figures.complete:
        return figures.label
    return pgettext("a year's label in a trend", "%(year)s (to %(quarter)s)") % {
        "year": figures.label, "quarter": short_quarter(figures.period)}
