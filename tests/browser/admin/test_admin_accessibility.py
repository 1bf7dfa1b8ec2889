"""axe-core with the WCAG 2.0/2.1/2.2 A and AA rules on every admin page data is entered
on, at a desktop (1366 px), a phone (390 px) and the narrowest reflow width (320 px): no
violation of any impact, and no page wider than the viewport at 320 px except inside a
table's own scroll region.

The pages are every registered model's changelist, add form and change form (found from
``admin.site._registry``, so a new model is covered without touching this file; every
model has at least one row, so its change form is really opened), the figure and
extract import pages (upload, preview / dry run, column mapping), a return's history and
the login page. The sweep is in two files so that two workers share it: this one has the
first half of the models, the index, the histories and the login page;
``test_admin_accessibility_second_half.py`` the other half and the import pages. The
data, the server and the check are in this directory's ``conftest.py``.

Kept fast: the data is loaded once for the module and one live server serves it; one
browser tab, signed in by session cookie, serves every signed-in page; each page is
loaded once and resized through the three widths, axe put into it once. Every violation
found is listed with its page and width, so one run shows all that is left to fix; a
summary of the counts per page is printed (``pytest -s``).
"""

import pytest

from tests.browser.admin.conftest import (
    FIRST_HALF,
    MODELS,
    _label,
    check_pages,
    check_widths,
    page_names,
)

# Every test reads the module's data, which the live server serves from its own
# connection; the mark has the test database made (and each test's own connection kept
# in a transaction it rolls back, though nothing here writes through it).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.mark.parametrize("name", [*page_names(FIRST_HALF), "history", "index"])
def test_admin_page_has_no_wcag_violation_at_any_width(member_tab, admin_site, name):
    check_pages(member_tab, admin_site, name)


def test_login_page_has_no_wcag_violation(anonymous, admin_site):
    page = anonymous.new_page()
    try:
        page.goto(f"{admin_site['url']}/en/admin/login/?next=/en/admin/")
        found = check_widths(page, "admin login")
    finally:
        page.close()
    assert found == [], "\n" + "\n".join(found)


def test_every_model_page_is_listed(admin_site):
    """A model with no change form in the list would leave its form untested."""
    pages = admin_site["pages"]
    assert all(f"{_label(m)} change" in pages for m in MODELS)
    assert len(pages) > len(MODELS) * 2
