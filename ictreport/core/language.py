"""Choosing the language: the switch on every page, and remembering it for the user.

- ``set_language`` wraps Django's own view (POST with CSRF, ``language`` and ``next``):
  it sets the language cookie and redirects to ``next`` in the chosen language; for a
  signed-in user it also saves the choice (``UserPreference``).
- At every sign-in (``user_logged_in``) the saved choice is applied: the request goes on in
  that language, and ``LanguagePreferenceMiddleware`` sets the cookie and sends the
  redirect after signing in to the same page under that language's prefix.
- ``switch_context`` is what ``templates/_language_switch.html`` shows: the other language,
  named in itself, and the address of this page in it.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.urls import translate_url
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def supported(code) -> str | None:
    """``code`` if it is one of the site's languages, else None."""
    return code if code in LANGUAGE_NAMES else None


def url_in_language(url: str, language: str) -> str:
    """``url`` (a path on this site, with any query) as it is in ``language``.

    ``translate_url`` knows every page the URLconf resolves; a path it cannot resolve (a
    404 page) still gets its language prefix swapped, so the switch always leads somewhere.
    """
    translated = translate_url(url, language)
    if translated != url:
        return translated
    parts = urlsplit(url)
    segments = parts.path.split("/", 2)
    if len(segments) >= 2 and segments[0] == "" and segments[1] in LANGUAGE_NAMES:
        rest = segments[2] if len(segments) > 2 else ""
        path = f"/{language}/{rest}"
        return path + (f"?{parts.query}" if parts.query else "")
    return url


def switch_context(request) -> dict:
    """The switch for this page: the other language, its name in itself, and this page
    in it (the first other language, since the site has two)."""
    current = translation.get_language() or settings.LANGUAGE_CODE
    current = translation.get_supported_language_variant(current)
    other = next(code for code, _name in settings.LANGUAGES if code != current)
    here = request.get_full_path() if request is not None else "/"
    return {
        "code": other,
        "name": LANGUAGE_NAMES[other],
        "next": url_in_language(here, other),
    }


@login_not_required
@require_POST
def set_language(request):
    """Django's ``set_language``, plus saving the choice for a signed-in user."""
    response = django_set_language(request)
    language = supported(request.POST.get("language"))
    user = getattr(request, "user", None)
    if language and user is not None and user.is_authenticated:
        from ictreport.core.models import UserPreference

        UserPreference.objects.update_or_create(user=user, defaults={"language": language})
    return response


@receiver(user_logged_in, dispatch_uid="core.language.apply_preference")
def apply_preference(sender, request, user, **kwargs):
    """Sign-in: go on in the user's saved language. A user with none saved yet keeps the
    language they chose before signing in (the cookie), which is then saved for them."""
    if request is None:
        return
    from ictreport.core.models import UserPreference

    preference = UserPreference.objects.filter(user=user).first()
    if preference is not None and supported(preference.language):
        language = preference.language
    else:
        language = supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
        if language is None:
            return
        UserPreference.objects.update_or_create(user=user, defaults={"language": language})
    translation.activate(language)
    request.LANGUAGE_CODE = language
    request.preferred_language = language


class LanguagePreferenceMiddleware:
    """After a sign-in that applied a saved language: the language cookie set to it, and
    the redirect that follows the sign-in sent to the page in that language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        language = getattr(request, "preferred_language", None)
        if language is None:
            return response
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, language,
            max_age=settings.LANGUAGE_COOKIE_AGE, path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN, secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        location = response.get("Location")
        local = bool(location) and location.startswith("/") and not location.startswith("//")
        if response.status_code in (301, 302, 303, 307, 308) and local:
            response["Location"] = url_in_language(location, language)
        return response
