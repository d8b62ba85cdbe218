"""Who is on each Annex A list, with which dates and values, for a small history whose
answers are worked out by hand (see history.py): the six months to 15 October 2026."""

from __future__ import annotations

import pytest

from everychild.access.models import AuditEvent
from everychild.insight.census.export import derived_la_child_id
from everychild.people.models import Person

from ...casework.walk_support import WalkClock, cast_of, refer_link_decide, sign_off
from .history import AS_OF, D, build
from .support import export, pick, read, rows

pytestmark = pytest.mark.django_db

ID, DOB, AGE, GENDER, ETHNICITY = "Child Unique ID", "Date of Birth", "Age", "Gender", "Ethnicity"
TEAM, WORKER = "Allocated Team", "Allocated Worker"
DISABLED = "Does the Child have a Disability"


@pytest.fixture
def written(world, monkeypatch, tmp_path):
    """The history, then the school's referral of Tillie and Ronan through the front door
    on 1 September; the lists written on 2 November for the six months to 15 October."""
    history = build(world)
    walk = WalkClock(monkeypatch, D(2026, 9, 1), hour=9)
    cast = cast_of(world)
    sign_off(cast, refer_link_decide(cast, walk))
    walk.to(D(2026, 11, 2))
    out = tmp_path / "annex-a.xlsx"
    printed = export(AS_OF.isoformat(), out)
    ronan = Person.objects.get(given_name="Ronan", family_name="Marsh")
    # Ben's LA child ID is recorded; the others have the ID the census derives for them.
    people = {"ava": history.ava, "cara": history.cara, "eve": history.eve,
              "fay": history.fay, "tillie": cast.tillie, "ronan": ronan}
    ids = {name: derived_la_child_id(p.ref) for name, p in people.items()} | {"ben": "LA0042"}
    return read(out), ids, history, printed, out


def test_contacts_are_every_child_on_every_referral_received_in_the_six_months(written):
    wb, ids, *_ = written
    found = rows(wb, "List 1")
    assert pick(found, ID, "Date of Contact", "Contact Source") == [
        (ids["eve"], D(2026, 4, 15), "t) 9: Anonymous"),     # 00:30 on the first day
        (ids["ava"], D(2026, 5, 15), "q) 6: Police"),        # five months before: listed
        (ids["ava"], D(2026, 7, 1), "g) 3A: Health services"),
        (ids["cara"], D(2026, 8, 3), "e) 2A: Schools"),
        (None, D(2026, 8, 3), "e) 2A: Schools"),             # Dan, not matched to a record
        (ids["tillie"], D(2026, 9, 1), "e) 2A: Schools"),
        (ids["ronan"], D(2026, 9, 1), "e) 2A: Schools"),
        (ids["eve"], D(2026, 10, 15), "t) 9: Anonymous"),    # 23:30 on the as-of date
    ]
    dan = found[4]
    assert (dan[GENDER], dan[DOB], dan[AGE], dan[ETHNICITY]) == ("a) Male", D(2019, 2, 3),
                                                                   7.6, None)


def test_the_child_is_described_as_on_the_as_of_date(written):
    wb, ids, *_ = written
    ava = next(r for r in rows(wb, "List 1") if r[ID] == ids["ava"])
    # Born 16 October 2016: a day short of ten on 15 October 2026, so 9.9, never 10.
    assert (ava[GENDER], ava[ETHNICITY], ava[DOB], ava[AGE]) == ("b) Female", "a) WBRI",
                                                                 D(2016, 10, 16), 9.9)
    eve = next(r for r in rows(wb, "List 1") if r[ID] == ids["eve"])
    assert (eve[GENDER], eve[DOB], eve[AGE]) == ("c) Not stated/recorded", None, None)


def test_early_help_in_the_period_and_not_before_or_after(written):
    wb, ids, *_ = written
    assert pick(rows(wb, "List 2"), ID, ETHNICITY, "Assessment start date",
                "Assessment completion date", "Organisation completing assessment") == [
        (ids["cara"], "s) NOBT", D(2026, 6, 1), D(2026, 9, 15), "Northbrook Early Help")]


def test_referrals_are_the_episodes_begun_in_the_period(written, world):
    wb, ids, *_ = written
    worker = world.social_worker.get_full_name()
    assert pick(rows(wb, "List 3"), ID, "Date of Referral", "Referral Source", "Referral NFA?",
                "Number of Referrals in Last 12 Months", TEAM, WORKER) == [
        # Ava's referral seven months before (15 March) is not listed, but counts as one
        # in the 12 months before this one.
        (ids["ava"], D(2026, 5, 15), "q) 6: Police", "No", 1, "Assessment team A", worker),
        (ids["fay"], D(2026, 6, 10), None, "Yes", 0, None, None),
        (ids["ben"], D(2026, 7, 1), None, "No", 0, "Assessment team B", None),
        # Passed to early help by the front door: a referral, with no further action by
        # social care. (Ava's referral of 1 July, while her case was open, is not one.)
        (ids["cara"], D(2026, 8, 3), "e) 2A: Schools", "Yes", 0, None, None),
        (ids["tillie"], D(2026, 9, 1), "e) 2A: Schools", "No", 0, None, None),
        (ids["ronan"], D(2026, 9, 1), "e) 2A: Schools", "No", 0, None, None),
        (ids["ben"], D(2026, 9, 9), None, "No", 1, "Assessment team B", None),
    ]


