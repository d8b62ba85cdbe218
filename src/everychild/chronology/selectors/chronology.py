"""A child's, or a family's, chronology: agencies' entries merged with the pathway.

Built for long histories: the entries are filtered, ordered and cut to the page in the
database (on the index child, superseded_at, occurred_on), counted there, and read as
plain values; the pathway's events (a few per episode) are built in a fixed number of
queries and merged in. A page of 100 lines from a 1,000-entry chronology reads at most
`page * page_size` entry rows, and the page template renders only the page.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import NoReverseMatch, reverse

from everychild.access import policy
from everychild.access.audit import audit_record
from everychild.access.records import StaffLike, check_record_access
from everychild.core.errors import AccessDenied, NotFound
from everychild.people.models import Household, Person
from everychild.people.relationships import relationships_to_many
from everychild.people.selectors import household_get, household_members

from ..models import Attachment, ChronologyEntry, EntryKind, Sharing
from ._common import child_with_access
from .items import ENTRY, Item, PersonLabel, name_of
from .pathway import pathway_items
from .visibility import ADD, VIEW, Reach, reach, sees_every_restricted_entry, visible

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500
_ENTRY_KINDS = frozenset(EntryKind.values)


@dataclass(frozen=True)
class Filters:
    agencies: frozenset[int] = frozenset()
    types: frozenset[str] = frozenset()
    significance: frozenset[str] = frozenset()
    newest_first: bool = True

    @property
    def active(self) -> bool:
        return bool(self.agencies or self.types or self.significance)

    def audit(self) -> dict[str, Any]:
        return {"agencies": sorted(self.agencies), "types": sorted(self.types),
                "significance": sorted(self.significance),
                "order": "newest" if self.newest_first else "oldest"}


@dataclass
class Chronology:
    items: list[Item]
    total: int
    page: int
    page_size: int | None  # None: every line (the CSV download)
    filters: Filters
    agencies: list[tuple[int, str]]  # every agency on this chronology, for filtering
    people: list[PersonLabel] = field(default_factory=list)  # a family's members
    child: Person | None = None
    household: Household | None = None
    may_add: bool = False
    casework: bool = False  # the reader sees the pathway in full

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size)) if self.page_size else 1

    @property
    def first_shown(self) -> int:
        return (self.page - 1) * (self.page_size or 0) + 1 if self.items else 0

    @property
    def last_shown(self) -> int:
        return self.first_shown + len(self.items) - 1 if self.items else 0


def make_filters(*, newest_first: bool = True, agencies: Iterable[int] = (),
                 kinds: Iterable[str] = (), significance: Iterable[str] = ()) -> Filters:
    return Filters(frozenset(agencies), frozenset(kinds), frozenset(significance),
                   newest_first)


def _page_size(page_size: int | None) -> int | None:
    if page_size is None:
        return None
    return max(1, min(int(page_size), MAX_PAGE_SIZE))


# ------------------------------------------------------------------ one child
def chronology_for_child(*, actor: StaffLike, ref: object, newest_first: bool = True,
                         agencies: Iterable[int] = (), kinds: Iterable[str] = (),
                         significance: Iterable[str] = (), page: int = 1,
                         page_size: int | None = DEFAULT_PAGE_SIZE) -> Chronology:
    """The child's chronology as the actor may read it, one page of it (or all of it with
    `page_size=None`). Audited as a `chronology.view` of the child."""
    child, access = child_with_access(actor=actor, ref=ref, action=VIEW)
    filters = make_filters(newest_first=newest_first, agencies=agencies, kinds=kinds,
                           significance=significance)
    reaches = {child.pk: reach(actor, access.relationships)}
    result = _build(actor, [child], reaches, filters, page, _page_size(page_size))
    result.child = child
    result.may_add = policy.allows(actor.role, ADD, relationships=access.relationships)
    result.casework = reaches[child.pk].casework
    audit_record(actor=actor, action=VIEW, target_type="person", target_id=child.ref,
                 detail={"via": access.via, "page": result.page,
                         "lines": len(result.items), **filters.audit()})
    return result


# ------------------------------------------------------------------ a family
def chronology_for_household(*, actor: StaffLike, ref: object, newest_first: bool = True,
                             agencies: Iterable[int] = (), kinds: Iterable[str] = (),
                             significance: Iterable[str] = (), page: int = 1,
                             page_size: int | None = DEFAULT_PAGE_SIZE) -> Chronology:
    """The chronologies of the people living in the household now, merged, each line
    labelled with whose it is. Each person's lines are shown as the actor may read that
    person's chronology; people the actor may not read are left out. Audited as a
    `chronology.view` of the household."""
    household = household_get(actor=actor, ref=ref, action=VIEW, audit=False)
    members = [m.person for m in household_members(actor=actor, household=household)
               if m.ended is None]
    people = list({p.pk: p for p in members}.values())
    rels = relationships_to_many(actor, people)
    reaches: dict[int, Reach] = {}
    all_restricted = sees_every_restricted_entry(actor)
    for person in people:
        try:
            check_record_access(actor, VIEW, target_type="person", target_id=str(person.ref),
                                relationships=rels[person.pk],
                                sealed=person.sealed)
        except (AccessDenied, NotFound):
            continue
        reaches[person.pk] = reach(actor, rels[person.pk], all_restricted=all_restricted)
    readable = [p for p in people if p.pk in reaches]
    filters = make_filters(newest_first=newest_first, agencies=agencies, kinds=kinds,
                           significance=significance)
    result = _build(actor, readable, reaches, filters, page, _page_size(page_size))
    result.household = household
    result.people = [_label(p) for p in sorted(readable, key=_age_order)]
    result.casework = any(r.casework for r in reaches.values())
    audit_record(actor=actor, action=VIEW, target_type="household", target_id=household.ref,
                 detail={"people": [str(p.ref) for p in readable], "page": result.page,
                         "lines": len(result.items), **filters.audit()})
    return result


def _age_order(person: Person) -> tuple[int, str, str]:
    born = person.date_of_birth or person.expected_date_of_birth
    return (0 if person.kind == "child" else 1, born.isoformat() if born else "9999",
            person.full_name)


def _label(person: Person) -> PersonLabel:
    return PersonLabel(person.pk, person.ref, person.full_name)


# ------------------------------------------------------------------ the merge
_ENTRY_FIELDS = ("id", "lineage", "revision", "child_id", "occurred_on", "kind",
                 "significance", "sharing", "summary", "detail", "agency_id", "agency__name",
                 "recorded_by__first_name", "recorded_by__last_name",
                 "recorded_by__username", "recorded_at", "correction_reason")


def _entries(actor: StaffLike, people: list[Person], all_restricted: bool
             ) -> QuerySet[ChronologyEntry]:
    entries = ChronologyEntry.objects.filter(child_id__in=[p.pk for p in people],
                                             superseded_at__isnull=True)
    return visible(actor, entries, all_restricted=all_restricted)


def _filtered(entries: QuerySet[ChronologyEntry], filters: Filters
              ) -> QuerySet[ChronologyEntry] | None:
    if filters.agencies:
        entries = entries.filter(agency_id__in=sorted(filters.agencies))
    if filters.types:
        kinds = filters.types & _ENTRY_KINDS
        if not kinds:
            return None
        entries = entries.filter(kind__in=sorted(kinds))
    if filters.significance:
        entries = entries.filter(significance__in=sorted(filters.significance))
    return entries


def _keeps(item: Item, filters: Filters) -> bool:
    return ((not filters.agencies or item.agency_id in filters.agencies)
            and (not filters.types or item.type in filters.types)
            and (not filters.significance or item.significance in filters.significance))


def _build(actor: StaffLike, people: list[Person], reaches: dict[int, Reach],
           filters: Filters, page: int, page_size: int | None) -> Chronology:
    all_restricted = next(iter(reaches.values())).all_restricted if reaches else False
    everything = _entries(actor, people, all_restricted) if people else None
    pathway = pathway_items(actor=actor, reaches=reaches) if people else []
    agencies = _agencies(everything, pathway)
    entries = _filtered(everything, filters) if everything is not None else None
    pathway = [i for i in pathway if _keeps(i, filters)]
    total = (entries.count() if entries is not None else 0) + len(pathway)
    pages = max(1, math.ceil(total / page_size)) if page_size else 1
    page = min(max(1, page), pages)
    wanted = page * page_size if page_size else None
    rows: list[Item] = []
    if entries is not None:
        direction = "-" if filters.newest_first else ""
        ordered = entries.order_by(f"{direction}occurred_on", f"{direction}recorded_at",
                                   f"{direction}id")
        if wanted is not None:
            ordered = ordered[:wanted]
        rows = [_entry_item(v) for v in ordered.values(*_ENTRY_FIELDS)]
    merged = sorted(rows + pathway, key=Item.sort_key, reverse=filters.newest_first)
    shown = merged[(page - 1) * page_size:wanted] if page_size else merged
    _finish(shown, people, actor, all_restricted)
    return Chronology(items=shown, total=total, page=page, page_size=page_size,
                      filters=filters, agencies=agencies)


def _entry_item(v: dict[str, Any]) -> Item:
    return Item(
        on=v["occurred_on"], key=f"entry:{v['id']:012d}", source=ENTRY, type=v["kind"],
        significance=v["significance"], summary=v["summary"], detail=v["detail"],
        agency_id=v["agency_id"], agency_name=v["agency__name"],
        recorded_by=name_of(v["recorded_by__first_name"], v["recorded_by__last_name"],
                            v["recorded_by__username"]),
        recorded_at=v["recorded_at"], person_id=v["child_id"], lineage=v["lineage"],
        revision=v["revision"], restricted=v["sharing"] == Sharing.RESTRICTED,
        correction_reason=v["correction_reason"])


def _finish(items: list[Item], people: list[Person], actor: StaffLike,
            all_restricted: bool) -> None:
    """What only the shown lines need: whose they are, links, attachment counts (of the
    originals the reader may open: those kept while an entry was restricted count only
    for its readers)."""
    by_id = {p.pk: p for p in people}
    lineages = [i.lineage for i in items if i.lineage is not None]
    counts: dict[Any, tuple[int, int]] = {
        lineage: (every, shared) for lineage, every, shared in
        Attachment.objects.filter(lineage__in=lineages).values("lineage")
        .annotate(every=Count("id"), shared=Count("id", filter=Q(sharing=Sharing.SHARED)))
        .values_list("lineage", "every", "shared")} if lineages else {}
    for item in items:
        person = by_id.get(item.person_id)
        if person is not None:
            item.person = _label(person)
            if item.lineage is not None:
                item.link = reverse("chronology:entry", kwargs={"ref": person.ref,
                                                                "lineage": item.lineage})
            elif item.route is not None:
                item.link = _casework_link(item.route, person)
        if item.lineage is not None:
            every, shared = counts.get(item.lineage, (0, 0))
            item.attachments = every if (all_restricted or item.agency_id == actor.agency_id
                                         ) else shared


def _casework_link(route: tuple[str, dict[str, int]], person: Person) -> str:
    name, kwargs = route
    try:
        return reverse(name, kwargs={"ref": person.ref, **kwargs})
    except NoReverseMatch:  # casework has no such page (yet): the line stands alone
        return ""


def _agencies(entries: QuerySet[ChronologyEntry] | None, pathway: list[Item]
              ) -> list[tuple[int, str]]:
    found: dict[int, str] = {}
    if entries is not None:
        found.update(entries.order_by().values_list("agency_id", "agency__name").distinct())
    for item in pathway:
        if item.agency_id is not None:
            found.setdefault(item.agency_id, item.agency_name)
    return sorted(found.items(), key=lambda pair: (pair[1], pair[0]))
