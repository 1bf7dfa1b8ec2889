"""The django-import-export internals ``ictreport.core.imports`` overrides or calls, pinned.

The import's checks (scope, locks, every wrong cell named) and its two steps (a preview
kept under a token, then an all-or-nothing confirmation) are built by overriding hooks
of ``ModelResource`` and ``ImportExportMixin`` that are not all documented API. An
upgrade that renames a hook, changes its arguments or stops calling it would leave our
override silently unused. So each override is pinned twice:

- its upstream signature, as our override was written against (``CONTRACT``), and an
  inventory: every upstream method our classes define must be in the contract;
- a behaviour test that fails if upstream no longer calls the override, or calls it in
  another way.

When an upgrade fails here: read the library's changelog for the hook, adapt the
override, then the expected signature.
"""

import inspect

import pytest
import tablib
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from import_export import resources, widgets
from import_export.admin import ImportExportMixin
from import_export.fields import Field
from import_export.options import ResourceOptions

from ictreport.core.imports import (
    CountWidget,
    DecimalWidget,
    FigureImportExportAdmin,
    FigureResource,
    TextWidget,
    count_column,
)
from ictreport.core.models import ImportPreview, ReturnStatus
from ictreport.core.periods import Quarter
from servicedesk.models import ChannelCalls, ServiceDeskReturn
from servicedesk.resources import ChannelCallsResource
from tests.factories import FinancialYearFactory, OrganisationFactory
from tests.imports.conftest import admin_confirm, admin_import
from tests.imports.factories import SECTIONS, FigureEditorFactory, spreadsheet
from tests.servicedesk.factories import ChannelFactory, ServiceDeskReturnFactory

CALLS = SECTIONS[0]
HEADERS = CALLS.headers

# Upstream class → method → the signature our code was written against. Overridden
# hooks first, then the upstream methods our overrides call.
CONTRACT = {
    resources.ModelResource: {
        "__init__": "(self, **kwargs)",
        "filter_export": "(self, queryset, **kwargs)",
        "export": "(self, queryset=None, **kwargs)",
        "import_data_inner": "(self, dataset, dry_run, raise_errors, using_transactions, "
                             "collect_failed_rows, **kwargs)",
        "before_import": "(self, dataset, **kwargs)",
        "before_import_row": "(self, row, **kwargs)",
        "get_instance": "(self, instance_loader, row)",
        "after_init_instance": "(self, instance, new, row, **kwargs)",
        "import_instance": "(self, instance, row, **kwargs)",
        "validate_instance": "(self, instance, import_validation_errors=None, "
                             "validate_unique=True)",
        "bulk_create": "(self, using_transactions, dry_run, raise_errors, batch_size=None, "
                       "result=None)",
        "bulk_update": "(self, using_transactions, dry_run, raise_errors, batch_size=None, "
                       "result=None)",
        # Called, not overridden.
        "import_data": "(self, dataset, dry_run=False, raise_errors=False, "
                       "use_transactions=None, collect_failed_rows=False, "
                       "rollback_on_validation_errors=False, **kwargs)",
        "handle_import_error": "(self, result, error, raise_errors=False)",
        "get_result_class": "()",
        "get_diff_headers": "(self)",
        "get_import_fields": "(self)",
        "get_user_visible_fields": "(self)",
        "get_display_name": "()",
        "get_db_connection_name": "()",
    },
    ImportExportMixin: {
        "import_action": "(self, request, **kwargs)",
        "process_import": "(self, request, **kwargs)",
        "process_result": "(self, result, request)",
        "has_import_permission": "(self, request)",
        "has_export_permission": "(self, request)",
        "get_resource_kwargs": "(self, request, *args, **kwargs)",
        "get_import_data_kwargs": "(self, **kwargs)",
        # Called, not overridden.
        "process_dataset": "(self, dataset, form, request, **kwargs)",
        "get_import_context_data": "(self, **kwargs)",
        "create_import_form": "(self, request)",
        "get_import_resource_kwargs": "(self, request, **kwargs)",
        "get_import_resource_classes": "(self, request)",
        "get_import_formats": "(self)",
        "choose_import_resource_class": "(self, form, request)",
        "get_import_form_class": "(self, request)",
    },
    widgets.Widget: {
        "__init__": "(self, coerce_to_string=True)",
        "clean": "(self, value, row=None, **kwargs)",
        "render": "(self, value, obj=None, **kwargs)",
    },
    Field: {
        "__init__": "(self, attribute=None, column_name=None, widget=None, "
                    "default=<class 'django.db.models.fields.NOT_PROVIDED'>, readonly=False, "
                    "saves_null_values=True, dehydrate_method=None, m2m_add=False)",
    },
}

