"""The dashboard's portfolio table: sortable, filterable, exportable."""

import django_tables2 as tables
from django.db.models import Case, IntegerField, Value, When
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ictreport.core.formatting import format_value
from projects.models import Project, Rag

# Worst first, so sorting by RAG puts the projects needing attention at the top.
_RAG_ORDER = Case(
    When(latest_rag=Rag.RED, then=Value(0)),
    When(latest_rag=Rag.AMBER, then=Value(1)),
    When(latest_rag=Rag.GREEN, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


# aria-sort is added by templates/tables/_sortable_thead.html, the header row shared by
# every sortable table.
_HEADER = {"scope": "col"}


class PortfolioTable(tables.Table):
    name = tables.Column(verbose_name=_("Project"))
    theme = tables.Column(verbose_name=_("Theme"), accessor="theme__name",
                          order_by=("theme__position", "theme__name"))
    delivery_route = tables.Column(verbose_name=_("Delivery route"))
    status = tables.Column(verbose_name=_("Status"))
    latest_rag = tables.Column(verbose_name=_("RAG status"))
    latest_percent = tables.Column(verbose_name=pgettext_lazy("column: per cent complete",
                                                             "Complete"), attrs={
        "th": {**_HEADER, "class": "num"}, "td": {"class": "num"}})
    deliverables = tables.Column(verbose_name=_("Deliverables"), accessor="pk",
                                 orderable=False)
    owner = tables.Column(verbose_name=_("Owner"))
    target_date = tables.Column(verbose_name=_("Target date"))

    class Meta:
        model = Project
        fields = ()
        template_name = "projects/portfolio_table.html"
        default = "–"
        empty_text = _("No projects match these filters.")
        attrs = {"th": _HEADER}

    def render_latest_rag(self, value):
        return format_html('<span class="rag rag--{}">{}</span>', value, Rag(value).label)

    def value_latest_rag(self, value):
        return str(Rag(value).label)

    def order_latest_rag(self, queryset, is_descending):
        order = _RAG_ORDER.desc() if is_descending else _RAG_ORDER.asc()
        return queryset.order_by(order, "name"), True

    def render_latest_percent(self, value):
        return format_value(value, "percent")

    def value_latest_percent(self, value):
        return value

    def render_target_date(self, value):
        return date_format(value, "j M Y")

    def render_deliverables(self, record):
        names = [d.name for d in record.deliverables.all()]
        if not names:
            return self.default
        return format_html('<ul class="deliverables">{}</ul>',
                           format_html_join("", "<li>{}</li>", ((n,) for n in names)))

    def value_deliverables(self, record):
        return "; ".join(d.name for d in record.deliverables.all())
