"""Which rows follow a person when their record is merged into another.

People knows its own rows (households, relationships, involvement, other names). Apps
above it (referrals, casework...) hold rows about people too, and people may not import
them; each registers its rows here at start-up, by model label and the field naming the
person, and the merge re-points and records them exactly as it does its own:

    register_merge_participant("referrals.ReferralPerson", "person")
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import models


@dataclass(frozen=True)
class Participant:
    label: str  # "app_label.ModelName"
    field: str  # the foreign key to people.Person

    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)


# People's own rows, in the order they are moved. A relationship names two people, so it
# takes part twice. The person's name history stays with the record it was written on.
PEOPLE_PARTICIPANTS = (
    Participant("people.HouseholdMembership", "person"),
    Participant("people.Relationship", "person"),
    Participant("people.Relationship", "related"),
    Participant("people.Involvement", "person"),
    Participant("people.OtherName", "person"),
)

_registered: dict[tuple[str, str], Participant] = {}


class MergeParticipantError(Exception):
    """A registration names no foreign key to a person: a programming error, found at
    start-up rather than at a merge."""


def register_merge_participant(label: str, field: str) -> None:
    """Have `label`'s rows whose `field` names the merged person follow them to the record
    they are merged into (and back, if the merge is undone). Registering twice is harmless."""
    participant = Participant(label, field)
    if apps.ready or apps.models_ready:
        _check(participant)
    _registered[(label, field)] = participant


def _check(participant: Participant) -> None:
    try:
        model = participant.model()
        field = model._meta.get_field(participant.field)
    except (LookupError, ValueError) as exc:
        raise MergeParticipantError(f"{participant.label}.{participant.field}: {exc}") from None
    target = getattr(field, "related_model", None)
    if not getattr(field, "many_to_one", False) or target is None or (
            target._meta.label != "people.Person"):
        raise MergeParticipantError(
            f"{participant.label}.{participant.field} is not a foreign key to people.Person")


def merge_participants() -> list[Participant]:
    """Every kind of row a merge moves: people's own, then those registered by other apps."""
    extra = [p for key, p in sorted(_registered.items())
             if p not in PEOPLE_PARTICIPANTS]
    for participant in extra:
        _check(participant)
    return [*PEOPLE_PARTICIPANTS, *extra]