# Our classes and the upstream class whose methods they override.
OURS = [
    (FigureResource, resources.ModelResource),
    (FigureImportExportAdmin, ImportExportMixin),
    (CountWidget, widgets.Widget),
    (DecimalWidget, widgets.Widget),
    (TextWidget, widgets.Widget),
]
# Django's ModelAdmin permissions, which the admin mixin overrides too (not the library's).
DJANGO_ADMIN = {"has_add_permission", "has_change_permission", "has_delete_permission"}


def _our_methods(ours) -> dict:
    """The methods our class and its own bases define (the classes may be split into
    mixins across ``ictreport`` modules), the nearest definition winning."""
    methods = {}
    for cls in reversed(ours.__mro__):
        if cls.__module__.startswith("ictreport."):
            methods.update({name: value for name, value in vars(cls).items()
                            if inspect.isfunction(value)})
    return methods


@pytest.mark.parametrize(("upstream", "name", "expected"), [
    (upstream, name, expected)
    for upstream, methods in CONTRACT.items() for name, expected in methods.items()
], ids=lambda value: getattr(value, "__name__", None) if isinstance(value, type) else None)
def test_upstream_signature_is_the_one_our_code_expects(upstream, name, expected):
    assert str(inspect.signature(getattr(upstream, name))) == expected


@pytest.mark.parametrize(("ours", "upstream"), OURS, ids=lambda cls: cls.__name__)
def test_every_override_is_in_the_contract(ours, upstream):
    overridden = {name for name in _our_methods(ours) if hasattr(upstream, name)} - DJANGO_ADMIN
    assert overridden, "nothing overridden: is the upstream class still the base?"
    assert overridden <= set(CONTRACT[upstream]), (
        f"{ours.__name__} overrides {sorted(overridden - set(CONTRACT[upstream]))} of "
        f"{upstream.__name__} without a pinned signature")
    assert issubclass(ours, upstream)


@pytest.mark.parametrize(("ours", "upstream"), OURS, ids=lambda cls: cls.__name__)
def test_every_override_accepts_what_upstream_passes(ours, upstream):
    """Our override takes every parameter upstream's method is called with. (Not
    ``__init__``: our code constructs our classes itself, with its own arguments.)"""
    methods = _our_methods(ours)
    for name in CONTRACT[upstream]:
        if name not in methods or name == "__init__":
            continue
        theirs = inspect.signature(getattr(upstream, name)).parameters
        mine = inspect.signature(methods[name]).parameters
        takes_kwargs = any(p.kind is p.VAR_KEYWORD for p in mine.values())
        for parameter in theirs.values():
            if parameter.kind is parameter.VAR_KEYWORD:
                assert takes_kwargs, f"{ours.__name__}.{name} drops **kwargs"
            elif parameter.kind is not parameter.VAR_POSITIONAL:
                assert parameter.name in mine or takes_kwargs, (
                    f"{ours.__name__}.{name} has no parameter {parameter.name}")


def test_the_admin_settings_we_set_are_still_upstream_settings():
    """Class attributes our admin sets: upstream must still read each of them."""
    for name in ("import_formats", "export_formats", "import_template_name",
                 "export_form_class", "import_error_display"):
        assert hasattr(ImportExportMixin, name), name
    for name in ("use_transactions", "clean_model_instances", "skip_unchanged",
                 "report_skipped", "use_bulk", "batch_size"):
        assert hasattr(ResourceOptions, name), name


