"""The confirm step names only a random token of the posting user's own unexpired
preview, kept in the database: no client-supplied name reaches a file path, and a
tampered confirmation is a 400 that says to upload the file again, never a 500."""

import io
import tempfile
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ictreport.core.previews import ImportPreview
from servicedesk.models import ChannelCalls
from tests.imports.conftest import admin_confirm, admin_import
from tests.imports.factories import CSV, SECTIONS, XLSX, FigureEditorFactory, spreadsheet

CALLS = SECTIONS[0]
LINES = next(section for section in SECTIONS if section.name == "finance-lines")
REFUSED = "This preview cannot be confirmed"


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """The server's temporary folder, watched: a private one for this test."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _process_url(section):
    return reverse(f"admin:{section.admin_name}_process_import")


def _preview(client, organisation, file_format=CSV):
    CALLS.setup(organisation)
    upload = spreadsheet(CALLS.headers, CALLS.file_rows(organisation), file_format)
    response = admin_import(client, CALLS, upload, file_format)
    assert "confirm_form" in response.context
    return response


@pytest.mark.parametrize("file_format", [CSV, XLSX])
def test_the_preview_is_held_in_the_database_and_shows_only_a_token(
        file_format, organisation, editor_client, private_tmp):
    client = editor_client(CALLS)

    response = _preview(client, organisation, file_format)

    preview = ImportPreview.objects.get()
    assert preview.user == response.wsgi_request.user
    assert preview.model == "servicedesk.channelcalls"
    assert len(preview.token) >= 43
    assert preview.rows["headers"] == CALLS.headers
    page = response.content.decode()
    form = page[page.index('action="' + _process_url(CALLS)):]
    form = form[:form.index("</form>")]
    hidden = [line for line in form.split("<input") if 'type="hidden"' in line]
    assert len(hidden) == 2  # the CSRF token and the preview's token, nothing else
    assert f'name="token" value="{preview.token}"' in form
    assert str(private_tmp) not in page and "/tmp" not in form
    assert list(private_tmp.iterdir()) == [], "no copy of the upload is left on disk"


def test_a_path_traversal_name_is_refused_and_the_file_not_read_or_deleted(
        organisation, editor_client, private_tmp, tmp_path):
    CALLS.setup(organisation)
    canary_text = "organisation,year,period,channel,calls\ngwent-police,2019-20,Q1,Telephone,7\n"
    elsewhere = tmp_path / "x"
    elsewhere.mkdir()
    canaries = [elsewhere / "canary.csv", private_tmp / "canary.csv"]
    for canary in canaries:
        canary.write_text(canary_text)
    client = editor_client(CALLS)

    for name in ("../../x/canary.csv", "canary.csv", str(elsewhere / "canary.csv")):
        for fields in ({"import_file_name": name, "original_file_name": "c.csv", "format": 0},
                       {"token": name, "format": 0}):
            response = client.post(_process_url(CALLS), fields)

            assert response.status_code == 400
            assert REFUSED in response.content.decode()
            assert "Telephone,7" not in response.content.decode()
    for canary in canaries:
        assert canary.read_text() == canary_text
    assert ChannelCalls.objects.count() == 0


@pytest.mark.parametrize("fields", [
    {},
    {"token": ""},
    {"token": "x" * 10_000},
    {"token": "not-a-token"},
    {"token": ["a", "b"]},
    {"confirm": "Confirm import", "format": "abc", "resource": "99"},
    {"format": "7", "import_file_name": "", "original_file_name": "\x00"},
], ids=["nothing", "empty", "huge", "garbage", "twice", "garbage format", "garbage names"])
def test_tampered_confirmations_are_a_400_with_a_sentence(fields, organisation,
                                                          editor_client):
    _preview(editor_client(CALLS), organisation)

    response = editor_client(CALLS).post(_process_url(CALLS), fields)

    assert response.status_code == 400
    assert REFUSED in response.content.decode()
    assert ChannelCalls.objects.count() == 0
    assert ImportPreview.objects.count() == 1, "the real preview is untouched"


def test_the_confirmation_takes_no_format_or_resource_from_the_post(organisation,
                                                                    editor_client):
    """The rows were parsed at upload; a posted format or resource changes nothing."""
    client = editor_client(CALLS)
    preview = _preview(client, organisation)
    fields = {**preview.context["confirm_form"].initial, "format": "1", "resource": "5"}

    response = client.post(_process_url(CALLS), fields)

    assert response.status_code == 302
    assert ChannelCalls.objects.count() == len(CALLS.rows)


def test_another_users_token_is_refused_and_stays_the_owners(organisation, client):
    CALLS.setup(organisation)
    owner, other = FigureEditorFactory(figures=CALLS.model), FigureEditorFactory(
        figures=CALLS.model)
    client.force_login(owner)
    preview = _preview(client, organisation)
    token = preview.context["confirm_form"].initial

    client.force_login(other)
    assert client.post(_process_url(CALLS), token).status_code == 400
    assert ChannelCalls.objects.count() == 0

    client.force_login(owner)
    assert client.post(_process_url(CALLS), token).status_code == 302
    assert ChannelCalls.objects.count() == len(CALLS.rows)


def test_a_token_for_another_kind_of_figures_is_refused(organisation, client):
    CALLS.setup(organisation)
    LINES.setup(organisation)
    user = FigureEditorFactory(figures=CALLS.model)
    user.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="finance", codename__endswith="_linefigure"))
    client.force_login(user)
    preview = _preview(client, organisation)

    response = client.post(_process_url(LINES), preview.context["confirm_form"].initial)

    assert response.status_code == 400
    assert ChannelCalls.objects.count() == 0
    assert ImportPreview.objects.count() == 1


def test_a_preview_is_confirmed_once(organisation, editor_client):
    client = editor_client(CALLS)
    preview = _preview(client, organisation)
    admin_confirm(client, CALLS, preview)
    ChannelCalls.objects.all().delete()

    again = client.post(_process_url(CALLS), preview.context["confirm_form"].initial)

    assert again.status_code == 400
    assert ChannelCalls.objects.count() == 0
    assert ImportPreview.objects.count() == 0


def test_an_expired_preview_is_refused_and_removed_on_the_next_import(
        organisation, editor_client, time_machine):
    client = editor_client(CALLS)
    preview = _preview(client, organisation)
    time_machine.move_to(timezone.now() + timedelta(hours=1, seconds=1))

    response = client.post(_process_url(CALLS), preview.context["confirm_form"].initial)

    assert response.status_code == 400
    assert ChannelCalls.objects.count() == 0
    assert ImportPreview.objects.count() == 1
    client.get(reverse(f"admin:{CALLS.admin_name}_import"))
    assert ImportPreview.objects.count() == 0


def test_the_command_removes_expired_previews_only(organisation, editor_client):
    client = editor_client(CALLS)
    _preview(client, organisation)
    _preview(client, organisation)
    expired, kept = ImportPreview.objects.order_by("pk")
    an_hour_ago = timezone.now() - timedelta(hours=1)
    ImportPreview.objects.filter(pk=expired.pk).update(
        created_at=an_hour_ago - timedelta(hours=1), expires_at=an_hour_ago)

    out = io.StringIO()
    call_command("clear_import_previews", stdout=out)

    assert list(ImportPreview.objects.all()) == [kept]
    assert "Removed 1 expired import preview" in out.getvalue()


def test_the_confirm_step_answers_get_with_405(organisation, editor_client):
    response = editor_client(CALLS).get(_process_url(CALLS))
    assert response.status_code == 405


def test_a_user_who_may_not_import_gets_403(organisation, client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True))
    assert client.post(_process_url(CALLS), {"token": "x" * 43}).status_code == 403
