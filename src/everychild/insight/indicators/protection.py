"""Child protection indicators: NI 64 and NI 65 (plans), NI 67 (reviews), ICPCs within
15 working days, first core groups and statutory visits in timescale.

Deadlines are the casework engine's (see `deadlines`), and which item is due when
follows the engine too: the initial conference counts from the last strategy discussion
that started an enquiry still heading for a conference, core groups and reviews from the
initial conference that made the plan, visits from the plan's start and then from each
visit at which the child was seen, at the plan's own interval or the authority's.
"""

from __future__ import annotations

from .model import Definition, Direction, Indicator, Kind, National, Unit
from .plans_sql import CP_PLANS, MISSED_BY, REVIEW_ITEMS

SEED_NI64 = National(5.8, "", "DOMAIN.md §5 seed figures")
PLAN_COUNTED_FOR = ("The team holding the child's case (or that last held it), and the "
                    "plan's key worker (else the allocated worker).")
CASE_COUNTED_FOR = ("The team holding the child's case (or that last held it), and the "
                    "allocated worker.")
PLAN_TABLES = ("plans", "episodes", "conferences")

NI64 = Indicator(
    numerator_label="Lasted 2 years or more", denominator_label="Plans ended",
    id="ni64", code="NI 64", group="Child protection plans",
    title="Child protection plans ending that had lasted 2 years or more",
    definition=Definition(
        numerator="Of those, plans that had lasted 2 years or more (ended on or after the "
                  "same date two years after they started).",
        denominator="Child protection plans that ended in the period.",
        period="The month the plan ended.",
        exclusions="Plans still running; child in need plans.",
        counted_for=PLAN_COUNTED_FOR),
    direction=Direction.LOWER, unit=Unit.PERCENT, kind=Kind.FLOW, national=SEED_NI64,
    tables=PLAN_TABLES,
    sql=f"""
WITH {CP_PLANS}
SELECT child_id, episode_id, ended_on AS event_date, TRUE AS in_denominator,
       ended_on >= CAST(started_on + INTERVAL 2 YEAR AS DATE) AS in_numerator,
       team_id, worker_id, started_on AS counted_from, NULL::DATE AS due_on,
       ended_on AS done_on
FROM cp
WHERE ended_on IS NOT NULL
""",  # noqa: S608 (built from this module's constants)
    counted_from_label="Plan started", done_label="Plan ended")

NI65 = Indicator(
    numerator_label="Second or later plan", denominator_label="Plans started",
    id="ni65", code="NI 65", group="Child protection plans",
    title="Children becoming the subject of a child protection plan for a second or later time",
    definition=Definition(
        numerator="Of those, plans for a child who had been the subject of a child "
                  "protection plan before (at any time, in this authority's records).",
        denominator="Child protection plans that started in the period.",
        period="The month the plan started.",
        exclusions="Child in need plans.",
        counted_for=PLAN_COUNTED_FOR),
    direction=Direction.LOWER, unit=Unit.PERCENT, kind=Kind.FLOW, national=None,
    tables=PLAN_TABLES,
    sql=f"""
WITH {CP_PLANS}, ordered AS (
    SELECT cp.*, lag(started_on) OVER (PARTITION BY child_id ORDER BY started_on, plan_id)
               AS previous
    FROM cp
)
SELECT child_id, episode_id, started_on AS event_date, TRUE AS in_denominator,
       previous IS NOT NULL AS in_numerator, team_id, worker_id,
       previous AS counted_from, NULL::DATE AS due_on, started_on AS done_on
FROM ordered
""",  # noqa: S608 (built from this module's constants)
    counted_from_label="Previous plan started", done_label="This plan started")

