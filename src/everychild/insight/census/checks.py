"""Checking a census in the web app: an uploaded file (any authority's) or Everychild's own
census for a year, with each failing child linked to their record where the user may
open it, so the failure can be put right where it starts.

Checking is a read: it writes nothing but its audit entry. Everychild's own census is
written to a temporary file by the export and checked as any file would be.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO
from uuid import UUID

from django.db.models import Q

from everychild.access import policy
from everychild.access.audit import audit_record
from everychild.access.records import StaffLike, check_action, may_see_sealed
from everychild.casework.models import Episode
from everychild.core.errors import ValidationFailed
from everychild.people.models import Person
from everychild.people.relationships import relationships_to_many
from everychild.referrals.models import ReferralPerson

from .export import CensusExportError, census_export, derived_la_child_id
from .reader import CensusFileError
from .specs import UnknownYear
from .validation import Failure, Result, check_file
from .validation.registry import all_rules

ACTION = "census.validate"
# Failures listed on the page; the summary by rule counts every one.
SHOWN = 500
UPLOAD_LIMIT = 200 * 1024**2
# Shown in place of a sealed child's ID when Everychild's own census is checked by someone
# who may not see sealed records.
WITHHELD = "Withheld (sealed record)"


@dataclass(frozen=True)
class RuleCount:
    rule: str
    kind: str
    message: str
    count: int


@dataclass
class CensusCheck:
    source: str
    result: Result
    # LA child ID -> the child's record ref, for failing children the user may open.
    links: dict[str, UUID] = field(default_factory=dict)

    @property
    def by_rule(self) -> list[RuleCount]:
        counts = Counter((f.rule, f.kind, f.message) for f in self.result.failures)
        return [RuleCount(rule, kind, message, n) for (rule, kind, message), n in
                sorted(counts.items(), key=lambda kv: (kv[0][1] != "error", kv[0][0]))]

    @property
    def shown(self) -> list[Failure]:
        return self.result.failures[:SHOWN]


def check_permitted(actor: StaffLike) -> None:
    check_action(actor, ACTION)


def census_check_upload(*, actor: StaffLike, upload: IO[bytes] | None, name: str,
                        size: int, year: int) -> CensusCheck:
    check_action(actor, ACTION)
    if upload is None:
        raise ValidationFailed(errors={"file": ["Choose a census file to check"]})
    if size > UPLOAD_LIMIT:
        raise ValidationFailed(errors={"file": [
            f"The file is {size / 1024**2:.0f} MB; files over {UPLOAD_LIMIT // 1024**2} MB are "
            "checked with the command line: everychild census validate FILE --year YYYY"]})
    result = _checked(upload, year, field_name="file")
    return _finish(actor, CensusCheck(name or "the uploaded file", result))


def census_check_own(*, actor: StaffLike, year: int) -> CensusCheck:
    check_action(actor, ACTION)
    with tempfile.TemporaryDirectory(prefix="everychild-census-") as folder:
        out = Path(folder) / f"census-{year}.xml"
        try:
            census_export(year=year, out=out)
        except (CensusExportError, UnknownYear) as exc:
            raise ValidationFailed(errors={"year": [str(exc)]}) from None
        result = _checked(str(out), year, field_name="year")
    return _finish(actor, CensusCheck("Everychild's records", result), own=True)


def _checked(source: str | IO[bytes], year: int, *, field_name: str) -> Result:
    try:
        return check_file(source, year)
    except UnknownYear as exc:
        raise ValidationFailed(errors={"year": [str(exc)]}) from None
    except CensusFileError as exc:
        raise ValidationFailed(errors={field_name: [str(exc)]}) from None


def _finish(actor: StaffLike, check: CensusCheck, *, own: bool = False) -> CensusCheck:
    result = check.result
    check.links, sealed = _openable(actor, {f.child for f in result.failures if f.child})
    if own and sealed:
        # Everychild's own census holds sealed children; someone who may not see sealed
        # records learns neither their IDs nor their values from it. (An uploaded file is
        # the user's own data, shown back as it is.)
        result.failures = [_withheld(f) if f.child in sealed else f for f in result.failures]
    audit_record(actor=actor, action=ACTION, detail={
        "source": check.source, "year": result.year, "children": result.children,
        "errors": result.errors, "queries": result.queries,
        "people": sorted(str(ref) for ref in check.links.values())})
    return check


def _withheld(failure: Failure) -> Failure:
    # The rule's own words only: the specifics added to a message can quote the record.
    message = next((r.message for r in all_rules() if r.code == failure.rule), failure.message)
    return replace(failure, child=WITHHELD, value=None, message=message)


def _openable(actor: StaffLike, child_ids: Iterable[str]) -> tuple[dict[str, UUID], set[str]]:
    """The failing children this authority holds, by LA child ID, that the user may open;
    and the IDs of those sealed from the user. A child exported without an LA child ID
    carries one derived from their record, so those are matched among the children the
    census could hold."""
    wanted = set(child_ids)
    if not wanted:
        return {}, set()
    # A record merged into another is no longer the child's record: never link to it.
    current = Person.objects.filter(merged_into__isnull=True)
    found = {p.la_child_id: p for p in current.filter(la_child_id__in=wanted)}
    derived = {w for w in wanted if w not in found and w.startswith("EC")}
    if derived:
        in_census = (Q(pk__in=Episode.objects.values("child_id"))
                     | Q(pk__in=ReferralPerson.objects.values("person_id")))
        for person in current.filter(in_census, la_child_id="").only(
                "pk", "ref", "la_child_id", "sealed", "kind", "merged_into_id"):
            key = derived_la_child_id(person.ref)
            if key in derived:
                found[key] = person
    sees_sealed = may_see_sealed(actor)
    people = [p for p in found.values() if sees_sealed or not p.sealed]
    relationships = relationships_to_many(actor, people) if people else {}
    links = {key: p.ref for key, p in found.items() if p in people and policy.allows(
        actor.role, "person.view", relationships=relationships[p.pk])}
    sealed = set() if sees_sealed else {key for key, p in found.items() if p.sealed}
    return links, sealed
