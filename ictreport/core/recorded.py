"""``Recorded``: the abstract row whose every change is kept (django-simple-history).

A section's figures and reference rows extend it instead of each declaring
``history = HistoricalRecords()``; the history table each concrete model gets is the
same as that declaration made.
"""

from django.db import models
from simple_history.models import HistoricalRecords


class Recorded(models.Model):
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
