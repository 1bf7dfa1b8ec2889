"""A database error that means "busy" gets the 503 "try again" page; any other database
error is still an error."""

import pytest
from django.db import IntegrityError, OperationalError

from ictreport.core.busy import is_busy
from ictreport.core.models import FinancialYear


class PostgresError(Exception):
    """What psycopg raises: the SQLSTATE code says which error."""

    def __init__(self, sqlstate):
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def _with_cause(error, cause):
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(("error", "busy"), [
    (OperationalError("database is locked"), True),
    (OperationalError("database table is locked: core_financialyear"), True),
    (_with_cause(OperationalError("could not serialize access"),
                 PostgresError("40001")), True),
    (_with_cause(OperationalError("deadlock detected"), PostgresError("40P01")),
     True),
    (OperationalError("no such table: core_financialyear"), False),
    (IntegrityError("database is locked"), False),
    (ValueError("database is locked"), False),
])
def test_busy_errors_are_told_apart(error, busy):
    assert is_busy(error) is busy


@pytest.mark.django_db
def test_an_admin_save_meeting_a_locked_database_gets_the_busy_page(staff_client,
                                                                    monkeypatch):
    def locked(*args, **kwargs):
        raise OperationalError("database is locked")
    monkeypatch.setattr(FinancialYear, "save", locked)

    response = staff_client.post("/en/admin/core/financialyear/add/", {"start_year": "2031"})

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    # Signed in: the site's Cache-Control middleware makes it private too.
    assert {d.strip() for d in response["Cache-Control"].split(",")} == {"private", "no-store"}
    assert "Content-Security-Policy" in response
    assert [t.name for t in response.templates][:2] == ["busy.html", "base.html"]
    assert not FinancialYear.objects.filter(start_year=2031).exists()


@pytest.mark.django_db
def test_any_other_database_error_is_not_called_busy(staff_client, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("disk I/O error")
    monkeypatch.setattr(FinancialYear, "save", broken)

    with pytest.raises(OperationalError, match="disk I/O error"):
        staff_client.post("/en/admin/core/financialyear/add/", {"start_year": "2031"})


@pytest.mark.django_db
def test_the_busy_answer_is_plain_text_when_its_page_cannot_be_drawn(staff_client,
                                                                     monkeypatch):
    def locked(*args, **kwargs):
        raise OperationalError("database is locked")
    monkeypatch.setattr(FinancialYear, "save", locked)
    monkeypatch.setattr("ictreport.core.busy.render", locked)  # the layout reads too

    response = staff_client.post("/en/admin/core/financialyear/add/", {"start_year": "2031"})

    assert response.status_code == 503
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == "The database is busy. Please try again in a few seconds."
