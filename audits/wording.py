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


def _priority_words():
    return {Priority.HIGH: _("high"), Priority.MEDIUM: _("medium"), Priority.LOW: _("low")}


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
    words = _priority_words()
    parts = []
    for priority, count in summary.by_priority.items():
        if count == 0:
            parts.append(_("none was %(priority)s") % {"priority": words[priority]})
        else:
            parts.append(ngettext("%(count)s was %(priority)s", "%(count)s were %(priority)s",
                                  count)
                         % {"count": number_word(count), "priority": words[priority]})
    total = summary.total
    if total == 0:
        return _("These reports generated no recommendations.")
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
    tasks_done = ngettext("%(count)s remediation task has been completed",
                          "%(count)s remediation tasks have been completed",
                          check.tasks_completed) % {"count": number_word(check.tasks_completed)}
    hosts_done = ngettext("covering %(count)s host device", "covering %(count)s host devices",
                          check.hosts_completed) % {"count": number_word(check.hosts_completed)}
    tasks_open = ngettext("%(count)s remediation task is in progress",
                          "%(count)s remediation tasks are in progress",
                          check.tasks_in_progress) % {
        "count": number_word(check.tasks_in_progress)}
    hosts_open = ngettext("covering %(count)s host device", "covering %(count)s host devices",
                          check.hosts_in_progress) % {
        "count": number_word(check.hosts_in_progress)}
    sentence = _(
        "The IT health check was undertaken in %(month)s: %(tasks_done)s (%(hosts_done)s) and "
        "%(tasks_open)s (%(hosts_open)s)."
    ) % {"month": month_label(check.carried_out), "tasks_done": tasks_done,
         "hosts_done": hosts_done, "tasks_open": tasks_open, "hosts_open": hosts_open}
    if check.audit_return.quarter != Quarter.FULL_YEAR:
        sentence += " " + _("Progress as reported for %(period)s.") % {
            "period": check.audit_return.get_quarter_display()}
    return sentence


def certificate_sentence(certificate: ComplianceCertificate, *, organisation: Organisation,
                         on: dt.date) -> str:
    if certificate.achieved_month_only:
        when = _("in %(month)s") % {"month": month_label(certificate.achieved_on)}
    else:
        when = _("on %(date)s") % {"date": day_label(certificate.achieved_on)}
    values = {"organisation": organisation.name, "name": certificate.name,
              "issuer": certificate.issuer, "when": when}
    if certificate.issuer:
        sentence = _("%(organisation)s achieved %(name)s from %(issuer)s %(when)s.") % values
    else:
        sentence = _("%(organisation)s achieved %(name)s %(when)s.") % values
    if certificate.expires_on is None:
        return sentence + " " + _("Its expiry date is not recorded.")
    if certificate.expires_on < on:
        return sentence + " " + _("It expired on %(date)s.") % {
            "date": day_label(certificate.expires_on)}
    return sentence + " " + _("It expires on %(date)s.") % {
        "date": day_label(certificate.expires_on)}


def open_sentence(open_: OpenRecommendations) -> str:
    if open_.open == 0:
        return _("On %(date)s no recommendations were open.") % {"date": day_label(open_.as_at)}
    overdue = (_("none of them overdue") if open_.overdue == 0 else
               ngettext("%(count)s of them overdue", "%(count)s of them overdue", open_.overdue)
               % {"count": number_word(open_.overdue)})
    return ngettext(
        "On %(date)s %(count)s recommendation was open, %(overdue)s.",
        "On %(date)s %(count)s recommendations were open, %(overdue)s.",
        open_.open,
    ) % {"date": day_label(open_.as_at), "count": number_word(open_.open), "overdue": overdue}
