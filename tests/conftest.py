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
def _fast_password_hashing(settings):
    """Factories hash a password for every user; the production hasher takes about a
    second each time, which is the point in production and waste in tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_eagerly(settings):
    """Celery tasks run in the test's own thread, never on a broker; a change to a
    report does not draw its PDF (tests/reports/test_pdf_jobs.py turns that on)."""
    from ictreport.celery import app

    app.conf.task_always_eager = True
    settings.PDF_PREPARE_ON_CHANGE = False
    yield
    app.conf.task_always_eager = True


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
