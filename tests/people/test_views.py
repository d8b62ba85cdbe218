"""The people pages as users meet them: search, a person's record, break-glass, sealed
records and refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from everychild.access.models import AuditEvent, BreakGlassGrant, PrivacyAlert
from everychild.core import clock
from everychild.people.models import OtherName, Person

from ..factories import InvolvementFactory, PersonFactory, valid_nhs_number
from .pages import a_family, date_fields, hrefs, links, main_text, summary, summary_links

pytestmark = pytest.mark.django_db


def detail(person: Person) -> str:
    return reverse("people:person-detail", kwargs={"ref": person.ref})


def break_glass(person: Person) -> str:
    return reverse("people:person-break-glass", kwargs={"ref": person.ref})


# ------------------------------------------------------------------ search
def test_search_links_to_a_child_the_worker_is_involved_with(world, client_for):
    response = client_for(world.social_worker).get("/people/", {"text": "osei"})
    assert response.status_code == 200
    text = main_text(response)
    assert "Amelia Osei" in text and "2 November 2017" in text and "Female" in text
    assert links(response)["Amelia Osei"] == detail(world.child)
    assert "You are not involved" not in text


def test_search_shows_an_uninvolved_child_without_a_link_but_with_break_glass(world, client_for):
    response = client_for(world.users["police_investigator"]).get("/people/",
                                                                  {"text": "amelia osei"})
    text = main_text(response)
    assert "Amelia Osei" in text and "You are not involved" in text
    assert detail(world.child) not in hrefs(response)
    assert break_glass(world.child) in hrefs(response)


def test_search_offers_no_break_glass_to_a_role_that_cannot_break_glass(world, client_for):
    inspector_hits = client_for(world.users["inspector"]).get("/people/", {"text": "osei"})
    assert links(inspector_hits)["Amelia Osei"] == detail(world.child)  # inspectors see all
    board_analyst = client_for(world.users["board_analyst"]).get("/people/", {"text": "osei"})
    assert board_analyst.status_code == 403  # may not search at all


def test_search_never_shows_a_sealed_child_without_the_grant(world, client_for):
    response = client_for(world.social_worker).get("/people/", {"text": "sealedchild"})
    assert "Sealedchild" not in response.content.decode()
    assert "No one found" in main_text(response)
    officer = client_for(world.users["privacy_officer"]).get("/people/", {"text": "sealedchild"})
    assert "Hidden Sealedchild" in main_text(officer) and "Sealed" in main_text(officer)


def test_search_by_other_name_says_also_known_as(world, client_for):
    OtherName.objects.create(person=world.child, kind="alias", given_name="Kez",
                             family_name="Mensah", given_name_key="kez",
                             family_name_key="mensah", recorded_at=clock.now())
    response = client_for(world.social_worker).get("/people/", {"text": "mensah"})
    assert "Amelia Osei also known as Kez Mensah" in main_text(response)


def test_search_by_identifier_and_by_date_of_birth_alone(world, client_for):
    nhs = valid_nhs_number()
    Person.objects.filter(pk=world.child.pk).update(nhs_number=nhs)
    client = client_for(world.social_worker)
    spaced = f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}"
    assert "Amelia Osei" in main_text(client.get("/people/", {"text": spaced}))
    by_date = client.get("/people/", date_fields("dob", "2", "11", "2017"))
    assert "Amelia Osei" in main_text(by_date) and "Kieran Doyle" not in main_text(by_date)


def test_search_shows_an_unborn_child_by_due_date(world, client_for):
    due = clock.today() + dt.timedelta(days=60)
    baby = PersonFactory(given_name="", family_name="Osei", date_of_birth=None,
                         expected_date_of_birth=due, sex="U")
    InvolvementFactory(person=baby, agency=world.csc)
    text = main_text(client_for(world.social_worker).get("/people/", {"text": "osei"}))
    assert f"Unborn, due {due.day} {due:%B %Y}" in text


@pytest.mark.parametrize(("parts", "message"), [
    (("31", "2", "2020"), "Date of birth must be a real date"),
    (("x", "3", "2020"), "Date of birth must be a real date"),
    (("", "3", "2020"), "Date of birth must include a day"),
    (("4", "", ""), "Date of birth must include a month and year"),
    (("4", "3", "20"), "Date of birth must have a year with 4 numbers, for example 2019"),
])
def test_search_refuses_a_date_that_is_not_real(world, client_for, parts, message):
    response = client_for(world.social_worker).get(
        "/people/", {"text": "osei", **date_fields("dob", *parts)})
    assert response.status_code == 200
    assert summary(response) == [message]
    assert "found" not in main_text(response)


def test_an_empty_search_asks_for_something_to_search_for(world, client_for):
    before = AuditEvent.objects.count()
    response = client_for(world.social_worker).get("/people/", {"text": "  "})
    assert summary_links(response) == {
        "Enter a name, date of birth, NHS number, UPN or local authority child ID": "#text"}
    assert AuditEvent.objects.count() == before  # nothing was searched


def test_a_search_typed_with_a_nul_character_is_answered_not_crashed(world, client_for):
    response = client_for(world.social_worker).get("/people/", {"text": "os\x00ei"})
    assert response.status_code == 200 and "Amelia Osei" in main_text(response)


# ------------------------------------------------------------------ the record
def test_record_shows_household_members_and_flags_the_adult_who_is_not_family(world,
                                                                                client_for):
    _home, _mother, lodger = a_family(world.child)
    response = client_for(world.social_worker).get(detail(world.child))
    assert response.status_code == 200
    text = main_text(response)
    assert "14 Canal Row, Northbrook NB1 4QT" in text
    assert "Sarah Osei 15 June 1990 Parent or main carer" in text
    # The lodger is flagged; the mother is not.
    assert "Kevin Marsh 20 February 1979 Lodger Not family" in text
    assert "Parent or main carer Not family" not in text
    assert links(response)["Kevin Marsh"] == detail(lodger)


def test_record_shows_relationships_in_plain_words(world, client_for):
    _, mother, _ = a_family(world.child)
    text = main_text(client_for(world.social_worker).get(detail(world.child)))
    assert "Mother Sarah Osei" in text
    # From the mother's side, the same relationship reads the other way.
    mothers = main_text(client_for(world.social_worker).get(detail(mother)))
    assert "Daughter Amelia Osei" in mothers


def test_record_shows_identity_identifiers_and_who_is_involved(world, client_for):
    nhs = valid_nhs_number()
    Person.objects.filter(pk=world.child.pk).update(nhs_number=nhs, ethnicity="WBRI")
    text = main_text(client_for(world.social_worker).get(detail(world.child)))
    assert f"NHS number {nhs[:3]} {nhs[3:6]} {nhs[6:]}" in text
    assert "Ethnicity White: British" in text
    assert "Date of birth 2 November 2017" in text
    assert "Northbrook Children's Social Care" in text and "Allocated social worker" in text
    assert world.social_worker.get_full_name() in text
    assert "Northbrook Primary School No named worker" in text


def test_record_viewing_is_audited(world, client_for):
    client_for(world.social_worker).get(detail(world.child))
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.target_id) == ("person.view", str(world.child.ref))


def test_record_offers_only_the_actions_the_policy_allows(world, client_for):
    worker = links(client_for(world.social_worker).get(detail(world.child)))
    for href in ("edit/", "identifiers/", "other-names/new/", "relationships/new/",
                 "involvement/new/"):
        assert f"{detail(world.child)}{href}" in worker.values()
    assert f"{detail(world.child)}seal/" not in worker.values()
    # An inspector may read every record but change none: the only ways on from the
    # record are to read the case and the chronology.
    inspector = hrefs(client_for(world.users["inspector"]).get(detail(world.child)))
    reading = {detail(world.child), f"{detail(world.child)}case/",
               f"{detail(world.child)}chronology/"}
    assert not [h for h in inspector if h.startswith(detail(world.child)) and h not in reading]
    # The privacy officer may seal it.
    officer = hrefs(client_for(world.users["privacy_officer"]).get(detail(world.child)))
    assert f"{detail(world.child)}seal/" in officer


def test_a_sealed_record_warns_the_privacy_officer(world, client_for):
    text = main_text(client_for(world.users["privacy_officer"]).get(detail(world.sealed_child)))
    assert "Sealed record" in text and "Do not share anything from it" in text


# ------------------------------------------------------------------ break-glass
def test_break_glass_from_refusal_to_reason_to_record(world, client_for):
    police = world.users["police_investigator"]
    client = client_for(police)
    first = client.get(detail(world.child))
    assert first.status_code == 302 and first["Location"] == break_glass(world.child)

    page = client.get(break_glass(world.child))
    assert page.status_code == 200
    assert "Amelia Osei" in main_text(page) and "2 November 2017" in main_text(page)
    assert "Why do you need to open this record?" in main_text(page)

    short = client.post(break_glass(world.child), {"reason": "checking"})
    assert short.status_code == 200
    assert summary_links(short) == {
        "Enter the reason you need to open this record (at least 10 characters)": "#reason"}
    assert not BreakGlassGrant.objects.exists() and not PrivacyAlert.objects.exists()

    reason = "Strategy discussion about a sibling tomorrow"
    done = client.post(break_glass(world.child), {"reason": reason})
    assert done.status_code == 302 and done["Location"] == detail(world.child)
    opened = client.get(detail(world.child))
    assert opened.status_code == 200
    assert "You opened this record by giving a reason" in main_text(opened)
    event = AuditEvent.objects.get(action="record.break_glass")
    assert (event.actor_id, event.target_id, event.reason) == (police.pk, str(world.child.ref),
                                                               reason)
    alert = PrivacyAlert.objects.get()
    assert (alert.staff_id, alert.target_id) == (police.pk, str(world.child.ref))
    # Break-glass opens the record for reading only: nothing to change is offered.
    assert not [h for h in hrefs(opened)
                if h.startswith(detail(world.child)) and h != detail(world.child)]


def test_break_glass_page_reveals_no_more_than_search(world, client_for):
    nhs = valid_nhs_number()
    Person.objects.filter(pk=world.child.pk).update(nhs_number=nhs, upn="A801200123456")
    a_family(world.child)
    body = client_for(world.users["police_investigator"]).get(
        break_glass(world.child)).content.decode()
    for secret in (nhs, "A801200123456", "Canal Row", "Sarah", "Northbrook Primary School"):
        assert secret not in body


def test_break_glass_page_sends_an_involved_worker_straight_to_the_record(world, client_for):
    response = client_for(world.social_worker).get(break_glass(world.child))
    assert response.status_code == 302 and response["Location"] == detail(world.child)


def test_break_glass_is_refused_to_roles_that_cannot_open_records(world, client_for):
    for role in ("board_analyst", "administrator"):
        response = client_for(world.users[role]).get(break_glass(world.child))
        assert response.status_code == 403


# ------------------------------------------------------------------ sealed records
def test_a_sealed_child_is_not_found_by_a_social_worker_anywhere(world, client_for):
    sealed = world.sealed_child
    home, _, _ = a_family(sealed)
    client = client_for(world.social_worker)
    ref = {"ref": sealed.ref}
    urls = [reverse(f"people:{name}", kwargs=ref) for name in (
        "person-detail", "person-break-glass", "person-edit", "identifiers-edit",
        "other-name-add", "relationship-add", "involvement-add")]
    urls += [reverse(f"people:{name}", kwargs={"ref": home.ref}) for name in (
        "household-detail", "household-edit", "membership-add")]
    urls += [f"{reverse('people:household-create')}?person={sealed.ref}",
             f"{reverse('people:relationship-add', kwargs={'ref': world.child.ref})}"
             f"?person={sealed.ref}"]
    read_only = {reverse("people:person-detail", kwargs=ref),
                 reverse("people:household-detail", kwargs={"ref": home.ref})}
    for url in urls:
        for method in ("get",) if url in read_only else ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 404, (method, url, response.status_code)
            body = response.content.decode()
            assert "Sealedchild" not in body and "Canal Row" not in body


def test_an_unknown_or_malformed_reference_is_a_plain_404(world, client_for):
    client = client_for(world.social_worker)
    assert client.get("/people/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/people/households/new/?person=not-a-ref").status_code == 404


def test_made_up_numbers_in_links_are_a_plain_404(world, client_for):
    client = client_for(world.social_worker)
    huge = 10**30
    home, _, _ = a_family(world.child)
    for url in (reverse("people:relationship-end", kwargs={"ref": world.child.ref, "rel_id": huge}),
                reverse("people:involvement-end", kwargs={"ref": world.child.ref, "inv_id": huge}),
                reverse("people:membership-end", kwargs={"ref": home.ref,
                                                         "membership_id": huge})):
        assert client.get(url).status_code == 404, url
        assert client.post(url, date_fields("ended", "1", "1", "2025")).status_code == 404


# ------------------------------------------------------------------ refusals
def test_a_role_that_can_never_edit_people_is_refused(world, client_for):
    for role in ("conference_chair", "inspector"):
        client = client_for(world.users[role])
        assert client.get(reverse("people:person-edit", kwargs={"ref": world.child.ref})
                          ).status_code == 403


def test_a_worker_not_involved_enough_to_edit_is_refused(world, client_for):
    # Health practitioners edit only children they are named on.
    gp = world.users["health_practitioner"]
    InvolvementFactory(person=world.child, agency=world.gp)  # the agency, not the worker
    client = client_for(gp)
    assert client.get(detail(world.child)).status_code == 200  # may read (agency scope)
    for name in ("person-edit", "identifiers-edit", "other-name-add", "relationship-add"):
        url = reverse(f"people:{name}", kwargs={"ref": world.child.ref})
        assert client.get(url).status_code == 403, name
        assert client.post(url, {"family_name": "Changed"}).status_code == 403, name
    world.child.refresh_from_db()
    assert world.child.family_name == "Osei"
