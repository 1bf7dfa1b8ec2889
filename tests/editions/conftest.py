import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _default_language_after_welsh_requests(settings):
    """A Welsh request leaves Welsh active in the thread (LocaleMiddleware activates
    the request's language and nothing deactivates it): every test here ends in the
    default language, so no later test, here or elsewhere, runs in Welsh by accident."""
    yield
    translation.activate(settings.LANGUAGE_CODE)
