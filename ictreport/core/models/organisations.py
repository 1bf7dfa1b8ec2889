"""Who a report is for and which year: organisations, financial years and the
users who belong to an organisation.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ictreport.core.periods import year_label, year_slug


class OrganisationManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(
        _("short name"),
        max_length=60,
        unique=True,
        help_text=_("Used in web addresses and files, e.g. gwent-police."),
    )
    two_person_rule = models.BooleanField(
        _("two-person rule"), default=True,
        help_text=_("A return is approved by someone other than the person who submitted "
                    "it, and the report by someone who submitted none of its returns."),
    )

    objects = OrganisationManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class FinancialYearManager(models.Manager):
    def get_by_natural_key(self, start_year):
        return self.get(start_year=start_year)


class FinancialYear(models.Model):
    """April to March. The start year is the key, so a year needs no join to be named."""

    start_year = models.PositiveSmallIntegerField(
        _("starting year"),
        primary_key=True,
        help_text=_("The calendar year the financial year starts in: 2019 for 2019/20."),
    )

    objects = FinancialYearManager()

    class Meta:
        ordering = ["start_year"]
        verbose_name = _("financial year")
        verbose_name_plural = _("financial years")
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__gte=2000) & Q(start_year__lte=2099),
                name="core_financialyear_plausible",
                violation_error_message=_("A financial year must start between 2000 and 2099."),
            )
        ]

    def __str__(self):
        return self.label

    def natural_key(self):
        return (self.start_year,)

    @property
    def label(self) -> str:
        return year_label(self.start_year)

    @property
    def slug(self) -> str:
        return year_slug(self.start_year)


class Membership(models.Model):
    """A user's place in one organisation: what their groups let them do, they may do
    for this organisation's figures only (see ``ictreport.core.access``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("organisation"),
    )

    class Meta:
        ordering = ["organisation", "user"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                name="core_membership_once",
                violation_error_message=_("This user already belongs to that organisation."),
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation}"
