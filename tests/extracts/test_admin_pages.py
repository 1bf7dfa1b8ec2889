"""The admin's "Import an extract" pages: upload, mapping screen, dry run, confirm; and
who may do what with whose figures."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ictreport.core.models import ExtractMapping, ExtractRun, ImportPreview, ReturnStatus
from servicedesk.models import ServiceDeskReturn
from tests.access.factories import user_in
from tests.extracts.factories import csv_bytes, reference_data, upload, year_of_tickets
from tests.factories import FinancialYearFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
IMPORT = "/en/admin/core/extractrun/import/"
KIND = "servicedesk-tickets"


@pytest.fixture
def editor(gwent):
    reference_data()
    return user_in("Service desk editors", gwent)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def post_upload(client, organisation, file, year="2019-20"):
    return client.post(IMPORT, {"kind": KIND, "organisation": organisation.pk,
                                "year": year, "file": file})


def dry_run_url(response):
    assert response.status_code == 302, response.content.decode()[:2000]
    assert re.fullmatch(r"/en/admin/core/extractrun/import/[\w-]+/check/", response.url)
    return response.url


def test_upload_dry_run_then_confirm_writes_every_quarter(editor_client, gwent, editor):
    url = dry_run_url(post_upload(editor_client, gwent, upload(year_of_tickets())))
    page = editor_client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "6 rows read, 0 left out" in html and "Nothing has been written yet." in html
    assert "<caption>Q1 (Apr–Jun) 2019/20</caption>" in html
    assert "Calls received: Telephone" in html and "differs" in html
    assert not ServiceDeskReturn.objects.exists()  # the dry run writes nothing

    confirmed = editor_client.post(url)
    assert confirmed.status_code == 302
    assert ServiceDeskReturn.objects.filter(organisation=gwent).count() == 4
    run = ExtractRun.objects.get()
    assert run.user == editor and run.file_name == "tickets.csv"
    # confirmed once only
    again = editor_client.post(url, follow=True)
    assert "cannot be confirmed" in again.content.decode()
    assert ExtractRun.objects.count() == 1

    # the return's page and its history say where its figures came from
    q1 = ServiceDeskReturn.objects.get(organisation=gwent, quarter=1)
    change = editor_client.get(f"/en/admin/servicedesk/servicedeskreturn/{q1.pk}/change/")
    assert "Figures from an extract" in change.content.decode()
    assert run.sha256 in change.content.decode()
    history = editor_client.get(f"/en/admin/servicedesk/servicedeskreturn/{q1.pk}/history/")
    assert f"From extract {run.sha256}" in history.content.decode()


def test_a_second_look_at_the_dry_run_matches_held_figures(editor_client, gwent):
    editor_client.post(dry_run_url(post_upload(editor_client, gwent,
                                               upload(year_of_tickets()))))
    html = editor_client.get(dry_run_url(post_upload(
        editor_client, gwent, upload(year_of_tickets())))).content.decode()
    assert "differs" not in html.split("<caption>Q1")[1].split("</table>")[0]


def test_dry_run_page_queries_are_fixed(editor_client, gwent, django_assert_num_queries):
    """Session, user, preview, groups, organisations, permissions, year, the refusals'
    returns; with figures held, their calls and tiers (prefetched), whatever the rows."""
    url = dry_run_url(post_upload(editor_client, gwent, upload(year_of_tickets())))
    with django_assert_num_queries(12):
        assert editor_client.get(url).status_code == 200
    editor_client.post(url)
    url = dry_run_url(post_upload(editor_client, gwent, upload(year_of_tickets())))
    with django_assert_num_queries(16):
        assert editor_client.get(url).status_code == 200


def test_other_headers_go_through_the_mapping_screen_once(editor_client, gwent):
    headers = ["Number", "Opened", "Contact type", "FCR", "Priority", "Resolved"]
    response = post_upload(editor_client, gwent,
                           upload(year_of_tickets(), headers=headers))
    assert response.status_code == 302 and response.url.endswith("/columns/")
    page = editor_client.get(response.url).content.decode()
    assert "<th scope=\"col\">Contact type</th>" in page  # the file's own headers
    assert "<td>INC001</td>" in page and "<td>INC005</td>" in page  # its first rows
    assert "<td>INC006</td>" not in page  # five rows only
    mapping = {"reference": "Number", "logged_at": "Opened", "channel": "Contact type",
               "first_contact": "FCR", "tier": "Priority", "resolved_at": "Resolved"}
    # a header chosen twice is refused at the field
    twice = editor_client.post(response.url, {**mapping, "resolved_at": "Opened"})
    assert twice.status_code == 400
    assert "already chosen for" in twice.content.decode()
    checked = editor_client.post(response.url, mapping)
    dry_run_url(checked)
    assert ExtractMapping.objects.get(organisation=gwent, kind=KIND).columns == mapping
    # next time the same headers go straight to the dry run
    dry_run_url(post_upload(editor_client, gwent, upload(year_of_tickets(), headers=headers)))


def test_a_locked_quarter_is_named_and_confirming_writes_nothing(editor_client, gwent):
    ServiceDeskReturn.objects.create(organisation=gwent,
                                     year=FinancialYearFactory(start_year=2019),
                                     quarter=3, status=ReturnStatus.APPROVED)
    url = dry_run_url(post_upload(editor_client, gwent, upload(year_of_tickets())))
    html = editor_client.get(url).content.decode()
    assert "Q3 (Oct–Dec) 2019/20 is approved, so the extract cannot change it" in html
    response = editor_client.post(url, follow=True)
    assert "Q3 (Oct–Dec) 2019/20 is approved" in response.content.decode()
    assert "Nothing was imported." in response.content.decode()
    assert list(ServiceDeskReturn.objects.values_list("quarter", flat=True)) == [3]
    assert not ExtractRun.objects.exists()


def test_another_organisation_cannot_be_chosen_nor_its_previews_seen(editor_client, gwent):
    other = OrganisationFactory(name="Dyfed-Powys Police", slug="dyfed-powys-police")
    response = post_upload(editor_client, other, upload(year_of_tickets()))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert "Dyfed-Powys" not in editor_client.get(IMPORT).content.decode()
    assert not ImportPreview.objects.exists()

    # a dry run made by someone else, for an organisation this editor cannot see
    outsider = Client()
    outsider.force_login(user_in("Service desk editors", other))
    url = dry_run_url(post_upload(outsider, other, upload(year_of_tickets())))
    assert editor_client.get(url).status_code == 404
    assert editor_client.post(url).status_code == 302  # "cannot be confirmed"
    assert not ServiceDeskReturn.objects.exists()
    # and the list of runs shows only the user's organisations
    outsider.post(url)
    assert ExtractRun.objects.filter(organisation=other).exists()
    listing = editor_client.get("/en/admin/core/extractrun/").content.decode()
    assert "Dyfed-Powys" not in listing
    run = ExtractRun.objects.get()
    assert editor_client.get(f"/en/admin/core/extractrun/{run.pk}/change/").status_code in (
        302, 403, 404)


def test_an_editor_of_another_section_may_not_import(client, gwent):
    reference_data()
    client.force_login(user_in("Finance editors", gwent))
    response = post_upload(client, gwent, upload(year_of_tickets()))
    # Refused outright while no finance extract is registered; with one, at the field.
    assert response.status_code in (400, 403)
    if response.status_code == 400:
        assert "You may not enter Service desk tickets figures for Gwent Police." in \
            response.content.decode()
    assert not ImportPreview.objects.exists()


def test_a_viewer_has_no_import_pages(client, gwent):
    client.force_login(user_in("Viewers", gwent))
    assert client.get(IMPORT).status_code == 403


@pytest.mark.parametrize(("file", "words"), [
    (SimpleUploadedFile("e.csv", b""), "The submitted file is empty."),
    (SimpleUploadedFile("g.csv", bytes(range(256)) * 40), "neither CSV text nor an Excel"),
    (SimpleUploadedFile("l.csv", b"date,account,amount\n2019-04-01,4100,1\n"), None),
])
def test_bad_files_get_a_message_at_the_field_and_no_500(editor_client, gwent, file, words):
    response = post_upload(editor_client, gwent, file)
    if words is None:  # other headers: the mapping screen, where nothing matches yet
        assert response.status_code == 302 and response.url.endswith("/columns/")
        page = editor_client.post(response.url, {})
        assert page.status_code == 400 and "This field is required." in page.content.decode()
    else:
        assert response.status_code == 400
        assert words in response.content.decode()
    assert not ServiceDeskReturn.objects.exists()


def test_a_60_mb_upload_is_refused_saying_the_50_mb_limit(editor_client, gwent, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 50 * 1024 * 1024
    big = csv_bytes(year_of_tickets()) + b"x" * (60 * 1024 * 1024)
    response = post_upload(editor_client, gwent, SimpleUploadedFile("big.csv", big))
    assert response.status_code == 400
    assert "The file is larger than 50.0\xa0MB" in response.content.decode()
    assert not ImportPreview.objects.exists()
