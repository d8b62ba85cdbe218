"""The indicator pages as their users meet them: the dashboard, whose figures each user
may see, the children behind a figure (named only where the user may read the case,
never a sealed child), the audit of every such list, the CSV files, and plain answers
to addresses that cannot be read."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse

from everychild.access.models import AuditEvent

from ...people.pages import links, main_text, read
from ..indicators.history import assessment, child, episode

pytestmark = pytest.mark.django_db
DASHBOARD, INDICATOR, CHILDREN = (reverse("insight:dashboard"), reverse("insight:indicator"),
                                  reverse("insight:children"))
TABLE_CSV, CHILDREN_CSV = reverse("insight:table-csv"), reverse("insight:children-csv")
MAY = "to=2024-05"


@pytest.fixture
def may(world):
    """Single assessments completed in May 2024: Amelia's (team A) and Kieran's (team B)
    in time, the sealed child's (team A) in time, Ben's (team A) late."""
    sw = world.social_worker
    for who, team, referred, done in (
            (world.child, world.team_a, "2024-04-15", "2024-05-01"),
            (world.unrelated_child, world.team_b, "2024-04-16", "2024-05-02"),
            (world.sealed_child, world.team_a, "2024-04-17", "2024-05-03"),
            (child("Ben", family_name="Late"), world.team_a, "2024-02-01", "2024-05-20")):
        ep = episode(who, referred, team=team, worker=sw if team == world.team_a else None)
        assessment(ep, "single", referred, done, worker=ep.worker)
    return world


def options(response, name: str) -> list[str]:
    html = response.content.decode()
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no {name} choice"
    return [" ".join(t.split()) for t in re.findall(r"<option[^>]*>(.*?)</option>",
                                                    select[1], re.S)]


def test_a_manager_reads_every_indicator_for_the_authority(may, client_for):
    response = client_for(may.users["team_manager"]).get(f"{DASHBOARD}?{MAY}")
    assert response.status_code == 200
    text = main_text(response)
    assert "The whole authority: by month to the end of May 2024" in text
    for heading in ("NI 59: Initial assessments completed within 7 working days of referral",
                    "Single assessments completed within 45 working days of referral",
                    "NI 67: Child protection cases reviewed within timescales",
                    "Children subject to a child protection plan at the end of the period"):
        assert heading in text
    assert "England 68% (year not given)" in text
    assert "England 25.2 per 10,000 (2006-07)" in text
    html = response.content.decode()
    assert '<svg class="insight-chart" id="chart-single45-month"' in html
    assert 'role="img" aria-labelledby="chart-single45-month-title chart-single45-month-desc"' \
        in html
    # The single assessments' text alternative gives May's figure: 3 in time of 4.
    assert "Latest (May 2024): 75%." in html
    assert options(response, "scope")[:3] == ["The whole authority",
                                              "Your team: Assessment team A", "Your own work"]
    assert "Worker: " + may.social_worker.get_full_name() in options(response, "scope")


def test_a_social_worker_sees_their_team_and_their_own_work_only(may, client_for):
    client = client_for(may.social_worker)
    response = client.get(f"{DASHBOARD}?{MAY}")
    assert response.status_code == 200
    assert options(response, "scope") == ["Your team: Assessment team A", "Your own work"]
    assert "Assessment team A: by month to the end of May 2024" in main_text(response)
    for scope in ("authority", f"team-{may.team_b.pk}",
                  f"worker-{may.users['team_manager'].pk}", "worker-999999"):
        assert client.get(f"{DASHBOARD}?scope={scope}&{MAY}").status_code == 403
    own = client.get(f"{DASHBOARD}?scope=worker-{may.social_worker.pk}&{MAY}")
    assert own.status_code == 200


def test_the_children_behind_a_figure(may, client_for):
    manager = may.users["team_manager"]
    response = client_for(manager).get(
        f"{CHILDREN}?indicator=single45&month=2024-05&part=numerator&scope=authority&{MAY}")
    assert response.status_code == 200
    found = links(response)
    assert found["Amelia Osei"] == reverse("casework:case", kwargs={"ref": may.child.ref})
    assert found["Kieran Doyle"] == reverse("casework:case",
                                            kwargs={"ref": may.unrelated_child.ref})
    text = main_text(response)
    assert "Sealedchild" not in text and "Ben Late" not in text
    assert "1 further child you are not allowed to see is counted in this figure" in text
    event = AuditEvent.objects.filter(action="insight.children").get()
    assert event.actor_id == manager.pk
    assert sorted(event.detail["people"]) == sorted([str(may.child.ref),
                                                     str(may.unrelated_child.ref)])
    assert (event.detail["indicator"], event.detail["period"], event.detail["part"],
            event.detail["counted"]) == ("single45", "2024-05", "numerator", 3)


def test_a_board_analyst_sees_the_numbers_but_no_names(may, client_for):
    analyst = may.users["board_analyst"]
    response = client_for(analyst).get(
        f"{CHILDREN}?indicator=single45&month=2024-05&part=denominator&{MAY}")
    assert response.status_code == 200
    text = main_text(response)
    assert "Amelia" not in text and "Kieran" not in text
    assert "4 further children you are not allowed to see are counted" in text
    assert AuditEvent.objects.filter(action="insight.children").get().detail["people"] == []


def test_every_number_links_to_its_children(may, client_for):
    response = client_for(may.users["team_manager"]).get(
        f"{INDICATOR}?indicator=single45&scope=team-{may.team_a.pk}&{MAY}")
    assert response.status_code == 200
    found = [href for text, href in read(response).links
             if text.startswith("2 ") and "May 2024" in text]
    assert found == [f"{CHILDREN}?indicator=single45&part=numerator&month=2024-05"
                     f"&scope=team-{may.team_a.pk}&to=2024-05"]
    assert "Numerator" in main_text(response) and "Left out" in main_text(response)


def test_csv_of_the_tables_and_of_the_children(may, client_for):
    client = client_for(may.users["team_manager"])
    response = client.get(f"{TABLE_CSV}?indicator=single45&by=month&{MAY}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:7] == ["indicator", "title", "scope", "period", "numerator",
                           "denominator", "figure"]
    assert [rows[-1][0], *rows[-1][3:7]] == ["single45", "2024-05", "3", "4", "75.0"]
    everything = list(csv.reader(io.StringIO(client.get(
        f"{TABLE_CSV}?by=year&{MAY}").content.decode())))
    assert {r[0] for r in everything[1:]} >= {"ni59", "ni67", "cpp_rate", "visits"}

    # A name a spreadsheet would run as a formula is written as text.
    formula = child("=HYPERLINK(1)")
    ep = episode(formula, "2024-04-18", team=may.team_a)
    assessment(ep, "single", "2024-04-18", "2024-05-07")
    listed = client.get(f"{CHILDREN_CSV}?indicator=single45&month=2024-05&part=numerator"
                        f"&{MAY}")
    names = [r[0] for r in csv.reader(io.StringIO(listed.content.decode()))][1:]
    assert sorted(names) == ["'=HYPERLINK(1) Hillier", "Amelia Osei", "Kieran Doyle"]
    assert AuditEvent.objects.filter(action="insight.children",
                                     detail__format="csv").count() == 1


@pytest.mark.parametrize(("query", "status", "message"), [
    ("scope=everyone", 400, "Choose whose figures to show"),
    ("to=2024-13", 400, "The month must be between 01 and 12"),
    ("to=2099-01", 400, "Choose a month from"),
])
def test_an_address_that_cannot_be_read_says_what_is_wrong(may, client_for, query, status,
                                                             message):
    response = client_for(may.users["team_manager"]).get(f"{DASHBOARD}?{query}")
    assert response.status_code == status
    assert message in main_text(response)


@pytest.mark.parametrize(("query", "status", "message"), [
    ("indicator=nope&month=2024-05&part=numerator", 404, ""),
    ("indicator=single45&month=2024-05&part=both", 400, "the numerator or the denominator"),
    ("indicator=single45&part=numerator", 400, "Say which month"),
    ("indicator=single45&month=2024-05&year=2024-25&part=numerator", 400, "Say which month"),
    ("indicator=cpp_starts&month=2024-05&part=denominator", 400, "population of children"),
    ("indicator=single45&year=2030-31&part=numerator", 400, "begins after May 2024"),
])
def test_a_drill_down_that_cannot_be_read_says_what_is_wrong(may, client_for, query, status,
                                                               message):
    response = client_for(may.users["team_manager"]).get(f"{CHILDREN}?{query}&{MAY}")
    assert response.status_code == status
    assert message in main_text(response)
    assert not AuditEvent.objects.filter(action="insight.children").exists()


def test_a_table_by_anything_but_month_or_year_is_refused(may, client_for):
    response = client_for(may.users["team_manager"]).get(f"{TABLE_CSV}?by=week&{MAY}")
    assert response.status_code == 400
    assert "Choose figures by month or by year" in main_text(response)


def test_the_navigation_offers_the_indicators_to_those_who_may_see_them(may, client_for):
    manager_home = client_for(may.users["team_manager"]).get(reverse("web:home"))
    assert ("Key indicators", DASHBOARD) in read(manager_home).links
    police_home = client_for(may.users["police_investigator"]).get(reverse("web:home"))
    assert not [href for _, href in read(police_home).links if href.startswith(DASHBOARD)]
    assert client_for(may.users["police_investigator"]).get(DASHBOARD).status_code == 403
