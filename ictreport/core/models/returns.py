"""The base of every section's figures: one organisation's return for one period.

Section apps hang their figures from ``QuarterlyReturn`` subclasses.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ictreport.core.models.organisations import FinancialYear, Organisation
from ictreport.core.periods import Quarter


class ReturnStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")


class QuarterlyReturn(models.Model):
    """One section's figures for one organisation and one quarter, or a whole year.

    A year is either reported as four (or fewer, so far) quarters or, for historic
    years known only from annual reports, as one full-year return: never both. The
    database enforces that with a trigger each subclass's migration installs
    (``ictreport.core.db.ForbidMixedPeriods``).
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    year = models.ForeignKey(
        FinancialYear, on_delete=models.PROTECT, related_name="+", verbose_name=_("year")
    )
    quarter = models.PositiveSmallIntegerField(
        _("period"),
        choices=Quarter.choices,
        help_text=_("A quarter, or the full year where only annual totals are known."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.DRAFT
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    version = models.PositiveIntegerField(
        _("version"), default=0,
        help_text=_("Goes up by one with every change to the return or its figures "
                    "(a database trigger sees to it, whoever writes), so a form opened "
                    "before a change cannot overwrite it."),
    )

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["organisation", "-year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "quarter"],
                name="%(app_label)s_%(class)s_one_per_period",
                violation_error_message=_(
                    "This organisation already has a return for that period."
                ),
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=0) & Q(quarter__lte=4),
                name="%(app_label)s_%(class)s_quarter_known",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} {self.year} {self.get_quarter_display()}"

    @property
    def period(self) -> Quarter:
        return Quarter(self.quarter)

    def submission_problems(self) -> list[str]:
        """What must be put right before this return can be submitted for approval.

        Sections override this with their own rules (e.g. finance: a large variance
        needs its commentary); the sign-off workflow refuses submission while any remain.
        """
        return []

    def clean(self):
        super().clean()
        if self.organisation_id is None or self.year_id is None or self.quarter is None:
            return
        others = type(self)._default_manager.filter(
            organisation_id=self.organisation_id, year_id=self.year_id
        ).exclude(pk=self.pk)
        if self.quarter == Quarter.FULL_YEAR and others.exclude(quarter=Quarter.FULL_YEAR).exists():
            raise ValidationError(
                {"quarter": _("This year already has quarterly returns; it cannot also have a "
                              "full-year one.")}
            )
        if self.quarter != Quarter.FULL_YEAR and others.filter(quarter=Quarter.FULL_YEAR).exists():
            raise ValidationError(
                {"quarter": _("This year already has a full-year return; it cannot also have "
                              "quarterly ones.")}
            )
