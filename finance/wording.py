"""Finance's words: pure functions from figures to whole translatable sentences. Every
sentence is generated from the same figures as the table, so the text cannot contradict
it; a line's commentary (the reasons, written by people) follows its sentence. Nothing
here queries."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from finance.selectors import LinePosition, YearTotals
from ictreport.core.formatting import format_millions, format_value, percent_of
from ictreport.core.periods import Quarter


def money(value: Decimal) -> str:
    return format_value(abs(value), "money")


def headline_sum(value: Decimal) -> str:
    """Board papers give a year's position in millions ("£0.08m"); a sum too small to
    show that way is given in pounds rather than as "£0.00m"."""
    if abs(value) < Decimal(5_000):
        return money(value)
    return format_millions(value)


def quarter_label(quarter: int) -> str:
    """The quarter a position runs to, as the sentences name it ("Q2 (Jul–Sep)"). Each
    sentence says "by the end of", "to the end of" in its own words: Welsh mutates the
    noun after the preposition, so no phrase is built once and put in several."""
    return str(Quarter(quarter).label)


def percent_text(value) -> str:
    return format_value(value, "percent")


def overall_sentence(totals: YearTotals) -> str:
    variance = totals.variance
    if totals.complete:
        if variance > 0:
            return _("Overall, the budgets were underspent for the year by %(sum)s.") % {
                "sum": headline_sum(variance)}
        if variance < 0:
            return _("Overall, the budgets were overspent for the year by %(sum)s.") % {
                "sum": headline_sum(variance)}
        return _("Overall, expenditure for the year matched the budget exactly.")
    values = {"sum": headline_sum(variance), "quarter": quarter_label(totals.quarter)}
    if variance > 0:
        return _("By the end of %(quarter)s, the budgets were underspent by %(sum)s "
                 "against the budget to date.") % values
    if variance < 0:
        return _("By the end of %(quarter)s, the budgets were overspent by %(sum)s "
                 "against the budget to date.") % values
    return _("By the end of %(quarter)s, expenditure matched the budget to date "
             "exactly.") % values


def line_sentence(position: LinePosition) -> str:
    variance = position.variance
    share = percent_of(abs(variance), position.budget_to_date)
    values = {"line": position.name, "sum": money(variance),
              "percent": None if share is None else percent_text(share)}
    if variance == 0:
        if position.complete:
            return _("The %(line)s line was spent exactly as budgeted.") % values
        return _("The %(line)s line was spent exactly as budgeted to date.") % values
    under = variance > 0
    if values["percent"] is None:  # nothing was budgeted, so no share of it to give
        if position.complete:
            return (_("The %(line)s line was underspent by %(sum)s.") if under
                    else _("The %(line)s line was overspent by %(sum)s.")) % values
        return (_("The %(line)s line was underspent to date by %(sum)s.") if under
                else _("The %(line)s line was overspent to date by %(sum)s.")) % values
    if position.complete:
        return (_("The %(line)s line was underspent by %(sum)s (%(percent)s of its "
                  "budget).") if under
                else _("The %(line)s line was overspent by %(sum)s (%(percent)s of its "
                       "budget).")) % values
    return (_("The %(line)s line was underspent to date by %(sum)s (%(percent)s of its "
              "budget to date).") if under
            else _("The %(line)s line was overspent to date by %(sum)s (%(percent)s of "
                   "its budget to date).")) % values


def line_paragraphs(positions: list[LinePosition]) -> list[str]:
    """Each line's sentence followed by its commentary. Lines that share one
    explanation (as the source explains SRS and DSD together) share one paragraph. A
    paragraph is whole sentences one after another, never fragments of one."""
    groups: dict[str, list[LinePosition]] = {}
    paragraphs = []
    for position in positions:
        commentary = position.commentary.strip()
        if not commentary:
            paragraphs.append([position])
        elif commentary in groups:
            groups[commentary].append(position)
        else:
            groups[commentary] = [position]
            paragraphs.append(groups[commentary])
    out = []
    for group in paragraphs:
        sentences = [line_sentence(p) for p in group]
        commentary = group[0].commentary
        if not commentary.strip():
            out.append(" ".join(sentences))
        elif getattr(commentary, "fallback", False):
            # Commentary held only in English, on a Welsh page: its own paragraph, which
            # keeps its language so that the page can mark it lang="en".
            out += [" ".join(sentences), same_language(commentary, commentary.strip())]
        else:
            out.append(" ".join([*sentences, commentary.strip()]))
    return out


def same_language(source: str, text: str) -> str:
    """``text`` (cut from ``source``) still saying the language ``source`` is in, where
    ``source`` says it (``ictreport.core.bilingual.Bilingual``)."""
    lang = getattr(source, "lang", None)
    if lang is None:
        return text
    return type(source)(text, lang, getattr(source, "fallback", False))



def position_phrase(totals: YearTotals) -> str:
    """The year's variance as a headline's detail."""
    variance = totals.variance
    amount = {"sum": headline_sum(variance)}
    if variance > 0:
        return (_("Underspent for the year by %(sum)s") if totals.complete
                else _("Underspent to date by %(sum)s")) % amount
    if variance < 0:
        return (_("Overspent for the year by %(sum)s") if totals.complete
                else _("Overspent to date by %(sum)s")) % amount
    return _("On budget")


def to_date_detail(totals: YearTotals) -> str:
    """The expenditure headline's detail for a year in progress."""
    return _("to the end of %(quarter)s") % {"quarter": quarter_label(totals.quarter)}


def pounds_text(amount: Decimal) -> str:
    """A sum of money as the site writes it (``£1,234.50``, ``-£30.00``), in the active
    language's notation."""
    text = number_format(abs(amount), decimal_pos=2, force_grouping=True)
    if amount < 0:
        return _("-£%(amount)s") % {"amount": text}
    return _("£%(amount)s") % {"amount": text}
