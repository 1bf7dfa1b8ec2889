"""A database too busy to take a write answers "busy, please try again", never a 500.

SQLite takes one writer at a time; the settings (``ictreport.env.SQLITE_OPTIONS``) make a
save queue for the lock, for up to 20 seconds. A save still waiting then fails with
"database is locked"; PostgreSQL's equivalents are a lock not granted in time, a
deadlock it broke, or a transaction it could not serialise. The transaction that met
it has been rolled back (every form save and import is one transaction), and sending
the request again a moment later succeeds: that is what the page says, as a 503 with
``Retry-After``.
"""

import logging

from django.db import OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5

_SQLITE_BUSY = ("database is locked", "database table is locked", "database is busy")
# PostgreSQL: lock_not_available, deadlock_detected, serialization_failure.
_POSTGRES_BUSY = {"55P03", "40P01", "40001"}


def is_busy(exception: BaseException) -> bool:
    """Whether ``exception`` says the database was busy rather than that the request
    was wrong."""
    if not isinstance(exception, OperationalError):
        return False
    cause = exception.__cause__
    if getattr(cause, "sqlstate", None) in _POSTGRES_BUSY:
        return True
    return any(phrase in str(exception).lower() for phrase in _SQLITE_BUSY)


def busy_response(request) -> HttpResponse:
    try:
        response = render(request, "busy.html", status=503)
    except Exception:  # already answering an error: a failing page must not make it a 500
        logger.exception("The busy page could not be rendered; answered in plain text.")
        response = HttpResponse(
            _("The database is busy. Please try again in a few seconds."),
            content_type="text/plain; charset=utf-8", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseBusyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_busy(exception):
            return None
        logger.warning("Answered %s %s with 503: the database was busy (%s).",
                       request.method, request.path, exception)
        return busy_response(request)
