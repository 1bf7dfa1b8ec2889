"""The audit section's words: pure functions from its figures to whole sentences.

Nothing here reads the database; ``section.py`` puts these sentences beside the tables
and charts built from the same figures.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audits.choices import Priority
from audits.models import AuditOpinion, AuditReview, ComplianceCertificate, HealthCheck
from audits.selectors import OpenRecommendations, RecommendationSummary
from ictreport.core.formatting import number_word
from ictreport.core.models import Organisation
from ictreport.core.periods import Quarter
from ictreport.core.wording import and_list


def _priority_clause(priority: str, count: int) -> str:
    """One item of the recommendations sentence's list, "34 were medium": a whole clause
    per priority, so a translation can give each priority's adjective its own form."""
    values = {"count": number_word(count)}
    if priority == Priority.HIGH:
        if count == 0:
            return _("none was high")
        return ngettext("%(count)s was high", "%(count)s were high", count) % values
    if priority == Priority.MEDIUM:
        if count == 0:
            return _("none was medium")
        return ngettext("%(count)s was medium", "%(count)s were medium", count) % values
    if count == 0:
        return _("none was low")
    return ngettext("%(count)s was low", "%(count)s were low", count) % values


def whole_percent(value: Decimal) -> int:
    """A stored percentage as the whole number shown, rounded half up (66.5 → 67)."""
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def month_label(day: dt.date) -> str:
    return date_format(day, "YEAR_MONTH_FORMAT")


def day_label(day: dt.date) -> str:
    return date_format(day, "j F Y")


def recommendations_sentence(summary: RecommendationSummary) -> str:
    """"These reports generated 48 recommendations, of which one was high, 34 were medium
    and 13 were low." """
    total = summary.total
    if total == 0:
        return _("These reports generated no recommendations.")
    parts = [_priority_clause(priority, count) for priority, count in summary.by_priority.items()]
    return ngettext(
        "These reports generated %(total)s recommendation, of which %(parts)s.",
        "These reports generated %(total)s recommendations, of which %(parts)s.",
        total,
    ) % {"total": number_word(total), "parts": and_list(parts)}


def limited_sentence(reviews: list[AuditReview], opinions: list[AuditOpinion]) -> str | None:
    """"Of the 12 internal audits, two had the opinion Limited and none had the opinion
    No assurance." """
    flagged = [o for o in opinions if o.limited]
    if not reviews or not flagged:
        return None
    parts = []
    for opinion in flagged:
        count = sum(1 for r in reviews if r.opinion_id == opinion.id)
        if count == 0:
            parts.append(_("none had the opinion %(opinion)s") % {"opinion": opinion.name})
        else:
            parts.append(ngettext("%(count)s had the opinion %(opinion)s",
                                  "%(count)s had the opinion %(opinion)s", count)
                         % {"count": number_word(count), "opinion": opinion.name})
    return ngettext(
        "Of the %(total)s internal audit, %(parts)s.",
        "Of the %(total)s internal audits, %(parts)s.",
        len(reviews),
    ) % {"total": number_word(len(reviews)), "parts": and_list(parts)}


def health_check_sentence(check: HealthCheck) -> str:
    """"The IT health check was undertaken in April 2019: 41 remediation tasks have been
    completed (covering 1,000 host devices) and …"; four counts, so each is a whole phrase
    of its own (its number said in the form its noun needs) within the one sentence."""
    values = {
        "month": month_label(check.carried_out),
        "tasks_done": ngettext(
            "%(count)s remediation task has been completed",
            "%(count)s remediation tasks have been completed",
            check.tasks_completed) % {"count": number_word(check.tasks_completed)},
        "hosts_done": ngettext(
            "covering %(count)s host device", "covering %(count)s host devices",
            check.hosts_completed) % {"count": number_word(check.hosts_completed)},
        "tasks_open": ngettext(
            "%(count)s remediation task is in progress",
            "%(count)s remediation tasks are in progress",
            check.tasks_in_progress) % {"count": number_word(check.tasks_in_progress)},
        "hosts_open": ngettext(
            "covering %(count)s host device", "covering %(count)s host devices",
            check.hosts_in_progress) % {"count": number_word(check.hosts_in_progress)},
    }
    if check.audit_return.quarter == Quarter.FULL_YEAR:
        return _(
            "The IT health check was undertaken in %(month)s: %(tasks_done)s (%(hosts_done)s) "
            "and %(tasks_open)s (%(hosts_open)s)."
        ) % values
    values["period"] = check.audit_return.get_quarter_display()
    return _(
        "The IT health check was undertaken in %(month)s: %(tasks_done)s (%(hosts_done)s) "
        "and %(tasks_open)s (%(hosts_open)s). Progress as reported for %(period)s."
    ) % values


def _achieved_sentence(certificate: ComplianceCertificate, organisation: Organisation) -> str:
    """"Gwent Police achieved PSN compliance from the Home Office in March 2020." """
    values = {"organisation": organisation.name, "name": certificate.name,
              "issuer": certificate.issuer}
    if certificate.achieved_month_only:
        values["month"] = month_label(certificate.achieved_on)
        if certificate.issuer:
            return _("%(organisation)s achieved %(name)s from %(issuer)s in %(month)s.") % values
        return _("%(organisation)s achieved %(name)s in %(month)s.") % values
    values["date"] = day_label(certificate.achieved_on)
    if certificate.issuer:
        return _("%(organisation)s achieved %(name)s from %(issuer)s on %(date)s.") % values
    return _("%(organisation)s achieved %(name)s on %(date)s.") % values


def _expiry_sentence(certificate: ComplianceCertificate, on: dt.date) -> str:
    if certificate.expires_on is None:
        return _("Its expiry date is not recorded.")
    values = {"date": day_label(certificate.expires_on)}
    if certificate.expires_on < on:
        return _("It expired on %(date)s.") % values
    return _("It expires on %(date)s.") % values


def certificate_sentence(certificate: ComplianceCertificate, *, organisation: Organisation,
                         on: dt.date) -> str:
    """Two whole sentences, each translated whole: when the certificate was achieved, and
    its expiry."""
    return f"{_achieved_sentence(certificate, organisation)} {_expiry_sentence(certificate, on)}"


def open_sentence(open_: OpenRecommendations) -> str:
    """"On 31 March 2020 14 recommendations were open, three of them overdue." """
    date = day_label(open_.as_at)
    if open_.open == 0:
        return _("On %(date)s no recommendations were open.") % {"date": date}
    values = {"date": date, "count": number_word(open_.open),
              "overdue": number_word(open_.overdue)}
    if open_.overdue == 0:
        return ngettext(
            "On %(date)s %(count)s recommendation was open, none of them overdue.",
            "On %(date)s %(count)s recommendations were open, none of them overdue.",
            open_.open,
        ) % values
    if open_.overdue == open_.open == 1:
        return _("On %(date)s one recommendation was open, and it was overdue.") % values
    return ngettext(
        "On %(date)s %(count)s recommendation was open, %(overdue)s of them overdue.",
        "On %(date)s %(count)s recommendations were open, %(overdue)s of them overdue.",
        open_.open,
    ) % values
