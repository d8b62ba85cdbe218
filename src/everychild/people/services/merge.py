"""Merging two records found to be the same person, and undoing a merge.

A merge folds `merged` into `survivor`: every row about the merged person (households,
relationships, involvement, other names, and rows other apps register in
`people.merging`) is re-pointed to the survivor, the merged record's names become other
names of the survivor, and the survivor's blanks (identifiers, date of birth...) are
filled from the merged record. The merged record itself is kept, pointing at the survivor.

Everything the merge changes is written down as it is done, so that undoing it puts back
exactly what was there: `PersonMerge.snapshot` holds both records as they stood, and
`PersonMerge.moves` lists each change as [model label, pk, field, before, after] (values
as JSON). A field of "id" with `before` null is a row the merge created.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.db.models import F

from everychild.access.audit import audit_record
from everychild.access.records import StaffLike
from everychild.core import clock
from everychild.core.errors import Conflict, ValidationFailed
from everychild.core.names import name_key

from ..matching import refresh_match_keys
from ..merging import merge_participants
from ..models import OtherName, OtherNameKind, Person, PersonMerge, PersonName
from ..selectors import person_access
from ._validation import _Errors, _text, _too_long
from .persons import PERSON_FIELDS

# Fields of the survivor that a merge fills when they are blank and the merged record has
# them. Names are not among them: the merged record's names become other names instead.
FILLED_FIELDS = ("nhs_number", "upn", "former_upn", "la_child_id", "date_of_birth",
                 "expected_date_of_birth", "sex", "ethnicity", "disabilities")
# Identifiers only one person may hold: taken off the merged record before the survivor
# is given them.
UNIQUE_FIELDS = ("nhs_number", "upn", "la_child_id")
FIELD_LABELS = {
    "nhs_number": "NHS number", "upn": "Unique Pupil Number",
    "former_upn": "former Unique Pupil Number", "la_child_id": "local authority child ID",
    "date_of_birth": "date of birth", "expected_date_of_birth": "expected date of birth",
    "sex": "sex", "ethnicity": "ethnicity", "disabilities": "disabilities",
    "sealed": "sealing",
}
REASON_LIMIT = 500
PERSON_LABEL = "people.Person"
RELATIONSHIP_LABEL = "people.Relationship"
OTHER_NAME_NOTE = "A name on a duplicate record merged into this one"


def _json(value: Any) -> Any:
    """A value as the merge record stores it (dates as ISO text)."""
    return DjangoJSONEncoder().default(value) if not isinstance(
        value, (str, int, float, bool, type(None), list)) else value


def _name(person: Person) -> str:
    return person.full_name or "this person"


# ------------------------------------------------------------------ snapshot
def _snapshot(person: Person) -> dict[str, Any]:
    return {
        "ref": str(person.ref),
        "id": person.pk,
        "name": person.full_name,
        "fields": {f: _json(getattr(person, f)) for f in PERSON_FIELDS},
        "sealed": person.sealed,
        "version": person.version,
        "other_names": [
            {"id": o.pk, "kind": o.kind, "given_name": o.given_name,
             "family_name": o.family_name, "agency": o.agency_id, "note": o.note}
            for o in OtherName.objects.filter(person=person).order_by("pk")
        ],
    }


# ------------------------------------------------------------------ refusals
def _refuse_mismatch(survivor: Person, merged: Person) -> None:
    """Refusals that depend on the two records, each said plainly. Nothing is written."""
    errors = _Errors()
    if merged.merged_into_id is not None:
        errors.add("merged", f"{_name(merged)}'s record has already been merged into another "
                             "record")
    if survivor.merged_into_id is not None:
        errors.add("survivor", f"{_name(survivor)}'s record has been merged into another "
                               "record: merge into that record instead")
    if survivor.kind != merged.kind:
        errors.add("records", "One is a child's record and the other an adult's: merge only "
                              "two children's records or two adults' records")
    if survivor.nhs_number and merged.nhs_number and survivor.nhs_number != merged.nhs_number:
        errors.add("records", "They have different NHS numbers, so they are different "
                              "people. If one number is wrong, correct it first")
    if survivor.upn and merged.upn and survivor.upn != merged.upn:
        errors.add("records", "They have different Unique Pupil Numbers, so they are "
                              "different people. If one number is wrong, correct it first")
    if merged.sealed and not survivor.sealed:
        # Keeping the unsealed record would make what the sealed one holds visible. (Only
        # a user who may see sealed records gets this far: others were told "not found".)
        errors.add("records", f"{_name(merged)}'s record is sealed: keep the sealed record "
                              "and merge the other one into it")
    errors.raise_if_any()


def _check_versions(survivor: Person, merged: Person, survivor_version: int | None,
                    merged_version: int | None) -> None:
    errors = _Errors()
    if survivor_version is None:
        errors.add("survivor_version", f"Say which version of {_name(survivor)}'s record you "
                                       "are merging")
    if merged_version is None:
        errors.add("merged_version", f"Say which version of {_name(merged)}'s record you "
                                     "are merging")
    errors.raise_if_any()
    for person, expected, key in ((survivor, survivor_version, "survivor_version"),
                                  (merged, merged_version, "merged_version")):
        if person.version != expected:
            message = (f"Someone else changed {_name(person)}'s record while you were "
                       f"comparing them (you had version {expected}, it is now version "
                       f"{person.version}). Nothing has been merged: compare the records "
                       "again.")
            raise Conflict(message, errors={key: [message]})


def _locked(*people: Person) -> list[Person]:
    """The people as they are now, locked until the transaction ends (in id order, so two
    merges of the same records cannot deadlock)."""
    rows = {p.pk: p for p in Person.objects.select_for_update().filter(
        pk__in=[p.pk for p in people]).order_by("pk")}
    return [rows[p.pk] for p in people]


# ------------------------------------------------------------------ merging
class _Moves:
    """Applies changes and writes each down, so that undo can reverse it exactly."""

    def __init__(self) -> None:
        self.entries: list[list[Any]] = []

    def record(self, label: str, pk: int, field: str, before: Any, after: Any) -> None:
        self.entries.append([label, pk, field, _json(before), _json(after)])

    def repoint(self, model: type[models.Model], label: str, field: str, ids: list[int],
                merged: Person, survivor: Person) -> None:
        if not ids:
            return
        model_field = model._meta.get_field(field)
        assert isinstance(model_field, models.Field)
        attname = model_field.attname
        model._default_manager.filter(pk__in=ids).update(**{attname: survivor.pk})
        for pk in ids:
            self.record(label, pk, field, merged.pk, survivor.pk)


def _fills(survivor: Person, merged: Person) -> dict[str, Any]:
    """The survivor's blanks the merged record can fill."""
    fills: dict[str, Any] = {}
    for f in FILLED_FIELDS:
        mine, theirs = getattr(survivor, f), getattr(merged, f)
        blank = mine in ("", None, []) or (f == "sex" and mine == "U")
        if blank and theirs not in ("", None, "U", []):
            fills[f] = theirs
    # A record holds a date of birth or an expected one, never both: a birth recorded on
    # the merged record replaces the survivor's due date; a due date fills only when the
    # survivor has neither.
    if "date_of_birth" in fills:
        fills.pop("expected_date_of_birth", None)
        if survivor.expected_date_of_birth is not None:
            fills["expected_date_of_birth"] = None
        if survivor.date_of_death and fills["date_of_birth"] > survivor.date_of_death:
            fills.pop("date_of_birth")
            fills.pop("expected_date_of_birth", None)
    elif "expected_date_of_birth" in fills and survivor.date_of_birth is not None:
        fills.pop("expected_date_of_birth")
    return fills


