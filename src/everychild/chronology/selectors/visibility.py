"""Who may read which chronology entries, and how much of the pathway.

An entry shared with "every agency working with the child" is read by anyone allowed
`chronology.view` on the child. A restricted entry (for example a police note while an
investigation is live) is read only by staff of the agency that recorded it, by
children's social care, and by roles whose `chronology.view` reaches every record
(inspectors). Each revision of an entry, and each original attached to it, is judged by
the sharing in force when it was recorded. The pathway's own events are casework: in
full only for roles allowed `casework.view` on the child; see
docs/decisions/0011-chronology.md for what the others see.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from everychild.access import policy
from everychild.access.records import StaffLike
from everychild.agencies.models import Agency, AgencyKind

from ..models import ChronologyEntry, Sharing

VIEW = "chronology.view"
ADD = "chronology.add"


def actor_agency_kind(actor: StaffLike) -> str:
    # The signed-in user's agency is often loaded already (the page header shows it).
    cached = getattr(getattr(actor, "_state", None), "fields_cache", {}).get("agency")
    if isinstance(cached, Agency) and cached.pk == actor.agency_id:
        return cached.kind
    return Agency.objects.filter(pk=actor.agency_id).values_list("kind", flat=True).first() or ""


def sees_every_restricted_entry(actor: StaffLike) -> bool:
    if policy.policy().scope(actor.role, VIEW) == policy.Scope.ALL:
        return True
    return actor_agency_kind(actor) == AgencyKind.CHILDRENS_SOCIAL_CARE


def visible(actor: StaffLike, entries: QuerySet[ChronologyEntry], *,
            all_restricted: bool) -> QuerySet[ChronologyEntry]:
    """The entries among these that the actor may read."""
    if all_restricted:
        return entries
    return entries.filter(Q(sharing=Sharing.SHARED) | Q(agency_id=actor.agency_id))


def may_read(actor: StaffLike, *, sharing: str, agency_id: int, all_restricted: bool) -> bool:
    """Whether the actor reads something the agency recorded, shared as `sharing`.
    Anything but "shared" (an attachment whose sharing was never set, say) is treated as
    restricted."""
    return all_restricted or sharing == Sharing.SHARED or agency_id == actor.agency_id


def may_read_entry(actor: StaffLike, entry: ChronologyEntry, *, all_restricted: bool) -> bool:
    """Judged on this revision alone: each revision of an entry is read or withheld by the
    sharing it was recorded with (an earlier restricted wording stays restricted after a
    correction shares the entry)."""
    return may_read(actor, sharing=entry.sharing, agency_id=entry.agency_id,
                    all_restricted=all_restricted)


@dataclass(frozen=True)
class Reach:
    """How much of one child's chronology the actor reads (their relationships decide)."""

    all_restricted: bool  # every restricted entry, not only their own agency's
    casework: bool  # the pathway in full: reasons, notes, outcomes, referral sources
    plan: bool  # the plan's milestones: conferences held, plans, core groups, visits


def reach(actor: StaffLike, relationships: frozenset[str], *,
          all_restricted: bool | None = None) -> Reach:
    if all_restricted is None:
        all_restricted = sees_every_restricted_entry(actor)
    return Reach(
        all_restricted=all_restricted,
        casework=policy.allows(actor.role, "casework.view", relationships=relationships),
        plan=policy.allows(actor.role, "plan.view", relationships=relationships),
    )
