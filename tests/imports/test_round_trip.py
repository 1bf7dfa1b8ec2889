import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.imports.conftest import admin_confirm, admin_export, admin_import
from tests.imports.factories import CSV, SECTIONS, XLSX, spreadsheet


@pytest.mark.parametrize("file_format", [CSV, XLSX])
@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.name)
def test_an_exported_file_imports_back_to_the_same_figures(section, file_format, organisation,
                                                           editor_client):
    section.setup(organisation)
    client = editor_client(section)
    admin_confirm(client, section, admin_import(
        client, section, spreadsheet(section.headers, section.file_rows(organisation)), CSV))
    exported = admin_export(client, section, file_format)
    assert exported.status_code == 200
    first = admin_export(client, section, CSV).content
    section.model.objects.all().delete()

    preview = admin_import(client, section, _upload(exported, file_format), file_format)
    assert [row.import_type for row in preview.context["result"].valid_rows()] == [
        "new"] * len(section.rows)
    admin_confirm(client, section, preview)

    assert admin_export(client, section, CSV).content == first


def _upload(response, file_format):
    return SimpleUploadedFile(f"export.{file_format}", response.content)
