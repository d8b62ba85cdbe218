"""What the front door shows of a person's open casework: the open episode and any
open plan, in one line each (registered with referrals.history in apps.ready)."""

from __future__ import annotations

import datetime as dt

from django.utils.formats import date_format

from .models import Episode, Plan, PlanKind


def _on(day: dt.date) -> str:
    return date_format(day, "j F Y")


def open_work_lines(person_ids: set[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    plans = (Plan.objects.filter(episode__child_id__in=person_ids, ended_on__isnull=True)
             .select_related("episode").order_by("started_on", "pk"))
    with_plan: set[int] = set()
    for plan in plans:
        child = plan.episode.child_id
        with_plan.add(plan.episode_id)
        if plan.kind == PlanKind.CHILD_PROTECTION:
            category = plan.get_category_display().lower() if plan.category else "no category"
            line = f"Child protection plan ({category}) since {_on(plan.started_on)}"
        else:
            line = f"Child in need plan since {_on(plan.started_on)}"
        out.setdefault(child, []).append(line)
    episodes = (Episode.objects.filter(child_id__in=person_ids, closed_on__isnull=True)
                .exclude(pk__in=with_plan).select_related("worker"))
    for ep in episodes:
        worker = (ep.worker.get_full_name() or ep.worker.username) if ep.worker else "unallocated"
        out.setdefault(ep.child_id, []).append(
            f"Open to children's social care since {_on(ep.referral_date)} ({worker})")
    return out
