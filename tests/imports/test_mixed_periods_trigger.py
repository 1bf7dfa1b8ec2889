"""A year holds a full-year return or quarterly ones, never both: the import says so at
the row without asking the model's ``clean`` (which queries), and where that check is
bypassed the database's trigger still refuses the rows, rolling the whole file back."""

from ictreport.core.import_bulk import PreloadedRows
from ictreport.core.periods import Quarter
from servicedesk.models import ChannelCalls, ServiceDeskReturn
from tests.imports.factories import SECTIONS, FigureEditorFactory, as_dataset
from tests.servicedesk.factories import ServiceDeskReturnFactory

CALLS = SECTIONS[0]


def _import(organisation):
    rows = CALLS.file_rows(organisation, [["2019-20", "Q3", "Telephone", "5"],
                                          ["2019-20", "full-year", "Telephone", "5"]])
    return CALLS.resource(user=FigureEditorFactory()).import_data(
        as_dataset(CALLS.headers, rows), dry_run=False, rollback_on_validation_errors=True)


def test_the_rule_is_a_row_error_even_without_the_models_clean(organisation, monkeypatch):
    CALLS.setup(organisation)
    ServiceDeskReturnFactory(organisation=organisation, quarter=Quarter.Q3)
    monkeypatch.setattr(ServiceDeskReturn, "clean", lambda self: None)

    result = _import(organisation)

    assert not result.has_errors()
    [invalid] = result.invalid_rows
    assert invalid.number == 2
    assert invalid.field_specific_errors["period"] == [
        "This year already has quarterly returns; it cannot also have a full-year one."
    ]
    assert ChannelCalls.objects.count() == 0
    assert list(ServiceDeskReturn.objects.values_list("quarter", flat=True)) == [Quarter.Q3]


def test_trigger_refusal_rolls_every_row_back_not_a_server_error(organisation, monkeypatch):
    CALLS.setup(organisation)
    ServiceDeskReturnFactory(organisation=organisation, quarter=Quarter.Q3)
    monkeypatch.setattr(PreloadedRows, "_mixed_periods", lambda self, *args: None)

    result = _import(organisation)

    assert result.has_errors()
    assert "The database refused the file's rows, so nothing was imported" in str(
        result.base_errors[0].error)
    assert ChannelCalls.objects.count() == 0
    assert list(ServiceDeskReturn.objects.values_list("quarter", flat=True)) == [Quarter.Q3]