# Behaviour: each override is still called, the way it expects to be.


@pytest.fixture
def editor(db):
    FinancialYearFactory(start_year=2019)
    OrganisationFactory(name="Gwent Police", slug="gwent-police")
    ChannelFactory(name="Telephone")
    ChannelFactory(name="Self Service")
    return FigureEditorFactory(figures=ChannelCalls)


def _import(user, rows, headers=HEADERS, dry_run=True, **kwargs):
    dataset = tablib.Dataset(*rows, headers=headers)
    return ChannelCallsResource(user=user).import_data(dataset, dry_run=dry_run,
                                                       raise_errors=False, **kwargs)


def _row_errors(result):
    return {row.number: {column: [str(m) for m in messages]
                         for column, messages in row.error.message_dict.items()}
            for row in result.invalid_rows}


def test_import_data_inner_refuses_a_file_missing_a_column(editor):
    result = _import(editor, [["gwent-police", "2019-20", "Q1", "Telephone"]],
                     headers=HEADERS[:-1])
    assert result.has_errors()
    assert "no column for: calls" in str(result.base_errors[0].error)
    assert not result.rows


def test_before_import_drops_trailing_empty_rows(editor):
    result = _import(editor, [["gwent-police", "2019-20", "Q1", "Telephone", "5"],
                              ["", "", "", "", ""], [None, None, None, None, None]])
    assert not result.has_validation_errors()
    assert result.total_rows == 1


def test_before_import_row_is_given_the_row_number(editor):
    result = _import(editor, [["gwent-police", "2019-20", "Q1", "Telephone", "5"],
                              ["gwent-police", "2019-20", "Q1", "Telephone", "6"]])
    errors = _row_errors(result)
    assert list(errors) == [2]
    assert "Row 2 already gives this figure" in errors[2]["channel"][0]


def test_import_instance_and_validate_instance_name_every_wrong_cell_by_column(editor):
    result = _import(editor, [["dyfed-powys-police", "2019-20", "Q5", "Telephone", "-1"]])
    errors = _row_errors(result)[1]
    assert set(errors) == {"organisation", "period", "calls"}
    assert "0 or more" in errors["calls"][0]


def test_after_init_instance_creates_a_draft_return_and_get_instance_finds_the_figure(
        editor):
    rows = [["gwent-police", "2019-20", "Q1", "Telephone", "5"]]
    first = _import(editor, rows, dry_run=False)
    assert not first.has_errors() and not first.has_validation_errors()
    desk_return = ServiceDeskReturn.objects.get()
    assert (desk_return.quarter, desk_return.status) == (Quarter.Q1, ReturnStatus.DRAFT)
    again = _import(editor, rows, dry_run=False)
    # Found by get_instance, so unchanged (skip_unchanged): not a second figure.
    assert [row.import_type for row in again.rows] == ["skip"]
    assert ChannelCalls.objects.get().calls == 5


