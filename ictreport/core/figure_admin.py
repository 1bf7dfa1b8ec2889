"""``FigureAdmin``: the list, spreadsheet import and export of one figure model, set
up from its ``FigureResource`` (``ictreport.core.imports``).

The resource already names the figure's link to its return and its key (the channel,
team, severity, … the figure is for); the admin is scoped by that return's
organisation, filtered by the return's organisation, year and quarter and the key, and
lists the rows with what they name in one query. A section's admin names its
``figure_resource`` and ``list_display``, and sets any of these itself to differ;
``register_figure_admin`` does that for a figure whose admin needs nothing else.
"""

from django.contrib import admin

from ictreport.core.admin_scoping import OrganisationScopedAdmin
from ictreport.core.import_admin import FigureImportExportAdmin


class FigureAdmin(FigureImportExportAdmin, OrganisationScopedAdmin):
    figure_resource = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        resource = cls.figure_resource
        if resource is None:
            return
        link, key = resource.return_field, resource.key_field
        key_is_row = resource._meta.model._meta.get_field(key).is_relation
        derived = {
            "resource_classes": [resource],
            "organisation_path": f"{link}__organisation",
            "list_filter": [f"{link}__organisation", f"{link}__year", f"{link}__quarter", key],
            "list_select_related": [f"{link}__organisation", f"{link}__year",
                                    *([key] if key_is_row else [])],
        }
        for name, value in derived.items():
            if name not in cls.__dict__:
                setattr(cls, name, value)


def register_figure_admin(resource, *list_display: str) -> type[FigureAdmin]:
    """Register a ``FigureAdmin`` for ``resource``'s model (the model is the resource's:
    it is not named twice), listing the columns ``list_display``."""
    model = resource._meta.model
    figure_admin = type(f"{model.__name__}Admin", (FigureAdmin,), {
        "__module__": f"{model._meta.app_label}.admin",
        "figure_resource": resource,
        "list_display": list(list_display),
    })
    admin.site.register(model, figure_admin)
    return figure_admin
