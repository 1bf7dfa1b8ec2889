"""The admin's pages for axe (``test_admin_accessibility*.py``): the data, one live
server serving it, the pages' addresses, and the check of a page at every width.

The admin sweep is two files, half the models each, so that ``pytest -n``'s workers
share it (a file goes to one worker whole, tests/scheduling.py); each loads the data
once for itself through ``module_db``. The fixtures here are module-scoped: each file
has its own. (``member`` here is the signed-in browser context, not the user of
tests/browser/conftest.py.)
"""

from contextlib import ExitStack

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse

from ictreport.core.admin_base import ReturnAdmin
from tests.browser.sessions import MODEL_BACKEND
from tests.browser.test_axe_site_pages import WIDTHS, wcag_violations

SHIPPED_REPORT = "data/reports/gwent-police-2019-20.yaml"
EXTRACT_IMPORT = "/en/admin/core/extractrun/import/"
SUMMARY: dict[str, int] = {}


def _label(model) -> str:
    return model._meta.label


MODELS = sorted(admin.site._registry, key=_label)


def _other_headers_csv():
    from tests.extracts.factories import upload, year_of_tickets

    return upload(year_of_tickets(), headers=["Number", "Opened", "Contact type", "FCR",
                                              "Priority", "Resolved"])


def _rows_for_every_model(gwent, superuser):
    """Rows for the models the shipped report leaves empty."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group

    from ictreport.core.models import ExtractRun
    from ictreport.core.periods import Quarter
    from tests.audits.factories import (
        AuditReturnFactory,
        AuditReviewFactory,
        RecommendationFactory,
    )
    from tests.factories import FinancialYearFactory, OrganisationFactory
    from tests.finance.factories import (
        AccountMappingFactory,
        CommentaryThresholdFactory,
        FinanceReturnFactory,
        LineFigureFactory,
    )
    from tests.projects.factories import CoreWorkReturnFactory, TeamWorkFactory
    from tests.servicedesk.factories import (
        ChannelCallsFactory,
        ServiceDeskReturnFactory,
        ServiceLevelResultFactory,
    )

    # A draft return of each section, newer than the shipped (approved, read-only) ones,
    # so that their change forms are the editable inline rows people type figures into.
    year = FinancialYearFactory(start_year=2021)
    desk = ServiceDeskReturnFactory(organisation=gwent, year=year, quarter=Quarter.Q1)
    ChannelCallsFactory(desk_return=desk)
    ServiceLevelResultFactory(desk_return=desk)
    TeamWorkFactory(work_return=CoreWorkReturnFactory(organisation=gwent, year=year,
                                                      quarter=Quarter.Q1))
    RecommendationFactory(review=AuditReviewFactory(audit_return=AuditReturnFactory(
        organisation=gwent, year=year)))
    line = LineFigureFactory(finance_return=FinanceReturnFactory(
        organisation=gwent, year=year, quarter=Quarter.Q1)).line
    AccountMappingFactory(organisation=gwent, line=line)
    # The shared service's other members: the finance list offers a button for each.
    for name in ("Blaenau Gwent County Borough Council", "Monmouthshire County Council",
                 "Newport City Council", "Torfaen County Borough Council"):
        FinanceReturnFactory(organisation=OrganisationFactory(name=name), year=year,
                             quarter=Quarter.Q1)
    CommentaryThresholdFactory()
    ExtractRun.objects.create(
        organisation=gwent, year_id=2019, kind="servicedesk-tickets",
        app_label="servicedesk", file_name="tickets.csv", sha256="a" * 64, rows=6,
        user=superuser, quarters=[1, 2, 3, 4])
    Group.objects.get_or_create(name="Readers")
    AccessAttempt.objects.create(username="someone", ip_address="127.0.0.1",
                                 user_agent="test", failures_since_start=1)
    AccessLog.objects.create(username="someone", ip_address="127.0.0.1", user_agent="test")
    AccessFailureLog.objects.create(username="someone", ip_address="127.0.0.1",
                                    user_agent="test", locked_out=False)


def _import_pages(client, organisation) -> dict[str, str]:
    """The extract import's dry-run and column-mapping pages (their URLs carry the
    preview's token, so they are made by uploading through the test client)."""
    from tests.extracts.factories import upload, year_of_tickets
    from tests.finance.factories import ledger_csv

    pages = {}
    response = client.post(EXTRACT_IMPORT, {
        "kind": "servicedesk-tickets", "organisation": organisation.pk, "year": "2019-20",
        "file": upload(year_of_tickets())})
    assert response.status_code == 302, response.content.decode()[:2000]
    pages["extract dry run (tickets)"] = response.url
    ledger = SimpleUploadedFile("ledger.csv", ledger_csv([
        ("2019-04-03", "IT100", "10.00"), ("2019-05-04", "NOPE", "7.25")]),
        content_type="text/csv")
    response = client.post(EXTRACT_IMPORT, {
        "kind": "finance-ledger", "organisation": organisation.pk, "year": "2019-20",
        "file": ledger})
    assert response.status_code == 302, response.content.decode()[:2000]
    pages["extract dry run (ledger)"] = response.url
    response = client.post(EXTRACT_IMPORT, {
        "kind": "servicedesk-tickets", "organisation": organisation.pk, "year": "2019-20",
        "file": _other_headers_csv()})
    assert response.status_code == 302 and response.url.endswith("/columns/")
    pages["extract column mapping"] = response.url
    return pages


