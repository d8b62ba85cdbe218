"""The census round trip on a small synthetic authority, for every supported year: export,
check against the year's schema, read back with the census reader (the same children and
dates as the records), and apply the DfE's rules (no errors on clean synthetic data)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from django.db.models import Q

from everychild.casework.models import Episode
from everychild.core.calendar import LONDON
from everychild.insight.census.export import census_export, derived_la_child_id
from everychild.insight.census.reader import read_census
from everychild.insight.census.schemas import schema_for
from everychild.insight.census.specs import YEARS, census_year
from everychild.insight.census.validation import check_file
from everychild.people.models import Person
from everychild.referrals.models import ReferralPerson

from ...synth.helpers import synth
from .histories import parse

pytestmark = pytest.mark.django_db

CHILDREN, SEED = 400, 7


def expected_referrals(year: int) -> dict[str, list[tuple[str, str | None]]]:
    """Each child's referrals in the year, worked out from the records by hand: episodes
    open at some point in it (with their closure if by the reference date), and referrals
    with no further action received in it while the child had no case open."""
    spec = census_year(year)
    start, end = spec.period_start, spec.reference_date
    ids = {p.pk: p.la_child_id or derived_la_child_id(p.ref) for p in Person.objects.all()}
    out: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    spans = defaultdict(list)
    for e in Episode.objects.filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start),
                                    referral_date__lte=end):
        closed = e.closed_on if e.closed_on and e.closed_on <= end else None
        out[ids[e.child_id]].append((e.referral_date.isoformat(),
                                     closed.isoformat() if closed else None))
        spans[e.child_id].append((e.referral_date, closed or dt.date.max))
    named = ReferralPerson.objects.filter(
        role__in=("subject_child", "other_child"), person__kind="child",
        referral__status="complete", referral__decisions__status="signed_off",
        referral__decisions__outcome__in=("nfa", "early_help")).select_related("referral",
                                                                               "person")
    seen = set()
    for rp in named:
        day = rp.referral.received_at.astimezone(LONDON).date()
        born = rp.person.date_of_birth
        adult = born is not None and (day.year - born.year - (
            (day.month, day.day) < (born.month, born.day))) >= 18
        if not start <= day <= end or (rp.person_id, rp.referral_id) in seen or adult:
            continue
        seen.add((rp.person_id, rp.referral_id))
        if not any(a <= day < b for a, b in spans[rp.person_id]):
            out[ids[rp.person_id]].append((day.isoformat(), None))
    return {k: sorted(v) for k, v in out.items()}


def test_export_schema_reader_and_rules_agree_for_every_year(tmp_path):
    synth(CHILDREN, SEED)
    for year in sorted(YEARS):
        out = tmp_path / f"cin-{year}.xml"
        result = census_export(year=year, out=out)
        assert schema_for(year).validate(parse(out).getroottree()), year

        census = read_census(out)
        found = {c.la_child_id: sorted((e.get("CINreferralDate"), e.get("CINclosureDate"))
                                       for e in c.episodes) for c in census.children}
        assert found == expected_referrals(year), year
        assert result.children == len(census.children) > 20

        checked = check_file(out, year)
        errors = [f for f in checked.failures if f.kind == "error"]
        assert errors == [], year
