"""Brute-force protection for signing in (the site's page and /admin/login/ alike).

django-axes records every failed sign-in and refuses a locked-out one before the
password is checked, so the right password is refused too while the lock lasts
(``AXES_COOLOFF_TIME``). Three counts are kept (``AXES_LOCKOUT_PARAMETERS``):

* one username from one address: locked after ``AXES_FAILURE_LIMIT`` (5) wrong
  passwords -- the everyday case of guessing one account;
* one username from any address: ``LOGIN_FAILURE_LIMIT_PER_USERNAME`` (20) -- guessing
  spread over many addresses;
* one address over any usernames: ``LOGIN_FAILURE_LIMIT_PER_ADDRESS`` (20) -- trying
  many accounts from one place.

The wider counts have higher limits because they also catch honest people: a whole
office behind one address, or someone else mistyping a colleague's name. axes compares
every count against the one ``AXES_FAILURE_LIMIT``, so the handler below scales each
wider count to that limit.
"""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class LoginAttemptHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        # One queryset per entry of AXES_LOCKOUT_PARAMETERS, in its order.
        per_pair, per_username, per_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        limit = settings.AXES_FAILURE_LIMIT
        return max(
            per_pair,
            per_username * limit // settings.LOGIN_FAILURE_LIMIT_PER_USERNAME,
            per_address * limit // settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS,
        )


def client_ip_address(request: HttpRequest) -> str | None:
    """The visitor's address: ``CLIENT_IP_HEADER`` when a proxy in front sets it (its
    last, nearest entry if it is a list), else the connection's own."""
    header = settings.CLIENT_IP_HEADER
    value = request.META.get(header) or request.META.get("REMOTE_ADDR")
    if value and "," in value:
        value = value.rsplit(",", 1)[1]
    return value.strip() if value else None


def lockout_response(request: HttpRequest, original_response=None,
                     credentials: dict | None = None) -> HttpResponse:
    """The page a locked-out sign-in gets, on the site's page and /admin/login/ alike:
    in the site's layout, 429 Too Many Requests, and no word on whether the account
    exists or the password was right."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "registration/locked_out.html", {"minutes": minutes},
                  status=429)
