"""The dashboard's open-recommendations table: filterable, sortable and exportable."""

import django_filters
import django_tables2 as tables
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from audits.choices import Priority
from audits.models import Recommendation
from ictreport.core.periods import year_label


class OpenRecommendationFilter(django_filters.FilterSet):
    priority = django_filters.ChoiceFilter(label=_("Priority"), choices=Priority.choices,
                                           empty_label=_("Any priority"))
    overdue = django_filters.BooleanFilter(
        label=_("Overdue"),
        widget=forms.Select(choices=[("", _("Overdue or not")), ("true", _("Overdue only")),
                                     ("false", _("Not overdue"))]),
    )
    search = django_filters.CharFilter(label=_("Description, owner or review contains"),
                                       method="filter_search")

    class Meta:
        model = Recommendation
        fields = ["priority", "overdue", "search"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(description__icontains=value) | Q(owner__icontains=value)
                               | Q(review__title__icontains=value))


class OpenRecommendationTable(tables.Table):
    overdue = tables.Column(verbose_name=_("Overdue"), attrs={"td": {"class": "overdue"}})
    due_on = tables.DateColumn(verbose_name=_("Due"), format="j M Y")
    priority = tables.Column(verbose_name=_("Priority"))
    description = tables.Column(verbose_name=_("Recommendation"))
    owner = tables.Column(verbose_name=_("Owner"))
    review = tables.Column(verbose_name=_("Review"), accessor="review__title")
    raised = tables.Column(verbose_name=_("Year raised"),
                           accessor="review__audit_return__year_id")

    class Meta:
        model = Recommendation
        fields = ["overdue", "due_on", "priority", "description", "owner", "review", "raised"]
        template_name = "audits/open_recommendations_table.html"
        attrs = {"th": {"scope": "col"}}
        empty_text = _("No recommendations were open.")

    def __init__(self, *args, caption="", **kwargs):
        super().__init__(*args, **kwargs)
        self.caption = caption

    def render_overdue(self, value):
        return _("Overdue") if value else ""

    def value_overdue(self, value):
        return _("yes") if value else _("no")

    def render_raised(self, value):
        return year_label(value)

    def value_raised(self, value):
        return year_label(value)
