import uuid
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.factories import OrganisationFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_REPORT = ROOT / "data" / "reports" / "gwent-police-2019-20.yaml"


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _own_cache(settings):
    """Each test its own empty cache: ids and data versions repeat between tests whose
    transactions were rolled back, so a shared cache could serve another test's page."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": f"test-{uuid.uuid4()}"}}


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
