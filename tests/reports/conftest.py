import pytest

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
