"""The Figure 10 rates: child protection plans per 10,000 children under 18.

The numerator is a count of children (plans) from the records; the denominator is the
authority's under-18 population (`population`), not a list of children. A team's or a
worker's figure is the count alone: a rate needs the population they serve, which no
record holds.
"""

from __future__ import annotations

from .model import Definition, Direction, Indicator, Kind, National, Unit
from .plans_sql import CP_PLANS
from .protection import PLAN_COUNTED_FOR, PLAN_TABLES

SOURCE = "DOMAIN.md §5 seed figures (England)"
POPULATION = ("The authority's children under 18 (the EVERYCHILD_UNDER18_POPULATION "
              "setting).")
PER_MONTH = ("A month's rate is the month's count per 10,000; compare it with a twelfth of "
             "the national yearly rate.")


def _flow(event: str, condition: str = "TRUE") -> str:
    return f"""
WITH {CP_PLANS}, ordered AS (
    SELECT cp.*, lag(started_on) OVER (PARTITION BY child_id ORDER BY started_on, plan_id)
               AS previous
    FROM cp
)
SELECT child_id, episode_id, {event} AS event_date, TRUE AS in_denominator,
       TRUE AS in_numerator, team_id, worker_id, started_on AS counted_from,
       previous AS due_on, ended_on AS done_on
FROM ordered
WHERE {event} IS NOT NULL AND {condition}
"""  # noqa: S608 (built from this module's constants)


ON_PLANS = Indicator(
    numerator_label="Children on a plan",
    id="cpp_rate", code="", group="Rates per 10,000 children",
    title="Children subject to a child protection plan at the end of the period",
    definition=Definition(
        numerator="Children on a child protection plan at the end of the last day of the "
                  "period (a plan that ended that day does not count).",
        denominator=POPULATION,
        period="The last day of the month; a year's figure is at 31 March (or at the end "
               "of the latest month shown).",
        exclusions="Child in need plans.",
        counted_for=PLAN_COUNTED_FOR),
    direction=Direction.NEITHER, unit=Unit.PER_10000, kind=Kind.STOCK,
    national=National(25.2, "2006-07", SOURCE),
    tables=PLAN_TABLES,
    sql=f"""
WITH {CP_PLANS}
SELECT cp.child_id, cp.episode_id, m.month_end AS event_date, TRUE AS in_denominator,
       TRUE AS in_numerator, cp.team_id, cp.worker_id, cp.started_on AS counted_from,
       NULL::DATE AS due_on, cp.ended_on AS done_on
FROM months m
JOIN cp ON cp.started_on <= m.month_end AND (cp.ends IS NULL OR cp.ends > m.month_end)
""",  # noqa: S608 (built from this module's constants)
    counted_from_label="Plan started", done_label="Plan ended")

REGISTRATIONS = Indicator(
    numerator_label="Plans started",
    id="cpp_starts", code="", group="Rates per 10,000 children",
    title="Child protection registrations (plans starting)",
    definition=Definition(
        numerator="Child protection plans that started in the period.",
        denominator=POPULATION, period="The month the plan started. " + PER_MONTH,
        exclusions="Child in need plans.", counted_for=PLAN_COUNTED_FOR),
    direction=Direction.NEITHER, unit=Unit.PER_10000, kind=Kind.FLOW,
    national=National(30.1, "2006-07", SOURCE), tables=PLAN_TABLES,
    sql=_flow("started_on"),
    counted_from_label="Plan started", due_label="Previous plan started",
    done_label="Plan ended")

REREGISTRATIONS = Indicator(
    numerator_label="Second or later plans started",
    id="cpp_restarts", code="", group="Rates per 10,000 children",
    title="Re-registrations (plans starting for a child who had one before)",
    definition=Definition(
        numerator="Child protection plans that started in the period for a child who had "
                  "been the subject of a plan before.",
        denominator=POPULATION, period="The month the plan started. " + PER_MONTH,
        exclusions="First plans; child in need plans.", counted_for=PLAN_COUNTED_FOR),
    direction=Direction.NEITHER, unit=Unit.PER_10000, kind=Kind.FLOW,
    national=National(13.4, "", SOURCE), tables=PLAN_TABLES,
    sql=_flow("started_on", "previous IS NOT NULL"),
    counted_from_label="Plan started", due_label="Previous plan started",
    done_label="Plan ended")

DISCONTINUED = Indicator(
    numerator_label="Plans ended",
    id="cpp_ended", code="", group="Rates per 10,000 children",
    title="Child protection plans discontinued (ending)",
    definition=Definition(
        numerator="Child protection plans that ended in the period.",
        denominator=POPULATION, period="The month the plan ended. " + PER_MONTH,
        exclusions="Plans still running; child in need plans.", counted_for=PLAN_COUNTED_FOR),
    direction=Direction.NEITHER, unit=Unit.PER_10000, kind=Kind.FLOW,
    national=National(28.8, "", SOURCE), tables=PLAN_TABLES,
    sql=_flow("ended_on"),
    counted_from_label="Plan started", due_label="Previous plan started",
    done_label="Plan ended")

RATE_INDICATORS = (ON_PLANS, REGISTRATIONS, REREGISTRATIONS, DISCONTINUED)
