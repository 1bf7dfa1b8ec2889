"""Every role against every address: site pages, table exports, the report and its
PDF, and every admin list and change form of every registered model.

The expected answers are written out here, role by role, not derived from the code
under test: who may read what is the product's promise.
"""

from contextlib import suppress
from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from ictreport.core import registry
from ictreport.core.imports import FigureImportExportAdmin
from ictreport.core.roles import (
    APPROVERS,
    SHARED_SERVICE_ADMINISTRATORS,
    VIEWERS,
    organisation_path,
)
from tests.access.factories import user_in
from tests.factories import OrganisationFactory

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


@pytest.fixture
def people(shipped_report):
    gwent = shipped_report.organisation
    other = OrganisationFactory(name="Torfaen Council", slug="torfaen")
    return {
        "anonymous": None,
        "viewer": user_in(VIEWERS, gwent),
        "editor": user_in("Service desk editors", gwent),
        "editor_of_another_section": user_in("Finance editors", gwent),
        "editor_of_another_organisation": user_in("Service desk editors", other),
        "approver": user_in(APPROVERS, gwent),
        "shared_service_administrator": user_in(SHARED_SERVICE_ADMINISTRATORS),
    }


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


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_site_pages_and_exports_answer_each_role(client, people, shipped_report, role):
    gwent = shipped_report.organisation
    client = _client(client, people, role)
    year = shipped_report.year
    exports = []
    for section in registry.sections():
        if not section.url_name:
            continue
        table = section.build(organisation=gwent, year=year).tables()[0]
        exports.append(f"{reverse(section.url_name)}?{QUERY}&export=csv&table={table.key}")
    for path in [f"/?{QUERY}", *(f"{reverse(s.url_name)}?{QUERY}"
                                 for s in registry.sections() if s.url_name), *exports]:
        response = client.get(path)
        if role == "anonymous":
            assert response.status_code == 302, path
            assert response["Location"].startswith("/accounts/login/"), path
        elif _sees_gwent(role):
            assert response.status_code == 200, (role, path)
        else:
            assert response.status_code == 404, (role, path)

    report_paths = [shipped_report.get_absolute_url()]
    # The PDF arrives with its own branch; the walk covers it once merged.
    with suppress(NoReverseMatch):
        report_paths.append(reverse("reports:report_pdf", kwargs={
            "organisation": "gwent-police", "year": "2019-20"}))
    for path in report_paths:
        response = client.get(path)
        # A draft report: invisible to anyone outside its organisation.
        assert response.status_code == (200 if _sees_gwent(role) else 404), (role, path)

    listing = client.get("/reports/")
    if role == "anonymous":
        assert listing.status_code == 302
    else:
        assert listing.status_code == 200
        listed = shipped_report.get_absolute_url() in listing.content.decode()
        assert listed == _sees_gwent(role)


def admin_models():
    return sorted(admin.site._registry, key=lambda m: m._meta.label_lower)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_admin_lists_and_forms_answer_each_role(client, people, shipped_report, role):
    gwent = shipped_report.organisation
    client = _client(client, people, role)
    for model in admin_models():
        opts = model._meta
        label = opts.label_lower
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        response = client.get(changelist)
        if role == "anonymous":
            assert response.status_code == 302 and "login/?next=" in response["Location"]
            continue
        assert response.status_code == (200 if _reads(role, label) else 403), (role, label)

        row = _gwent_row(model, gwent)
        if row is None:
            continue
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])
        response = client.get(change)
        scoped = organisation_path(model) is not None
        if not _reads(role, label):
            assert response.status_code == 403, (role, label)
        elif scoped and not _sees_gwent(role):
            # The admin's own "does not exist" answer: back to the index, nothing shown.
            assert response.status_code == 302 and response["Location"] == "/admin/", label
            listed = client.get(changelist).content.decode()
            assert change not in listed, (role, label)
            assert gwent.name not in listed, (role, label)
            history = client.get(reverse(
                f"admin:{opts.app_label}_{opts.model_name}_history", args=[row.pk]))
            assert history.status_code == 404, (role, label)
        else:
            assert response.status_code == 200, (role, label)
            editable = 'name="_save"' in response.content.decode()
            assert editable == _changes(role, model), (role, label)
            if scoped:
                history = client.get(reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_history", args=[row.pk]))
                assert history.status_code == 200, (role, label)


def test_the_walk_covers_every_section_and_the_report(db):
    labels = {m._meta.label_lower for m in admin_models()}
    assert {"core.annualreport", "servicedesk.servicedeskreturn",
            "finance.financereturn"} <= labels
    for section in registry.sections():
        app = section.__module__.split(".")[0]
        assert any(label.startswith(f"{app}.") for label in labels), app
