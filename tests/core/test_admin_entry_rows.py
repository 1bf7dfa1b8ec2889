"""Every section's return page, walked through by that section's editor: each row the
page expects (a channel, a tier, a team, a budget line, a priority, a severity …) left
blank once is refused with the row and the field named, and nothing is saved; the
same page with every row filled is saved.

Parametrised over the registered sections' apps, so a new section's return admin is
walked through by adding it."""

import pytest
from django.contrib import admin

from ictreport.core.admin_base import ExpectedRowsFormSet, ReturnAdmin
from ictreport.core.numbers import PlainDecimalField, PlainIntegerField
from ictreport.core.roles import editor_group, section_apps
from tests.access.factories import user_in
from tests.factories import FinancialYearFactory
from tests.finance.factories import BudgetLineFactory
from tests.projects.factories import TeamFactory
from tests.servicedesk.factories import ChannelFactory, ServiceTierFactory

pytestmark = pytest.mark.django_db


def _return_admins(app):
    return [model_admin for model, model_admin in admin.site._registry.items()
            if isinstance(model_admin, ReturnAdmin) and model._meta.app_label == app.label]


SECTION_APPS = [app.label for app in section_apps()]


@pytest.fixture
def reference_rows(gwent):
    """Two of everything a return page lays a row out for (invented names)."""
    FinancialYearFactory(start_year=2020)
    for position, name in enumerate(["Telephone", "Web chat"]):
        ChannelFactory(name=name, position=position)
    for position, name in enumerate(["Platinum", "Bronze"]):
        ServiceTierFactory(name=name, position=position)
    for position, name in enumerate(["Desktop", "Network"]):
        TeamFactory(name=name, position=position)
    for position, name in enumerate(["Airwave", "Licences"]):
        BudgetLineFactory(organisation=gwent, name=name, position=position)


def _value(form, name):
    value = form.initial.get(name, form.fields[name].initial)
    return "" if value is None else value


def page_data(response, organisation):
    """The add page's POST as a user would send it having typed a figure (1) into every
    required number box, and the expected rows of each formset as (prefix, index,
    row label, figure fields)."""
    form = response.context["adminform"].form
    data = {name: _value(form, name) for name in form.fields}
    data.update(organisation=organisation.pk, year=2020, quarter=1)
    rows = []
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update({formset.add_prefix(k): v
                     for k, v in formset.management_form.initial.items()})
        expected = isinstance(formset, ExpectedRowsFormSet)
        for index, row in enumerate(formset.forms):
            figures = []
            for name, field in row.fields.items():
                value = _value(row, name)
                if (expected and field.required and value == ""
                        and isinstance(field, PlainIntegerField | PlainDecimalField)):
                    value = "1"
                    figures.append(name)
                if name != "DELETE":
                    data[row.add_prefix(name)] = value
            if expected and figures:
                label = formset.row_labels[str(_value(row, formset.choice_field))]
                rows.append((formset.prefix, index, label, figures))
    return data, rows


@pytest.mark.parametrize("app_label", SECTION_APPS)
def test_every_expected_row_left_blank_is_refused_by_name(client, gwent, reference_rows,
                                                          app_label):
    from django.apps import apps

    app = apps.get_app_config(app_label)
    client.force_login(user_in(editor_group(app), gwent))
    for model_admin in _return_admins(app):
        model = model_admin.model
        url = f"/en/admin/{app_label}/{model._meta.model_name}/add/"
        data, rows = page_data(client.get(url), gwent)
        assert rows, f"{model.__name__}'s page lays out no rows to fill"
        for prefix, index, label, figures in rows:
            blank = {**data, **{f"{prefix}-{index}-{name}": "" for name in figures}}
            response = client.post(url, blank)
            assert response.status_code == 200, f"{label} left blank was saved"
            formset = next(f.formset for f in response.context["inline_admin_formsets"]
                           if f.formset.prefix == prefix)
            messages = [m for name in figures for m in formset.forms[index].errors[name]]
            assert messages and all(m.startswith(f"{label}, ") for m in messages), messages
            assert not model.objects.exists()
        response = client.post(url, data)
        assert response.status_code == 302, response.context and [
            f.formset.errors for f in response.context["inline_admin_formsets"]]
        saved = model.objects.get()
        for prefix, _index, _label, _figures in rows:
            assert getattr(saved, prefix).count() == sum(1 for r in rows if r[0] == prefix)


@pytest.mark.parametrize("app_label", SECTION_APPS)
def test_expected_rows_have_no_related_object_icons(client, gwent, reference_rows,
                                                    app_label):
    from django.apps import apps

    app = apps.get_app_config(app_label)
    client.force_login(user_in(editor_group(app), gwent))
    for model_admin in _return_admins(app):
        page = client.get(f"/en/admin/{app_label}/{model_admin.model._meta.model_name}/add/")
        for inline in page.context["inline_admin_formsets"]:
            for form in inline.formset.forms:
                for field in form.fields.values():
                    widget = field.widget
                    assert not any(getattr(widget, f"can_{action}_related", False)
                                   for action in ("add", "change", "delete", "view"))


@pytest.mark.parametrize("app_label", SECTION_APPS)
def test_every_return_form_refuses_a_stale_save(client, gwent, reference_rows, app_label):
    from django.apps import apps
    from django.utils import timezone

    app = apps.get_app_config(app_label)
    client.force_login(user_in(editor_group(app), gwent))
    for model_admin in _return_admins(app):
        model = model_admin.model
        held = model.objects.create(organisation=gwent, year_id=2020, quarter=1)
        url = f"/en/admin/{app_label}/{model._meta.model_name}/{held.pk}/change/"
        data, rows = page_data(client.get(url), gwent)
        assert data["version"] == model.objects.get(pk=held.pk).version
        model.objects.filter(pk=held.pk).update(updated_at=timezone.now())  # someone else saves

        response = client.post(url, data)
        assert response.status_code == 200
        assert "since you opened it, so nothing was saved" in (
            response.context["adminform"].form.non_field_errors()[0])
        assert all(getattr(held, prefix).count() == 0 for prefix, *_ in rows)
