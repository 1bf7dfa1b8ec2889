import pytest
from django.utils import translation

from tests.conftest import SHIPPED_REPORT, require_test_database


@pytest.fixture(scope="session")
def welsh_board_paper(django_db_setup, django_db_blocker):
    """The shipped report's PDF in Welsh, rendered once for the session (as
    ``board_paper``: tests/pdf/board.py). A test using it is marked ``django_db``, so
    pytest-django makes the test database before this reaches it."""
    from tests.pdf.board import render_board_paper

    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        require_test_database()
        return render_board_paper(SHIPPED_REPORT, patch, language="cy")


@pytest.fixture(autouse=True)
def _default_language_after_welsh_requests(settings):
    """A Welsh request leaves Welsh active in the thread (LocaleMiddleware activates
    the request's language and nothing deactivates it): every test here ends in the
    default language, so no later test, here or elsewhere, runs in Welsh by accident."""
    yield
    translation.activate(settings.LANGUAGE_CODE)
