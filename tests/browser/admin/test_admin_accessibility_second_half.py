"""axe-core with the WCAG A and AA rules on the admin's pages at every width, as in
``test_admin_accessibility.py``, for the second half of the registered models, the
import pages and the figure import's preview: a file of its own so that a second worker
takes it beside the first half (this directory's ``conftest.py`` has the data and the check)."""

import pytest
from django.urls import reverse

from tests.browser.admin.conftest import SECOND_HALF, check_pages, check_widths, page_names

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.mark.parametrize("name", [*page_names(SECOND_HALF), "import pages"])
def test_admin_page_has_no_wcag_violation_at_any_width(member_tab, admin_site, name):
    check_pages(member_tab, admin_site, name)


def test_figure_import_preview_has_no_wcag_violation(member_tab, admin_site):
    """The import's preview (its dry run) and its list of wrong rows are answers to a
    POST, so they are reached by uploading a file through the form."""
    from tests.imports.factories import SECTIONS, spreadsheet

    section = SECTIONS[0]  # calls by channel, for the draft year
    good = [["gwent-police", "2021-22", *row[1:]] for row in section.rows]
    twice = [*good, good[0]]  # a figure given twice: refused, row by row
    found = []
    page = member_tab
    for rows, heading, name in ((twice, "Some rows are wrong", "figure import errors"),
                                (good, "Preview", "figure import preview")):
        upload = spreadsheet(section.headers, rows)
        page.goto(f"{admin_site['url']}{reverse(f'admin:{section.admin_name}_import')}")
        page.locator("input[type=file]").set_input_files(files=[{
            "name": upload.name, "mimeType": "text/csv", "buffer": upload.read()}])
        page.locator("select[name=format]").select_option(label="csv")
        with page.expect_navigation():
            page.locator("form[enctype] input[type=submit]").click()
        assert page.get_by_role("heading", name=heading).is_visible(), page.inner_text(
            "#content")
        found += check_widths(page, name)
    assert found == [], "\n" + "\n".join(found)
