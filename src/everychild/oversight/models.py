"""Escalations: the one notice sent to a manager when a due item goes overdue.

Whether an item is overdue is always computed from the casework records
(`casework.timescales`); this table only remembers that the manager has been told, so
that a scan run every few minutes tells them once and no more.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Escalation(models.Model):
    # What went overdue, as the timescale engine names it, e.g. "assessment:42:due".
    item_key = models.CharField(max_length=120, unique=True)
    episode = models.ForeignKey("casework.Episode", on_delete=models.PROTECT,
                                related_name="escalations")
    what = models.CharField(max_length=200)
    due_on = models.DateField()
    manager = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    escalated_at = models.DateTimeField()

    class Meta:
        ordering = ["-escalated_at", "id"]

    def __str__(self) -> str:
        return self.item_key