NI67 = Indicator(
    numerator_label="Every review on time", denominator_label="On a plan 3 months or more",
    id="ni67", code="NI 67", group="Child protection plans",
    title="Child protection cases reviewed within timescales",
    definition=Definition(
        numerator="Of those, children every one of whose review conferences due by the end "
                  "of the period was held on time: the first within 3 months of the initial "
                  "conference, each later one within 6 months of the one before (a deadline "
                  "falling on a day the office is shut moves back to the working day "
                  "before, as on the worklists).",
        denominator="Children on a child protection plan at the end of the period whose "
                    "plan had by then lasted at least 3 months.",
        period="The last day of the month, or today for the month under way (a year's "
               "figure is at 31 March, or at the end of the latest month shown).",
        exclusions="Plans that had lasted less than 3 months; reviews of a plan after it "
                   "ended; cancelled conferences.",
        counted_for=PLAN_COUNTED_FOR),
    direction=Direction.HIGHER, unit=Unit.PERCENT, kind=Kind.STOCK, national=None,
    tables=PLAN_TABLES, deadlines=("first_review", "later_review"),
    sql=f"""
WITH {CP_PLANS}, {REVIEW_ITEMS}, as_at AS (
    -- The month under way is read as at today: its last day has not come yet, and a
    -- review due later this month is not missed.
    SELECT month_end, least(month_end, $today) AS day FROM months
), snapshot AS (
    SELECT m.month_end, m.day, cp.*
    FROM as_at m
    JOIN cp ON CAST(cp.started_on + INTERVAL 3 MONTH AS DATE) <= m.day
           AND (cp.ends IS NULL OR cp.ends > m.day)
), missed AS (
    SELECT s.month_end, s.plan_id, min(r.due_on) AS due_on,
           arg_min(r.done_on, r.due_on) AS done_on
    FROM snapshot s
    JOIN review_due r ON r.plan_id = s.plan_id
    WHERE r.due_on <= s.day
      AND (r.done_on > r.due_on OR (r.done_on IS NULL AND r.due_on < $today))
    GROUP BY s.month_end, s.plan_id
)
SELECT s.child_id, s.episode_id, s.month_end AS event_date, TRUE AS in_denominator,
       m.plan_id IS NULL AS in_numerator, s.team_id, s.worker_id,
       s.started_on AS counted_from, m.due_on, m.done_on
FROM snapshot s
LEFT JOIN missed m ON m.month_end = s.month_end AND m.plan_id = s.plan_id
""",  # noqa: S608 (built from this module's constants)
    counted_from_label="Plan started", due_label="First review missed: due",
    done_label="Held")

ICPC = Indicator(
    numerator_label="Within 15 working days", denominator_label="Conferences held",
    id="icpc15", code="", group="Child protection enquiries",
    title="Initial child protection conferences within 15 working days of the strategy "
          "discussion",
    definition=Definition(
        numerator="Of those, conferences held on or before the 15th working day after the "
                  "last strategy discussion before them that started a section 47 enquiry.",
        denominator="Initial child protection conferences held in the period that followed "
                    "such a strategy discussion (the first conference after it, if there "
                    "were two).",
        period="The month the conference was held.",
        exclusions="Conferences cancelled or not yet held; strategy discussions whose "
                   "enquiry concluded that no conference was needed; conferences with no "
                   "strategy discussion before them.",
        counted_for=CASE_COUNTED_FOR),
    direction=Direction.HIGHER, unit=Unit.PERCENT, kind=Kind.FLOW, national=None,
    tables=("strategies", "enquiries", "conferences", "episodes"),
    deadlines=("strategy_to_icpc",),
    sql="""
WITH own AS (
    SELECT strategy_id, outcome,
           row_number() OVER (PARTITION BY strategy_id ORDER BY started_on DESC, id DESC) AS n
    FROM enquiries
), under_way AS (
    SELECT s.id AS strategy_id, q.outcome,
           row_number() OVER (PARTITION BY s.id ORDER BY q.started_on DESC, q.id DESC) AS n
    FROM strategies s
    JOIN enquiries q ON q.episode_id = s.episode_id AND q.started_on <= s.held_on
                    AND (q.completed_on IS NULL OR q.completed_on >= s.held_on)
), candidates AS (
    SELECT s.id, s.episode_id, s.held_on
    FROM strategies s
    LEFT JOIN own o ON o.strategy_id = s.id AND o.n = 1
    LEFT JOIN under_way u ON u.strategy_id = s.id AND u.n = 1
    WHERE s.section47
      AND coalesce(o.outcome, u.outcome, '') NOT IN ('not_substantiated',
                                                     'substantiated_not_at_risk')
), anchored AS (
    SELECT c.id AS conference_id, c.episode_id, c.held_on, s.id AS strategy_id,
           s.held_on AS strategy_on,
           row_number() OVER (PARTITION BY c.id ORDER BY s.held_on DESC, s.id DESC) AS latest
    FROM conferences c
    JOIN candidates s ON s.episode_id = c.episode_id AND s.held_on <= c.held_on
    WHERE c.kind = 'initial' AND c.status <> 'cancelled' AND c.held_on IS NOT NULL
), firsts AS (
    SELECT *, row_number() OVER (PARTITION BY strategy_id ORDER BY held_on, conference_id)
              AS nth
    FROM anchored
    WHERE latest = 1
)
SELECT e.child_id, f.episode_id, f.held_on AS event_date, TRUE AS in_denominator,
       f.held_on <= d.due_on AS in_numerator, e.team_id, e.worker_id,
       f.strategy_on AS counted_from, d.due_on, f.held_on AS done_on
FROM firsts f
JOIN episodes e ON e.id = f.episode_id
JOIN due d ON d.rule = 'strategy_to_icpc' AND d.start = f.strategy_on
WHERE f.nth = 1
""",
    counted_from_label="Strategy discussion", done_label="Conference held")

