import pytest
import tablib

from ictreport.core.models import ReturnStatus
from tests.imports.conftest import admin_confirm, admin_export, admin_import
from tests.imports.factories import CSV, SECTIONS, XLSX, spreadsheet


@pytest.mark.parametrize("file_format", [CSV, XLSX])
@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.name)
def test_good_file_previews_then_creates_every_figure(section, file_format, organisation,
                                                      editor_client):
    section.setup(organisation)
    client = editor_client(section)
    rows = section.file_rows(organisation)

    preview = admin_import(client, section, spreadsheet(section.headers, rows, file_format),
                           file_format)

    assert preview.status_code == 200
    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.valid_rows()] == ["new"] * len(rows)
    assert "Create" in preview.content.decode()
    assert section.model.objects.count() == 0, "the dry run writes nothing"

    confirmed = admin_confirm(client, section, preview)

    assert confirmed.status_code == 302
    assert section.model.objects.count() == len(rows)
    exported = admin_export(client, section, CSV)
    assert tablib.Dataset().load(exported.content.decode("utf-8-sig"), format="csv").dict == [
        dict(zip(section.headers, row, strict=True)) for row in rows
    ]


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.name)
def test_import_creates_a_draft_return_for_a_period_that_has_none(section, organisation,
                                                                  editor_client):
    section.setup(organisation)
    client = editor_client(section)

    admin_confirm(client, section, admin_import(
        client, section, spreadsheet(section.headers, section.file_rows(organisation)), CSV))

    return_model = section.resource().return_model
    periods = {(row[0], row[1]) for row in section.rows}
    assert return_model.objects.filter(organisation=organisation).count() == len(periods)
    assert set(return_model.objects.values_list("status", flat=True)) == {ReturnStatus.DRAFT}
