"""Every figure of the source report's tables is in the 2019/20 PDF, row by row.

The rows are as the source prints them (shared/seed/annual-report-ict-2019-20.txt),
read from the PDF's own text: the session's one board paper (tests/pdf/board.py), whose
stand-in section sits beside the real ones and changes none of their rows.
"""

import pytest

SOURCE_ROWS = {
    "3.5 core planned work": [
        "Desktop 42 4 46",
        "Enterprise Architecture 6 1 7",
        "Applications 65 12 77",
        "Server 56 8 64",
        "Network 55 5 60",
        "Project 3 0 3",
        "Development 7 1 8",
        "Business Management 1 0 1",
        "Total 235 31 266",
    ],
    "3.6 service desk calls": [
        "Telephone 21,136 81% 20,096 82% 15,275 80%",
        "Self Service 5,078 19% 4,539 18% 3,819 20%",
        "Total Calls 26,214 100% 24,635 100% 19,094 100%",
    ],
    "3.6 calls resolved at first point of contact": [
        "Closed at 1st Point 12,636 60% 14,189 67% 11,850 62%",
        "Total Calls 20,961 100% 21,066 100% 19,094 100%",
    ],
    "3.7 internal audit reviews": [
        "Firewall Substantial",
        "Mobile Computing Substantial",
        "Identity and Access Management Substantial",
        "Performance Management – SRS Substantial",
        "Virtualisation Substantial",
        "Supplier Management Moderate",
        "Software Licensing/Management Moderate",
        "Enterprise Architecture Management Limited",
        "IT Disposals Limited",
        "Memorandum of Understanding Advisory",
        "Cyber Security Deferred",
        "Back Office Deferred",
    ],
    "3.7 remediation by severity": [
        "High 85%",
        "Medium 67%",
        "Low 71%",
        "Information 88%",
    ],
    "5.2 financial performance": [
        "SRS Collaboration 4,706,996 3,997,121 709,875",
        "Airwave 584,472 576,597 7,875",
        "Devolved Force Budgets 1,231,344 997,826 233,518",
        "National ICT Services 779,164 820,701 -41,537",
        "DSD 1,511,953 2,338,490 -826,537",
        # The source states totals of 8,730,736 and 83,193, which its own rows do not add
        # up to; the report shows the rows' totals and names the source's in the staff
        # data-quality panel (finance's decision), so the board paper does too.
        "Total 8,813,929 8,730,735 83,194",
    ],
}


@pytest.fixture
def lines(board_paper) -> frozenset[str]:
    return board_paper.lines


@pytest.mark.parametrize("table", SOURCE_ROWS)
def test_every_row_of_the_source_table_is_in_the_pdf(lines, table):
    assert [row for row in SOURCE_ROWS[table] if row not in lines] == []


def test_the_audit_recommendations_and_health_check_figures_are_in_the_pdf(lines):
    # "48 recommendations, of which one was high, 34 were medium and 13 were low"; the
    # health check's 41 tasks done (1,000 host devices) and 20 in progress (700).
    for row in ["High 1", "Medium 34", "Low 13", "Total 48", "April 2019 41 1,000 20 700"]:
        assert row in lines
