"""An import's preview, held in the database between the dry run and the confirmation.

The parsed rows of a file that passed the dry run are kept under a random token tied to
the user who uploaded it and the figure model it is for; the confirm step names only
the token, so no client-supplied name ever reaches a file path. A preview is used once,
and expires: expired ones are removed on every import and by
``manage.py clear_import_previews``.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_BYTES = 32  # 43 characters of URL-safe base64


def model_label(model) -> str:
    return model._meta.label_lower


class ImportPreviewQuerySet(models.QuerySet):
    def expired(self, now=None):
        return self.filter(expires_at__lte=now or timezone.now())

    def remove_expired(self, now=None) -> int:
        deleted, _by_model = self.expired(now).delete()
        return deleted

    def create_for(self, *, user, model, file_name: str, file_format: str, rows: dict):
        now = timezone.now()
        return self.create(
            token=secrets.token_urlsafe(TOKEN_BYTES), user=user, model=model_label(model),
            file_name=file_name[:255], file_format=file_format, rows=rows, created_at=now,
            expires_at=now + timedelta(seconds=settings.IMPORT_PREVIEW_SECONDS),
        )

    def take(self, *, token: str, user, model):
        """The user's unexpired preview of ``model`` under ``token``, removed so it is
        used once; None if there is none (expired, used, another user's or model's)."""
        preview = self.filter(token=token, user=user, model=model_label(model),
                              expires_at__gt=timezone.now()).first()
        if preview is None:
            return None
        deleted, _by_model = self.filter(pk=preview.pk).delete()
        return preview if deleted else None  # a concurrent confirmation took it first


class ImportPreview(models.Model):
    token = models.CharField(_("token"), max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+", verbose_name=_("user"))
    model = models.CharField(_("figures"), max_length=100,
                             help_text=_("The figure model the rows are for (app.model)."))
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_format = models.CharField(_("format"), max_length=10,
                                   choices=[("csv", "CSV"), ("xlsx", "XLSX")])
    rows = models.JSONField(_("rows"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), db_index=True)

    objects = ImportPreviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("import preview")
        verbose_name_plural = _("import previews")
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=F("created_at")),
                                   name="core_importpreview_expires_after_creation"),
            models.CheckConstraint(condition=GreaterThanOrEqual(Length("token"), 32),
                                   name="core_importpreview_token_long"),
            models.CheckConstraint(condition=Q(file_format__in=["csv", "xlsx"]),
                                   name="core_importpreview_format_known"),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.model}, {self.created_at:%Y-%m-%d %H:%M})"

