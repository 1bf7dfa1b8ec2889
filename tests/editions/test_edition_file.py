"""A drawn edition's PDF is kept through ``STORAGES["editions"]`` in an insert-only row,
and served like a static file: ETag and Last-Modified, a 304 on a conditional GET, its
length, the edition's file name, long-lived public caching for a public edition at its
own address, and the storage's own URL where that is configured."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import IntegrityError, transaction

from ictreport.core.models import EditionPdf, EditionPdfSource
from tests.editions.factories import STAND_IN, editor_of, publish_small, stand_in_pdf

pytestmark = pytest.mark.django_db

URL = "/en/reports/gwent-police/2020-21/"
FILE_NAME = 'attachment; filename="ict-annual-report-gwent-police-2020-21-edition-1.pdf"'


@pytest.fixture
def kept(client, gwent, monkeypatch):
    """Edition 1, published and its English PDF drawn (by a stand-in) and kept."""
    stand_in_pdf(monkeypatch)
    publish_small(gwent)
    response = client.get(URL + "editions/1/pdf/")  # drawn at once: tasks are eager here
    assert response.status_code == 200
    return EditionPdf.objects.get(edition__language="en"), response


def test_the_pdf_is_kept_in_the_editions_storage(kept):
    row, response = kept
    content = response.getvalue()
    assert content.startswith(STAND_IN)
    storage = storages["editions"]
    assert row.file.name.startswith("editions/gwent-police/2020-21/edition-1-en-")
    with storage.open(row.file.name, "rb") as handle:
        assert handle.read() == content
    assert row.size == len(content)
    assert row.sha256 == hashlib.sha256(content).hexdigest()
    assert row.edition.content_sha256 != row.sha256  # each hash says what it covers


def test_it_is_served_like_a_static_file(client, kept):
    row, response = kept
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == FILE_NAME
    assert response["Content-Length"] == str(row.size)
    assert response["ETag"] == f'"{row.sha256}"'
    assert response["Last-Modified"]
    again = client.get(URL + "editions/1/pdf/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again["ETag"] == response["ETag"]
    since = client.get(URL + "editions/1/pdf/",
                       HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304
    changed = client.get(URL + "editions/1/pdf/", HTTP_IF_NONE_MATCH='"another"')
    assert changed.status_code == 200


def test_a_public_edition_may_be_kept_by_any_cache_at_its_own_address(client, kept):
    _row, response = kept
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"public", "immutable", "max-age=31536000"} <= directives
    assert "private" not in directives
    # The latest edition's address moves on with the next edition: browser only.
    latest = {d.strip() for d in client.get(URL + "pdf/")["Cache-Control"].split(",")}
    assert {"private", "no-cache"} <= latest and "public" not in latest


def test_a_member_gets_it_private(client, kept, gwent):
    client.force_login(editor_of(gwent))
    response = client.get(URL + "editions/1/pdf/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response.getvalue() == kept[1].getvalue()


def test_the_storage_url_serves_a_public_edition_where_configured(client, kept, settings):
    row, _response = kept
    settings.STORAGES = {**settings.STORAGES, "editions": {
        **settings.STORAGES["editions"], "SERVE": "redirect"}}
    response = client.get(URL + "editions/1/pdf/")
    assert response.status_code == 302
    assert response["Location"] == storages["editions"].url(row.file.name)
    assert response["ETag"] == f'"{row.sha256}"'


@pytest.mark.parametrize("model, field, value", [
    (EditionPdf, "sha256", "0" * 64),
    (EditionPdf, "file", "editions/forged.pdf"),
    (EditionPdfSource, "html", "<p>Forged</p>"),
])
def test_the_database_refuses_an_update_of_a_pdf_row(kept, model, field, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.update(**{field: value})
    assert not model.objects.filter(**{field: value}).exists()


def test_saving_or_deleting_a_pdf_row_is_refused(kept):
    row, _response = kept
    row.size = 1
    with pytest.raises(ValidationError, match="cannot be changed"), transaction.atomic():
        row.save()
    with pytest.raises(ValidationError, match="cannot be changed"), transaction.atomic():
        row.delete()
    assert EditionPdf.objects.get(pk=row.pk).size != 1


def test_serving_a_kept_pdf_reads_one_row(client, kept, django_assert_num_queries):
    client.get(URL + "editions/1/pdf/")  # warm: the site's own first queries
    with django_assert_num_queries(2) as captured:
        # 1: the report, its organisation and year (get_report)
        # 2: the edition in the reader's language, with its kept PDF's row
        assert client.get(URL + "editions/1/pdf/").status_code == 200
    assert "core_editionpdf" in captured.captured_queries[-1]["sql"]