CORE_GROUPS = Indicator(
    numerator_label="On time", denominator_label="First core groups due",
    id="coregroups", code="", group="Child protection plans",
    title="First core groups within 10 working days of the initial conference",
    definition=Definition(
        numerator="Of those, plans whose first core group met on or before the 10th working "
                  "day after the initial conference that made the plan.",
        denominator="Child protection plans whose first core group fell due in the period "
                    "and either met or was missed (due and not held by today, or by the day "
                    "the plan ended).",
        period="The month the first core group was due.",
        exclusions="Plans that ended before their first core group fell due; first core "
                   "groups not yet due; child in need plans.",
        counted_for=PLAN_COUNTED_FOR),
    direction=Direction.HIGHER, unit=Unit.PERCENT, kind=Kind.FLOW, national=None,
    tables=(*PLAN_TABLES, "core_groups"), deadlines=("first_core_group",),
    sql=f"""
WITH {CP_PLANS}, first AS (
    SELECT plan_id, min(held_on) AS held_on FROM core_groups GROUP BY plan_id
)
SELECT cp.child_id, cp.episode_id, d.due_on AS event_date, TRUE AS in_denominator,
       coalesce(f.held_on <= d.due_on, FALSE) AS in_numerator, cp.team_id, cp.worker_id,
       cp.clock_start AS counted_from, d.due_on, f.held_on AS done_on
FROM cp
JOIN due d ON d.rule = 'first_core_group' AND d.start = cp.clock_start
LEFT JOIN first f ON f.plan_id = cp.plan_id
WHERE f.held_on IS NOT NULL OR {MISSED_BY} > d.due_on
""",  # noqa: S608 (built from this module's constants)
    counted_from_label="Initial conference", done_label="First core group")

VISITS = Indicator(
    numerator_label="On time", denominator_label="Visits due",
    id="visits", code="", group="Child protection plans",
    title="Statutory visits to children on plans made in timescale",
    definition=Definition(
        numerator="Of those, visits made in time: the child was seen on or before the due "
                  "day.",
        denominator="Statutory visits that fell due in the period: each due the plan's "
                    "interval in working days (the plan's own, else the authority's) after "
                    "the plan started, then after each visit at which the child was seen; "
                    "counted once the child was seen, or once missed (not seen by the due "
                    "day, by today or by the day the plan ended).",
        period="The month the visit was due.",
        exclusions="Visits at which the child was not seen (they do not stop the clock); "
                   "visits not yet due; visits that would have fallen due after the plan "
                   "ended; child in need plans.",
        counted_for=PLAN_COUNTED_FOR),
    direction=Direction.HIGHER, unit=Unit.PERCENT, kind=Kind.FLOW, national=None,
    tables=(*PLAN_TABLES, "visits"), deadlines=("visit",),
    sql=f"""
WITH {CP_PLANS}, points AS (
    SELECT plan_id, started_on AS day FROM cp
    UNION
    SELECT cp.plan_id, v.visited_on
    FROM cp
    JOIN visits v ON v.episode_id = cp.episode_id
                 AND (v.plan_id = cp.plan_id OR (v.plan_id IS NULL
                                                 AND (cp.ended_on IS NULL
                                                      OR v.visited_on <= cp.ended_on)))
    WHERE v.visited_on >= cp.started_on AND (cp.ends IS NULL OR v.visited_on <= cp.ends)
), chain AS (
    SELECT plan_id, day, lead(day) OVER (PARTITION BY plan_id ORDER BY day) AS next_day
    FROM points
)
SELECT cp.child_id, cp.episode_id, d.due_on AS event_date, TRUE AS in_denominator,
       coalesce(c.next_day <= d.due_on, FALSE) AS in_numerator, cp.team_id, cp.worker_id,
       c.day AS counted_from, d.due_on, c.next_day AS done_on
FROM chain c
JOIN cp ON cp.plan_id = c.plan_id
JOIN due d ON d.rule = 'visit' AND d.amount = cp.visit_interval AND d.start = c.day
WHERE c.next_day IS NOT NULL OR {MISSED_BY} > d.due_on
""",  # noqa: S608 (built from this module's constants)
    counted_from_label="Since (plan start or last visit)", due_label="Visit due",
    done_label="Child seen")

PROTECTION_INDICATORS = (ICPC, NI64, NI65, NI67, CORE_GROUPS, VISITS)