def test_validate_instance_keeps_the_models_own_checks(editor, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise ValidationError({"calls": ["The model refuses this."]})

    monkeypatch.setattr(ChannelCalls, "full_clean", refuse)
    errors = _row_errors(_import(editor, [["gwent-police", "2019-20", "Q1", "Telephone", "5"]]))
    assert errors[1]["calls"] == ["The model refuses this."]


def test_bulk_create_turns_a_database_refusal_into_an_error_that_rolls_back(editor,
                                                                           monkeypatch):
    def refuse(self, *args, **kwargs):
        raise IntegrityError("duplicate key value")

    monkeypatch.setattr(type(ChannelCalls._default_manager), "bulk_create", refuse)
    result = _import(editor, [["gwent-police", "2019-20", "Q1", "Telephone", "5"]],
                     dry_run=False)
    assert result.has_errors()
    assert ("The database refused the file's rows, so nothing was imported: duplicate key "
            "value") in str(result.base_errors[0].error)
    assert not ChannelCalls.objects.exists()
    assert not ServiceDeskReturn.objects.exists()


def test_bulk_update_writes_a_changed_figure_with_its_history(editor):
    rows = [["gwent-police", "2019-20", "Q1", "Telephone", "5"]]
    _import(editor, rows, dry_run=False)
    result = _import(editor, [[*rows[0][:4], "7"]], dry_run=False)
    assert [row.import_type for row in result.rows] == ["update"]
    figure = ChannelCalls.objects.get()
    assert figure.calls == 7
    assert [(h.history_type, h.calls, h.history_user) for h in figure.history.all()] == [
        ("~", 7, editor), ("+", 5, editor)]


def test_filter_export_and_export_keep_to_the_users_scope_and_neutralise_formulas(editor):
    ours = ServiceDeskReturnFactory(organisation=editor.memberships.get().organisation,
                                    quarter=Quarter.Q1)
    theirs = ServiceDeskReturnFactory(organisation=OrganisationFactory(slug="elsewhere"),
                                      quarter=Quarter.Q1)
    formula = ChannelFactory(name="=HYPERLINK(1)")
    ChannelCalls.objects.create(desk_return=ours, channel=formula, calls=1)
    ChannelCalls.objects.create(desk_return=theirs, channel=formula, calls=2)
    dataset = ChannelCallsResource(user=editor).export(ChannelCalls.objects.all())
    assert dataset.dict == [{"organisation": "gwent-police", "year": "2019-20", "period": "Q1",
                             "channel": "'=HYPERLINK(1)", "calls": 1}]


@pytest.mark.parametrize(("widget", "cell", "value"), [
    (CountWidget(), "1,234", 1234),
    (DecimalWidget(), "12.50", "12.50"),
    (TextWidget(), "'=SUM(A1)", "=SUM(A1)"),
])
def test_field_clean_reaches_our_widgets(widget, cell, value):
    field = Field(attribute="x", column_name="x", widget=widget)
    assert str(field.clean({"x": cell})) == str(value)
    with pytest.raises(ValueError):
        count_column("x").clean({"x": "lots"})


def test_admin_two_steps_run_through_our_import_action_and_process_import(editor, client):
    client.force_login(editor)
    upload = spreadsheet(HEADERS, [["gwent-police", "2019-20", "Q1", "Telephone", "5"]])
    preview = admin_import(client, CALLS, upload, "csv")
    assert preview.status_code == 200
    # Our import_action: the preview is kept in the database under a token.
    token = preview.context["confirm_form"].initial["token"]
    assert ImportPreview.objects.filter(token=token).exists()
    confirmed = admin_confirm(client, CALLS, preview)
    assert confirmed.status_code == 302
    assert ChannelCalls.objects.get().calls == 5
    # Our process_import: the token was taken, so a second confirmation is refused.
    again = admin_confirm(client, CALLS, preview)
    assert again.status_code == 400


def test_admin_urls_still_name_our_views(editor, client):
    for suffix in ("import", "process_import", "export"):
        assert reverse(f"admin:{CALLS.admin_name}_{suffix}")
    client.force_login(editor)
    assert client.get(reverse(f"admin:{CALLS.admin_name}_process_import")).status_code == 405


def test_admin_permissions_and_kwargs_overrides_are_used(editor, rf):
    from django.contrib import admin as django_admin

    model_admin = django_admin.site._registry[ChannelCalls]
    assert isinstance(model_admin, FigureImportExportAdmin)
    request = rf.get("/")
    request.user = editor
    assert model_admin.has_import_permission(request)
    assert model_admin.has_export_permission(request)
    assert not model_admin.has_add_permission(request)
    assert model_admin.get_resource_kwargs(request)["user"] == editor
    assert model_admin.get_import_data_kwargs(request=request)[
        "rollback_on_validation_errors"] is True
    resource = model_admin.get_import_resource_classes(request)[0](
        **model_admin.get_import_resource_kwargs(request))
    assert resource.user == editor