def _merge_names(moves: _Moves, survivor: Person, merged: Person, actor: StaffLike,
                 now: Any) -> None:
    """The merged record's names (current and past) become other names of the survivor,
    unless the survivor is already known by them."""
    known = {(name_key(survivor.given_name), name_key(survivor.family_name))}
    known |= {(name_key(o.given_name), name_key(o.family_name))
              for o in OtherName.objects.filter(person=survivor)}
    names = [(merged.given_name, merged.family_name, OtherNameKind.ALIAS)]
    names += [(n.given_name, n.family_name, OtherNameKind.FORMER)
              for n in PersonName.objects.filter(person=merged, recorded_until__isnull=False)]
    for given, family, kind in names:
        key = (name_key(given), name_key(family))
        if key in known or not (given or family):
            continue
        known.add(key)
        other = OtherName.objects.create(
            person=survivor, kind=kind, given_name=given, family_name=family,
            given_name_key=key[0], family_name_key=key[1], note=OTHER_NAME_NOTE,
            recorded_at=now, recorded_by_id=actor.pk)
        moves.record("people.OtherName", other.pk, "id", None, other.pk)


def _move_rows(moves: _Moves, survivor: Person, merged: Person) -> None:
    today = clock.today()
    for participant in merge_participants():
        model = participant.model()
        rows = model._default_manager.filter(**{participant.field: merged.pk})
        if participant.label == RELATIONSHIP_LABEL:
            # A relationship between the two records would become one with oneself: it is
            # ended and left on the merged record, not deleted.
            other_end = "related_id" if participant.field == "person" else "person_id"
            for pk, other, ended in rows.values_list("pk", other_end, "ended"):
                if other == survivor.pk and ended is None:
                    model._default_manager.filter(pk=pk).update(ended=today)
                    moves.record(participant.label, pk, "ended", None, today)
            rows = rows.exclude(**{other_end: survivor.pk})
        ids = list(rows.order_by("pk").values_list("pk", flat=True))
        try:
            with transaction.atomic():
                moves.repoint(model, participant.label, participant.field, ids, merged,
                              survivor)
        except IntegrityError:
            what = model._meta.verbose_name
            raise ValidationFailed(errors={"records": [
                f"Both records are named on the same {what}, so they cannot be merged "
                "automatically. Correct that first"]}) from None


