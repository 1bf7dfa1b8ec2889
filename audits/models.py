"""Section 3.7 of the report: internal audit assurance, recommendations, the IT health
check's remediation and compliance certificates.

Everything hangs from an ``AuditReturn`` (one organisation's period). Reviews and
recommendation counts are flows: a year holds what its returns raised. Health-check
progress, percent complete by severity and certificates are stocks: each return says
where things stood, and the year shows its latest return that holds them.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from audits.choices import Priority, RecommendationStatus, Severity
from ictreport.core.constraints import (
    extended_meta,
    in_choices,
    never_negative,
    one_per_key,
    optional,
    rule,
)
from ictreport.core.fields import flag_field, optional_text, return_link
from ictreport.core.models import QuarterlyReturn
from ictreport.core.naming import OrderedName
from ictreport.core.recorded import Recorded

PRIORITY_KNOWN = _("The priority must be high, medium or low.")
MONTH_ONLY_START = _("When only the month is known, enter the first day of that month.")


class AuditOpinion(OrderedName):
    """One grade on the assurance scale (Substantial … No assurance, Advisory, Deferred).

    Reference data: rows in a fixed order, seeded by a data migration, so the scale can
    be renamed or extended without a code change.
    """

    name = models.CharField(
        _("name"), max_length=60, unique=True,
        help_text=_("As the auditors write it, e.g. Substantial or No assurance."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), unique=True,
        help_text=_("Where the opinion comes on the scale: 1 is the best assurance. Tables "
                    "and charts list reviews in this order."),
    )
    limited = flag_field(
        _("limited assurance or worse"),
        _("Tick for opinions whose reviews are counted as needing action (Limited, "
                    "No assurance)."),
    )

    class Meta(OrderedName.Meta):
        ordering = ["position"]  # unique: the scale's order, best assurance first
        verbose_name = _("assurance opinion")
        verbose_name_plural = _("assurance opinions")
        constraints = [
            rule(Q(position__gte=1), name="audits_auditopinion_position_positive",
                 message=_("The position must be 1 or more.")),
        ]


class AuditReturn(QuarterlyReturn):
    recommendations_stated_total = models.PositiveIntegerField(
        _("stated total of recommendations"), null=True, blank=True,
        help_text=_("The total number of recommendations as the audit reports state it, kept "
                    "to check the counts per priority against. Leave empty if none is stated."),
    )

    Meta = extended_meta(
        QuarterlyReturn.Meta, _("audit return"), _("audit returns"),
        never_negative("recommendations_stated_total",
                       name="audits_auditreturn_stated_total_not_negative",
                       message=_("The stated total cannot be negative.")),
    )


class AuditReview(Recorded):
    """One internal audit review and the assurance opinion it gave."""

    audit_return = return_link(AuditReturn, related_name="reviews")
    title = models.CharField(_("title"), max_length=200, help_text=_("e.g. Firewall."))
    opinion = models.ForeignKey(
        AuditOpinion, on_delete=models.PROTECT, related_name="reviews",
        verbose_name=_("assurance opinion"),
    )
    reported_on = models.DateField(
        _("reported to the audit committee"), null=True, blank=True,
        help_text=_("The date of the audit committee meeting the review went to, if known."),
    )
    notes = optional_text(_("notes"))

    Meta = one_per_key(
        "audit_return", "title", _("audit review"), _("audit reviews"),
        name="audits_auditreview_one_title_per_return",
        message=_("This return already has a review with that title."),
        ordering=["audit_return", "opinion__position", "id"],
    )

    def __str__(self):
        return f"{self.title} ({self.opinion})"


class Recommendation(Recorded):
    """One recommendation a review raised, tracked until it is implemented or superseded."""

    review = models.ForeignKey(
        AuditReview, on_delete=models.CASCADE, related_name="recommendations",
        verbose_name=_("review"), help_text=_("The review that raised the recommendation."),
    )
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices)
    description = models.TextField(_("description"))
    owner = models.CharField(
        _("owner"), max_length=200, help_text=_("Who is responsible for putting it in place."),
    )
    due_on = models.DateField(
        _("due date"), help_text=_("Still open after this date, it counts as overdue."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RecommendationStatus.choices,
        default=RecommendationStatus.OPEN,
    )
    status_changed_on = models.DateField(
        _("date of the status change"), null=True, blank=True,
        help_text=_("When it was implemented or superseded; leave empty while it is open."),
    )

    Meta = one_per_key(
        "review", "description", _("recommendation"), _("recommendations"),
        rule(in_choices("priority", Priority.choices),
             name="audits_recommendation_priority_known", message=PRIORITY_KNOWN),
        rule(in_choices("status", RecommendationStatus.choices),
             name="audits_recommendation_status_known",
             message=_("The status must be open, implemented or superseded.")),
        rule(Q(status=RecommendationStatus.OPEN, status_changed_on__isnull=True)
             | (~Q(status=RecommendationStatus.OPEN) & Q(status_changed_on__isnull=False)),
             name="audits_recommendation_change_date_matches_status",
             message=_("An open recommendation has no status-change date; an implemented "
                       "or superseded one needs it.")),
        name="audits_recommendation_once_per_review",
        message=_("This review already has that recommendation."),
        ordering=["due_on", "id"],
    )

    def __str__(self):
        return f"{self.get_priority_display()}: {self.description[:60]}"

    def clean(self):
        super().clean()
        if self.status == RecommendationStatus.OPEN and self.status_changed_on is not None:
            raise ValidationError({"status_changed_on": _(
                "Leave this empty while the recommendation is open, or change its status."
            )})
        if self.status != RecommendationStatus.OPEN and self.status_changed_on is None:
            raise ValidationError({"status_changed_on": _(
                "Give the date the recommendation was %(status)s."
            ) % {"status": self.get_status_display().lower()}})


class RecommendationCount(Recorded):
    """How many recommendations of one priority a period's reviews raised, where only
    the number is known and not the recommendations themselves."""

    audit_return = return_link(AuditReturn, related_name="recommendation_counts")
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices)
    count = models.PositiveIntegerField(_("number of recommendations"))

    Meta = one_per_key(
        "audit_return", "priority", _("recommendation count"), _("recommendation counts"),
        rule(in_choices("priority", Priority.choices),
             name="audits_recommendationcount_priority_known", message=PRIORITY_KNOWN),
        never_negative("count", name="audits_recommendationcount_not_negative",
                       message=_("The number of recommendations cannot be negative.")),
        message=_("This return already has a count for that priority."),
    )

    def __str__(self):
        return f"{self.get_priority_display()}: {self.count}"


class HealthCheck(Recorded):
    """Remediation progress on one IT health check (ITHC), as the return's period ends."""

    audit_return = return_link(AuditReturn, related_name="health_checks")
    carried_out = models.DateField(
        _("month carried out"),
        help_text=_("The month the health check was carried out; enter the first day of the "
                    "month, e.g. 1 April 2019 for April 2019."),
    )
    tasks_completed = models.PositiveIntegerField(_("remediation tasks completed"))
    hosts_completed = models.PositiveIntegerField(
        _("host devices covered by completed tasks"),
    )
    tasks_in_progress = models.PositiveIntegerField(_("remediation tasks in progress"))
    hosts_in_progress = models.PositiveIntegerField(
        _("host devices covered by tasks in progress"),
    )

    Meta = one_per_key(
        "audit_return", "carried_out", _("IT health check"), _("IT health checks"),
        rule(Q(carried_out__day=1), name="audits_healthcheck_month_start",
             message=_("Enter the first day of the month the health check was carried out.")),
        never_negative("tasks_completed", "hosts_completed", "tasks_in_progress",
                       "hosts_in_progress", name="audits_healthcheck_counts_not_negative",
                       message=_("Task and host counts cannot be negative.")),
        name="audits_healthcheck_one_per_month",
        message=_("This return already has a health check carried out that month."),
    )

    def __str__(self):
        return str(_("IT health check %(month)s")
                   % {"month": date_format(self.carried_out, "YEAR_MONTH_FORMAT")})

    def clean(self):
        super().clean()
        if self.carried_out is not None and self.carried_out.day != 1:
            raise ValidationError({"carried_out": _(
                "Enter the first day of the month: only the month of a health check is kept."
            )})


