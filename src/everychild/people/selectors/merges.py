"""Reads about merged records: a merge and what it moved, the merges folded into a
record, the notice on a merged record, and two records side by side before merging."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import QuerySet

from everychild.access.audit import audit_record
from everychild.access.records import StaffLike, may_see_sealed
from everychild.core.errors import AccessDenied, BreakGlassRequired, NotFound

from ..forms import ETHNICITY_LABELS
from ..models import (
    RELATIONSHIP_INVERSE,
    HouseholdMembership,
    Involvement,
    OtherName,
    Person,
    PersonMerge,
    Relationship,
    Sex,
)
from ._common import household_is_sealed
from .records import person_access

_MAX_ID = 2**63 - 1  # larger ids cannot even be asked of the database
FIELD_LABELS = {
    "nhs_number": "NHS number", "upn": "Unique Pupil Number",
    "former_upn": "Former Unique Pupil Number", "la_child_id": "Local authority ID",
    "date_of_birth": "Date of birth", "expected_date_of_birth": "Expected date of birth",
    "sex": "Sex", "ethnicity": "Ethnicity", "disabilities": "Disabilities", "sealed": "Sealed",
}


def _merge_query() -> QuerySet[PersonMerge]:
    return PersonMerge.objects.select_related("survivor", "merged", "merged_by", "undone_by")


def merge_get(*, actor: StaffLike, merge_id: int, action: str = "person.view",
              audit_view: bool = True) -> PersonMerge:
    """A merge the actor may see (`person.view`) or undo (`person.merge`), judged on the
    record it was merged into, where the work now is. Seeing it is audited as a view of
    that record unless `audit_view` is false (a submitted undo audits itself)."""
    merge = _merge_query().filter(pk=merge_id).first() if 0 < merge_id <= _MAX_ID else None
    if merge is None:
        raise NotFound("No merge was found")
    if (merge.survivor.sealed or merge.merged.sealed) and not may_see_sealed(actor):
        raise NotFound("No merge was found")
    access = person_access(actor=actor, person=merge.survivor, action=action)
    if audit_view:
        audit_record(actor=actor, action="person.view", target_type="person",
                     target_id=merge.survivor.ref,
                     detail={"via": access.via, "merge": merge.pk,
                             "merged": str(merge.merged.ref)})
    return merge


def merges_kept(*, actor: StaffLike, person: Person) -> list[PersonMerge]:
    """The records merged into this one (and merges since undone), newest first. For the
    record's own page, which has already checked and audited access."""
    merges = _merge_query().filter(survivor=person)
    if not may_see_sealed(actor):
        merges = merges.filter(merged__sealed=False)
    return list(merges)


@dataclass(frozen=True)
class MergedNotice:
    """What a merged record's page says about where the person's record is now."""

    merge: PersonMerge
    survivor_name: str  # empty when the user may not know of the survivor
    link_survivor: bool
    may_undo: bool


def merged_notice(*, actor: StaffLike, person: Person) -> MergedNotice | None:
    """For a merged record the actor has opened: the merge that folded it away."""
    merge = _merge_query().filter(merged=person, undone_at__isnull=True).first()
    if merge is None:
        return None
    survivor = merge.survivor
    if survivor.sealed and not may_see_sealed(actor):
        return MergedNotice(merge, "", False, False)
    try:
        person_access(actor=actor, person=survivor, action="person.view")
        link = True
    except BreakGlassRequired:
        link = True  # the link asks for their reason first
    except (AccessDenied, NotFound):
        link = False
    return MergedNotice(merge, survivor.full_name, link, merge_may_undo(actor=actor,
                                                                        merge=merge))


def merge_may_undo(*, actor: StaffLike, merge: PersonMerge) -> bool:
    """Whether to offer "Undo this merge": a merge still in force, and the actor may merge
    both records (as the service will ask)."""
    if merge.undone_at is not None:
        return False
    try:
        person_access(actor=actor, person=merge.survivor, action="person.merge")
        person_access(actor=actor, person=merge.merged, action="person.merge")
    except (AccessDenied, NotFound):
        return False
    return True


