"""Reference rows that tables list in a set order: channels, tiers, opinions, teams, ….

``OrderedName`` is the shape they share: a unique ``name``, a ``position`` (lowest
first), their history, ordering by position then name, and the name as their text. A
model overrides a field to say more (its own help text, a longer name) and extends
``OrderedName.Meta`` for its verbose names and constraints.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class OrderedName(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Where it comes in tables: lowest first."))

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name
