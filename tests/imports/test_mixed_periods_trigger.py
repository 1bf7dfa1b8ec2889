"""Where the model's own check is bypassed, the database's trigger still refuses a year
with both a full-year and quarterly returns, and the import says so at the row."""

from ictreport.core.periods import Quarter
from servicedesk.models import ChannelCalls, ServiceDeskReturn
from tests.imports.factories import SECTIONS, FigureEditorFactory, as_dataset
from tests.servicedesk.factories import ServiceDeskReturnFactory

CALLS = SECTIONS[0]


def test_trigger_refusal_is_a_row_error_not_a_server_error(organisation, monkeypatch):
    CALLS.setup(organisation)
    ServiceDeskReturnFactory(organisation=organisation, quarter=Quarter.Q3)
    monkeypatch.setattr(ServiceDeskReturn, "clean", lambda self: None)
    rows = CALLS.file_rows(organisation, [["2019-20", "Q3", "Telephone", "5"],
                                          ["2019-20", "full-year", "Telephone", "5"]])

    result = CALLS.resource(user=FigureEditorFactory()).import_data(
        as_dataset(CALLS.headers, rows), dry_run=False, rollback_on_validation_errors=True)

    assert not result.has_errors()
    [invalid] = result.invalid_rows
    assert invalid.number == 2
    assert invalid.field_specific_errors["period"] == [
        "2019-20 holds either one full-year return or quarterly returns, never both."
    ]
    assert ChannelCalls.objects.count() == 0
    assert list(ServiceDeskReturn.objects.values_list("quarter", flat=True)) == [Quarter.Q3]
