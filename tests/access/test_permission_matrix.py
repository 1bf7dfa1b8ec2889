"""Every role against every address: site pages, table exports, the report and its
PDF, and every admin list, change form, history and revert page, autocomplete lookup
and "view on site" shortcut of every registered model.

The expected answers are written out here, role by role, not derived from the code
under test: who may read what is the product's promise.
"""

import re
from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from ictreport.core import registry
from ictreport.core.imports import FigureImportExportAdmin
from ictreport.core.roles import (
    APPROVERS,
    SHARED_SERVICE_ADMINISTRATORS,
    VIEWERS,
    organisation_path,
)
from tests.access.factories import user_in
from tests.audits.factories import AuditReviewFactory
from tests.editions.factories import stand_in_pdf
from tests.factories import AnnualReportFactory, OrganisationFactory
from tests.finance.factories import BudgetLineFactory, LineFigureFactory
from tests.servicedesk.factories import ServiceDeskReturnFactory
from tests.shared_data import built_for_module, for_this_test, import_shipped_report

ROLES = ["anonymous", "viewer", "editor", "editor_of_another_section",
         "editor_of_another_organisation", "approver", "shared_service_administrator"]
# Set up by administrators only: nobody else even reads these lists.
SET_UP = {"core.organisation", "core.financialyear"}
# Accounts, and their sign-in attempts and locks (django-axes): superusers only.
ACCOUNTS = {"auth.user", "auth.group",
            "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}
# The role's own section app: its organisation's rows are theirs to change.
EDITS = {"editor": "servicedesk", "editor_of_another_section": "finance",
         "editor_of_another_organisation": "servicedesk"}
QUERY = urlencode({"organisation": "gwent-police", "year": "2019-20"})
# Every row of the other organisation is named with this, so a page or lookup that
# leaks one is caught by its name.
OTHER = "Zedland"


def _shipped_report_and_people():
    shipped_report = import_shipped_report()
    gwent = shipped_report.organisation
    other = OrganisationFactory(name="Zedland Council", slug="zedland")
    # The other organisation's own rows, of the kinds Gwent's forms point at.
    AnnualReportFactory(organisation=other, year=shipped_report.year,
                        title="Zedland annual report")
    LineFigureFactory(finance_return__organisation=other, finance_return__year_id=2019,
                      line=BudgetLineFactory(organisation=other, name="Zedland-only line"),
                      commentary="Zedland commentary")
    AuditReviewFactory(audit_return__organisation=other, title="Zedland review")
    ServiceDeskReturnFactory(organisation=other, year_id=2019, quarter=1)
    return shipped_report, {
        "anonymous": None,
        "viewer": user_in(VIEWERS, gwent),
        "editor": user_in("Service desk editors", gwent),
        "editor_of_another_section": user_in("Finance editors", gwent),
        "editor_of_another_organisation": user_in("Service desk editors", other),
        "approver": user_in(APPROVERS, gwent),
        "shared_service_administrator": user_in(SHARED_SERVICE_ADMINISTRATORS),
    }


# The shipped report and the people, built once for the module: each test's requests
# run in a savepoint of its own, so whatever one writes is undone before the next
# (tests/shared_data.py).
_built = built_for_module(_shipped_report_and_people)


@pytest.fixture
def shipped_report(db, _built):
    return for_this_test(_built[0])


@pytest.fixture
def people(db, _built):
    return for_this_test(_built[1])


def _client(client, people, role):
    if people[role] is not None:
        client.force_login(people[role])
    return client


def _sees_gwent(role):
    return role not in ("anonymous", "editor_of_another_organisation")


def _reads(role, label):
    if role == "shared_service_administrator":
        return label not in ACCOUNTS
    return label not in SET_UP | ACCOUNTS


def _changes(role, model):
    label = model._meta.label_lower
    if label == "core.signoff":
        return False  # written by the sign-off steps only
    if isinstance(admin.site._registry[model], FigureImportExportAdmin):
        return False  # figure lists for spreadsheets: rows change on their return's page
    if role == "shared_service_administrator":
        return label not in ACCOUNTS
    if role == "approver":
        return label == "core.annualreport"
    return (EDITS.get(role) == model._meta.app_label
            and organisation_path(model) is not None)


def _gwent_row(model, gwent):
    path = organisation_path(model)
    rows = model._default_manager.all()
    if path is not None:
        rows = rows.filter(**{path: gwent})
    if hasattr(model, "status"):
        rows = rows.filter(status="draft")
    return rows.order_by("pk").first()


@pytest.fixture(scope="module")
def _exports_once(_built):
    return []


@pytest.fixture
def exports(shipped_report, _exports_once):
    """Each dashboard's first table's CSV for Gwent's year: the same for every role, so
    found once (each section built for it) and kept with the module's data."""
    if not _exports_once:
        for section in registry.sections():
            if section.url_name:
                table = section.build(organisation=shipped_report.organisation,
                                      year=shipped_report.year).tables()[0]
                _exports_once.append(
                    f"{reverse(section.url_name)}?{QUERY}&export=csv&table={table.key}")
    return list(_exports_once)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_site_pages_and_exports_answer_each_role(client, people, shipped_report, exports,
                                                 role, monkeypatch):
    # Who may download the PDF is under test, not how it is drawn (tests/reports/test_pdf_*).
    stand_in_pdf(monkeypatch)
    client = _client(client, people, role)
    for path in [f"/en/?{QUERY}", *(f"{reverse(s.url_name)}?{QUERY}"
                                 for s in registry.sections() if s.url_name), *exports]:
        response = client.get(path)
        if role == "anonymous":
            assert response.status_code == 302, path
            assert response["Location"].startswith("/en/accounts/login/"), path
        elif _sees_gwent(role):
            assert response.status_code == 200, (role, path)
        else:
            assert response.status_code == 404, (role, path)

    report_paths = [shipped_report.get_absolute_url(), reverse("reports:report_pdf", kwargs={
        "organisation": "gwent-police", "year": "2019-20"})]
    for path in report_paths:
        response = client.get(path)
        # A draft report: invisible to anyone outside its organisation.
        assert response.status_code == (200 if _sees_gwent(role) else 404), (role, path)
    if _sees_gwent(role):
        assert response.content == b"%PDF-stand-in live figures", role

    listing = client.get("/en/reports/")
    if role == "anonymous":
        assert listing.status_code == 302
    else:
        assert listing.status_code == 200
        listed = shipped_report.get_absolute_url() in listing.content.decode()
        assert listed == _sees_gwent(role)


def admin_models():
    return sorted(admin.site._registry, key=lambda m: m._meta.label_lower)


def _history_form(model, row):
    """The revert page of ``row``'s latest history record, or None without history."""
    if not hasattr(model, "history"):
        return None
    record = row.history.order_by("-history_id").first()
    if record is None:
        return None
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_simple_history",
                   args=[row.pk, record.history_id])