def _admin_pages(superuser) -> dict[str, str]:
    """Every registered model's changelist, add and change form, as name → URL."""
    request = RequestFactory().get("/en/admin/")
    request.user = superuser
    pages, empty = {}, []
    for model in MODELS:
        model_admin = admin.site._registry[model]
        opts = model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        pages[f"{_label(model)} list"] = reverse(f"admin:{name}_changelist")
        if model_admin.has_add_permission(request):
            pages[f"{_label(model)} add"] = reverse(f"admin:{name}_add")
        obj = model_admin.get_queryset(request).order_by("-pk").first()  # newest: a draft
        if obj is None:
            empty.append(_label(model))
            continue
        pages[f"{_label(model)} change"] = reverse(f"admin:{name}_change", args=[obj.pk])
        if isinstance(model_admin, ReturnAdmin):  # a return's history and its figures'
            pages[f"{_label(model)} history"] = reverse(f"admin:{name}_history",
                                                        args=[obj.pk])
        if "import" in {u.name.rsplit("_", 1)[-1] for u in model_admin.get_urls()
                        if u.name}:
            pages[f"{_label(model)} import"] = reverse(f"admin:{name}_import")
    assert empty == [], f"models without a row in the test data: {empty}"
    pages["extract upload"] = EXTRACT_IMPORT
    pages["index"] = reverse("admin:index")
    return pages


@pytest.fixture(scope="module")
def admin_site(module_db, _orm_beside_playwright):
    """The shipped 2019/20 report, a published edition, a row of every registered model,
    a live server and a superuser's session cookie: made once, flushed at the end by
    ``module_db`` (which also makes this module run after every other, since the flush
    empties tables that migrations filled)."""
    from pytest_django.live_server_helper import LiveServer

    from tests.editions.factories import (
        approve_and_publish,
        approver_of,
        editor_of,
        small_report,
        stand_in_pdf,
    )
    from tests.factories import OrganisationFactory, UserFactory

    with ExitStack() as stack:
        patch = stack.enter_context(pytest.MonkeyPatch.context())
        stand_in_pdf(patch)
        gwent = OrganisationFactory(name="Gwent Police", slug="gwent-police")
        call_command("import_report", SHIPPED_REPORT)
        superuser = UserFactory(username="performance.officer", is_staff=True,
                                is_superuser=True, first_name="Pat", last_name="Jones")
        report, desk_return = small_report(gwent)
        approve_and_publish(report, [desk_return], editor=editor_of(gwent),
                            approver=approver_of(gwent))
        _rows_for_every_model(gwent, superuser)
        client = Client()
        client.force_login(superuser, backend=MODEL_BACKEND)
        pages = {**_admin_pages(superuser), **_import_pages(client, gwent)}
        server = LiveServer("localhost")
        stack.callback(server.stop)
        server._live_server_modified_settings.enable()
        stack.callback(server._live_server_modified_settings.disable)
        yield {"url": server.url, "pages": pages,
               "cookie": client.cookies["sessionid"].value}


