"""The figures synthetic casework is calibrated to (DOMAIN.md §5), measured from the
database the way the app judges them: deadlines from the rule tables and the working-day
calendar. Used by the tests and the benchmark, and handy after any change to the rates:

    everychild shell -c "from everychild.synth.calibration import report; print(report())"
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from typing import Any

from everychild.casework import models as cw
from everychild.people.models import Person, PersonKind

from .case_context import due


def _share(hits: int, total: int) -> float:
    return hits / total if total else float("nan")


def figures(as_of: dt.date) -> dict[str, Any]:
    out: dict[str, Any] = {}
    episodes = {e.pk: e for e in cw.Episode.objects.only("pk", "rules", "referral_date",
                                                          "child_id", "closed_on",
                                                          "closure_reason")}
    in_time: dict[str, list[bool]] = {"initial": [], "core": [], "single": []}
    rule = {"initial": "initial_assessment", "core": "core_assessment",
            "single": "single_assessment"}
    for a in cw.Assessment.objects.filter(completed_on__isnull=False).only(
            "kind", "episode_id", "started_on", "completed_on"):
        ep = episodes[a.episode_id]
        counted = a.started_on if a.kind == "core" else ep.referral_date
        assert a.completed_on is not None
        in_time[a.kind].append(a.completed_on <= due(ep.rules, rule[a.kind], counted))
    for kind, results in in_time.items():
        out[f"{kind}_assessments"] = len(results)
        out[f"{kind}_in_time"] = _share(sum(results), len(results))

    strategies: dict[int, list[cw.StrategyDiscussion]] = {}
    for s in cw.StrategyDiscussion.objects.filter(section47=True).order_by("held_on", "pk"):
        strategies.setdefault(s.episode_id, []).append(s)
    icpc = []
    for c in cw.Conference.objects.filter(kind="initial", held_on__isnull=False):
        held = c.held_on
        assert held is not None
        before = [s for s in strategies.get(c.episode_id, ()) if s.held_on <= held]
        if before:
            icpc.append(held <= due(episodes[c.episode_id].rules, "strategy_to_icpc",
                                         before[-1].held_on))
    out["icpc_in_time"] = _share(sum(icpc), len(icpc))
    out["initial_conferences"] = len(icpc)
    out["strategy_discussions"] = cw.StrategyDiscussion.objects.count()
    out["section47"] = cw.Section47.objects.count()

    plans = list(cw.Plan.objects.filter(kind="cp").select_related("conference")
                 .order_by("started_on", "pk"))
    out["cp_plans"] = len(plans)
    categories = Counter(p.category for p in plans)
    out["categories"] = {k: _share(v, len(plans)) for k, v in sorted(categories.items())}
    seen_before: set[int] = set()
    repeats = firsts_in_window = 0
    window = as_of - dt.timedelta(days=round(5 * 365.25))
    for p in plans:
        child = episodes[p.episode_id].child_id
        if p.started_on >= window:
            firsts_in_window += 1
            repeats += child in seen_before
        seen_before.add(child)
    out["repeat_plan_share"] = _share(repeats, firsts_in_window)
    # As NI 64 counts plans ceasing in a year: those that ended in the last two years
    # (earlier ones could only have started inside the window, so none could be long).
    recent = as_of - dt.timedelta(days=730)
    ended = [p for p in plans if p.ended_on is not None and p.ended_on >= recent]
    lengths = [(p.ended_on - p.started_on).days for p in ended if p.ended_on]
    out["ended_plans"] = len(ended)
    out["plan_median_days"] = statistics.median(lengths) if lengths else float("nan")
    out["plans_two_years_or_more"] = _share(sum(n >= 730 for n in lengths), len(lengths))
    children = Person.objects.filter(kind=PersonKind.CHILD, date_of_birth__isnull=False,
                                     date_of_birth__lte=as_of,
                                     date_of_birth__gt=as_of - dt.timedelta(days=18 * 365))
    under_18 = children.count()
    open_plans = sum(1 for p in plans if p.ended_on is None)
    out["on_plan_per_10000"] = 10000 * _share(open_plans, under_18)
    starts = sum(1 for p in plans if p.started_on >= window)
    out["plan_starts_per_10000_a_year"] = 10000 * _share(starts, under_18) / 5
    first_groups = []
    for p in plans:
        if p.conference and p.conference.held_on:
            first = p.core_groups.order_by("held_on").values_list("held_on", flat=True).first()
            if first is not None:
                first_groups.append(first <= due(episodes[p.episode_id].rules,
                                                 "first_core_group", p.conference.held_on))
    out["first_core_group_in_time"] = _share(sum(first_groups), len(first_groups))
    visits = cw.Visit.objects.filter(plan__kind="cp")
    seen = visits.filter(child_seen=True)
    out["visits"] = visits.count()
    out["visits_child_seen"] = _share(seen.count(), visits.count())
    out["visits_seen_alone"] = _share(seen.filter(seen_alone=True).count(), seen.count())
    closed = Counter(e.closure_reason for e in episodes.values() if e.closed_on)
    out["closure_reasons"] = {k: _share(v, sum(closed.values()))
                              for k, v in sorted(closed.items())}
    out["episodes"] = len(episodes)
    out["episodes_open"] = sum(1 for e in episodes.values() if e.closed_on is None)
    return out


def report(as_of: dt.date | None = None) -> str:
    from .generate import DEFAULT_AS_OF

    lines = []
    for key, value in figures(as_of or DEFAULT_AS_OF).items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v:.1%}" for k, v in value.items())
        elif isinstance(value, float):
            value = f"{value:.3f}"
        lines.append(f"  {key:<30} {value}")
    return "\n".join(lines)
