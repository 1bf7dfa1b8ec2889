"""Nothing in a published edition can be changed or deleted: not through the ORM, not
by a bulk update, not by SQL, and the admin only shows it."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from ictreport.core.editions import content_hash
from ictreport.core.models import ReportEdition
from tests.editions.factories import (
    approve_and_publish,
    approver_of,
    editor_of,
    small_report,
    stand_in_pdf,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition(gwent, monkeypatch):
    stand_in_pdf(monkeypatch)
    report, desk_return = small_report(gwent)
    return approve_and_publish(report, [desk_return], editor=editor_of(gwent),
                               approver=approver_of(gwent))


def test_the_hash_covers_everything_stored(edition):
    stored = ReportEdition.objects.filter(language="en").get()
    assert stored.content_sha256 == content_hash(
        html=stored.html, data=stored.data, reasons=stored.reasons, changes=stored.changes)
    assert stored.content_sha256 != content_hash(
        html=stored.html + " ", data=stored.data, reasons=stored.reasons,
        changes=stored.changes)


def test_saving_an_edition_again_is_refused(edition):
    edition.html = "<p>Rewritten</p>"
    with pytest.raises(ValidationError, match="cannot be changed"), transaction.atomic():
        edition.save()
    # A delete is refused before the signal too: what its PDF shows PROTECTs it.
    with pytest.raises((ValidationError, ProtectedError)), transaction.atomic():
        edition.delete()
    with pytest.raises((ValidationError, ProtectedError)), transaction.atomic():
        ReportEdition.objects.all().delete()
    assert ReportEdition.objects.filter(language="en").get().html != "<p>Rewritten</p>"


@pytest.mark.parametrize("field, value", [
    ("html", "<p>Rewritten</p>"),
    ("title", "Another title"),
    ("publicly_disclosable", False),
    ("content_sha256", "0" * 64),
    ("number", 7),
])
def test_the_database_refuses_an_update_of_any_field(edition, field, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportEdition.objects.filter(pk=edition.pk).update(**{field: value})
    assert getattr(ReportEdition.objects.filter(language="en").get(), field) != value


def test_the_database_refuses_an_update_in_plain_sql(edition):
    table = ReportEdition._meta.db_table
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET html = %s", ["<p>Forged</p>"])


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite has no DELETE trigger: the test runner's flush deletes "
                           "rows one table at a time (see ictreport.core.editions).")
def test_postgresql_refuses_a_delete_in_plain_sql(edition):
    table = ReportEdition._meta.db_table
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")


def test_the_trigger_survives_a_new_migrate(edition):
    """post_migrate reinstalls it (SQLite drops triggers when it rebuilds a table)."""
    from ictreport.core.editions import install_edition_triggers

    assert install_edition_triggers()
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportEdition.objects.update(title="Again")


def test_the_admin_shows_an_edition_and_changes_nothing(client, staff_user, edition):
    client.force_login(staff_user)
    base = "/en/admin/core/reportedition/"
    page = client.get(f"{base}{edition.pk}/change/")
    assert page.status_code == 200
    content = page.content.decode()
    assert edition.content_sha256 in content
    assert 'name="_save"' not in content
    before = ReportEdition.objects.filter(language="en").get()
    response = client.post(f"{base}{edition.pk}/change/", {"title": "Changed"})
    assert response.status_code == 403
    assert client.get(f"{base}{edition.pk}/delete/").status_code == 403
    assert client.post(f"{base}{edition.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get(f"{base}add/").status_code == 403
    assert ReportEdition.objects.filter(language="en").get().title == before.title


def test_another_organisations_edition_does_not_exist_in_the_admin(client, edition):
    from tests.access.factories import user_in
    from tests.factories import OrganisationFactory

    client.force_login(user_in("Viewers", OrganisationFactory(slug="torfaen")))
    assert client.get(f"/en/admin/core/reportedition/{edition.pk}/change/").status_code in (
        302, 404)
    listing = client.get("/en/admin/core/reportedition/")
    assert listing.status_code == 200
    assert edition.title not in listing.content.decode()
