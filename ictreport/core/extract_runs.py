"""What was imported from an extract: the file, who, when and which quarters' returns it
wrote. A run is only ever added, by ``ictreport.core.extract_import``; the returns it
wrote show it on their admin pages, and every figure it wrote carries it in its history.
"""

from contextvars import ContextVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.db.models.signals import pre_save
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _


class ExtractRun(models.Model):
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+",
        verbose_name=_("organisation"))
    year = models.ForeignKey("core.FinancialYear", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("year"))
    kind = models.CharField(_("kind of extract"), max_length=40)
    app_label = models.CharField(
        _("section"), max_length=40,
        help_text=_("The section app whose figures the extract wrote."))
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    sha256 = models.CharField(_("file SHA-256"), max_length=64)
    rows = models.PositiveIntegerField(_("rows read"))
    rejected = models.PositiveIntegerField(_("rows rejected"), default=0)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("by"), null=True, blank=True,
                             help_text=_("Empty for an import from the command line that "
                                         "named no user."))
    at = models.DateTimeField(_("when"), default=timezone.now)
    quarters = models.JSONField(_("quarters written"), default=list,
                                help_text=_("The quarters (1 to 4) whose returns it wrote."))

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("extract import")
        verbose_name_plural = _("extract imports")
        indexes = [models.Index(fields=["organisation", "year", "app_label"],
                                name="core_extractrun_lookup")]
        constraints = [
            models.CheckConstraint(condition=Exact(Length("sha256"), 64),
                                   name="core_extractrun_sha256_length"),
            models.CheckConstraint(condition=Q(rejected__lte=models.F("rows")),
                                   name="core_extractrun_rejected_within_rows"),
        ]

    def __str__(self):
        return self.description()

    def description(self) -> str:
        return ngettext(
            "figures from an extract: %(file)s (SHA-256 %(sha)s), %(rows)s row, imported by "
            "%(user)s on %(at)s",
            "figures from an extract: %(file)s (SHA-256 %(sha)s), %(rows)s rows, imported by "
            "%(user)s on %(at)s", self.rows,
        ) % {"file": self.file_name or "—", "sha": self.sha256,
             "rows": formats.number_format(self.rows, force_grouping=True),
             "user": self.user or gettext("the command line"), "at": formats.date_format(
                 timezone.localtime(self.at), "DATETIME_FORMAT")}

    def change_reason(self) -> str:
        """Short enough for a history entry's reason (100 characters)."""
        return gettext("From extract %(sha)s") % {"sha": self.sha256}

    @classmethod
    def for_return(cls, quarterly_return) -> list["ExtractRun"]:
        """The runs that wrote ``quarterly_return``, newest first (one query)."""
        runs = cls.objects.filter(
            organisation_id=quarterly_return.organisation_id,
            year_id=quarterly_return.year_id,
            app_label=quarterly_return._meta.app_label,
        ).select_related("user")
        return [run for run in runs if quarterly_return.quarter in run.quarters]


class ExtractMapping(models.Model):
    """Which of a file's headers holds each of an extract's columns, for one organisation
    and kind: set once on the mapping screen, used for every later file."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("organisation"))
    kind = models.CharField(_("kind of extract"), max_length=40)
    columns = models.JSONField(
        _("columns"), default=dict,
        help_text=_("For each of the extract's columns, the file's header that holds it."))
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["organisation", "kind"]
        verbose_name = _("extract column mapping")
        verbose_name_plural = _("extract column mappings")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind"],
                                    name="core_extractmapping_one_per_kind",
                                    violation_error_message=_(
                                        "This organisation already has a mapping for that "
                                        "kind of extract.")),
        ]

    def __str__(self):
        return f"{self.organisation}: {self.kind}"


# While an extract's figures are written, every row saved records the run in its history.
_writing = ContextVar("extract_run_writing", default=None)


def _record_run(sender, instance, raw=False, **kwargs):
    run = _writing.get()
    if run is None or raw or getattr(instance, "_change_reason", None):
        return
    if hasattr(sender, "history") or hasattr(type(instance), "history"):
        instance._change_reason = run.change_reason()


pre_save.connect(_record_run, dispatch_uid="core.extract_runs.record_run")


def current_change_reason() -> str | None:
    """The change reason of the extract being written, if one is (for rows written in
    bulk, which pass no ``pre_save``)."""
    run = _writing.get()
    return None if run is None else run.change_reason()


class writing:
    """``with writing(run): ...`` — rows saved inside record ``run`` as their change reason."""

    def __init__(self, run: ExtractRun):
        self.run = run

    def __enter__(self):
        self._token = _writing.set(self.run)
        return self.run

    def __exit__(self, *exc):
        _writing.reset(self._token)
        return False
