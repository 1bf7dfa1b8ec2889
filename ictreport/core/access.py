"""Who may see which organisation's figures.

Every page, export and admin list asks here, so the rule lives in one place.
"""

from django.db.models import QuerySet

from ictreport.core.models import Organisation


def visible_organisations(user) -> QuerySet[Organisation]:
    """The organisations whose figures ``user`` may read."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.all()
