"""Signing a browser in by its session cookie, without the login form.

The login form is tested on its own (test_journey, test_accessibility); everywhere else
a test that only needs a signed-in browser saves the form's round trips this way.
"""

from django.conf import settings
from django.test import Client

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def session_cookie(live_server, user) -> dict:
    """A session cookie for ``user``, valid on ``live_server``, as Playwright takes it."""
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    return {"name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "url": live_server.url}


def signed_in_context(browser, live_server, user, *, viewport):
    """A new browser context, ``viewport`` wide and high, signed in as ``user``."""
    context = browser.new_context(viewport=viewport)
    context.add_cookies([session_cookie(live_server, user)])
    return context
