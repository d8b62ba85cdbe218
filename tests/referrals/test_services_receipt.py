"""Receiving a referral: everything written at once or nothing, people matched, rated,
acknowledged, and phoned-in referrals chased for written confirmation."""

from __future__ import annotations

import datetime as dt

import pytest

from everychild.core import clock
from everychild.core.errors import AccessDenied, ValidationFailed
from everychild.outbox.models import Message
from everychild.referrals import services
from everychild.referrals.models import MatchStatus, Rag, Referral, ReferralPerson, Status
from tests.factories import PersonFactory, valid_nhs_number
from tests.people.service_checks import last_seq, one_entry_since, refused_unchanged

from .builders import referral_body, referral_input


def _counts() -> tuple[int, int, int]:
    return Referral.objects.count(), ReferralPerson.objects.count(), Message.objects.count()


def test_a_referral_is_received_whole_and_acknowledged(world):
    dsl = world.users["designated_safeguarding_lead"]
    seq = last_seq()
    referral = services.referral_submit(actor=dsl, data=referral_input())
    assert referral.status == Status.RECEIVED
    assert referral.received_at is not None
    people = list(referral.people.all())
    assert [p.role for p in people] == ["subject_child", "other_child", "parent", "other_adult"]
    assert people[0].other_names == [["Matilda", "Marsh"]]
    assert people[1].date_of_birth == str(clock.today().year - 5)  # partial date kept as given
    assert people[3].is_family is False
    assert referral.incidents.count() == 1
    entry = one_entry_since(seq, "referral.submit")
    assert entry.target_id == str(referral.ref)
    ack = Message.objects.get(about_ref=str(referral.ref))
    assert ack.to == "dsl@northbrook-primary.example"
    assert referral.reference in ack.subject
    # Email is not secure: no child's name or concern goes in it.
    assert "Tillie" not in ack.body and "bruising" not in ack.body.lower()


def test_a_referral_without_the_child_changes_nothing(world):
    dsl = world.users["designated_safeguarding_lead"]
    body = referral_body()
    body["people"] = [p for p in body["people"] if p["role"] != "subject_child"]
    from everychild.referrals.entries import referral_input_from_dict

    data, _ = referral_input_from_dict(body)
    seq = last_seq()
    err = refused_unchanged(_counts, ValidationFailed,
                            lambda: services.referral_submit(actor=dsl, data=data))
    assert "Add the child the concern is about" in err.errors["people"]
    assert last_seq() == seq


@pytest.mark.parametrize("change, field", [
    ({"sharing__reason": ""}, "sharing.reason"),
    ({"concern__concern": "bad"}, "concern.concern"),
    ({"address__postcode": "NOT A CODE"}, "address.postcode"),
    ({"referrer__phone": "", "referrer__email": ""}, "referrer.phone"),
])
def test_each_missing_part_is_named(world, change, field):
    from everychild.referrals.entries import referral_input_from_dict

    _, errors = referral_input_from_dict(referral_body(**change))
    assert field in errors.errors


def test_bad_dates_of_birth_are_refused_with_a_clear_message(world):
    from everychild.referrals.entries import referral_input_from_dict

    body = referral_body()
    body["people"][0]["date_of_birth"] = "31/02/2019"
    body["people"][1]["date_of_birth"] = str(clock.today().year + 1)
    _, errors = referral_input_from_dict(body)
    assert errors.errors["people.0.date_of_birth"] == ["Enter a real date of birth"]
    assert "must be in the past" in errors.errors["people.1.date_of_birth"][0]


def test_only_roles_that_refer_may_refer(world):
    with pytest.raises(AccessDenied):
        services.referral_submit(actor=world.users["board_analyst"], data=referral_input())


