"""Indicators of the front door and assessment: NI 59, NI 60, single assessments, NI 68
and re-referrals.

Assessment deadlines are the casework rules' own (`due` holds the engine's answers): an
initial assessment is due 7 working days after the referral, a core assessment 35 after
it started, a single assessment 45 after the referral. Each procedure set's rule applies
only to episodes opened under it, as on the worklists.
"""

from __future__ import annotations

from .model import Definition, Direction, Indicator, Kind, National, Unit

SEED = "DOMAIN.md §5 seed figures"
ASSESSMENT_COUNTED_FOR = ("The team holding the child's case (or that last held it), and "
                          "the worker who did the assessment (else the allocated worker).")


def _completed_assessment(kind: str, rules: str, rule: str, counted_from: str) -> str:
    return f"""
SELECT e.child_id, e.id AS episode_id, a.completed_on AS event_date,
       TRUE AS in_denominator, a.completed_on <= d.due_on AS in_numerator,
       e.team_id, COALESCE(a.worker_id, e.worker_id) AS worker_id,
       {counted_from} AS counted_from, d.due_on, a.completed_on AS done_on
FROM assessments a
JOIN episodes e ON e.id = a.episode_id
JOIN due d ON d.rule = '{rule}' AND d.start = {counted_from}
WHERE a.kind = '{kind}' AND e.rules = '{rules}' AND a.completed_on IS NOT NULL
"""  # noqa: S608 (built from this module's constants)


NI59 = Indicator(
    numerator_label="Within 7 working days", denominator_label="Completed",
    id="ni59", code="NI 59", group="Assessments",
    title="Initial assessments completed within 7 working days of referral",
    definition=Definition(
        numerator="Initial assessments completed on or before the 7th working day after "
                  "the referral date (the deadline the worklists show).",
        denominator="Initial assessments completed in the period.",
        period="The month the assessment was completed.",
        exclusions="Assessments not completed: still open (counted when they are) or left "
                   "unfinished when the case closed. Episodes under the 2013 rules, which "
                   "have single assessments instead.",
        counted_for=ASSESSMENT_COUNTED_FOR),
    direction=Direction.HIGHER, unit=Unit.PERCENT, kind=Kind.FLOW,
    national=National(68.0, "", SEED),
    tables=("assessments", "episodes"), deadlines=("initial_assessment",),
    sql=_completed_assessment("initial", "wt2006", "initial_assessment", "e.referral_date"),
    counted_from_label="Referral", due_label="Due", done_label="Completed")

NI60 = Indicator(
    numerator_label="Within 35 working days", denominator_label="Completed",
    id="ni60", code="NI 60", group="Assessments",
    title="Core assessments completed within 35 working days of their start",
    definition=Definition(
        numerator="Core assessments completed on or before the 35th working day after the "
                  "day the core assessment started.",
        denominator="Core assessments completed in the period.",
        period="The month the assessment was completed.",
        exclusions="Assessments not completed (still open, or left unfinished when the case "
                   "closed). Episodes under the 2013 rules.",
        counted_for=ASSESSMENT_COUNTED_FOR),
    direction=Direction.HIGHER, unit=Unit.PERCENT, kind=Kind.FLOW,
    national=National(78.0, "", SEED),
    tables=("assessments", "episodes"), deadlines=("core_assessment",),
    sql=_completed_assessment("core", "wt2006", "core_assessment", "a.started_on"),
    counted_from_label="Started", due_label="Due", done_label="Completed")

SINGLE = Indicator(
    numerator_label="Within 45 working days", denominator_label="Completed",
    id="single45", code="", group="Assessments",
    title="Single assessments completed within 45 working days of referral",
    definition=Definition(
        numerator="Single assessments completed on or before the 45th working day after the "
                  "referral date.",
        denominator="Single assessments completed in the period.",
        period="The month the assessment was completed.",
        exclusions="Assessments not completed (still open, or left unfinished when the case "
                   "closed). Episodes under the 2006 rules, which have initial and core "
                   "assessments instead.",
        counted_for=ASSESSMENT_COUNTED_FOR),
    direction=Direction.HIGHER, unit=Unit.PERCENT, kind=Kind.FLOW, national=None,
    tables=("assessments", "episodes"), deadlines=("single_assessment",),
    sql=_completed_assessment("single", "wt2013", "single_assessment", "e.referral_date"),
    counted_from_label="Referral", due_label="Due", done_label="Completed")

