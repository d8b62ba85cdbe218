"""Each revision of an entry, and each original kept with it, is read only by those who
could read it as it was recorded: a restricted wording stays restricted after the entry
is shared, and an entry restricted later hides what it said before."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from everychild.chronology.models import Attachment
from everychild.chronology.selectors import entry_history
from everychild.chronology.services import attachment_add, entry_add, entry_correct
from everychild.core import clock
from everychild.core.errors import NotFound

from ..api.conftest import token_client
from ..conftest import signed_in_client
from ..factories import StaffFactory
from ..people.pages import main_text
from .builders import entry

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% scanned\n%%EOF\n"
SECRET = "LIVE INVESTIGATION: suspect named"


def _police_entry(police, child, *, sharing: str):
    return entry_add(actor=police, child=child, occurred_on=clock.today(), kind="police",
                     summary="Arrest of a household member",
                     detail=f"{SECRET} Mr X", sharing=sharing)


def _correct(police, first, *, sharing: str, revision: int = 1, summary: str = "Police contact"):
    return entry_correct(actor=police, lineage=first.lineage, revision=revision,
                         occurred_on=clock.today(), kind="police", summary=summary,
                         detail="Police attended the home.", significance="routine",
                         sharing=sharing, reason="Investigation closed; shared with partners")


def _attach(police, first, name: str) -> Attachment:
    return attachment_add(actor=police, lineage=first.lineage,
                          upload=SimpleUploadedFile(name, PDF))


def _entry_url(child, lineage) -> str:
    return f"/people/{child.ref}/chronology/entries/{lineage}/"


def _download_url(child, attachment) -> str:
    return f"/people/{child.ref}/chronology/attachments/{attachment.pk}/"


def test_a_restricted_wording_stays_hidden_after_the_entry_is_shared(world, police_involved):
    police, school = police_involved, world.users["designated_safeguarding_lead"]
    first = _police_entry(police, world.child, sharing="restricted")
    _correct(police, first, sharing="shared")
    page = signed_in_client(school).get(_entry_url(world.child, first.lineage))
    assert page.status_code == 200
    words = main_text(page)
    assert "Police attended the home." in words  # the shared revision
    assert SECRET not in words and "Arrest of a household member" not in words
    assert "An earlier version you may not read" in words
    history = entry_history(actor=school, ref=world.child.ref, lineage=first.lineage,
                            audit=False)
    assert [(r.number, r.hidden) for r in history.revisions] == [(2, False), (1, True)]
    assert history.revisions[1].entry is None
    # The recording agency and social care still read every revision.
    for reader in (police, world.social_worker):
        words = main_text(signed_in_client(reader).get(_entry_url(world.child, first.lineage)))
        assert SECRET in words and "An earlier version you may not read" not in words


def test_the_withheld_revision_names_neither_its_author_nor_its_dates(world, police_involved):
    police, school = police_involved, world.users["designated_safeguarding_lead"]
    police.last_name = "Firstwriter"
    police.save()
    first = _police_entry(police, world.child, sharing="restricted")
    # Corrected by someone else in the police, so the shared revision names only them.
    colleague = StaffFactory(role="police_investigator", agency=police.agency,
                             first_name="Dana", last_name="Colleague")
    _correct(colleague, first, sharing="shared")
    html = signed_in_client(school).get(_entry_url(world.child, first.lineage)).content.decode()
    withheld = html[html.index('data-revision="1"'):]
    withheld = withheld[:withheld.index("</tr>")]
    assert "An earlier version you may not read" in withheld
    assert "Firstwriter" not in html and "Dana Colleague" in html
    assert world.police.name in withheld
    assert "Replaced" not in withheld and SECRET not in withheld


def test_originals_kept_while_restricted_stay_restricted(world, police_involved):
    police, school = police_involved, world.users["designated_safeguarding_lead"]
    first = _police_entry(police, world.child, sharing="restricted")
    secret_scan = _attach(police, first, "custody record.pdf")
    _correct(police, first, sharing="shared")
    shared_scan = _attach(police, first, "shared note.pdf")
    assert (secret_scan.sharing, shared_scan.sharing) == ("restricted", "shared")

    school_client = signed_in_client(school)
    page = main_text(school_client.get(_entry_url(world.child, first.lineage)))
    assert "shared note.pdf" in page and "custody record.pdf" not in page
    assert school_client.get(_download_url(world.child, secret_scan)).status_code == 404
    assert school_client.get(_download_url(world.child, shared_scan)).status_code == 200
    # The chronology's line counts only the originals the reader may open.
    line = next(r for r in token_client(school).get(
        f"/api/v1/people/{world.child.ref}/chronology/").json()["results"]
        if r["entry"] and str(first.lineage) == r["entry"]["lineage"])
    assert line["entry"]["attachments"] == 1
    assert "1 original attached" in main_text(
        school_client.get(f"/people/{world.child.ref}/chronology/"))
    for reader in (police, world.social_worker, world.users["inspector"]):
        client = signed_in_client(reader)
        response = client.get(_download_url(world.child, secret_scan))
        assert response.status_code == 200 and response.content == PDF
    assert "2 originals attached" in main_text(
        signed_in_client(world.social_worker).get(f"/people/{world.child.ref}/chronology/"))


def test_an_entry_restricted_later_hides_every_revision_and_original(world, police_involved):
    police, school = police_involved, world.users["designated_safeguarding_lead"]
    first = _police_entry(police, world.child, sharing="shared")
    scan = _attach(police, first, "statement.pdf")
    assert scan.sharing == "shared"
    _correct(police, first, sharing="restricted", summary="Now under investigation")
    client = signed_in_client(school)
    assert client.get(_entry_url(world.child, first.lineage)).status_code == 404
    assert client.get(_download_url(world.child, scan)).status_code == 404
    with pytest.raises(NotFound):
        entry_history(actor=school, ref=world.child.ref, lineage=first.lineage)
    assert SECRET not in main_text(client.get(f"/people/{world.child.ref}/chronology/"))
    assert signed_in_client(police).get(_download_url(world.child, scan)).status_code == 200


def test_an_original_saved_without_sharing_takes_the_entrys(world, police_involved):
    restricted = entry(world.child, police_involved, sharing="restricted")
    kept = Attachment.objects.create(lineage=restricted.lineage, filename="a.pdf",
                                     content_type="application/pdf", size=1, sha256="0" * 64,
                                     uploaded_by=police_involved,
                                     uploaded_at=restricted.recorded_at)
    assert kept.sharing == "restricted"


def test_the_migration_gives_each_original_the_sharing_in_force_when_it_was_kept(
        world, police_involved):
    migration = importlib.import_module(
        "everychild.chronology.migrations.0003_attachment_sharing")
    police = police_involved
    first = entry(world.child, police, sharing="restricted")
    later = clock.now()
    first.superseded_at = later
    first.save()
    second = entry(world.child, police, sharing="shared", lineage=first.lineage, revision=2,
                   recorded_at=later)
    before = Attachment.objects.create(lineage=first.lineage, filename="before.pdf",
                                       content_type="application/pdf", size=1,
                                       sha256="0" * 64, uploaded_by=police,
                                       uploaded_at=first.recorded_at, sharing="shared")
    after = Attachment.objects.create(lineage=first.lineage, filename="after.pdf",
                                      content_type="application/pdf", size=1, sha256="0" * 64,
                                      uploaded_by=police, uploaded_at=second.recorded_at,
                                      sharing="restricted")
    Attachment.objects.update(sharing="")
    migration.sharing_when_uploaded(apps, None)
    before.refresh_from_db()
    after.refresh_from_db()
    assert (before.sharing, after.sharing) == ("restricted", "shared")