def test_assessments_open_in_the_period(written, world):
    wb, ids, *_ = written
    # Ava's March assessment was authorised before the period began.
    assert pick(rows(wb, "List 4"), ID, DISABLED, "Continuous Assessment Start Date",
                "Child Seen During Continuous Assessment",
                "Continuous Assessment Date of Authorisation",
                "Was the child assessed as requiring LA children's social care support?",
                TEAM, WORKER) == [
        (ids["ava"], "b) No", D(2026, 5, 15), "Yes", D(2026, 6, 20), "Yes", "Assessment team A",
         world.social_worker.get_full_name())]


def test_section_47_enquiries_and_their_conferences(written):
    wb, ids, *_ = written
    assert pick(rows(wb, "List 5"), ID, DISABLED,
                "Strategy discussion initiating Section 47 Enquiry Start Date",
                "Was an Initial Child Protection Conference deemed unnecessary?",
                "Date of Initial Child Protection Conference",
                "Did the Initial Child Protection Conference Result in a Child Protection Plan",
                "Number of Section 47 Enquiries in the last 12 months",
                "Number of ICPCs in the last 12 months") == [
        (ids["ava"], "b) No", D(2026, 5, 19), "No", D(2026, 6, 2), "Yes", 0, 0),
        (ids["ben"], "a) Yes", D(2026, 7, 2), "Yes", None, None, 0, 0),
        (ids["ben"], "a) Yes", D(2026, 9, 10), None, None, None, 1, 0),   # still open
    ]


def test_children_in_need_with_their_status_on_the_as_of_date(written):
    wb, ids, *_ = written
    # Not listed: Ava's March episode (closed before the period), and Fay, Tillie and
    # Ronan, who have so far only been referred.
    assert pick(rows(wb, "List 6"), ID, "CIN Start Date", "Primary Need Code",
                "Date Child Was Last Seen", "CIN Closure Date", "Reason for Closure",
                "Case Status", TEAM) == [
        (ids["ava"], D(2026, 5, 15), "N1 - Abuse or Neglect", D(2026, 10, 10), None, None,
         "b) Child Protection plan", "Assessment team A"),
        (ids["ben"], D(2026, 7, 1), "N4 - Family in acute stress", None, D(2026, 8, 1),
         "RC7 - Services ceased for any other reason, including child no longer in need",
         "e) Closed episode", "Assessment team B"),
        (ids["ben"], D(2026, 9, 9), "N1 - Abuse or Neglect", None, None, None,
         "d) Open assessment", "Assessment team B"),
    ]


def test_child_protection_plans_as_they_stood(written, world):
    wb, ids, *_ = written
    assert pick(rows(wb, "List 7"), ID, "Child Protection Plan Start Date",
                "Initial Category of Abuse", "Latest Category of Abuse",
                "Date of the Last Statutory Visit", "Was the Child Seen Alone?",
                "Date of latest review conference", "Child Protection Plan End Date",
                "Subject to Emergency Protection Order or Protected Under Police Powers in "
                "Last Six Months (Y/N)",
                "Number of Previous Child Protection Plans", TEAM, WORKER) == [
        # The visit of 20 October is after the as-of date; the one before was not alone.
        (ids["ava"], D(2026, 6, 2), "Physical abuse", "Emotional abuse", D(2026, 10, 10),
         "b) No", D(2026, 8, 28), None, None, 1, "Assessment team A",
         world.social_worker.get_full_name())]


def test_the_rows_are_printed_and_the_export_audited(written):
    wb, _, _, printed, out = written
    counts = {"List 1": 8, "List 2": 1, "List 3": 7, "List 4": 1, "List 5": 3, "List 6": 3,
              "List 7": 1}
    assert {s: len(rows(wb, s)) for s in counts} == counts
    assert "List 1 (contacts): 8 rows" in printed
    assert "List 7 (child protection): 1 rows" in printed
    entry = AuditEvent.objects.get(action="insight.annex_a_export")
    assert entry.actor_id is None and entry.channel == "cli"
    assert entry.detail["as_of"] == "2026-10-15"
    assert entry.detail["period_start"] == "2026-04-15"
    assert entry.detail["file"] == str(out)
    assert entry.detail["rows"] == counts
    # Ava, Ben, Cara, Eve, Fay, Tillie and Ronan (Dan has no record).
    assert entry.detail["children"] == 7
    assert "List 8 (children looked after) and Lists 9 to 11 are not written" in printed


def test_an_earlier_as_of_date_shows_the_records_as_they_then_stood(written, tmp_path):
    _, ids, *_ = written
    out = tmp_path / "june.xlsx"
    export("2026-06-01", out)
    wb = read(out)
    # The authorisation of 20 June and the conference of 2 June had not happened yet.
    assert pick(rows(wb, "List 4"), ID, "Continuous Assessment Date of Authorisation",
                "Was the child assessed as requiring LA children's social care support?") == [
        (ids["ava"], D(2026, 3, 30), "No"), (ids["ava"], None, None)]
    assert pick(rows(wb, "List 5"), ID, "Date of Initial Child Protection Conference",
                "Was an Initial Child Protection Conference deemed unnecessary?") == [
        (ids["ava"], None, "No")]
    assert rows(wb, "List 7") == []
    assert pick(rows(wb, "List 6"), ID, "CIN Start Date", "Case Status") == [
        (ids["ava"], D(2026, 3, 15), "e) Closed episode"),
        (ids["ava"], D(2026, 5, 15), "d) Open assessment")]
    # The contact of 15 March is within the six months to 1 June.
    assert (ids["ava"], D(2026, 3, 15)) in pick(rows(wb, "List 1"), ID, "Date of Contact")
