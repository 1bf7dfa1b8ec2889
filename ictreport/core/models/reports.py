"""The annual report itself: its cover details, its prose and each section's text.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ictreport.core.models.organisations import FinancialYear, Organisation


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
