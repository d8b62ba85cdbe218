import pytest
from django.urls import reverse
from playwright.sync_api import sync_playwright
from everychild.casework.models import Plan, MinutesAmendment
from everychild.casework.services import minutes, plan_actions, core_groups
from everychild.core import clock
import datetime as dt
from .builders import cp_plan, closed, held, arrange, episode_after_enquiry, fresh
from ..browser.conftest import AXE, CHROMIUM
pytestmark = pytest.mark.django_db

def test_axe(world, client_for):
    c = held(world)
    plan = Plan.objects.get()
    a = plan_actions.plan_action_add(actor=world.social_worker, plan=plan, description="School to report attendance weekly", owner_agency_id=world.school.pk, due_on=clock.today()+dt.timedelta(days=3))
    core_groups.core_group_meeting_record(actor=world.social_worker, plan=plan, held_on=clock.today(), others=["X"], plan_working=False)
    school = c.invitees.get(agency=world.school)
    ref = world.child.ref
    chair = client_for(world.users["conference_chair"]); sw = client_for(world.social_worker); dsl = client_for(world.users["designated_safeguarding_lead"])
    k = {"ref": ref}
    pages = [
        (chair, reverse("casework:conference", kwargs={**k, "conference_id": c.pk})),
        (chair, reverse("casework:conference-attendance", kwargs={**k, "conference_id": c.pk})),
        (chair, reverse("casework:conference-minutes", kwargs={**k, "conference_id": c.pk})),
        (chair, reverse("casework:conference-minutes-send", kwargs={**k, "conference_id": c.pk})),
        (chair, reverse("casework:conference-dissent", kwargs={**k, "conference_id": c.pk})),
        (chair, reverse("casework:conference-first-core-group", kwargs={**k, "conference_id": c.pk})),
        (sw, reverse("casework:review-schedule", kwargs={**k, "plan_id": plan.pk})),
        (sw, reverse("casework:plan", kwargs={**k, "plan_id": plan.pk})),
        (sw, reverse("casework:plan-action-add", kwargs={**k, "plan_id": plan.pk})),
        (sw, reverse("casework:plan-core-group", kwargs={**k, "plan_id": plan.pk})),
        (sw, reverse("casework:plan-member-add", kwargs={**k, "plan_id": plan.pk})),
        (sw, reverse("casework:plan-key-worker", kwargs={**k, "plan_id": plan.pk})),
        (sw, reverse("casework:plan-visit-interval", kwargs={**k, "plan_id": plan.pk})),
        (sw, reverse("casework:plan-action-status", kwargs={**k, "plan_id": plan.pk, "action_id": a.pk})),
        (sw, reverse("casework:visit-record", kwargs=k)),
        (dsl, reverse("casework:conference-invitation", kwargs={**k, "conference_id": c.pk, "invitee_id": school.pk})),
        (dsl, reverse("casework:conference-report", kwargs={**k, "conference_id": c.pk, "invitee_id": school.pk})),
    ]
    # posted with errors too
    errs = [
        (sw, reverse("casework:visit-record", kwargs=k), {"child_seen": "no", "seen_alone": "yes"}),
        (sw, reverse("casework:plan-action-add", kwargs={**k, "plan_id": plan.pk}), {"description": "x"}),
        (sw, reverse("casework:review-schedule", kwargs={**k, "plan_id": plan.pk}), {"scheduled_time": "x", "family_email_1": "bad"}),
    ]
    htmls = []
    for cl, u in pages:
        r = cl.get(u); assert r.status_code == 200, u; htmls.append((u, r.content.decode()))
    for cl, u, d in errs:
        r = cl.post(u, d); assert r.status_code == 200, u; htmls.append((u + " POST", r.content.decode()))
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        ctx = b.new_context(bypass_csp=True); pg = ctx.new_page()
        bad = []
        for u, h in htmls:
            pg.set_content(h)
            pg.add_script_tag(path=str(AXE))
            res = pg.evaluate("async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa','best-practice']}})")
            for v in res["violations"]:
                if v["id"] in ("color-contrast", "target-size"): continue
                bad.append((u, v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]))
        b.close()
    for x in bad: print(x)
    assert not bad
