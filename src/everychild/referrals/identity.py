"""Who the people on a referral turn out to be: the probe sent to the matcher and the
candidates it returns, with sealed records held back from those who may not see them."""

from __future__ import annotations

from dataclasses import dataclass

from everychild.access.records import StaffLike, may_see_sealed
from everychild.people.matching import REVIEW_THRESHOLD, Candidate, Probe, find_candidates
from everychild.people.models import Person

from .models import ReferralPerson


def probe_for(rp: ReferralPerson) -> Probe:
    postcode = rp.referral.postcode if rp.lives_in_household else ""
    return Probe(
        given_name=rp.given_name, family_name=rp.family_name,
        other_names=tuple((g, f) for g, f in rp.other_names),
        date_of_birth=rp.date_of_birth, sex=rp.sex, postcode=postcode,
        nhs_number=rp.nhs_number, upn=rp.upn,
    )


@dataclass(frozen=True)
class Match:
    candidate: Candidate
    person: Person


@dataclass(frozen=True)
class Matches:
    shown: list[Match]
    # A sealed record resembles this person and the user may not see it: all they are
    # told is that a specialist must review the referral.
    needs_specialist: bool
    decision: str  # the matcher's advice over what is shown: "auto", "review" or "none"


def matches_for(rp: ReferralPerson, *, actor: StaffLike | None, limit: int = 8) -> Matches:
    """Candidates for one person on a referral. `actor=None` is the system on receipt,
    which sees sealed records only to keep them out of automatic links."""
    from everychild.people.matching import link_decision

    candidates = find_candidates(probe_for(rp), limit=limit)
    people = Person.objects.in_bulk([c.person_id for c in candidates])
    sees_sealed = actor is not None and may_see_sealed(actor)
    shown: list[Match] = []
    sealed_strong = False
    for c in candidates:
        person = people.get(c.person_id)
        if person is None or person.merged_into_id is not None:
            continue
        if person.sealed and not sees_sealed:
            if c.score >= REVIEW_THRESHOLD and rp.specialist_cleared_at is None:
                sealed_strong = True
            continue
        shown.append(Match(c, person))
    decision = link_decision([m.candidate for m in shown]) if shown else "none"
    return Matches(shown=shown, needs_specialist=sealed_strong, decision=decision)
