"""Every page but the login page and the accessibility statement needs a signed-in user."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# The accessibility statement must be readable by anyone (and the favicon's redirect
# shows nothing): tests/reports/test_accessibility_statement.py.
# The language switch's POST target is open too: the login page carries the switch.
PUBLIC = {"/en/accounts/login/", "/en/accessibility/", "/favicon.ico", "/i18n/setlang/"}
# A published, disclosable report is open to anyone, anything else there is a 404:
# tests/access/test_public_edition.py and tests/editions/test_public_access.py.
PUBLIC_EDITION = {"/en/reports/gwent-police/2019-20/", "/en/reports/gwent-police/2019-20/pdf/",
                  "/en/reports/gwent-police/2019-20/editions/1/",
                  "/en/reports/gwent-police/2019-20/editions/1/pdf/"}


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _example(route: str) -> str:
    """A concrete path for a route: placeholders filled with plausible values."""
    import re

    route = re.sub(r"<slug:[^>]+>", "gwent-police", route)
    route = re.sub(r"<(?:str|path):[^>]+>", "2019-20", route)
    route = re.sub(r"<int:[^>]+>", "1", route)
    route = route.replace("^", "").replace("$", "").replace("\\Z", "")
    return "/" + route


def site_paths():
    paths = set()
    for route in _walk(get_resolver().url_patterns):
        if route.startswith(("admin/", "en/admin/")) or "(?P" in route or "(" in route:
            continue
        paths.add(_example(route))
    return sorted(paths)


def test_the_walk_finds_the_site_pages():
    paths = site_paths()
    assert "/en/" in paths
    assert "/en/reports/gwent-police/2019-20/" in paths


def test_login_page_is_open(client):
    assert client.get("/en/accounts/login/").status_code == 200


@pytest.mark.parametrize("path", [p for p in site_paths() if p not in PUBLIC | PUBLIC_EDITION])
def test_anonymous_request_is_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302, path
    assert response["Location"].startswith("/en/accounts/login/?next="), path


def test_admin_needs_sign_in(client):
    response = client.get("/en/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/admin/login/")