NI68 = Indicator(
    numerator_label="Went on to assessment", denominator_label="Children referred",
    id="ni68", code="NI 68", group="Front door",
    title="Referrals going on to initial or single assessment",
    definition=Definition(
        numerator="Of those, the children for whom the referral opened a case in which an "
                  "initial assessment (2006 rules) or a single assessment (2013 rules) was "
                  "started.",
        denominator="Children named on referrals whose decision a manager has signed off "
                    "(each child on a referral counts once), whatever the decision: no "
                    "further action, early help, assessment or strategy discussion.",
        period="The month the referral was received (in England's time).",
        exclusions="Referrals still waiting for a decision or for sign-off; decisions "
                   "returned by the manager; people on a referral not linked to a child's "
                   "record; the adults on it.",
        counted_for="The worker who made the decision on the referral, and their team."),
    direction=Direction.HIGHER, unit=Unit.PERCENT, kind=Kind.FLOW, national=None,
    tables=("referrals", "referral_children", "decisions", "episodes", "assessments", "staff"),
    sql="""
WITH decided AS (
    SELECT DISTINCT rc.referral_id, rc.child_id, r.received_on, d.decided_by_id
    FROM referral_children rc
    JOIN referrals r ON r.id = rc.referral_id
    JOIN decisions d ON d.referral_id = rc.referral_id
), assessed AS (
    SELECT e.referral_id, e.child_id, min(e.id) AS episode_id, min(a.started_on) AS started_on
    FROM episodes e
    JOIN assessments a ON a.episode_id = e.id AND a.kind IN ('initial', 'single')
    WHERE e.referral_id IS NOT NULL
    GROUP BY e.referral_id, e.child_id
)
SELECT d.child_id, x.episode_id, d.received_on AS event_date,
       TRUE AS in_denominator, x.referral_id IS NOT NULL AS in_numerator,
       s.team_id, d.decided_by_id AS worker_id,
       d.received_on AS counted_from, NULL::DATE AS due_on, x.started_on AS done_on
FROM decided d
LEFT JOIN assessed x ON x.referral_id = d.referral_id AND x.child_id = d.child_id
LEFT JOIN staff s ON s.id = d.decided_by_id
""",
    counted_from_label="Referral received", done_label="Assessment started")

REREFERRALS = Indicator(
    numerator_label="Re-referrals", denominator_label="Referrals",
    id="rereferrals", code="", group="Front door",
    title="Re-referrals within 12 months of a previous referral",
    definition=Definition(
        numerator="Of those, referrals of a child who had another referral to children's "
                  "social care in the 12 months before (on or after the same date a year "
                  "earlier).",
        denominator="Referrals that opened a child's case (an episode, as the Children in "
                    "Need census counts referrals) in the period.",
        period="The month of the referral date.",
        exclusions="Referrals decided without opening a case (no further action, early "
                   "help), and referrals about a child whose case was already open, which "
                   "join that case.",
        counted_for="The team holding the child's case (or that last held it), and the "
                    "allocated worker."),
    direction=Direction.LOWER, unit=Unit.PERCENT, kind=Kind.FLOW,
    national=National(22.0, "", "DOMAIN.md §5, England's current scale"),
    tables=("episodes",),
    sql="""
WITH ordered AS (
    SELECT e.*, lag(e.referral_date) OVER (PARTITION BY e.child_id
                                           ORDER BY e.referral_date, e.id) AS previous
    FROM episodes e
)
SELECT child_id, id AS episode_id, referral_date AS event_date, TRUE AS in_denominator,
       coalesce(previous >= CAST(referral_date - INTERVAL 12 MONTH AS DATE), FALSE)
           AS in_numerator,
       team_id, worker_id, previous AS counted_from, NULL::DATE AS due_on,
       referral_date AS done_on
FROM ordered
""",
    counted_from_label="Previous referral", done_label="This referral")

ASSESSMENT_INDICATORS = (NI59, NI60, SINGLE, NI68, REREFERRALS)