def person_merge(*, actor: StaffLike, survivor: Person, merged: Person, reason: str,
                 survivor_version: int | None, merged_version: int | None) -> PersonMerge:
    """Fold `merged` into `survivor`: two records found to be one person. Needs
    `person.merge` on both; a stale version of either is a conflict."""
    person_access(actor=actor, person=survivor, action="person.merge")
    if survivor.pk == merged.pk:
        raise ValidationFailed(errors={"records": [
            "These are the same record: choose a different record to merge with"]})
    person_access(actor=actor, person=merged, action="person.merge")
    reason = _text(reason)
    errors = _Errors()
    if not reason:
        errors.add("reason", "Enter why these records are the same person")
    _too_long(errors, "reason", reason, REASON_LIMIT)
    errors.raise_if_any()
    now = clock.now()
    given = (survivor, merged)
    with transaction.atomic():
        survivor, merged = _locked(survivor, merged)
        _refuse_mismatch(survivor, merged)
        _check_versions(survivor, merged, survivor_version, merged_version)
        snapshot = {"survivor": _snapshot(survivor), "merged": _snapshot(merged)}
        moves = _Moves()

        fills = _fills(survivor, merged)
        cleared = {f: "" for f in UNIQUE_FIELDS if fills.get(f)}
        merged_changes: dict[str, Any] = dict(cleared)
        if survivor.sealed and not merged.sealed:
            # The merged record now points at a sealed one; it is hidden as that is.
            merged_changes["sealed"] = True
        for f, value in merged_changes.items():
            moves.record(PERSON_LABEL, merged.pk, f, getattr(merged, f), value)
        # The merged record gives up its unique identifiers first, so that the survivor
        # can take them without two people holding one number even for a moment.
        Person.objects.filter(pk=merged.pk).update(
            **merged_changes, merged_into=survivor, version=F("version") + 1, updated_at=now)
        for f, value in fills.items():
            moves.record(PERSON_LABEL, survivor.pk, f, getattr(survivor, f), value)
        Person.objects.filter(pk=survivor.pk).update(**fills, version=F("version") + 1,
                                                     updated_at=now)

        _move_rows(moves, survivor, merged)
        _merge_names(moves, survivor, merged, actor, now)

        merge = PersonMerge.objects.create(
            survivor=survivor, merged=merged, reason=reason, snapshot=snapshot,
            moves=moves.entries, merged_at=now, merged_by_id=actor.pk)
        audit_record(actor=actor, action="person.merge", target_type="person",
                     target_id=survivor.ref, reason=reason, detail={
                         "survivor": str(survivor.ref), "merged": str(merged.ref),
                         "merge": merge.pk, "filled": sorted(fills),
                         "moved": sum(1 for m in moves.entries if m[2] not in ("id", "ended")
                                      and m[0] != PERSON_LABEL)})
        # Matching keys come from names, dates and identifiers, which this changes: a
        # merged record has none, so matching finds the person through the survivor.
        refresh_match_keys([survivor.pk, merged.pk])
    return _as_now(merge, *given)


def _as_now(merge: PersonMerge, *people: Person) -> PersonMerge:
    """The merge and the caller's copies of the two people, as they are now."""
    for person in people:
        person.refresh_from_db()
    return PersonMerge.objects.select_related("survivor", "merged", "merged_by",
                                              "undone_by").get(pk=merge.pk)


