"""Query fragments the child protection indicators share.

`CP_PLANS` is every child protection plan with what the indicators ask of it: the child,
the team, the worker it is counted for (the key worker, else the allocated worker), the
day its timescales count from (the initial conference that made it, if held, else the
plan's start, as the casework engine does) and the day it stopped (`ends`: the plan's
end or the case's closure, whichever came first).
"""

CP_PLANS = """
cp AS (
    SELECT p.id AS plan_id, p.episode_id, p.started_on, p.ended_on, e.child_id, e.team_id,
           coalesce(p.key_worker_id, e.worker_id) AS worker_id,
           coalesce(nullif(p.visit_interval, 0), $visit_interval) AS visit_interval,
           coalesce(ic.held_on, p.started_on) AS clock_start,
           least(p.ended_on, e.closed_on) AS ends
    FROM plans p
    JOIN episodes e ON e.id = p.episode_id
    LEFT JOIN conferences ic ON ic.id = p.conference_id AND ic.status <> 'cancelled'
    WHERE p.kind = 'cp'
)"""

# A timescale item not yet done counts once it has been missed: when the plan or case
# stopped after the deadline, or, still running, when today is past it. Stopped before
# its deadline, it never fell due (the engine's rule for lapsed items).
MISSED_BY = "(CASE WHEN cp.ends <= $today THEN cp.ends ELSE $today END)"

# Each review conference held on the plan, and the next one not yet held, with the day
# its clock starts: the first review 3 months from the initial conference, each later
# one 6 months from the one before (reviews after the plan ended are not due).
REVIEW_ITEMS = """
reviews AS (
    SELECT c.plan_id, c.held_on,
           row_number() OVER (PARTITION BY c.plan_id ORDER BY c.held_on, c.id) AS n,
           count(*) OVER (PARTITION BY c.plan_id) AS held
    FROM conferences c
    WHERE c.kind = 'review' AND c.status <> 'cancelled' AND c.held_on IS NOT NULL
      AND c.plan_id IS NOT NULL
), review_items AS (
    SELECT cp.plan_id, coalesce(prev.held_on, cp.clock_start) AS counted_from,
           CASE WHEN r.n = 1 THEN 'first_review' ELSE 'later_review' END AS rule,
           r.held_on AS done_on
    FROM cp
    JOIN reviews r ON r.plan_id = cp.plan_id
    LEFT JOIN reviews prev ON prev.plan_id = r.plan_id AND prev.n = r.n - 1
    WHERE prev.held_on IS NULL OR cp.ended_on IS NULL OR prev.held_on < cp.ended_on
    UNION ALL
    SELECT cp.plan_id, coalesce(last.held_on, cp.clock_start),
           CASE WHEN last.held_on IS NULL THEN 'first_review' ELSE 'later_review' END,
           NULL::DATE
    FROM cp
    LEFT JOIN reviews last ON last.plan_id = cp.plan_id AND last.n = last.held
), review_due AS (
    SELECT i.plan_id, i.counted_from, i.done_on, d.due_on
    FROM review_items i
    JOIN due d ON d.rule = i.rule AND d.start = i.counted_from
)"""
