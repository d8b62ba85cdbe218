"""Making a referral through the web pages as a school lead and as a contact-centre officer
would: page by page, every answer kept as it is typed, problems shown on the page that
fixes them, and nothing sent until "Check your answers" finds nothing wrong."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client

from everychild.agencies.models import AgencyKind
from everychild.core import clock
from everychild.referrals.models import Referral, Status

from ..factories import AgencyFactory, StaffFactory, valid_nhs_number
from ..people.pages import (
    date_fields,
    ids,
    inline_errors,
    links,
    main_text,
    read,
    summary,
    summary_links,
    value,
)

pytestmark = pytest.mark.django_db

START = "/referrals/new/"


def days_ago(n: int) -> dt.date:
    return clock.today() - dt.timedelta(days=n)


def child(**changes: Any) -> dict[str, Any]:
    data = {"kind": "child", "role": "subject_child", "given_name": "Tillie",
            "family_name": "Marsh", "other_names-0-given": "Matilda",
            "other_names-0-family": "Marsh", "sex": "F",
            **date_fields("date_of_birth", "4", "3", str(clock.today().year - 8)),
            "nhs_number": "", "upn": "", "school_or_setting": "Northbrook Primary",
            "relationship": "", "notes": ""}
    return {**data, **changes}


def sibling(**changes: Any) -> dict[str, Any]:
    # Only the year of birth is known.
    data = {"kind": "child", "role": "other_child", "given_name": "Ronan",
            "family_name": "Marsh", "sex": "M",
            **date_fields("date_of_birth", "", "", str(clock.today().year - 5)),
            "relationship": "brother"}
    return {**data, **changes}


def lodger(**changes: Any) -> dict[str, Any]:
    data = {"kind": "adult", "role": "other_adult", "given_name": "Dean",
            "family_name": "Tolley", "sex": "M", **date_fields("date_of_birth"),
            "relationship": "lodger", "lives_in_household": "yes", "is_family": "no"}
    return {**data, **changes}


ADDRESS = {"line_1": "14 Quarry Lane", "line_2": "", "town": "Northbrook", "postcode": "nb1 4ql"}
SHARING = {"family_aware": "no", "basis": "without_consent",
           "reason": "Telling the family could put Tillie at risk from the lodger"}


def concern(**changes: Any) -> dict[str, Any]:
    seen = days_ago(2)
    data = {"concern": "Tillie came to school with bruising to her upper arm and said the "
                       "lodger grabbed her.",
            "significant_harm": "yes", "harm_categories": ["PHY"],
            "past_concerns": "The school raised neglect concerns last spring.",
            "incidents-0-description": "Bruising seen by the class teacher",
            **date_fields("incidents-0-happened_on", str(seen.day), str(seen.month),
                          str(seen.year)),
            "incidents-0-when_text": "",
            "incidents-1-description": "Tillie said the lodger shouts at her",
            **date_fields("incidents-1-happened_on"), "incidents-1-when_text": "last half term"}
    return {**data, **changes}


class Wizard:
    """One draft, driven through its pages with a test client."""

    def __init__(self, client: Client) -> None:
        self.client = client
        response = client.post(START)
        assert response.status_code == 302
        self.ref = re.search(r"/drafts/([0-9a-f-]+)/referrer/$", response["Location"]).group(1)

    def url(self, page: str, index: int | None = None) -> str:
        base = f"/referrals/drafts/{self.ref}/"
        if page == "people" and index is not None:
            return f"{base}people/{index}/"
        return f"{base}{page}/"

    def get(self, page: str, index: int | None = None, query: str = ""):
        return self.client.get(self.url(page, index) + query)

    def post(self, page: str, data: dict[str, Any] | None = None, *, index: int | None = None,
             action: str = "continue", query: str = ""):
        return self.client.post(self.url(page, index) + query, {**(data or {}), "action": action})

    @property
    def draft(self) -> Referral:
        return Referral.objects.get(ref=self.ref)

    def fill(self, referrer: dict[str, Any], people: list[dict[str, Any]]) -> None:
        """Every page, answered well; ends on "Check your answers"."""
        assert self.post("referrer", referrer)["Location"] == self.url("people")
        for i, person in enumerate(people):
            assert self.post("people", person, index=i)["Location"] == self.url("people")
        if any(p["role"] == "subject_child" for p in people):
            assert self.post("people")["Location"] == self.url("address")
        assert self.post("address", ADDRESS)["Location"] == self.url("concern")
        assert self.post("concern", concern())["Location"] == self.url("sharing")
        assert self.post("sharing", SHARING)["Location"] == self.url("check")


SCHOOL_LEAD = {"name": "Priya Hallam", "role": "Designated safeguarding lead",
               "phone": "01632 960001", "email": "priya.hallam@northbrook-primary.example"}
NEIGHBOUR_CALL = {"channel": "phone", "source": "1B", "name": "Gail Pritchard",
                  "role": "Neighbour", "organisation": "", "phone": "01632 960123", "email": ""}


# ------------------------------------------------------------------ whole referrals
def test_a_school_lead_refers_two_siblings_and_a_lodger(world, client_for):
    dsl = world.users["designated_safeguarding_lead"]
    client = client_for(dsl)
    wizard = Wizard(client)
    # Their own details are filled in from their account; the source comes from the agency.
    page = wizard.get("referrer")
    assert value(page, "name") == dsl.get_full_name()
    assert value(page, "email") == dsl.email
    assert "Northbrook Primary School" in main_text(page) and "School" in main_text(page)
    assert wizard.draft.draft_data["referrer"]["source"] == "2A"

    wizard.post("referrer", SCHOOL_LEAD)
    people_page = wizard.get("people")
    assert links(people_page)["Add a child"] == wizard.url("people", 0) + "?kind=child"
    wizard.post("people", child(), index=0)
    wizard.post("people", sibling(), index=1)
    wizard.post("people", lodger(), index=2)
    listed = main_text(wizard.get("people"))
    assert "Tillie Marsh" in listed and "Ronan Marsh" in listed and "Dean Tolley" in listed
    assert wizard.post("people")["Location"] == wizard.url("address")
    wizard.post("address", ADDRESS)
    wizard.post("concern", concern())
    wizard.post("sharing", SHARING)

    check = wizard.get("check")
    text = main_text(check)
    for shown in ("Priya Hallam", "Tillie Marsh", "Matilda Marsh", "Ronan Marsh",
                  str(clock.today().year - 5), "Dean Tolley", "lodger", "14 Quarry Lane, Northbrook, NB1 4QL",
                  "Physical abuse", "last half term", "Shared without seeking consent"):
        assert shown in text, shown
    # Each answer can be changed on the page that asks it, coming back here afterwards.
    change = [href for t, href in read(check).links if t == "Change postcode" or t.startswith("Change address")]
    assert change and change[0].startswith(wizard.url("address") + "?change=1")
    # What comes from the school lead's agency is not theirs to change.
    offered = [t for t, _ in read(check).links if t.startswith("Change")]
    assert any(t.startswith("Change name") for t in offered)
    assert not any(t.startswith(("Change who is referring", "Change organisation")) for t in offered)

    sent = wizard.post("check")
    referral = Referral.objects.get(ref=wizard.ref)
    assert sent["Location"] == f"/referrals/mine/{referral.ref}/"
    assert referral.status == Status.RECEIVED and referral.made_by == dsl
    assert (referral.source, referral.channel, referral.referrer_name,
            referral.referrer_agency_id) == ("2A", "online", "Priya Hallam", world.school.pk)
    assert referral.needs_written_confirmation is False
    people = list(referral.people.all())
    assert [(p.role, p.given_name) for p in people] == [
        ("subject_child", "Tillie"), ("other_child", "Ronan"), ("other_adult", "Dean")]
    assert people[0].other_names == [["Matilda", "Marsh"]]
    assert people[0].date_of_birth == f"{clock.today().year - 8}-03-04"
    assert people[1].date_of_birth == str(clock.today().year - 5)
    assert (people[2].is_family, people[2].lives_in_household) == (False, True)
    assert referral.postcode == "NB1 4QL" and referral.significant_harm is True
    assert sorted((i.happened_on, i.when_text) for i in referral.incidents.all()
                  if i.happened_on) == [(days_ago(2), "")]
    assert referral.incidents.filter(when_text="last half term").exists()

    confirmation = client.get(sent["Location"])
    words = main_text(confirmation)
    assert "Referral sent" in words and referral.reference in words
    assert "within 1 working day" in words and "told the outcome" in words
    assert "confirm it in writing" not in words
    # The confirmation is shown once; afterwards the address shows the referral itself.
    assert "Referral sent" not in main_text(client.get(sent["Location"]))


def test_a_contact_centre_officer_records_a_neighbours_call(world, client_for):
    officer = world.users["contact_centre_officer"]
    client = client_for(officer)
    wizard = Wizard(client)
    page = wizard.get("referrer")
    # A caller, not the officer: nothing of the officer's is filled in, the channel is phone.
    assert value(page, "name") == "" and value(page, "channel") == "phone"
    assert "Individual: acquaintance, neighbour or childminder" in main_text(page)
    wizard.fill(NEIGHBOUR_CALL, [child(), sibling(), lodger()])
    sent = wizard.post("check")
    referral = Referral.objects.get(ref=wizard.ref)
    assert sent.status_code == 302
    assert (referral.channel, referral.source, referral.referrer_name, referral.made_by) == (
        "phone", "1B", "Gail Pritchard", officer)
    assert referral.referrer_agency_id is None
    # A member of the public is not asked to confirm in writing.
    assert referral.needs_written_confirmation is False
    assert referral.people.count() == 3
    assert "in writing" not in main_text(client.get(sent["Location"]))


def test_a_professional_who_phones_is_reminded_to_confirm_in_writing(world, client_for):
    client = client_for(world.users["contact_centre_officer"])
    wizard = Wizard(client)
    wizard.fill({**NEIGHBOUR_CALL, "source": "6", "name": "PC Jo Rennie",
                 "organisation": "Northbrook Police"}, [child()])
    sent = wizard.post("check")
    referral = Referral.objects.get(ref=wizard.ref)
    assert referral.needs_written_confirmation is True
    words = main_text(client.get(sent["Location"]))
    assert "confirm it in writing within 48 hours" in words and referral.reference in words


def test_a_health_trust_worker_chooses_their_service_and_others_cannot(world, client_for):
    trust = AgencyFactory(name="Northbrook NHS Trust", kind=AgencyKind.HEALTH_TRUST)
    visitor = StaffFactory(role="health_practitioner", agency=trust, job_title="Health visitor")
    wizard = Wizard(client_for(visitor))
    page = wizard.get("referrer")
    assert "Health: health visitor" in main_text(page) and value(page, "role") == "Health visitor"
    wizard.post("referrer", {**SCHOOL_LEAD, "source": "3B"})
    assert wizard.draft.draft_data["referrer"]["source"] == "3B"
    # A school's source is fixed by its agency: a posted source is ignored.
    school = Wizard(client_for(world.users["designated_safeguarding_lead"]))
    school.post("referrer", {**SCHOOL_LEAD, "source": "6"})
    assert school.draft.draft_data["referrer"]["source"] == "2A"


# ------------------------------------------------------------------ problems on every page
def test_referrer_page_problems_are_shown_and_what_was_typed_is_kept(world, client_for):
    wizard = Wizard(client_for(world.users["designated_safeguarding_lead"]))
    response = wizard.post("referrer", {"name": " ", "role": "Teacher", "phone": "",
                                        "email": "not-an-email"})
    assert response.status_code == 200
    assert summary_links(response) == {
        "Enter the referrer's name (or choose 'Anonymous' as who is making the referral)": "#name",
        "Enter an email address in the correct format, like name@example.org": "#email",
    }
    assert len(inline_errors(response)) == 2
    assert value(response, "role") == "Teacher" and value(response, "email") == "not-an-email"
    assert "<title>Error: " in response.content.decode()
    # Kept on the draft before it was checked.
    assert wizard.draft.draft_data["referrer"]["email"] == "not-an-email"


def test_person_page_problems_are_shown_and_what_was_typed_is_kept(world, client_for):
    wizard = Wizard(client_for(world.users["designated_safeguarding_lead"]))
    response = wizard.post("people", {
        **lodger(relationship="", lives_in_household="", is_family=""),
        **date_fields("date_of_birth", "12", "", "1985"), "nhs_number": "123 456 7890",
        "other_names-0-given": "Deano", "other_names-0-family": ""}, index=0)
    assert response.status_code == 200
    errors = summary_links(response)
    assert errors["Date of birth must include a month if it includes a day"] == "#date_of_birth-month"
    assert errors["Say who this adult is to the child, for example mother, mother's partner or lodger"] == "#relationship"
    assert errors["Say whether this adult lives in the child's household"] == "#lives_in_household"
    assert errors["Say whether this adult is a member of the child's family"] == "#is_family"
    assert any(m.startswith("NHS number") for m in errors)
    for anchor in errors.values():
        assert anchor[1:] in ids(response)
    assert value(response, "given_name") == "Dean"
    assert value(response, "date_of_birth-day") == "12" and value(response, "date_of_birth-year") == "1985"
    assert value(response, "nhs_number") == "123 456 7890"
    assert value(response, "other_names-0-given") == "Deano"
    kept = wizard.draft.draft_data["people"][0]
    assert kept["given_name"] == "Dean" and kept["nhs_number"] == "123 456 7890"
    # Put right, the same person is updated, not added again.
    assert wizard.post("people", lodger(), index=0)["Location"] == wizard.url("people")
    assert len(wizard.draft.draft_data["people"]) == 1


def test_a_valid_nhs_number_and_an_unborn_child(world, client_for):
    wizard = Wizard(client_for(world.users["health_practitioner"]))
    due = clock.today() + dt.timedelta(days=60)
    response = wizard.post("people", child(
        given_name="Baby", nhs_number=valid_nhs_number(), unborn="yes",
        **date_fields("date_of_birth"),
        **date_fields("expected_date_of_birth", "31", "2", str(due.year))), index=0)
    assert summary_links(response) == {"Expected date of birth must be a real date":
                                       "#expected_date_of_birth-day"}
    response = wizard.post("people", child(
        given_name="Baby", unborn="yes", **date_fields("date_of_birth"),
        **date_fields("expected_date_of_birth", str(due.day), str(due.month), str(due.year))),
        index=0)
    assert response.status_code == 302
    assert wizard.draft.draft_data["people"][0]["expected_date_of_birth"] == due.isoformat()


def test_people_page_needs_the_child_the_concern_is_about(world, client_for):
    wizard = Wizard(client_for(world.users["designated_safeguarding_lead"]))
    wizard.post("people", lodger(), index=0)
    response = wizard.post("people")
    assert summary_links(response) == {"Add the child the concern is about": "#add-child"}
    assert "add-child" in ids(response)


def test_address_page_problems(world, client_for):
    wizard = Wizard(client_for(world.users["designated_safeguarding_lead"]))
    response = wizard.post("address", {**ADDRESS, "postcode": "NB1 XYZ"})
    assert summary_links(response) == {"Enter a real postcode, like SW1A 2AA": "#postcode"}
    assert value(response, "line_1") == "14 Quarry Lane" and value(response, "postcode") == "NB1 XYZ"
    assert wizard.draft.draft_data["address"]["postcode"] == "NB1 XYZ"
    # An address nobody knows is allowed.
    assert wizard.post("address", {})["Location"] == wizard.url("concern")


def test_concern_page_problems_stay_with_their_incident(world, client_for):
    wizard = Wizard(client_for(world.users["designated_safeguarding_lead"]))
    tomorrow = clock.today() + dt.timedelta(days=1)
    response = wizard.post("concern", concern(
        concern="Bruises", significant_harm="",
        **date_fields("incidents-0-happened_on", "31", "2", "2025"),
        **{"incidents-1-description": "", "incidents-1-when_text": ""},
        **date_fields("incidents-1-happened_on", str(tomorrow.day), str(tomorrow.month),
                      str(tomorrow.year))))
    assert summary_links(response) == {
        "Describe the concern in your own words: what you saw or were told, and by whom": "#concern",
        "Say whether you believe a child is suffering, or is likely to suffer, significant harm": "#significant_harm",
        "The date must be a real date": "#incidents-0-happened_on-day",
        "Say what happened": "#incidents-1-description",
        "The date must be today or in the past": "#incidents-1-happened_on-day",
    }
    for anchor in summary_links(response).values():
        assert anchor[1:] in ids(response)
    assert value(response, "concern") == "Bruises"
    assert value(response, "incidents-0-description") == "Bruising seen by the class teacher"
    assert value(response, "incidents-0-happened_on-day") == "31"
    assert value(response, "harm_categories") == "PHY"
    assert wizard.draft.draft_data["concern"]["concern"] == "Bruises"


def test_add_another_incident_keeps_everything_typed(world, client_for):
    wizard = Wizard(client_for(world.users["designated_safeguarding_lead"]))
    first = {k: v for k, v in concern().items() if not k.startswith("incidents-1")}
    response = wizard.post("concern", first, action="add_incident")
    assert response.status_code == 200 and summary(response) == []
    assert value(response, "incidents-0-description") == "Bruising seen by the class teacher"
    assert "incidents-1-description" in ids(response)
    assert value(response, "concern").startswith("Tillie came to school")
    assert len(wizard.draft.draft_data["concern"]["incidents"]) == 2
    # Removing a row keeps the others.
    response = wizard.post("concern", concern(), action="remove_incident-0")
    assert value(response, "incidents-0-description") == "Tillie said the lodger shouts at her"
    assert "incidents-1-description" not in ids(response)


def test_sharing_page_problems(world, client_for):
    wizard = Wizard(client_for(world.users["designated_safeguarding_lead"]))
    response = wizard.post("sharing", {"family_aware": "", "basis": "consent_refused",
                                       "reason": "risk"})
    assert summary_links(response) == {
        "Say whether the family knows about this referral": "#family_aware",
        "Give the reason for sharing without the family's consent (the risk of significant harm you see)": "#reason",
    }
    assert value(response, "basis") == "consent_refused" and value(response, "reason") == "risk"


def test_a_referral_without_the_child_is_refused_at_check(world, client_for):
    wizard = Wizard(client_for(world.users["designated_safeguarding_lead"]))
    wizard.fill(SCHOOL_LEAD, [sibling(), lodger()])
    response = wizard.post("check")
    assert response.status_code == 200
    assert summary_links(response) == {
        "Add the child the concern is about": wizard.url("people") + "?change=1#add-child"}
    assert wizard.draft.status == Status.DRAFT
    assert Referral.objects.exclude(status=Status.DRAFT).count() == 0


def test_check_links_each_problem_to_the_box_that_fixes_it(world, client_for):
    wizard = Wizard(client_for(world.users["designated_safeguarding_lead"]))
    wizard.fill(SCHOOL_LEAD, [child(), lodger()])
    # Saved for later with problems on two pages.
    wizard.post("address", {**ADDRESS, "postcode": "NOWHERE"}, action="later")
    wizard.post("people", lodger(relationship=""), index=1, action="later")
    response = wizard.post("check")
    links_ = summary_links(response)
    assert links_ == {
        "Dean Tolley: Say who this adult is to the child, for example mother, mother's partner or lodger":
            wizard.url("people", 1) + "?change=1#relationship",
        "Enter a real postcode, like SW1A 2AA": wizard.url("address") + "?change=1#postcode",
    }
    # Following a link and putting it right comes back to "Check your answers".
    fixed = wizard.post("address", ADDRESS, query="?change=1")
    assert fixed["Location"] == wizard.url("check")
    assert "postcode" in ids(wizard.get("address", query="?change=1"))


# ------------------------------------------------------------------ drafts
def test_save_and_come_back_later_on_every_page(world, client_for):
    client = client_for(world.users["designated_safeguarding_lead"])
    wizard = Wizard(client)
    for page, data, index in (("referrer", SCHOOL_LEAD, None), ("people", child(), 0),
                              ("address", ADDRESS, None), ("concern", concern(), None),
                              ("sharing", SHARING, None), ("people", None, None)):
        response = wizard.post(page, data, index=index, action="later")
        assert response["Location"] == START, page
    start = client.get(START)
    assert "Your draft referral has been saved" in main_text(start)
    # The draft is listed; Continue picks it up at "Check your answers" (nothing missing).
    assert "Tillie Marsh" in main_text(start)
    assert links(start)[f"Continue the draft saved {_saved(wizard.draft)}"] == wizard.url("check")


def _saved(draft: Referral) -> str:
    from everychild.web.jinja import govuk_date

    return govuk_date(draft.updated_at, with_time=True)


def test_a_draft_is_resumed_where_it_was_left(world, client_for):
    dsl = world.users["designated_safeguarding_lead"]
    wizard = Wizard(client_for(dsl))
    wizard.post("referrer", SCHOOL_LEAD)
    wizard.post("people", child(given_name="Tilly"), index=0, action="later")
    # Later, signed in again elsewhere.
    again = client_for(dsl)
    start = again.get(START)
    href = links(start)[f"Continue the draft saved {_saved(wizard.draft)}"]
    assert href == wizard.url("address")  # the first page still to answer
    assert value(again.get(wizard.url("people", 0)), "given_name") == "Tilly"
    assert value(again.get(wizard.url("referrer")), "name") == "Priya Hallam"


def test_another_users_draft_is_not_found(world, client_for):
    wizard = Wizard(client_for(world.users["designated_safeguarding_lead"]))
    wizard.post("referrer", SCHOOL_LEAD)
    before = wizard.draft.draft_data
    other = client_for(world.users["police_investigator"])
    for url in (wizard.url("referrer"), wizard.url("people"), wizard.url("people", 0),
                wizard.url("check"), wizard.url("discard"),
                f"/referrals/drafts/{wizard.ref}/people/0/remove/"):
        assert other.get(url).status_code == 404, url
        assert other.post(url, {"name": "Somebody else", "action": "continue"}).status_code == 404, url
    assert wizard.draft.draft_data == before
    assert "Priya Hallam" not in main_text(other.get(START))


def test_unknown_pages_and_people_are_not_found(world, client_for):
    wizard = Wizard(client_for(world.users["designated_safeguarding_lead"]))
    assert wizard.client.get(wizard.url("nonsense")).status_code == 404
    assert wizard.get("people", 1).status_code == 404  # only index 0 (adding) exists
    assert wizard.client.get(f"/referrals/drafts/{wizard.ref}/people/0/remove/").status_code == 404


def test_removing_a_person_and_discarding_a_draft(world, client_for):
    client = client_for(world.users["designated_safeguarding_lead"])
    wizard = Wizard(client)
    wizard.post("people", child(), index=0)
    wizard.post("people", lodger(), index=1)
    remove = f"/referrals/drafts/{wizard.ref}/people/0/remove/"
    assert "Remove Tillie Marsh from the referral?" in main_text(client.get(remove))
    assert client.post(remove)["Location"] == wizard.url("people")
    assert [p["given_name"] for p in wizard.draft.draft_data["people"]] == ["Dean"]
    assert client.post(wizard.url("discard"))["Location"] == START
    assert not Referral.objects.filter(ref=wizard.ref).exists()
    assert "Your draft referral has been deleted" in main_text(client.get(START))


# ------------------------------------------------------------------ who may refer
@pytest.mark.parametrize("role", ["board_analyst", "inspector", "administrator"])
def test_roles_that_do_not_refer_are_refused(world, client_for, role):
    client = client_for(world.users[role])
    assert client.get(START).status_code == 403
    assert client.post(START).status_code == 403
    assert client.get("/referrals/mine/").status_code == 403
    assert Referral.objects.count() == 0
    assert "Make a referral" not in main_text(client.get("/"))


def test_signed_out_users_are_sent_to_sign_in(world):
    response = Client().get(START)
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_home_page_offers_referring_to_those_who_may(world, client_for):
    home = links(client_for(world.users["designated_safeguarding_lead"]).get("/"))
    assert home["Make a referral"] == START and home["Your referrals"] == "/referrals/mine/"
