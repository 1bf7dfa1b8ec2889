"""What a revised edition lists as changed: every figure and text of the public edition,
compared by where it is in the report, down to the table cell and the sentence."""

import datetime as dt

from ictreport.core.editions import changed_entries
from ictreport.core.models import AnnualReport
from ictreport.core.sections import Column, Row, SectionData, Table, Text
from ictreport.reports.editions import document_entries
from ictreport.reports.outline import Chapter, Paragraph, ReportDocument


def document(*, calls=1200, sentence="Telephone calls fell.", channel="Telephone",
             recommendation="Members note the report.", restricted="Supplier X"):
    report = AnnualReport(title="ICT report", lead_chief_officer="A. Officer",
                          report_date=dt.date(2021, 9, 3), timing="Routine",
                          purpose="For monitoring", classification="OFFICIAL")
    section = SectionData("servicedesk", "Service levels", (
        Text(f"There were {calls:,} calls. {sentence} Self-service rose."),
        Table(key="calls", caption="Service Desk Calls",
              columns=(Column("channel", "Channel"), Column("calls", "No.", "int")),
              rows=(Row((channel, calls)), Row(("Self Service", 300)))),
        Text(restricted, restricted=True),
    )).public()
    return ReportDocument(report, [
        Chapter(1, "Recommendation", [Paragraph("1.1", text=recommendation)]),
        Chapter(3, "Issues", [Paragraph("3.1", section=section, commentary="Busy year.")]),
    ], findings=[], public=True)


def data(doc):
    return {"entries": [[e.key, e.label, e.value] for e in document_entries(doc)]}


def test_an_unchanged_document_has_no_changes():
    assert changed_entries(data(document()), data(document())) == []


def test_a_changed_figure_is_named_by_table_row_and_column():
    changes = changed_entries(data(document()), data(document(calls=1500)))
    assert {"label": "3.1 Service levels: Service Desk Calls, Telephone, No.",
            "before": "1,200", "after": "1,500"} in changes
    # In the text, only the sentence that holds the figure.
    assert {"label": "3.1 Service levels: text 1", "before": "There were 1,200 calls.",
            "after": "There were 1,500 calls."} in changes
    assert len(changes) == 2


def test_a_changed_sentence_is_listed_alone():
    changes = changed_entries(data(document()),
                              data(document(sentence="Telephone calls rose.")))
    assert changes == [{"label": "3.1 Service levels: text 1",
                        "before": "Telephone calls fell.", "after": "Telephone calls rose."}]


def test_a_renamed_row_is_listed_as_removed_and_added():
    changes = changed_entries(data(document()), data(document(channel="Voice line")))
    assert {"label": "3.1 Service levels: Service Desk Calls, Voice line, No.",
            "before": None, "after": "1,200"} in changes
    assert {"label": "3.1 Service levels: Service Desk Calls, Telephone, No.",
            "before": "1,200", "after": None} in changes


def test_prose_and_cover_are_compared_too():
    changes = changed_entries(data(document()),
                              data(document(recommendation="Members approve it.")))
    assert changes == [{"label": "Paragraph 1.1", "before": "Members note the report.",
                        "after": "Members approve it."}]


def test_restricted_content_never_enters_an_edition():
    entries = data(document(restricted="Supplier Y"))["entries"]
    assert not any("Supplier" in value for _key, _label, value in entries)
    assert {key for key, _label, _value in entries} >= {
        "cover:title", "cover:report_date", "paragraph:1.1", "servicedesk:commentary"}
