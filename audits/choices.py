"""The audit section's fixed vocabularies: recommendation priority and status, and the
severity of a health check's findings, each in the order tables list them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


PRIORITY_ORDER = [Priority.HIGH, Priority.MEDIUM, Priority.LOW]


class RecommendationStatus(models.TextChoices):
    # "Open" is also a verb elsewhere; these are a recommendation's states.
    OPEN = "open", pgettext_lazy("recommendation status", "Open")
    IMPLEMENTED = "implemented", pgettext_lazy("recommendation status", "Implemented")
    SUPERSEDED = "superseded", pgettext_lazy("recommendation status", "Superseded")


class Severity(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")
    INFORMATION = "information", _("Information")


SEVERITY_ORDER = [Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFORMATION]
