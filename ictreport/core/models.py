"""The shared schema: who a report is for, which period, and the report itself.

Section apps hang their figures from ``QuarterlyReturn`` subclasses; everything is per
organisation because the shared service runs ICT for several public bodies.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ictreport.core.periods import Quarter, year_label, year_slug


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


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


# The report's prose, in the source document's order. Each is a numbered section (or,
# for strategy and governance, numbered paragraphs within section 3); see
# ``ictreport.reports.outline`` for where each goes.
NARRATIVE_FIELDS = (
    "recommendation",
    "introduction",
    "strategy",
    "governance",
    "next_steps",
    "financial",
    "personnel",
    "legal",
    "equalities",
    "risk",
    "public_interest",
    "contact_officer",
    "annexes",
)

PARAGRAPH_BREAK = "---"
_NARRATIVE_HELP = _(
    "Each numbered paragraph in turn; put a line holding only --- between two numbered "
    "paragraphs. Lines starting with “- ” become bullet points."
)


def _narrative(verbose_name):
    return models.TextField(verbose_name, blank=True, help_text=_NARRATIVE_HELP)


class AnnualReport(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="reports",
        verbose_name=_("organisation"),
    )
    year = models.ForeignKey(
        FinancialYear, on_delete=models.PROTECT, related_name="reports", verbose_name=_("year")
    )
    title = models.CharField(_("title"), max_length=300)
    issuing_office = models.CharField(
        _("issuing office"), max_length=200, blank=True,
        help_text=_("Shown above the cover details, e.g. Office of the Police and Crime "
                    "Commissioner."),
    )
    lead_chief_officer = models.CharField(_("lead chief officer"), max_length=200)
    report_date = models.DateField(_("date"))
    timing = models.CharField(_("timing"), max_length=100, help_text=_("e.g. Routine."))
    purpose = models.CharField(_("purpose"), max_length=200, help_text=_("e.g. For monitoring."))
    classification = models.CharField(
        _("classification marking"),
        max_length=100,
        default="OFFICIAL",
        help_text=_("Printed at the top and bottom of every page, e.g. OFFICIAL or "
                    "OFFICIAL SWYDDOGOL."),
    )
    publicly_disclosable = models.BooleanField(
        _("can be disclosed to the public"), default=False,
        help_text=_("Only a published report that can be disclosed is shown without signing in."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    recommendation = _narrative(_("1. Recommendation"))
    introduction = _narrative(_("2. Introduction and background"))
    strategy = _narrative(_("3. Strategy and deliverables"))
    governance = _narrative(_("3. Governance"))
    next_steps = _narrative(_("4. Next steps"))
    financial = _narrative(_("5. Financial considerations"))
    personnel = _narrative(_("6. Personnel considerations"))
    legal = _narrative(_("7. Legal implications"))
    equalities = _narrative(_("8. Equalities and human rights considerations"))
    risk = _narrative(_("9. Risk"))
    public_interest = _narrative(_("10. Public interest"))
    contact_officer = _narrative(_("11. Contact officer"))
    annexes = _narrative(_("12. Annexes"))
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "-year"]
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"],
                name="core_annualreport_one_per_year",
                violation_error_message=_("This organisation already has a report for that year."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "reports:report",
            kwargs={"organisation": self.organisation.slug, "year": self.year.slug},
        )

    def narrative_paragraphs(self, field: str) -> list[str]:
        return split_paragraphs(getattr(self, field))


def split_paragraphs(text: str) -> list[str]:
    """A narrative field's numbered paragraphs, without the ``---`` lines between them."""
    paragraphs, current = [], []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.strip() == PARAGRAPH_BREAK:
            paragraphs.append("\n".join(current).strip())
            current = []
        else:
            current.append(line)
    paragraphs.append("\n".join(current).strip())
    return [p for p in paragraphs if p]


def join_paragraphs(paragraphs: list[str]) -> str:
    return f"\n{PARAGRAPH_BREAK}\n".join(p.strip() for p in paragraphs)


class SectionText(models.Model):
    """The written part of a data section: what comes before and after its figures."""

    report = models.ForeignKey(
        AnnualReport, on_delete=models.CASCADE, related_name="section_texts",
        verbose_name=_("report"),
    )
    section = models.CharField(
        _("section"), max_length=40, help_text=_("The report section the text belongs to.")
    )
    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("Shown before the section's tables.")
    )
    commentary = models.TextField(
        _("commentary"), blank=True,
        help_text=_("Shown after the section's figures: the reasons behind them."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "section"]
        verbose_name = _("section text")
        verbose_name_plural = _("section texts")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "section"],
                name="core_sectiontext_one_per_section",
                violation_error_message=_("This report already has text for that section."),
            )
        ]

    def __str__(self):
        return f"{self.report}: {self.section}"


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


