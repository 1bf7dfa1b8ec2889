"""The finance returns list at a common laptop size (1366 × 768): its "Enter a return
for …" buttons, one per organisation of the shared service, stay clear of the list."""

import os

import pytest

from tests.browser.sessions import signed_in_context
from tests.factories import FinancialYearFactory, OrganisationFactory
from tests.finance.factories import record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMES = ["Blaenau Gwent County Borough Council", "Gwent Police",
         "Monmouthshire County Council", "Newport City Council", "Torfaen County Borough "
         "Council"]


def _overlap(a, b) -> bool:
    return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])


def test_enter_buttons_do_not_cover_the_list_at_1366_px(browser, live_server, browser_user,
                                                        tmp_path):
    FinancialYearFactory(start_year=2019)
    organisations = [OrganisationFactory(name=name) for name in NAMES]
    for organisation in organisations:
        record(organisation, 2019, 1, {"SRS Collaboration": ("100", "10")})
    context = signed_in_context(browser, live_server, browser_user,
                                viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(f"{live_server.url}/en/admin/finance/financereturn/")
    page.screenshot(path=os.environ.get("ENTRY_SCREENSHOT", str(tmp_path / "list.png")),
                    full_page=True)

    links = page.locator(".object-tools li, .enter-links li")
    buttons = [links.nth(i).bounding_box() for i in range(links.count())]
    assert len(buttons) == len(NAMES) + 1  # one per organisation, and "Add"
    covered = [page.locator(selector).first.bounding_box()
               for selector in ("#result_list", "#toolbar", "#changelist-filter")
               if page.locator(selector).count()]
    assert all(not _overlap(button, box) for button in buttons for box in covered)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1366, "the page scrolls sideways"
    context.close()
