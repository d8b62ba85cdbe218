"""Merging two records of one person, and undoing it, through the pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from everychild.people import services
from everychild.people.models import Person, PersonMerge

from ..factories import InvolvementFactory, PersonFactory, valid_nhs_number
from .merge_records import everything, make_duplicate
from .pages import links, main_text, read, summary, summary_links, value

pytestmark = pytest.mark.django_db
REASON = "The GP practice confirmed the NHS number"


@pytest.fixture
def duplicate(world):
    return make_duplicate(world)


def record(person) -> str:
    return reverse("people:person-detail", kwargs={"ref": person.ref})


def merge_page(person) -> str:
    return reverse("people:person-merge", kwargs={"ref": person.ref})


def compare(client, subject, other):
    return client.get(merge_page(subject), {"person": str(other.ref)})


def submit(client, subject, other, **changes):
    form = read(compare(client, subject, other)).inputs
    return client.post(merge_page(subject), {**form, "keep": "this", "reason": REASON,
                                             **changes})


# ------------------------------------------------------------------ finding the other record
def test_the_record_offers_a_merge_to_those_who_may(world, duplicate, client_for):
    offered = links(client_for(world.social_worker).get(record(world.child)))
    assert offered["merge with another record"] == merge_page(world.child)
    school = client_for(world.users["designated_safeguarding_lead"]).get(record(world.child))
    assert "merge with another record" not in links(school)
    assert client_for(world.users["designated_safeguarding_lead"]).get(
        merge_page(world.child)).status_code == 403


def test_the_other_record_is_found_by_name(world, duplicate, client_for):
    client = client_for(world.social_worker)
    found = client.get(merge_page(world.child), {"text": "Osei"})
    assert "Which record is also Amelia Osei?" in main_text(found)
    choose = links(found)
    assert choose["Choose Amelie Osei-Grant"] == (f"{merge_page(world.child)}"
                                                  f"?person={duplicate.dup.ref}")
    assert "Choose Amelia Osei" not in choose  # not the record itself


def test_the_other_record_is_found_by_its_reference(world, duplicate, client_for):
    client = client_for(world.social_worker)
    for typed in (str(duplicate.dup.ref), f"http://everychild/people/{duplicate.dup.ref}/"):
        found = client.get(merge_page(world.child), {"text": typed})
        assert found.status_code == 302
        assert found["Location"] == f"{merge_page(world.child)}?person={duplicate.dup.ref}"


def test_a_record_the_user_may_not_merge_is_refused_with_a_reason(world, duplicate, client_for):
    stranger = PersonFactory(given_name="Amelia", family_name="Oseh")
    InvolvementFactory(person=stranger, agency=world.gp)
    response = compare(client_for(world.social_worker), world.child, stranger)
    assert response.status_code == 200
    assert summary(response) == ["You cannot merge Amelia Oseh's record: you may merge only "
                                 "the records of people you or your team work with"]


def test_a_sealed_record_is_not_found(world, duplicate, client_for):
    client = client_for(world.social_worker)
    assert compare(client, world.child, world.sealed_child).status_code == 404
    assert client.get(merge_page(world.sealed_child)).status_code == 404


# ------------------------------------------------------------------ comparing and merging
def test_both_records_side_by_side_with_differences_marked(world, duplicate, client_for):
    response = compare(client_for(world.social_worker), world.child, duplicate.dup)
    assert response.status_code == 200
    text = main_text(response)
    assert "Check these are the same person" in text
    assert "Amelia Osei" in text and "Amelie Osei-Grant" in text
    assert "7 Weaver Close" in text and "Northbrook Police" in text
    html = response.content.decode()
    rows = html.split("<tr")
    different = [r for r in rows if "everychild-row--different" in r]
    labels = {label for label in ("Name", "NHS number", "Lives at", "Sex", "Date of birth")
              if any(f">\n        {label}" in r or f">{label}" in r for r in different)}
    assert labels == {"Name", "NHS number", "Lives at", "Sex"}  # the same date of birth
    assert value(response, "version") == str(world.child.version)
    assert value(response, "other_version") == str(duplicate.dup.version)


def test_merging_confirms_and_shows_what_moved(world, duplicate, client_for):
    client = client_for(world.social_worker)
    done = submit(client, world.child, duplicate.dup)
    merge = PersonMerge.objects.get()
    assert done.status_code == 302
    assert done["Location"] == reverse("people:merge-detail", kwargs={"merge_id": merge.pk})
    confirmation = client.get(done["Location"])
    text = main_text(confirmation)
    assert "Records merged" in text
    assert "Amelie Osei-Grant’s record is now part of Amelia Osei’s" in text
    assert "NHS number, Unique Pupil Number, Ethnicity" in text
    assert REASON in text
    # The panel is for the moment of merging only.
    assert "Records merged" not in main_text(client.get(done["Location"]))
    assert merge.survivor == world.child and merge.reason == REASON


def test_the_other_record_can_be_the_one_kept(world, duplicate, client_for):
    submit(client_for(world.social_worker), world.child, duplicate.dup, keep="other")
    assert Person.objects.get(pk=world.child.pk).merged_into_id == duplicate.dup.pk


def test_mistakes_are_listed_in_an_error_summary_and_nothing_is_merged(
        world, duplicate, client_for):
    client = client_for(world.social_worker)
    before = everything()
    response = submit(client, world.child, duplicate.dup, keep="", reason="")
    assert summary(response) == ["Select which record to keep"]
    assert summary_links(response)["Select which record to keep"] == "#keep"
    response = submit(client, world.child, duplicate.dup, reason=" ")
    assert summary(response) == ["Enter why these records are the same person"]
    assert summary_links(response)["Enter why these records are the same person"] == "#reason"
    assert response["Content-Type"].startswith("text/html")
    assert everything() == before and not PersonMerge.objects.exists()


def test_different_nhs_numbers_are_explained(world, duplicate, client_for):
    Person.objects.filter(pk=world.child.pk).update(nhs_number=valid_nhs_number())
    response = submit(client_for(world.social_worker), world.child, duplicate.dup)
    assert summary(response) == ["They have different NHS numbers, so they are different "
                                 "people. If one number is wrong, correct it first"]
    assert not PersonMerge.objects.exists()


def test_a_change_while_comparing_is_a_conflict(world, duplicate, client_for):
    client = client_for(world.social_worker)
    form = read(compare(client, world.child, duplicate.dup)).inputs
    Person.objects.filter(pk=duplicate.dup.pk).update(version=duplicate.dup.version + 1)
    response = client.post(merge_page(world.child), {**form, "keep": "this",
                                                     "reason": REASON})
    assert response.status_code == 409
    assert "Someone else changed Amelie Osei-Grant's record" in summary(response)[0]
    assert "Compare the records as they are now" in links(response)
    assert not PersonMerge.objects.exists()


# ------------------------------------------------------------------ after the merge
@pytest.fixture
def merged(world, duplicate):
    services.person_merge(actor=world.social_worker, survivor=world.child,
                          merged=duplicate.dup, reason=REASON,
                          survivor_version=world.child.version,
                          merged_version=duplicate.dup.version)
    return PersonMerge.objects.get()


def test_a_merged_record_says_where_the_person_is_now(world, duplicate, merged, client_for):
    response = client_for(world.social_worker).get(record(duplicate.dup))
    assert response.status_code == 200
    text = main_text(response)
    worker = world.social_worker.get_full_name()
    day = f"{merged.merged_at.day} {merged.merged_at:%B %Y}"
    assert f"This record was merged into Amelia Osei on {day} by {worker}." in text
    offered = links(response)
    assert offered["Amelia Osei"] == record(world.child)
    assert offered["Undo this merge"] == reverse("people:merge-undo",
                                                 kwargs={"merge_id": merged.pk})
    # The school, working with Amelia, is shown the way but may not undo.
    school = client_for(world.users["designated_safeguarding_lead"]).get(record(duplicate.dup))
    assert "Amelia Osei" in links(school) and "Undo this merge" not in links(school)


def test_the_kept_record_lists_its_merges(world, duplicate, merged, client_for):
    response = client_for(world.social_worker).get(record(world.child))
    offered = links(response)
    assert offered["Amelie Osei-Grant"] == record(duplicate.dup)
    assert offered["View the merge of Amelie Osei-Grant"] == reverse(
        "people:merge-detail", kwargs={"merge_id": merged.pk})
    assert "Millie" in main_text(response)  # her nickname came with her


def test_a_merged_record_is_no_longer_found(world, duplicate, merged, client_for):
    response = client_for(world.social_worker).get(reverse("people:search"),
                                                   {"text": "Amelie"})
    found = links(response)
    assert found["Amelia Osei"] == record(world.child)
    assert record(duplicate.dup) not in found.values()
    assert "also known as Amelie Osei-Grant" in main_text(response)


def test_undoing_a_merge(world, duplicate, merged, client_for):
    client = client_for(world.social_worker)
    url = reverse("people:merge-undo", kwargs={"merge_id": merged.pk})
    assert "Why are you undoing this merge?" in main_text(client.get(url))
    response = client.post(url, {"reason": ""})
    assert summary(response) == ["Enter why this merge is being undone"]
    done = client.post(url, {"reason": "Different birth certificates"})
    assert done.status_code == 302 and done["Location"] == record(duplicate.dup)
    page = client.get(done["Location"])
    assert ("The merge has been undone: Amelie Osei-Grant and Amelia Osei have separate "
            "records again") in main_text(page)
    assert "This record was merged" not in main_text(page)
    assert Person.objects.get(pk=duplicate.dup.pk).merged_into_id is None


def test_an_undo_that_would_overwrite_a_later_change_is_refused(world, duplicate, merged,
                                                                client_for):
    child = Person.objects.get(pk=world.child.pk)
    services.person_update(actor=world.social_worker, person=child, version=child.version,
                           changes={"upn": ""})
    response = client_for(world.social_worker).post(
        reverse("people:merge-undo", kwargs={"merge_id": merged.pk}), {"reason": "Not her"})
    assert response.status_code == 409
    assert "Amelia Osei's Unique Pupil Number has been changed since the merge" in \
        summary(response)[0]
    assert Person.objects.get(pk=duplicate.dup.pk).merged_into_id == world.child.pk


def test_merge_pages_refuse_those_who_may_not(world, duplicate, merged, client_for):
    detail = reverse("people:merge-detail", kwargs={"merge_id": merged.pk})
    undo = reverse("people:merge-undo", kwargs={"merge_id": merged.pk})
    gp = client_for(world.users["health_practitioner"])
    assert gp.get(detail).status_code == 403
    assert gp.get(undo).status_code == 403
    school = client_for(world.users["designated_safeguarding_lead"])
    assert school.get(detail).status_code == 200
    assert school.get(undo).status_code == 403
    sw = client_for(world.social_worker)
    for missing in (merged.pk + 1, 2**64):
        assert sw.get(reverse("people:merge-detail", kwargs={"merge_id": missing})
                      ).status_code == 404