def test_ratings_on_receipt(world):
    dsl = world.users["designated_safeguarding_lead"]
    harm = services.referral_submit(actor=dsl, data=referral_input(
        concern__significant_harm=True, concern__harm_categories=["PHY"]))
    assert harm.rag == Rag.RED
    calm = services.referral_submit(actor=dsl, data=referral_input(
        sharing={"family_aware": "yes", "basis": "consent_given", "reason": ""}))
    assert calm.rag == Rag.GREEN
    baby = referral_body(sharing={"family_aware": "yes", "basis": "consent_given"})
    baby["people"][0]["date_of_birth"] = (clock.today() - dt.timedelta(days=100)).isoformat()
    from everychild.referrals.entries import referral_input_from_dict

    infant = services.referral_submit(actor=dsl, data=referral_input_from_dict(baby)[0])
    assert infant.rag == Rag.AMBER
    assert "under one" in infant.rag_history.get().reason


def test_a_professional_phoning_in_is_chased_for_written_confirmation(world):
    contact = world.users["contact_centre_officer"]
    referral = services.referral_submit(actor=contact, data=referral_input(
        referrer__channel="phone", referrer__source="6", referrer__name="PC Amos Fenn",
        referrer__email="amos.fenn@police.example"))
    assert referral.needs_written_confirmation
    reminder = Message.objects.get(key__endswith="written-confirmation-reminder")
    assert reminder.to == "amos.fenn@police.example"
    assert reminder.send_after - referral.received_at == dt.timedelta(hours=48)
    sw = world.users["social_worker"]
    services.referral_written_confirmation_record(actor=sw, referral=referral,
                                                  version=referral.version)
    reminder.refresh_from_db()
    assert reminder.cancelled_at is not None and reminder.sent_at is None
    with pytest.raises(ValidationFailed):
        services.referral_written_confirmation_record(
            actor=sw, referral=referral, version=Referral.objects.get(pk=referral.pk).version)


def test_a_member_of_the_public_is_not_asked_to_write(world):
    contact = world.users["contact_centre_officer"]
    referral = services.referral_submit(actor=contact, data=referral_input(
        referrer__channel="phone", referrer__source="1B", referrer__name="A neighbour",
        referrer__email=""))
    assert not referral.needs_written_confirmation
    assert not Message.objects.filter(key__endswith="written-confirmation-reminder").exists()


def test_an_nhs_number_match_links_automatically(world):
    nhs = valid_nhs_number()
    known = PersonFactory(given_name="Matilda", family_name="Marsh", nhs_number=nhs,
                          date_of_birth=clock.today() - dt.timedelta(days=8 * 365))
    body = referral_body()
    body["people"][0]["nhs_number"] = nhs
    from everychild.referrals.entries import referral_input_from_dict

    referral = services.referral_submit(actor=world.users["designated_safeguarding_lead"],
                                        data=referral_input_from_dict(body)[0])
    child = referral.people.get(role="subject_child")
    assert child.person == known
    assert child.match_status == MatchStatus.LINKED
    assert child.matched_by is None  # the system, not a person
    assert any("NHS number" in r for r in child.match_reasons)


def test_a_sealed_lookalike_goes_to_a_specialist_and_is_never_linked(world):
    sealed = world.sealed_child
    body = referral_body()
    body["people"][0].update(given_name=sealed.given_name, family_name=sealed.family_name,
                             date_of_birth=sealed.date_of_birth.isoformat(),
                             nhs_number=sealed.nhs_number, other_names=[])
    from everychild.referrals.entries import referral_input_from_dict

    referral = services.referral_submit(actor=world.users["designated_safeguarding_lead"],
                                        data=referral_input_from_dict(body)[0])
    child = referral.people.get(role="subject_child")
    assert child.match_status == MatchStatus.SPECIALIST
    assert child.person is None
    from everychild.referrals.identity import matches_for

    seen = matches_for(child, actor=world.users["social_worker"])
    assert seen.needs_specialist
    assert all(m.person.pk != sealed.pk for m in seen.shown)
    specialist_view = matches_for(child, actor=world.users["privacy_officer"])
    assert any(m.person.pk == sealed.pk for m in specialist_view.shown)