# ------------------------------------------------------------------ what a merge did
@dataclass(frozen=True)
class MergeSummary:
    merge: PersonMerge
    merged_name: str  # as the merged record was named at the merge
    moved: dict[str, int]  # "household memberships": 2 ...
    filled: list[str]  # labels of the survivor's fields the merge filled
    names_added: int
    relationships_ended: int


def merge_summary(merge: PersonMerge) -> MergeSummary:
    moved: Counter[str] = Counter()
    filled: list[str] = []
    names_added = ended = 0
    for label, pk, name, *_ in merge.moves:
        if label == "people.Person":
            if pk == merge.survivor_id:
                filled.append(FIELD_LABELS.get(name, name))
            continue
        if name == "id":
            names_added += 1
        elif name == "ended":
            ended += 1
        else:
            model = apps.get_model(label)
            moved[str(model._meta.verbose_name_plural)] += 1
    merged_name = merge.snapshot.get("merged", {}).get("name") or merge.merged.full_name
    return MergeSummary(merge, merged_name, dict(moved), filled, names_added, ended)


# ------------------------------------------------------------------ side by side
@dataclass(frozen=True)
class ComparisonRow:
    label: str
    this: list[str]
    other: list[str]
    differs: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "differs", sorted(self.this) != sorted(self.other))


def _date(value: dt.date | None) -> list[str]:
    return [f"{value.day} {value:%B %Y}"] if value else []


def _text(value: str) -> list[str]:
    return [value] if value else []


def _describe(actor: StaffLike, person: Person) -> dict[str, list[str]]:
    sees_sealed = may_see_sealed(actor)
    homes = [m.household for m in HouseholdMembership.objects.filter(
        person=person, ended__isnull=True).select_related("household")
        if sees_sealed or not household_is_sealed(m.household_id)]
    related = []
    for rel in Relationship.objects.filter(person=person, ended__isnull=True).select_related(
            "related"):
        if sees_sealed or not rel.related.sealed:
            related.append(f"{rel.related.full_name} ({RELATIONSHIP_INVERSE[rel.kind]})")
    for rel in Relationship.objects.filter(related=person, ended__isnull=True).select_related(
            "person"):
        if sees_sealed or not rel.person.sealed:
            related.append(f"{rel.person.full_name} ({rel.get_kind_display()})")
    agencies = sorted({i.agency.name for i in Involvement.objects.filter(
        person=person, ended__isnull=True).select_related("agency")})
    return {
        "Name": _text(person.full_name),
        "Other names": [str(o) for o in OtherName.objects.filter(person=person)],
        "Child or adult": [person.get_kind_display()],
        "Sex": [] if person.sex == Sex.UNKNOWN else [person.get_sex_display()],
        "Date of birth": _date(person.date_of_birth),
        "Expected date of birth": _date(person.expected_date_of_birth),
        "Date of death": _date(person.date_of_death),
        "Ethnicity": _text(ETHNICITY_LABELS.get(person.ethnicity, person.ethnicity)),
        "NHS number": _text(person.nhs_number),
        "Unique Pupil Number": _text(person.upn),
        "Former Unique Pupil Number": _text(person.former_upn),
        "Local authority ID": _text(person.la_child_id),
        "Lives at": [str(h) for h in homes],
        "Family and relationships": sorted(related),
        "Agencies involved": agencies,
    }


def merge_comparison(*, actor: StaffLike, subject: Person, other: Person,
                     audit_view: bool = True) -> list[ComparisonRow]:
    """Two records side by side, row by row, for a user about to merge them: both must be
    records the user may merge. Showing them is audited as a view of each."""
    for person in (subject, other):
        access = person_access(actor=actor, person=person, action="person.merge")
        if audit_view:
            audit_record(actor=actor, action="person.view", target_type="person",
                         target_id=person.ref, detail={"via": access.via, "for": "person.merge"})
    mine, theirs = _describe(actor, subject), _describe(actor, other)
    return [ComparisonRow(label, mine[label], theirs[label]) for label in mine
            if mine[label] or theirs[label]]
