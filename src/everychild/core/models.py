"""The shared kernel's one table: days the authority is closed beyond the bank holidays."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from . import clock


class ClosureDay(models.Model):
    """A day that is not a working day although it is neither a weekend nor a bank
    holiday (e.g. an extra day the council closes between Christmas and New Year).
    Deadlines computed after it is entered move past it."""

    date = models.DateField(unique=True)
    reason = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=clock.now)
    # Null when entered at the command line, where there is no signed-in user.
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%-d %B %Y}: {self.reason}"
