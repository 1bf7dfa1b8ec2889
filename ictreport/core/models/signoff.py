"""The sign-off trail: every submission, approval, reopening and publication.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ictreport.core.models.organisations import Organisation


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
