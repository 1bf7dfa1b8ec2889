"""Filters for the dashboard's portfolio table."""

import django_filters
from django.utils.translation import gettext_lazy as _

from projects.models import DeliveryRoute, Project, ProjectStatus, Rag, Theme

NOT_RECORDED = "none"


def _or_not_recorded(choices, label):
    return [*choices, (NOT_RECORDED, label)]


class PortfolioFilter(django_filters.FilterSet):
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"), queryset=Theme.objects.all(), empty_label=_("All themes"),
        null_label=_("No theme"), null_value=NOT_RECORDED,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), empty_label=_("All statuses"), method="filter_recorded",
        choices=_or_not_recorded(ProjectStatus.choices, _("Not recorded")),
    )
    delivery_route = django_filters.ChoiceFilter(
        label=_("Delivery route"), empty_label=_("All routes"), method="filter_recorded",
        choices=_or_not_recorded(DeliveryRoute.choices, _("Not recorded")),
    )
    rag = django_filters.ChoiceFilter(
        label=_("RAG status"), empty_label=_("Any RAG status"), method="filter_rag",
        choices=_or_not_recorded(Rag.choices, _("No update yet")),
    )

    class Meta:
        model = Project
        fields = ["theme", "status", "delivery_route", "rag"]

    def filter_recorded(self, queryset, name, value):
        return queryset.filter(**{name: "" if value == NOT_RECORDED else value})

    def filter_rag(self, queryset, name, value):
        """On the latest update's RAG status, which ``portfolio_list`` annotates."""
        if value == NOT_RECORDED:
            return queryset.filter(latest_rag__isnull=True)
        return queryset.filter(latest_rag=value)
