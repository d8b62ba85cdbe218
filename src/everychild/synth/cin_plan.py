"""Child in need plans: after an assessment, an enquiry, a conference that made no plan,
or as a step down when a child protection plan ends. Visited about every five weeks."""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING

from everychild.casework.models import ActionStatus, ChangeKind

from . import case_text as T
from .case_context import Stop, wd
from .case_plan import ActionSpec, PlanSpec
from .cp_plan import visits

if TYPE_CHECKING:
    from .pathway import Pathway

CIN_MEDIAN_DAYS = 180
CIN_SIGMA = 0.6
CIN_VISIT_INTERVAL = 25  # working days


def cin_plan(p: Pathway, start: dt.date) -> dt.date:
    """Start a CIN plan on `start` and return the day it ends (or stop at the horizon
    with the plan open)."""
    r, ep = p.r, p.ep
    start = p.at(wd(start, 0))
    p.transfer("children_in_need", start)
    plan = PlanSpec("cin", start, p.worker, outcomes=p.text(r.choice(T.OUTCOMES)))
    ep.plans.append(plan)
    open_ended = p.g.force in ("cin", "cp_no_plan")
    end = None if open_ended else wd(start + dt.timedelta(
        days=round(r.lognormvariate(math.log(CIN_MEDIAN_DAYS), CIN_SIGMA))), 0)
    if end is not None and end <= p.h:
        plan.ended_on, plan.end_reason, plan.version = end, "Outcomes met; plan ended.", 2
    limit = plan.ended_on or p.h
    visits(p, plan, limit, CIN_VISIT_INTERVAL)
    for i in r.sample(range(len(T.ACTIONS)), 2):
        description, outcome, kind = T.ACTIONS[i]
        owner = p.fam.full_name(p.fam.carers[0]) if kind == "family" else p.staff.name(p.worker)
        action = ActionSpec(p.text(description), p.text(outcome), owner,
                            wd(start, r.randint(20, 80)), start,
                            None if kind == "family" else p.staff.a.csc,
                            None if kind == "family" else p.worker)
        if action.due_on <= limit:
            action.status, action.completed_on = ActionStatus.DONE, action.due_on
        elif plan.ended_on is not None:
            action.status = ActionStatus.DROPPED
        plan.actions.append(action)
    if plan.ended_on is None:
        raise Stop
    p.change(ChangeKind.PLAN_ENDED, plan.ended_on)
    return plan.ended_on