class RemediationProgress(Recorded):
    """How far the health check's findings of one severity have been remediated."""

    audit_return = return_link(AuditReturn, related_name="remediation")
    severity = models.CharField(_("severity"), max_length=20, choices=Severity.choices)
    percent_complete = models.DecimalField(
        _("% complete"), max_digits=5, decimal_places=2,
        help_text=_("From 0 to 100, as at the end of the return's period."),
    )

    Meta = one_per_key(
        "audit_return", "severity", _("remediation progress"), _("remediation progress"),
        rule(in_choices("severity", Severity.choices),
             name="audits_remediationprogress_severity_known",
             message=_("The severity must be high, medium, low or information.")),
        rule(Q(percent_complete__gte=0, percent_complete__lte=100),
             name="audits_remediationprogress_percent_range",
             message=_("The percentage complete must be from 0 to 100.")),
        message=_("This return already has progress for that severity."),
    )

    def __str__(self):
        return f"{self.get_severity_display()}: {self.percent_complete}%"

    def clean(self):
        super().clean()
        if self.percent_complete is not None and not 0 <= self.percent_complete <= 100:
            raise ValidationError({"percent_complete": _(
                "Enter a percentage from 0 to 100."
            )})


class ComplianceCertificate(Recorded):
    """A compliance certificate held as the return's period ends, e.g. PSN compliance."""

    audit_return = return_link(AuditReturn, related_name="certificates")
    name = models.CharField(
        _("certificate"), max_length=200,
        help_text=_("e.g. Public Services Network (PSN) compliance."),
    )
    issuer = models.CharField(
        _("issued by"), max_length=200, blank=True, help_text=_("e.g. Home Office."),
    )
    achieved_on = models.DateField(
        _("achieved"),
        help_text=_("The date it was achieved. If only the month is known, enter its first day "
                    "and tick “only the month is known”."),
    )
    achieved_month_only = flag_field(
        _("only the month is known"), _("The report then gives the month alone, e.g. March 2020."),
    )
    expires_on = models.DateField(
        _("expires"), null=True, blank=True,
        help_text=_("Leave empty if the expiry date is not recorded."),
    )
    notes = optional_text(_("notes"))

    Meta = one_per_key(
        "audit_return", "name", _("compliance certificate"), _("compliance certificates"),
        rule(Q(achieved_month_only=False) | Q(achieved_on__day=1),
             name="audits_compliancecertificate_month_start", message=MONTH_ONLY_START),
        rule(optional("expires_on", Q(expires_on__gt=models.F("achieved_on"))),
             name="audits_compliancecertificate_expires_after_achieved",
             message=_("A certificate must expire after it was achieved.")),
        message=_("This return already has that certificate."),
    )

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if self.achieved_month_only and self.achieved_on is not None and self.achieved_on.day != 1:
            errors["achieved_on"] = MONTH_ONLY_START
        if (self.expires_on is not None and self.achieved_on is not None
                and self.expires_on <= self.achieved_on):
            errors["expires_on"] = _("The expiry date must come after the date achieved.")
        if errors:
            raise ValidationError(errors)
