import pytest

from tests.imports.conftest import admin_confirm, admin_import
from tests.imports.factories import CSV, SECTIONS, FigureEditorFactory, spreadsheet


def _import(client, section, rows):
    preview = admin_import(client, section, spreadsheet(section.headers, rows), CSV)
    admin_confirm(client, section, preview)
    return preview.context["result"]


def _figures(section):
    exported = section.resource(user=FigureEditorFactory()).export(section.model.objects.all())
    return sorted(exported.csv.splitlines())


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.name)
def test_reimporting_the_same_file_changes_nothing_and_writes_no_history(
        section, organisation, editor_client):
    section.setup(organisation)
    client = editor_client(section)
    rows = section.file_rows(organisation)
    _import(client, section, rows)
    history = section.model.history.count()

    again = _import(client, section, rows)

    assert [row.import_type for row in again.valid_rows()] == ["skip"] * len(rows)
    assert section.model.objects.count() == len(rows)
    assert section.model.history.count() == history


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.name)
def test_reimporting_changed_figures_updates_them_in_place(section, organisation,
                                                           editor_client):
    section.setup(organisation)
    client = editor_client(section)
    _import(client, section, section.file_rows(organisation))
    ids = set(section.model.objects.values_list("pk", flat=True))

    changed = _import(client, section, section.file_rows(organisation, section.changed_rows))

    assert [row.import_type for row in changed.valid_rows()] == ["update"] * len(
        section.changed_rows)
    assert set(section.model.objects.values_list("pk", flat=True)) == ids
    assert _figures(section) == sorted(
        [",".join(section.headers)]
        + [",".join(row) for row in section.file_rows(organisation, section.changed_rows)]
    )
