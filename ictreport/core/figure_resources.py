"""A figure resource declared from its model (``ictreport.core.imports``).

What a figure's key column may say follows from the model's key field: the stored
values of its choices (a severity, a priority: ``ChoiceKeyed``), or the names, in
English or Welsh, of the reference rows it links to (a channel, a tier, a team:
``NamedRowKeyed``). A value column reads its cell as the model field holds it
(``value_column``). A section declares one base naming its return and the kind of its
keys, and each figure's resource with ``figure_resource``: the model, its key and its
values, each named once.
"""

from ictreport.core.bilingual import by_name
from ictreport.core.import_columns import figure_key, value_column
from ictreport.core.imports import FigureResource


class ChoiceKeyed(FigureResource):
    """The key column holds the stored value of one of the key field's choices."""

    key_path = "{key}"

    def key_choices(self, organisation):
        field = self._meta.model._meta.get_field(self.key_field)
        return {value: value for value, _label in field.choices}


class NamedRowKeyed(FigureResource):
    """The key column names a row of the key field's reference model, in English or
    Welsh; the rows are every organisation's."""

    key_path = "{key}__name"

    def key_choices(self, organisation):
        field = self._meta.model._meta.get_field(self.key_field)
        return by_name(field.related_model.objects.all())


def figure_resource(base: type[FigureResource], model, key: str,
                    *values: str) -> type[FigureResource]:
    """``model``'s resource on ``base`` (a section's ``ChoiceKeyed`` or
    ``NamedRowKeyed``): the period columns, the ``key`` column, then a column for each
    field of ``values``."""
    attrs = {
        "__module__": base.__module__,
        "key_field": key,
        "key_column": key,
        key: figure_key(key, base.key_path.format(key=key)),
        **{name: value_column(model._meta.get_field(name)) for name in values},
        "Meta": type("Meta", (FigureResource.Meta,), {"model": model}),
    }
    return type(base)(f"{model.__name__}Resource", (base,), attrs)
