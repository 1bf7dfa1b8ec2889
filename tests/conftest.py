import itertools
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test.utils import override_settings

from tests.factories import OrganisationFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_REPORT = ROOT / "data" / "reports" / "gwent-police-2019-20.yaml"
TESTS = Path(__file__).resolve().parent

# Markers given by where a test is or what it uses, so that `-m "not pdf and not browser"`
# (make test-fast) leaves out every slow test without each file having to say so.
BROWSER_FIXTURES = {"browser", "live_server", "site_server"}  # "page" is also a parameter name
PDF_FIXTURES = {"board_paper"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(str(item.path))
        fixtures = set(getattr(item, "fixturenames", ()))
        if TESTS / "browser" in path.parents or fixtures & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if "pdf" in path.stem or fixtures & PDF_FIXTURES:
            item.add_marker(pytest.mark.pdf)


_test_caches = itertools.count()


@pytest.fixture(scope="session", autouse=True)
def _isolated_var(tmp_path_factory):
    """Nothing a test does lands in the checkout's var/: the cache, static and media
    folders are the session's own, and so is CACHE_DIR for the manage.py processes some
    tests start."""
    var = tmp_path_factory.mktemp("var")
    with pytest.MonkeyPatch.context() as patch, override_settings(
        VAR_DIR=var,
        STATIC_ROOT=var / "static",
        MEDIA_ROOT=var / "media",
        CACHES={"default": {"BACKEND": "ictreport.core.cache.FileCache",
                            "LOCATION": str(var / "cache" / "session")}},
    ):
        patch.setenv("CACHE_DIR", str(var / "cache" / "processes"))
        yield var


@pytest.fixture(autouse=True)
def _own_cache_per_test(settings, _isolated_var):
    """A file cache of each test's own (made only when it is first written), so no
    cached PDF is ever served from another test."""
    settings.CACHES = {"default": {
        "BACKEND": "ictreport.core.cache.FileCache",
        "LOCATION": str(_isolated_var / "cache" / f"test-{next(_test_caches)}"),
    }}


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Factories hash a password for every user; the production hasher takes about a
    second each time, which is the point in production and waste in tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def gwent(db):
    return OrganisationFactory(name="Gwent Police", slug="gwent-police")


@pytest.fixture
def staff_user(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def shipped_report(gwent):
    """The 2019/20 report as shipped in data/, imported through the real command."""
    call_command("import_report", str(SHIPPED_REPORT))
    return gwent.reports.get(year_id=2019)


@pytest.fixture(scope="session")
def board_paper(django_db_setup, django_db_blocker):
    """The shipped report's PDF (with a stand-in section: a chart and a long table),
    rendered once for the session: see tests/pdf/board.py."""
    from tests.pdf.board import render_board_paper

    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        return render_board_paper(SHIPPED_REPORT, patch)
