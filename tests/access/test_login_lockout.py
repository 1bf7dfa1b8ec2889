"""Brute-force protection: wrong passwords lock signing in, even with the right one
afterwards, on the site's sign-in page and on /admin/login/ alike; an administrator
can lift the lock, and it lifts itself after the cool-off."""

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command
from django.test import RequestFactory

from ictreport.core.login import client_ip_address
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
SITE = "/en/accounts/login/"
ADMIN = "/en/admin/login/"
LOCKED = "There were too many wrong passwords."


def sign_in(client, url, username, password, address="192.0.2.10"):
    return client.post(url, {"username": username, "password": password},
                       REMOTE_ADDR=address)


def fail(client, url, username, times, address="192.0.2.10"):
    for _ in range(times):
        response = sign_in(client, url, username, "wrong password", address)
        assert response.status_code in (200, 429)


def signed_in(client) -> bool:
    return SESSION_KEY in client.session


@pytest.mark.parametrize("url", [SITE, ADMIN])
def test_four_wrong_passwords_then_the_right_one_signs_in(client, url):
    user = UserFactory(is_staff=True)
    fail(client, url, user.username, 4)
    response = sign_in(client, url, user.username, PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


@pytest.mark.parametrize("url", [SITE, ADMIN])
def test_after_five_wrong_passwords_the_right_one_is_refused(client, url):
    user = UserFactory(is_staff=True)
    fail(client, url, user.username, 5)
    response = sign_in(client, url, user.username, PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)
    html = response.content.decode()
    # The site's own page, in its layout, saying plainly what happened.
    assert "<h1>Too many attempts to sign in</h1>" in html
    assert 'href="/static/css/site.css"' in html
    assert f"{LOCKED} Signing in is paused for 15 minutes, even with the right password." in html
    assert "ask an administrator to lift the pause" in html
    # It says nothing on whether the account exists.
    assert user.username not in html


def test_thirty_wrong_passwords_in_a_row_are_refused_from_the_sixth(client):
    user = UserFactory()
    codes = [sign_in(client, SITE, user.username, f"guess {n}").status_code
             for n in range(30)]
    assert codes == [200] * 4 + [429] * 26
    assert sign_in(client, SITE, user.username, PASSWORD).status_code == 429


def test_the_site_and_the_admin_count_together(client):
    user = UserFactory(is_staff=True)
    fail(client, SITE, user.username, 3)
    fail(client, ADMIN, user.username, 2)
    assert sign_in(client, ADMIN, user.username, PASSWORD).status_code == 429
    assert sign_in(client, SITE, user.username, PASSWORD).status_code == 429


def test_the_same_account_from_another_address_is_not_locked_by_one_address(client):
    user = UserFactory()
    fail(client, SITE, user.username, 5, address="192.0.2.10")
    assert sign_in(client, SITE, user.username, PASSWORD, "198.51.100.7").status_code == 302


def test_many_usernames_from_one_address_lock_that_address(client):
    user = UserFactory()
    for n in range(20):
        fail(client, SITE, f"guessed-name-{n}", 1, address="192.0.2.99")
    assert sign_in(client, SITE, user.username, PASSWORD, "192.0.2.99").status_code == 429
    # Elsewhere, the account is fine.
    assert sign_in(client, SITE, user.username, PASSWORD, "198.51.100.7").status_code == 302


def test_one_username_from_many_addresses_locks_that_username(client):
    user = UserFactory()
    for n in range(20):
        fail(client, SITE, user.username, 1, address=f"203.0.113.{n + 1}")
    assert sign_in(client, SITE, user.username, PASSWORD, "198.51.100.7").status_code == 429


def test_nineteen_failures_spread_over_usernames_and_addresses_lock_nobody(client):
    """Below each wider limit, and never five for one name at one address."""
    user = UserFactory()
    for n in range(19):
        fail(client, SITE, user.username if n % 4 == 0 else f"someone-{n}", 1,
             address=f"203.0.113.{n % 4 + 1}")
    assert sign_in(client, SITE, user.username, PASSWORD, "203.0.113.2").status_code == 302


def test_an_administrator_lifts_the_lock_with_the_command(client):
    user = UserFactory()
    fail(client, SITE, user.username, 5)
    assert sign_in(client, SITE, user.username, PASSWORD).status_code == 429
    call_command("axes_reset_username", user.username)
    assert not AccessAttempt.objects.filter(username=user.username).exists()
    assert sign_in(client, SITE, user.username, PASSWORD).status_code == 302


def test_an_administrator_lifts_the_lock_in_the_admin(client):
    user = UserFactory()
    fail(client, SITE, user.username, 5)
    attempt = AccessAttempt.objects.get(username=user.username)
    admin_client = client.__class__()
    admin_client.force_login(UserFactory(is_staff=True, is_superuser=True))
    listing = admin_client.get("/en/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert user.username in listing.content.decode()
    response = admin_client.post(f"/en/admin/axes/accessattempt/{attempt.pk}/delete/",
                                 {"post": "yes"})
    assert response.status_code == 302
    assert sign_in(client, SITE, user.username, PASSWORD).status_code == 302


def test_the_lock_lifts_itself_after_fifteen_minutes(client):
    user = UserFactory()
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        fail(client, SITE, user.username, 5)
    with time_machine.travel(start + dt.timedelta(minutes=14), tick=False):
        assert sign_in(client, SITE, user.username, PASSWORD).status_code == 429
    # The refused try at minute 14 started the cool-off again.
    with time_machine.travel(start + dt.timedelta(minutes=30), tick=False):
        assert sign_in(client, SITE, user.username, PASSWORD).status_code == 302


def test_the_address_comes_from_the_proxy_header_when_one_is_named(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1",
                                   HTTP_X_FORWARDED_FOR="198.51.100.1, 192.0.2.44")
    assert client_ip_address(request) == "10.0.0.1"
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    # The nearest proxy's entry: the one a visitor cannot write.
    assert client_ip_address(request) == "192.0.2.44"


def test_a_failed_sign_in_costs_a_fixed_number_of_queries(client, django_assert_num_queries):
    user = UserFactory()
    fail(client, SITE, user.username, 2)
    # axes' lock check (the three counts), the user looked up, expired attempts
    # cleared, the attempt recorded (savepoint, select for update, update, release),
    # the three counts again to decide the lock; none of it grows with the attempts
    with django_assert_num_queries(12):
        sign_in(client, SITE, user.username, "wrong password")
