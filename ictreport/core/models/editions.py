"""Published editions: a report frozen as it was published.
"""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ictreport.core.models.reports import AnnualReport


class ReportEdition(models.Model):
    """A published report as it was published: the public page and the data it shows,
    frozen at the publish step (its PDF: ``EditionPdfSource``, then ``EditionPdf``). The
    public reads only editions, never live figures; a correction after publication is a
    new edition listing why and what changed.

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
    language = models.CharField(
        _("language"), max_length=10, default="en",
        help_text=_("The language this copy of the edition is in: every edition is "
                    "published in each of the site's languages at once."))
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
    content_sha256 = models.CharField(
        _("content hash"), max_length=64,
        help_text=_("SHA-256 of the page, figures, reasons and changes together."),
    )

    class Meta:
        ordering = ["report", "-number", "language"]
        get_latest_by = "number"
        verbose_name = _("published edition")
        verbose_name_plural = _("published editions")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number", "language"],
                name="core_reportedition_one_per_number_language",
                violation_error_message=_("This report already has an edition with that "
                                          "number in that language."),
            ),
            models.CheckConstraint(condition=Q(number__gte=1),
                                   name="core_reportedition_number_positive"),
        ]

    def __str__(self):
        return _("%(report)s, edition %(number)s") % {"report": self.title,
                                                      "number": self.number}

    def get_absolute_url(self):
        # The address in the edition's own language (/cy/… for the Welsh copy).
        with translation.override(self.language):
            return reverse("reports:edition", kwargs={
                "organisation": self.report.organisation.slug,
                "year": self.report.year.slug, "number": self.number})


def edition_storage():
    """Where editions' PDFs are kept: ``STORAGES["editions"]`` (docs/deploy.md)."""
    return storages["editions"]


class EditionPdfSource(models.Model):
    """What an edition's PDF shows, frozen at the publish step with the edition: the
    print page with a slot for each chart, and each chart's figure. The worker draws
    the PDF from it, so a report reopened and changed before then cannot alter it.
    Insert-only, like the edition."""

    edition = models.OneToOneField(ReportEdition, on_delete=models.PROTECT,
                                   related_name="pdf_source", verbose_name=_("edition"))
    html = models.TextField(_("print page"), help_text=_(
        "The PDF's page as published, with a slot for each chart's image."))
    charts = models.JSONField(_("charts"), default=list, blank=True, help_text=_(
        "Each chart's slot and figure, drawn into the PDF by the worker."))

    class Meta:
        ordering = ["edition"]
        verbose_name = _("edition PDF source")
        verbose_name_plural = _("edition PDF sources")

    def __str__(self):
        return str(self.edition)


class EditionPdf(models.Model):
    """An edition's PDF as the worker drew it, kept for good through Django's storage
    API. Insert-only, like the edition."""

    edition = models.OneToOneField(ReportEdition, on_delete=models.PROTECT,
                                   related_name="pdf_file", verbose_name=_("edition"))
    file = models.FileField(_("file"), storage=edition_storage, max_length=300)
    size = models.PositiveBigIntegerField(_("size"), help_text=_("In bytes."))
    sha256 = models.CharField(_("SHA-256"), max_length=64,
                              help_text=_("SHA-256 of the PDF file."))
    drawn_at = models.DateTimeField(_("drawn"))

    class Meta:
        ordering = ["edition"]
        verbose_name = _("edition PDF")
        verbose_name_plural = _("edition PDFs")
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="core_editionpdf_not_empty"),
        ]

    def __str__(self):
        return str(self.edition)