def _view_on_site(model, pk):
    return reverse("admin:view_on_site",
                   args=[ContentType.objects.get_for_model(model).pk, pk])


def _no_leak(role, response, where):
    """Nothing of the other organisation on a page, for a role that sees Gwent only."""
    if role not in ("shared_service_administrator", "editor_of_another_organisation"):
        assert OTHER not in response.content.decode(), (role, where)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_admin_lists_and_forms_answer_each_role(client, people, shipped_report, role):
    gwent = shipped_report.organisation
    client = _client(client, people, role)
    for model in admin_models():
        opts = model._meta
        label = opts.label_lower
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        listing = client.get(changelist)
        if role == "anonymous":
            assert listing.status_code == 302 and "login/?next=" in listing["Location"]
            continue
        assert listing.status_code == (200 if _reads(role, label) else 403), (role, label)
        if listing.status_code == 200:
            _no_leak(role, listing, changelist)

        row = _gwent_row(model, gwent)
        if row is None:
            continue
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])
        history = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[row.pk])
        revert = _history_form(model, row)
        response = client.get(change)
        scoped = organisation_path(model) is not None
        if not _reads(role, label):
            assert response.status_code == 403, (role, label)
            for path in [history, revert]:
                if path is not None:
                    assert client.get(path).status_code == 403, (role, path)
        elif scoped and not _sees_gwent(role):
            # The admin's own "does not exist" answer: back to the index, nothing shown.
            assert response.status_code == 302 and response["Location"] == "/en/admin/", label
            listed = listing.content.decode()  # the list asked for above
            assert change not in listed, (role, label)
            assert gwent.name not in listed, (role, label)
            for path in [history, revert]:
                if path is not None:
                    assert client.get(path).status_code == 404, (role, path)
        else:
            assert response.status_code == 200, (role, label)
            _no_leak(role, response, change)
            editable = 'name="_save"' in response.content.decode()
            assert editable == _changes(role, model), (role, label)
            for path in [history, revert]:
                if path is not None:
                    response = client.get(path)
                    assert response.status_code == 200, (role, path)
                    _no_leak(role, response, path)

        # "View on site": a redirect only for a report the user may read; for anything
        # else the same 404 whether the row exists or not.
        shortcut = client.get(_view_on_site(model, row.pk))
        if label == "core.annualreport" and _reads(role, label) and _sees_gwent(role):
            assert shortcut.status_code == 302, (role, label)
            assert shortcut["Location"].endswith(shipped_report.get_absolute_url())
        else:
            assert shortcut.status_code == 404, (role, label)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_view_on_site_does_not_tell_what_exists(client, people, shipped_report, role):
    from ictreport.core.models import AnnualReport

    client = _client(client, people, role)
    zedland = AnnualReport.objects.get(organisation__slug="zedland")
    missing = AnnualReport.objects.order_by("-pk").first().pk + 1000
    answers = [client.get(_view_on_site(AnnualReport, pk)) for pk in (zedland.pk, missing)]
    if role == "anonymous":
        assert all(a.status_code == 302 and "login/?next=" in a["Location"] for a in answers)
    elif role in ("editor_of_another_organisation", "shared_service_administrator"):
        # Zedland's report is theirs to see: it exists for them, as for nobody else.
        assert [a.status_code for a in answers] == [302, 404]
    else:
        assert [a.status_code for a in answers] == [404, 404]
        # The same page, byte for byte, but for the forms' per-request token and the
        # language switch's address of this page in Welsh (the address asked for).
        token = re.compile(rb'name="(?:csrfmiddlewaretoken|next)" value="[^"]+"')
        assert token.sub(b"", answers[0].content) == token.sub(b"", answers[1].content)