@pytest.fixture(scope="module")
def member(browser, admin_site):
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 800})
    context.add_cookies([{"name": "sessionid", "value": admin_site["cookie"],
                          "url": admin_site["url"]}])
    yield context
    context.close()


@pytest.fixture(scope="module")
def anonymous(browser, admin_site):
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 800})
    yield context
    context.close()


@pytest.fixture(scope="module")
def member_tab(member):
    """One tab for the module's signed-in pages, each loaded in it in turn."""
    tab = member.new_page()
    yield tab
    tab.close()


@pytest.fixture(scope="module", autouse=True)
def _summary():
    yield
    if SUMMARY:
        print("\naxe WCAG violations (all widths) per admin page:")
        for name, count in sorted(SUMMARY.items()):
            print(f"  {count:4d}  {name}")
        print(f"  {sum(SUMMARY.values()):4d}  in all, on {len(SUMMARY)} pages")
        SUMMARY.clear()  # the other half's module prints its own


# Wider than the viewport, outside any element that scrolls on its own.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = el => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (['auto', 'scroll'].includes(style.overflowX) && p !== document.documentElement
          && p !== document.body) return true;
    }
    return false;
  };
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    // An element's own box, or the text running out of it (a long unbroken word).
    const right = Math.max(box.right, box.left + el.scrollWidth);
    if (box.width && right > width + 1 && !scrolls(el)
        && !['auto', 'scroll', 'hidden'].includes(getComputedStyle(el).overflowX)) {
      wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                + (el.className && typeof el.className === 'string'
                   ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
                + ' ' + Math.round(right) + 'px');
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5)};
}"""


# Buttons (Add, Import, Export, Enter a return for …) lying over the page's title.
COVERED_TITLE = """() => {
  const overlap = (a, b) => a.left < b.right && b.left < a.right
                            && a.top < b.bottom && b.top < a.bottom;
  const titles = [...document.querySelectorAll('#content > h1, #content > h2')]
    .map(el => el.getBoundingClientRect());
  return [...document.querySelectorAll('.object-tools a, .enter-links a')]
    .filter(a => titles.some(t => overlap(a.getBoundingClientRect(), t)))
    .map(a => a.textContent.trim());
}"""


# Both of the above in one round trip.
LAYOUT = f"() => ({{overflow: ({OVERFLOW})(), covering: ({COVERED_TITLE})()}})"


def check_widths(page, name) -> list[str]:
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.wait_for_load_state("load")  # known to Playwright: no round trip once loaded
        found += [f"{width} px {name}: {line}" for line in wcag_violations(page)]
        layout = page.evaluate(LAYOUT)
        overflow = layout["overflow"]  # reflow: no page wider than the screen
        if overflow["scrollWidth"] > overflow["width"] + 1:
            found.append(f"{width} px {name}: page is {overflow['scrollWidth']} px wide; "
                         f"widest: {overflow['wide']}")
        covering = layout["covering"]
        if covering:
            found.append(f"{width} px {name}: buttons over the title: {covering}")
    SUMMARY[name] = len(found)
    return found


def page_names(models) -> list[str]:
    names = []
    for model in models:
        names += [f"{_label(model)} {kind}" for kind in ("list", "add", "change")]
    return names


# Half the models for each of the two files, in order: a new model lands in one of them.
FIRST_HALF, SECOND_HALF = MODELS[:len(MODELS) // 2], MODELS[len(MODELS) // 2:]


def check_pages(tab, admin_site, name) -> None:
    """The page called ``name`` (or, for "history" and "import pages", every page of
    that kind) at every width, in the module's signed-in tab."""
    pages = admin_site["pages"]
    if name == "history":
        names = [n for n in pages if n.endswith(" history")]
    elif name == "import pages":
        names = [n for n in pages if "extract" in n or n.endswith(" import")]
    elif name.endswith(" add") and name not in pages:
        return  # nobody may add such a row in the admin (sign-off steps, log entries …)
    else:
        names = [name]
    assert names
    found = []
    for each in names:
        response = tab.goto(f"{admin_site['url']}{pages[each]}")
        assert response is not None and response.ok, (each, response and response.status)
        found += check_widths(tab, each)
    assert found == [], "\n" + "\n".join(found)