# ------------------------------------------------------------------ undoing
def _what_changed(entry: list[Any], survivor: Person, merged: Person) -> str:
    label, pk, field = entry[0], entry[1], entry[2]
    if label == PERSON_LABEL:
        whose = _name(survivor) if pk == survivor.pk else _name(merged)
        return (f"{whose}'s {FIELD_LABELS.get(field, field.replace('_', ' '))} has been "
                "changed since the merge")
    what = apps.get_model(label)._meta.verbose_name
    if field == "ended":
        return f"A {what} ended by the merge has been changed since"
    return f"A {what} moved by the merge has been changed or moved again since"


def _current(entry: list[Any]) -> tuple[type[models.Model], models.Field, Any, bool]:
    """The model, field and present value of a recorded change (and whether the row is
    still there)."""
    label, pk, field = entry[0], entry[1], entry[2]
    model = apps.get_model(label)
    model_field = model._meta.get_field(field)
    assert isinstance(model_field, models.Field)
    values = list(model._default_manager.filter(pk=pk).values_list(model_field.attname,
                                                                   flat=True))
    return model, model_field, (values[0] if values else None), bool(values)


def person_merge_undo(*, actor: StaffLike, merge: PersonMerge, reason: str) -> PersonMerge:
    """Put two merged records back as they were. Refused, saying why, when the survivor has
    since changed in a way that undoing would overwrite."""
    given = (merge.survivor, merge.merged)
    for person in given:
        person.refresh_from_db()
    survivor, merged = given
    person_access(actor=actor, person=survivor, action="person.merge")
    person_access(actor=actor, person=merged, action="person.merge")
    reason = _text(reason)
    errors = _Errors()
    if not reason:
        errors.add("reason", "Enter why this merge is being undone")
    _too_long(errors, "reason", reason, REASON_LIMIT)
    errors.raise_if_any()
    now = clock.now()
    with transaction.atomic():
        merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
        survivor, merged = _locked(survivor, merged)
        if merge.undone_at is not None:
            raise Conflict("This merge has already been undone",
                           errors={"merge": ["This merge has already been undone"]})
        problems: list[str] = []
        if survivor.merged_into_id is not None:
            problems.append(f"{_name(survivor)}'s record has since been merged into another "
                            "record: undo that merge first")
        if merged.merged_into_id != survivor.pk:
            problems.append(f"{_name(merged)}'s record no longer points at "
                            f"{_name(survivor)}'s")
        if survivor.sealed != merge.snapshot["survivor"]["sealed"]:
            problems.append(f"{_name(survivor)}'s record has been "
                            f"{'sealed' if survivor.sealed else 'unsealed'} since the merge: "
                            "ask the privacy officer")
        plan = []
        for entry in reversed(merge.moves):
            model, field, value, exists = _current(entry)
            if entry[2] == "id":
                plan.append((model, field, entry))
                continue
            if not exists or _json(value) != entry[4]:
                problems.append(_what_changed(entry, survivor, merged))
            plan.append((model, field, entry))
        if problems:
            message = ("The merge cannot be undone, because: " + "; ".join(problems)
                       + ". Nothing has been changed.")
            raise Conflict(message, errors={"merge": problems})
        try:
            with transaction.atomic():
                for model, field, entry in plan:
                    rows = model._default_manager.filter(pk=entry[1])
                    if entry[2] == "id":
                        # A row the merge created (another name): it goes with the merge.
                        rows.delete()
                    else:
                        rows.update(**{field.attname: field.to_python(entry[3])})
        except IntegrityError:
            raise Conflict("The merge cannot be undone: one of the merged record's "
                           "identifiers has since been given to someone else. Nothing has "
                           "been changed.", errors={"merge": [
                               "An identifier of the merged record is now held by someone "
                               "else"]}) from None
        Person.objects.filter(pk=merged.pk).update(merged_into=None, version=F("version") + 1,
                                                   updated_at=now)
        Person.objects.filter(pk=survivor.pk).update(version=F("version") + 1, updated_at=now)
        merge.undone_at, merge.undone_by_id, merge.undo_reason = now, actor.pk, reason
        merge.save(update_fields=["undone_at", "undone_by", "undo_reason"])
        audit_record(actor=actor, action="person.merge_undo", target_type="person",
                     target_id=survivor.ref, reason=reason, detail={
                         "survivor": str(survivor.ref), "merged": str(merged.ref),
                         "merge": merge.pk})
        # Matching keys come from names, dates and identifiers, which this changes: a
        # merged record has none, so matching finds the person through the survivor.
        refresh_match_keys([survivor.pk, merged.pk])
    return _as_now(merge, *given)
