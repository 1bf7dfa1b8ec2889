"""A signed-in user's own settings: so far, the language they read the site in.

Chosen with the language switch (``ictreport.core.language.set_language``) and applied at
every sign-in (``ictreport.core.language.apply_preference``), so the choice follows the user
from one browser to another, as the language cookie alone would not.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language the site is shown in after signing in."),
    )

    class Meta:
        verbose_name = _("user preference")
        verbose_name_plural = _("user preferences")

    def __str__(self):
        return f"{self.user} ({self.language})"


# The sign-in receiver that applies the saved language, connected with the models.
from ictreport.core import language  # noqa: E402, F401
