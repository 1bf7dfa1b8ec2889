"""Reference rows that tables list in a set order: channels, tiers, opinions, teams, ….

``OrderedName`` is the shape they share: a unique ``name``, a ``position`` (lowest
first), their history, ordering by position then name, and the name as their text. A
model overrides a field to say more (its own help text, a longer name) and extends
``OrderedName.Meta`` for its verbose names and constraints.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ictreport.core.fields import position_field
from ictreport.core.recorded import Recorded


class OrderedName(Recorded):
    name = models.CharField(_("name"), max_length=100, unique=True)
    position = position_field(_("Where it comes in tables: lowest first."))

    class Meta(Recorded.Meta):
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name