class SignOffAction(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    REOPENED = "reopened", _("Reopened")
    PUBLISHED = "published", _("Published")


class SignOff(models.Model):
    """One step of a return's or a report's sign-off: who, when and, to reopen, why.

    Rows are only ever added (by ``ictreport.core.workflow``), so the trail of every
    approval and every reopening stays whole; a figure changed after reopening also
    carries the reason in its own history.
    """

    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("kind")
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    target = GenericForeignKey("content_type", "object_id")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("organisation"),
    )
    description = models.CharField(
        _("what"), max_length=300, help_text=_("The return or report, as it was named then."),
    )
    action = models.CharField(_("step"), max_length=20, choices=SignOffAction.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    reason = models.TextField(
        _("reason"), blank=True, help_text=_("Why an approved return or report was reopened."),
    )

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("sign-off step")
        verbose_name_plural = _("sign-off steps")
        permissions = [("approve", _("Can approve, reopen and publish returns and reports"))]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"],
                                name="core_signoff_target")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(action=SignOffAction.REOPENED) | ~Q(reason=""),
                name="core_signoff_reopen_has_reason",
                violation_error_message=_("Reopening needs a reason."),
            )
        ]

    def __str__(self):
        return f"{self.description}: {self.get_action_display()} ({self.user}, {self.at:%Y-%m-%d})"


class ReportEdition(models.Model):
    """A published report as it was published: the public page, the PDF and the data they
    show, frozen at the publish step. The public reads only editions, never live figures;
    a correction after publication is a new edition listing why and what changed.

    Written once by ``ictreport.core.editions``; the database refuses any UPDATE (and, on
    PostgreSQL, any DELETE) of a row, and the admin only shows them.
    """

    report = models.ForeignKey(
        AnnualReport, on_delete=models.PROTECT, related_name="editions",
        verbose_name=_("report"),
    )
    number = models.PositiveSmallIntegerField(
        _("edition"), help_text=_("1 for the first publication, 2 for the first revision …"),
    )
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("published by"),
    )
    title = models.CharField(_("title"), max_length=300,
                             help_text=_("The report's title when this edition was published."))
    classification = models.CharField(
        _("classification marking"), max_length=100,
        help_text=_("The report's marking when this edition was published."))
    publicly_disclosable = models.BooleanField(
        _("can be disclosed to the public"),
        help_text=_("As the report said when this edition was published."),
    )
    html = models.TextField(
        _("page"), help_text=_("The public edition's page body, as published."))
    data = models.JSONField(
        _("figures and text"),
        help_text=_("Every figure and text of the public edition, as published, to compare "
                    "editions with."),
    )
    reasons = models.JSONField(
        _("reasons for the revision"), default=list, blank=True,
        help_text=_("Why the report or its returns were reopened since the last edition."),
    )
    changes = models.JSONField(
        _("changes"), default=list, blank=True,
        help_text=_("The figures and texts that differ from the last edition."),
    )
    pdf = models.BinaryField(_("PDF"), help_text=_("The PDF board paper, as published."))
    content_sha256 = models.CharField(
        _("content hash"), max_length=64,
        help_text=_("SHA-256 of the page, figures, reasons, changes and PDF together."),
    )

    class Meta:
        ordering = ["report", "-number"]
        get_latest_by = "number"
        verbose_name = _("published edition")
        verbose_name_plural = _("published editions")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"], name="core_reportedition_one_per_number",
                violation_error_message=_("This report already has an edition with that "
                                          "number."),
            ),
            models.CheckConstraint(condition=Q(number__gte=1),
                                   name="core_reportedition_number_positive"),
        ]

    def __str__(self):
        return _("%(report)s, edition %(number)s") % {"report": self.title,
                                                      "number": self.number}

    def get_absolute_url(self):
        return reverse("reports:edition", kwargs={
            "organisation": self.report.organisation.slug, "year": self.report.year.slug,
            "number": self.number})


# The import previews' model lives in its own module (it is no part of the report).
from ictreport.core.previews import ImportPreview  # noqa: E402, F401, I001

# So do the extracts' runs and column mappings (ictreport.core.extracts).
from ictreport.core.extract_runs import ExtractMapping, ExtractRun  # noqa: E402, F401

# The data version's table is declared with its triggers (ictreport.core.data_version).
from ictreport.core.data_version import ReportDataVersion  # noqa: E402, F401