def _autocomplete_sources():
    """Every (registered model, foreign key) whose target's admin offers a search: each
    is an /admin/autocomplete/ lookup anyone signed in can ask for."""
    for model in admin_models():
        for field in model._meta.concrete_fields:
            if not field.many_to_one:
                continue
            target = admin.site._registry.get(field.related_model)
            if target is not None and target.search_fields:
                yield model, field


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_autocomplete_lookups_offer_only_visible_rows(client, people, shipped_report, role):
    client = _client(client, people, role)
    answered = set()
    for model, field in _autocomplete_sources():
        opts = model._meta
        url = "/en/admin/autocomplete/?" + urlencode({
            "app_label": opts.app_label, "model_name": opts.model_name,
            "field_name": field.name, "term": ""})
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302, url
            continue
        assert response.status_code in (200, 403), (role, url)
        if response.status_code == 200:
            _no_leak(role, response, url)
            if response.json()["results"]:
                answered.add(f"{opts.label_lower}.{field.name}")
    if _sees_gwent(role):
        # The lookups of Gwent's own rows answer with them (this walk is not empty).
        assert {"finance.linefigure.line", "audits.recommendation.review"} <= answered, role


def test_the_walk_covers_every_section_and_the_report(db):
    labels = {m._meta.label_lower for m in admin_models()}
    assert {"core.annualreport", "servicedesk.servicedeskreturn",
            "finance.financereturn"} <= labels
    for section in registry.sections():
        app = section.__module__.split(".")[0]
        assert any(label.startswith(f"{app}.") for label in labels), app
