"""Entries agencies write into a child's chronology, and their attachments.

The chronology a user reads is a read model (see `chronology.selectors`): these entries
merged with the pathway's own events (referrals, assessments, conferences, plans,
visits...), which are read from the apps that own them, not copied here.

Entries are never edited in place. A correction is a new row with the same `lineage`
and the next `revision`; the row it replaces gets `superseded_at`. So the current
entry is the one with `superseded_at` empty, and every earlier wording is kept.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q


class EntryKind(models.TextChoices):
    NOTE = "note", "Note or observation"
    INCIDENT = "incident", "Incident"
    MEETING = "meeting", "Meeting or contact with the family"
    ATTENDANCE = "attendance", "Attendance or missed appointment"
    INJURY = "injury", "Injury or medical finding"
    POLICE = "police", "Police contact"
    DISCLOSURE = "disclosure", "Disclosure by the child"
    OTHER = "other", "Other"


class Significance(models.TextChoices):
    ROUTINE = "routine", "Routine"
    NOTABLE = "notable", "Notable"
    SIGNIFICANT = "significant", "Significant event"


class Sharing(models.TextChoices):
    # Who beyond the recording agency may read it: every agency entitled to see the
    # child's chronology, or only the recording agency and children's social care
    # (for example a police entry while an investigation is live).
    SHARED = "shared", "Every agency working with the child"
    RESTRICTED = "restricted", "Only my agency and children's social care"


class ChronologyEntry(models.Model):
    lineage = models.UUIDField(default=uuid.uuid4, db_index=True)
    revision = models.PositiveSmallIntegerField(default=1)
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT,
                              related_name="chronology_entries")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    occurred_on = models.DateField()
    kind = models.CharField(max_length=20, choices=EntryKind.choices)
    significance = models.CharField(max_length=12, choices=Significance.choices,
                                    default=Significance.ROUTINE)
    sharing = models.CharField(max_length=12, choices=Sharing.choices, default=Sharing.SHARED)
    summary = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField()
    correction_reason = models.TextField(blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["occurred_on", "recorded_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["lineage", "revision"], name="one_row_per_revision"),
            models.UniqueConstraint(fields=["lineage"], condition=Q(superseded_at__isnull=True),
                                    name="one_current_revision"),
        ]
        indexes = [
            models.Index(fields=["child", "superseded_at", "occurred_on"]),
            # A child's current entries in chronology order, so a page of a long history
            # is read from the index and stops at the page's end (either direction).
            models.Index(fields=["child", "occurred_on", "recorded_at", "id"],
                         condition=Q(superseded_at__isnull=True),
                         name="chronology_current_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on}: {self.summary}"


class Attachment(models.Model):
    """A scan or photo of a handwritten original, kept with the typed entry it backs.

    The bytes live under EVERYCHILD_DATA_DIR/attachments, named by their SHA-256, and are
    checked against it when read; the row keeps what the user uploaded it as.

    `sharing` is the entry's sharing when the file was uploaded, and decides who may read
    it from then on: an original kept while the entry was restricted stays restricted
    after a correction shares the entry. Left empty, it is taken from the entry's current
    revision on save (restricted when there is none).
    """

    lineage = models.UUIDField(db_index=True, help_text="The entry (all its revisions)")
    sharing = models.CharField(max_length=12, choices=Sharing.choices, blank=True, default="",
                               help_text="The entry's sharing when this was uploaded")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"Attachment {self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.sharing:
            self.sharing = (ChronologyEntry.objects
                            .filter(lineage=self.lineage, superseded_at__isnull=True)
                            .values_list("sharing", flat=True).first() or Sharing.RESTRICTED)
        super().save(*args, **kwargs)
