"""The referrals synth makes look like a front door's: the volumes of an English authority,
every kind of referrer, re-referrals, decisions a manager signed off in time, and people
described the way referrers describe them but linked to the right records."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.db import transaction

from everychild.agencies.models import Staff
from everychild.core import clock
from everychild.core.calendar import LONDON
from everychild.core.names import name_key
from everychild.people.models import OtherName, Person
from everychild.referrals.entries import referral_input_from_dict
from everychild.referrals.models import (
    CHILD_ROLES,
    Decision,
    DecisionStatus,
    MatchStatus,
    Outcome,
    Referral,
    ReferralPerson,
    ReferralSource,
    Status,
)
from everychild.referrals.timescales import decision_due
from everychild.synth.authority import CSC_TEAMS
from everychild.synth.generate import DEFAULT_AS_OF
from everychild.synth.referrals import MIN_QUEUE, REFERRALS_PER_1000_CHILDREN_A_YEAR, YEARS

from .helpers import synth

pytestmark = pytest.mark.django_db
CHILDREN = 6000
SEED = 3
END = dt.datetime.combine(DEFAULT_AS_OF, dt.time(9), tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def authority(django_db_setup, django_db_blocker):
    """One authority for the whole module (generating it is the slow part), rolled back
    at the end so other modules start from an empty database."""
    with django_db_blocker.unblock(), transaction.atomic():
        summary = synth(CHILDREN, SEED)
        yield summary
        transaction.set_rollback(True)


def ordinary() -> list[Referral]:
    """Referrals made at the national rate (not the few added so the queue has work)."""
    return list(Referral.objects.filter(received_at__lt=END - dt.timedelta(days=3)))


def test_volume_keeps_to_the_documented_rate_each_year(authority):
    expected = REFERRALS_PER_1000_CHILDREN_A_YEAR * YEARS * CHILDREN / 1000
    total = Referral.objects.count()
    assert abs(total - MIN_QUEUE - 1 - expected) <= 0.08 * expected
    per_year = Counter(min(YEARS - 1, (END - r.received_at).days // 365) for r in ordinary())
    for year in range(YEARS):
        assert abs(per_year[year] - expected / YEARS) <= 0.15 * expected / YEARS, per_year
    assert min(r.received_at for r in ordinary()) >= END - dt.timedelta(days=YEARS * 366)
    assert "Referrals" in authority and f"{total:,} over {YEARS} years" in authority


def test_every_referral_source_appears_in_roughly_national_proportions(authority):
    sources = Counter(Referral.objects.values_list("source", flat=True))
    assert set(sources) == set(ReferralSource.values)
    n = sum(sources.values())

    def share(*prefixes: str) -> float:
        return sum(v for k, v in sources.items() if k.startswith(prefixes)) / n

    assert 0.25 <= sources["6"] / n <= 0.34
    assert 0.16 <= share("2") <= 0.24
    assert 0.12 <= share("3") <= 0.19
    assert 0.07 <= share("5") <= 0.13
    assert 0.05 <= sum(sources[c] for c in ("1A", "1B", "1C", "1D")) / n <= 0.11
    channels = set(Referral.objects.values_list("channel", flat=True))
    assert {"online", "api", "phone", "email"} <= channels


def test_about_a_fifth_are_re_referrals_within_twelve_months(authority):
    received = dict(Referral.objects.values_list("pk", "received_at"))
    by_child: dict[int, list[dt.datetime]] = {}
    for referral_id, person_id in ReferralPerson.objects.filter(
            role__in=CHILD_ROLES, person__isnull=False).values_list("referral_id", "person_id"):
        by_child.setdefault(person_id, []).append(received[referral_id])
    # Only the last two years, so that every referral has a whole year behind it.
    recent = Referral.objects.filter(status=Status.COMPLETE,
                                     received_at__gte=END - dt.timedelta(days=730))
    again = 0
    for r in recent.prefetch_related("people"):
        children = [p.person_id for p in r.people.all() if p.role in CHILD_ROLES and p.person_id]
        if any(r.received_at - dt.timedelta(days=365) <= t < r.received_at
               for c in children for t in by_child[c]):
            again += 1
    assert 0.16 <= again / recent.count() <= 0.29


def test_decisions_mix_outcomes_and_never_early_help_for_harm(authority):
    signed = Decision.objects.filter(status=DecisionStatus.SIGNED_OFF)
    outcomes = Counter(signed.values_list("outcome", flat=True))
    n = sum(outcomes.values())
    assert 0.28 <= outcomes[Outcome.NFA] / n <= 0.42
    assert 0.14 <= outcomes[Outcome.EARLY_HELP] / n <= 0.26
    assert 0.33 <= outcomes[Outcome.ASSESSMENT] / n <= 0.47
    assert 0.02 <= outcomes[Outcome.STRATEGY_DISCUSSION] / n <= 0.09
    assert not signed.filter(outcome=Outcome.EARLY_HELP, referral__significant_harm=True).exists()
    assert not Decision.objects.filter(outcome=Outcome.EARLY_HELP).exclude(
        referral__harm_categories=[]).exists()


def test_older_referrals_were_decided_by_the_front_door_mostly_within_a_working_day(authority):
    front_door = set(Staff.objects.filter(team__name=CSC_TEAMS["front_door"]).values_list(
        "pk", flat=True))
    managers = set(Staff.objects.filter(pk__in=front_door, role="team_manager").values_list(
        "pk", flat=True))
    complete = Referral.objects.filter(status=Status.COMPLETE).prefetch_related(
        "decisions", "people", "rag_history")
    late = 0
    for r in complete:
        decision = [d for d in r.decisions.all() if d.status == DecisionStatus.SIGNED_OFF]
        assert len(decision) == 1
        d = decision[0]
        assert {d.decided_by_id, d.reviewed_by_id} <= front_door
        assert d.reviewed_by_id in managers
        assert r.received_at < d.decided_at < d.reviewed_at < END
        late += d.reviewed_at > decision_due(r.received_at)
        # Nobody left unmatched: the decision needs every person on a record.
        assert all(p.match_status in (MatchStatus.LINKED, MatchStatus.NEW_RECORD)
                   and p.person_id for p in r.people.all())
        assert r.rag and r.rag_history.all()[0].changed_by_id is None
    assert 0.02 <= late / complete.count() <= 0.12


def _transposed(day: dt.date) -> str:
    try:
        return dt.date(day.year, day.day, day.month).isoformat()
    except ValueError:
        return ""


def test_linked_people_resemble_the_record_they_are_linked_to(authority):
    others: dict[int, set[str]] = {}
    for person_id, given, family in OtherName.objects.values_list("person_id", "given_name",
                                                                  "family_name"):
        others.setdefault(person_id, set()).update({name_key(given), name_key(family)})
    linked = ReferralPerson.objects.filter(match_status__in=(
        MatchStatus.LINKED, MatchStatus.NEW_RECORD)).select_related("person")
    hows: Counter[str] = Counter()
    for rp in linked:
        p = rp.person
        assert p is not None
        theirs = {name_key(p.given_name), name_key(p.family_name), name_key(p.middle_names),
                  *others.get(p.pk, ())} - {""}
        given = [name_key(rp.given_name), name_key(rp.family_name)]
        given += [name_key(part) for pair in rp.other_names for part in pair]
        said = set(given) - {"", "baby", "unborn"}
        assert said & theirs, f"{rp.full_name} does not resemble {p.full_name}"
        assert rp.is_child == (p.kind == "child")
        if len(rp.date_of_birth) == 10 and p.date_of_birth:
            assert rp.date_of_birth in (p.date_of_birth.isoformat(),
                                        _transposed(p.date_of_birth))
        elif rp.date_of_birth and p.date_of_birth:
            assert p.date_of_birth.isoformat().startswith(rp.date_of_birth)
        if rp.nhs_number:
            assert rp.nhs_number == p.nhs_number
        exact = (name_key(rp.given_name), name_key(rp.family_name)) == (
            name_key(p.given_name), name_key(p.family_name))
        hows["exact" if exact else "varied"] += 1
    # Most as recorded; plenty not, which is what the matcher is for.
    assert 0.55 <= hows["exact"] / linked.count() <= 0.9


def test_aliases_nicknames_and_unrecorded_adults_occur(authority):
    aliases = OtherName.objects.filter(note="Name given on a referral")
    assert aliases.exists()
    new_records = ReferralPerson.objects.filter(match_status=MatchStatus.NEW_RECORD)
    assert new_records.exists()
    for rp in new_records.select_related("person")[:50]:
        assert rp.role == "other_adult" and not rp.is_family
        assert not rp.person.memberships.exists()
    # The same unrecorded adult named again later is linked to the record made for them.
    strangers = set(new_records.values_list("person_id", flat=True))
    assert ReferralPerson.objects.filter(person_id__in=strangers,
                                         match_status=MatchStatus.LINKED).exists()
    swapped = sum(1 for rp in ReferralPerson.objects.filter(
        match_status=MatchStatus.LINKED).select_related("person")
        if (name_key(rp.given_name), name_key(rp.family_name))
        == (name_key(rp.person.family_name), name_key(rp.person.given_name)))
    assert swapped
    assert ReferralPerson.objects.filter(date_of_birth__regex=r"^\d{4}(-\d{2})?$").exists()
    assert ReferralPerson.objects.filter(expected_date_of_birth__isnull=False).exists()
    assert Person.objects.filter(referral_mentions__isnull=False).distinct().count() > 100


def test_staff_referrers_are_the_authoritys_staff(authority):
    by_email = {s.email: s for s in Staff.objects.all()}
    online = Referral.objects.filter(channel__in=("online", "api")).select_related("made_by")
    assert online.exists()
    for r in online:
        staff = by_email[r.referrer_email]
        assert r.made_by == staff and r.referrer_agency_id == staff.agency_id
        assert r.referrer_name == staff.get_full_name()
    phoned = Referral.objects.filter(channel="phone").select_related("made_by")
    assert {r.made_by.role for r in phoned} == {"contact_centre_officer"}
    school = Referral.objects.filter(source="2A", referrer_agency__isnull=False,
                                     status=Status.COMPLETE).first()
    assert school is not None
    pupil = school.people.get(role="subject_child").person
    assert pupil is not None
    assert pupil.involvements.filter(agency_id=school.referrer_agency_id).exists()


def test_every_referral_would_pass_the_front_doors_own_checks(authority, monkeypatch):
    """Read back in the API's shape, each referral is one the wizard or API would accept
    on the day it arrived."""
    referrals = Referral.objects.prefetch_related("people", "incidents")
    for r in referrals:
        on = r.received_at.astimezone(LONDON).date()
        monkeypatch.setattr(clock, "today", lambda day=on: day)
        data = {
            "referrer": {"channel": r.channel, "source": r.source, "name": r.referrer_name,
                         "role": r.referrer_role, "agency_id": r.referrer_agency_id,
                         "organisation": r.referrer_organisation, "phone": r.referrer_phone,
                         "email": r.referrer_email},
            "people": [{
                "role": p.role, "given_name": p.given_name, "family_name": p.family_name,
                "other_names": p.other_names, "sex": p.sex, "date_of_birth": p.date_of_birth,
                "expected_date_of_birth": (p.expected_date_of_birth.isoformat()
                                           if p.expected_date_of_birth else ""),
                "nhs_number": p.nhs_number, "upn": p.upn, "relationship": p.relationship,
                "lives_in_household": p.lives_in_household, "is_family": p.is_family,
                "school_or_setting": p.school_or_setting, "notes": p.notes}
                for p in r.people.all()],
            "address": {"line_1": r.address_line_1, "line_2": r.address_line_2,
                        "town": r.town, "postcode": r.postcode},
            "concern": {"concern": r.concern, "significant_harm": r.significant_harm,
                        "harm_categories": r.harm_categories, "past_concerns": r.past_concerns,
                        "incidents": [{"description": i.description,
                                       "happened_on": i.happened_on.isoformat()
                                       if i.happened_on else "", "when_text": i.when_text}
                                      for i in r.incidents.all()]},
            "sharing": {"family_aware": r.family_aware, "basis": r.sharing_basis,
                        "reason": r.sharing_reason},
        }
        _, errors = referral_input_from_dict(data)
        assert not errors.errors, (r.reference, errors.errors)
        assert r.needs_written_confirmation == (r.channel == "phone" and r.source not in (
            "1A", "1B", "1C", "1D", "9", "10"))
