"""Casework: a child's episode of need and the statutory pathway within it.

An `Episode` is one child's period as a child in need (the census's CINdetails): it
opens from a referral decision, holds the assessments, strategy discussions, section 47
enquiries, conferences, plans, core groups and visits, and closes with a census reason.
A referral about two siblings opens an episode for each. Due dates are not stored: they
are computed from these dates by `casework.timescales` under the rules the episode was
opened under (`rules`), so a change of calendar or rule never leaves stale deadlines.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


class Rules(models.TextChoices):
    WT2006 = "wt2006", "Working Together 2006 (initial and core assessments)"
    WT2013 = "wt2013", "Working Together 2013 onwards (single assessment)"


class ProcedureChoice(models.Model):
    """Which procedure set the authority works to, from a date (the latest on or before a
    referral's date applies; with none, Working Together 2013 onwards)."""

    effective_from = models.DateField(unique=True)
    rules = models.CharField(max_length=10, choices=Rules.choices)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.rules} from {self.effective_from}"


class ClosureReason(models.TextChoices):
    # CIN census ReasonForClosure codes.
    RC1 = "RC1", "Adopted"
    RC2 = "RC2", "Died"
    RC3 = "RC3", "Child arrangements order"
    RC4 = "RC4", "Special guardianship order"
    RC5 = "RC5", "Transferred to services of another local authority"
    RC6 = "RC6", "Transferred to adult social care services"
    RC7 = "RC7", "Services ceased for any other reason, including child no longer in need"
    RC8 = "RC8", "Case closed after assessment, no further action"
    RC9 = "RC9", "Case closed after assessment, referred to early help"


class PrimaryNeed(models.TextChoices):
    # CIN census PrimaryNeedCode.
    N0 = "N0", "Not stated"
    N1 = "N1", "Abuse or neglect"
    N2 = "N2", "Child's disability or illness"
    N3 = "N3", "Parental disability or illness"
    N4 = "N4", "Family in acute stress"
    N5 = "N5", "Family dysfunction"
    N6 = "N6", "Socially unacceptable behaviour"
    N7 = "N7", "Low income"
    N8 = "N8", "Absent parenting"
    N9 = "N9", "Cases other than children in need"


class Category(models.TextChoices):
    # CIN census category of abuse for a child protection plan.
    NEGLECT = "NEG", "Neglect"
    PHYSICAL = "PHY", "Physical abuse"
    EMOTIONAL = "EMO", "Emotional abuse"
    SEXUAL = "SAB", "Sexual abuse"
    MULTIPLE = "MUL", "Multiple"


class Episode(models.Model):
    ref = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="episodes")
    referral = models.ForeignKey("referrals.Referral", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="episodes")
    # The census's CINreferralDate: the day the referral was received.
    referral_date = models.DateField()
    rules = models.CharField(max_length=10, choices=Rules.choices)
    primary_need = models.CharField(max_length=2, choices=PrimaryNeed.choices, blank=True)
    team = models.ForeignKey("agencies.Team", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="episodes")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.PROTECT, related_name="episodes",
                               help_text="The allocated social worker")
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=3, choices=ClosureReason.choices, blank=True)
    closure_note = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-referral_date", "-id"]
        constraints = [
            # One open episode per child: a new referral about a child already open is
            # added to the open episode, not started beside it.
            models.UniqueConstraint(fields=["child"], condition=Q(closed_on__isnull=True),
                                    name="one_open_episode_per_child"),
        ]
        indexes = [models.Index(fields=["worker", "closed_on"]),
                   models.Index(fields=["team", "closed_on"]),
                   models.Index(fields=["child", "referral_date"])]

    def __str__(self) -> str:
        return f"Episode {self.pk} for {self.child_id}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class AssessmentKind(models.TextChoices):
    INITIAL = "initial", "Initial assessment"
    CORE = "core", "Core assessment"
    SINGLE = "single", "Single assessment"


class AssessmentStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    AWAITING_AUTHORISATION = "awaiting_authorisation", "Completed: awaiting authorisation"
    AUTHORISED = "authorised", "Authorised"


class AssessmentOutcome(models.TextChoices):
    NFA = "nfa", "No further action"
    EARLY_HELP = "early_help", "Early help"
    CIN_PLAN = "cin_plan", "Child in need plan"
    CORE_ASSESSMENT = "core_assessment", "Core assessment"
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion"
    CONTINUE = "continue", "Continue current work"


class Assessment(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="assessments")
    kind = models.CharField(max_length=10, choices=AssessmentKind.choices)
    started_on = models.DateField()
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=25, choices=AssessmentStatus.choices,
                              default=AssessmentStatus.IN_PROGRESS)
    completed_on = models.DateField(null=True, blank=True)
    child_seen_on = models.DateField(null=True, blank=True)
    # Why the child was not seen, when an assessment is completed without seeing them.
    child_not_seen_reason = models.TextField(blank=True)
    child_views = models.TextField(blank=True)
    # CIN census assessment factor codes (e.g. "2B", "3A", "21").
    factors = models.JSONField(default=list, blank=True)
    analysis = models.TextField(blank=True)
    outcome = models.CharField(max_length=25, choices=AssessmentOutcome.choices, blank=True)
    late_reason = models.TextField(blank=True)
    authorised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    authorised_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["started_on", "id"]
        indexes = [models.Index(fields=["episode", "kind"]),
                   models.Index(fields=["status", "started_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"


class StrategyDiscussion(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT,
                                related_name="strategy_discussions")
    held_on = models.DateField()
    information_shared = models.TextField(blank=True)
    # Decide on a section 47 enquiry: "yes" starts one, "no" records why not.
    section47 = models.BooleanField()
    reasons = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"Strategy discussion {self.pk}"


class StrategyAttendee(models.Model):
    discussion = models.ForeignKey(StrategyDiscussion, on_delete=models.PROTECT,
                                   related_name="attendees")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"StrategyAttendee {self.pk}"


class Section47Outcome(models.TextChoices):
    NOT_SUBSTANTIATED = "not_substantiated", "Concerns not substantiated"
    SUBSTANTIATED_NOT_AT_RISK = ("substantiated_not_at_risk",
                                 "Concerns substantiated, but the child is not judged to be "
                                 "at continuing risk of significant harm")
    SUBSTANTIATED_CONFERENCE = ("substantiated_conference",
                                "Concerns substantiated and the child judged to be at "
                                "continuing risk: initial child protection conference")


class Section47(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="enquiries")
    strategy = models.ForeignKey(StrategyDiscussion, on_delete=models.PROTECT,
                                 related_name="enquiries")
    started_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=30, choices=Section47Outcome.choices, blank=True)
    findings = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return f"Section 47 enquiry {self.pk}"


class ConferenceKind(models.TextChoices):
    INITIAL = "initial", "Initial child protection conference"
    REVIEW = "review", "Review child protection conference"


class ConferenceStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held: minutes to send"
    CLOSED = "closed", "Minutes sent"
    CANCELLED = "cancelled", "Cancelled"


class ConferenceDecision(models.TextChoices):
    PLAN = "plan", "Child protection plan"
    CONTINUE = "continue", "Continue the child protection plan"
    NO_PLAN = "no_plan", "No child protection plan"
    END_PLAN = "end_plan", "End the child protection plan"


class Conference(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="conferences")
    kind = models.CharField(max_length=10, choices=ConferenceKind.choices)
    # The enquiry an initial conference follows; reviews name the plan they review.
    section47 = models.ForeignKey(Section47, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="conferences")
    plan = models.ForeignKey("Plan", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="reviews")
    # True when a review is brought forward because the plan is not working.
    reconvened = models.BooleanField(default=False)
    reconvene_reason = models.TextField(blank=True)
    scheduled_for = models.DateTimeField()
    venue = models.CharField(max_length=200, blank=True)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.PROTECT, related_name="chaired_conferences")
    status = models.CharField(max_length=10, choices=ConferenceStatus.choices,
                              default=ConferenceStatus.SCHEDULED)
    held_on = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=10, choices=ConferenceDecision.choices, blank=True)
    category = models.CharField(max_length=3, choices=Category.choices, blank=True)
    decision_reasons = models.TextField(blank=True)
    # When the decision was recorded: the conference's place in the chronology, which a
    # later change (minutes sent, an amendment) must not move.
    decided_at = models.DateTimeField(null=True, blank=True)
    first_core_group_on = models.DateField(null=True, blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    minutes = models.TextField(blank=True)
    minutes_sent_at = models.DateTimeField(null=True, blank=True)
    # Why it was arranged beyond its timescale, and why it went ahead although the family
    # had not seen every agency's report: both must be on the record when they happen.
    late_reason = models.TextField(blank=True)
    unshared_reports_reason = models.TextField(blank=True)
    # A conference called off before it met: when, and why (the invitees were told).
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["scheduled_for", "id"]
        indexes = [models.Index(fields=["status", "scheduled_for"]),
                   models.Index(fields=["chair", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"


class InviteeKind(models.TextChoices):
    AGENCY = "agency", "Agency"
    FAMILY = "family", "Family member"
    CHILD = "child", "The child"


class Attendance(models.TextChoices):
    NOT_RECORDED = "", "Not recorded"
    ATTENDED = "attended", "Attended"
    APOLOGIES = "apologies", "Sent apologies"
    ABSENT = "absent", "Did not attend"


class MinutesSentBy(models.TextChoices):
    EMAIL = "email", "By email"
    OTHER = "other", "By post or by hand"


class ConferenceInvitee(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, related_name="invitees")
    kind = models.CharField(max_length=10, choices=InviteeKind.choices)
    agency = models.ForeignKey("agencies.Agency", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.PROTECT, related_name="conference_invitations")
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    invited_at = models.DateTimeField()
    # An agency's report for the conference, and when it was shared with the parents.
    report = models.TextField(blank=True)
    report_submitted_at = models.DateTimeField(null=True, blank=True)
    report_shared_with_family_at = models.DateTimeField(null=True, blank=True)
    # Bumped with each report submitted, so a second submission made from a stale page is
    # refused rather than silently replacing the first.
    report_version = models.PositiveIntegerField(default=0)
    attendance = models.CharField(max_length=10, choices=Attendance.choices, blank=True)
    minutes_sent_at = models.DateTimeField(null=True, blank=True)
    minutes_sent_by = models.CharField(max_length=10, choices=MinutesSentBy.choices, blank=True)

    class Meta:
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return self.name


class Dissent(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, related_name="dissents")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    invitee = models.ForeignKey(ConferenceInvitee, null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    view = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Dissent {self.pk}"


class AmendmentStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class MinutesAmendment(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.PROTECT,
                                   related_name="amendments")
    invitee = models.ForeignKey(ConferenceInvitee, null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    request = models.TextField()
    status = models.CharField(max_length=10, choices=AmendmentStatus.choices,
                              default=AmendmentStatus.REQUESTED)
    response = models.TextField(blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "id"]

    def __str__(self) -> str:
        return f"MinutesAmendment {self.pk}"


class PlanKind(models.TextChoices):
    CHILD_PROTECTION = "cp", "Child protection plan"
    CHILD_IN_NEED = "cin", "Child in need plan"


class Plan(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="plans")
    kind = models.CharField(max_length=3, choices=PlanKind.choices)
    # The conference that made a child protection plan.
    conference = models.ForeignKey(Conference, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="plans_made")
    category = models.CharField(max_length=3, choices=Category.choices, blank=True)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.TextField(blank=True)
    key_worker = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="key_worker_plans")
    # Statutory visits: how often the child must be seen (working days); blank uses the
    # authority's setting (EVERYCHILD_VISIT_INTERVAL_WORKING_DAYS).
    visit_interval_working_days = models.PositiveSmallIntegerField(null=True, blank=True)
    outcomes = models.TextField(blank=True, help_text="What must change for the child")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["started_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["episode", "kind"], condition=Q(ended_on__isnull=True),
                                    name="one_open_plan_of_a_kind_per_episode"),
        ]
        indexes = [models.Index(fields=["kind", "ended_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class CoreGroupMember(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="members")
    agency = models.ForeignKey("agencies.Agency", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.PROTECT, related_name="core_groups")
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["joined_on", "id"]

    def __str__(self) -> str:
        return f"CoreGroupMember {self.pk}"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    DROPPED = "dropped", "No longer needed"


class PlanAction(models.Model):
    """A specific, owned and dated action in a plan."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField()
    outcome_sought = models.TextField(blank=True)
    owner_agency = models.ForeignKey("agencies.Agency", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    owner_staff = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="plan_actions")
    owner_name = models.CharField(max_length=200)
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=ActionStatus.choices,
                              default=ActionStatus.OPEN)
    completed_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"PlanAction {self.pk}"


class ActionProgress(models.Model):
    action = models.ForeignKey(PlanAction, on_delete=models.PROTECT, related_name="progress")
    note = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"ActionProgress {self.pk}"


class CoreGroupMeeting(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="core_groups")
    held_on = models.DateField()
    attendees = models.JSONField(default=list, blank=True,
                                 help_text="Names (and agencies) of those present")
    notes = models.TextField(blank=True)
    plan_working = models.BooleanField(default=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["held_on", "id"]
        indexes = [models.Index(fields=["plan", "held_on"])]

    def __str__(self) -> str:
        return f"CoreGroupMeeting {self.pk}"


class Visit(models.Model):
    """A statutory visit: the date, whether the child was seen, and seen alone."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="visits")
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="visits")
    visited_on = models.DateField()
    child_seen = models.BooleanField()
    seen_alone = models.BooleanField()
    not_seen_reason = models.TextField(blank=True)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["visited_on", "id"]
        indexes = [models.Index(fields=["episode", "visited_on"])]

    def __str__(self) -> str:
        return f"Visit {self.pk}"


class ChangeKind(models.TextChoices):
    NEW_ADULT = "new_adult", "A new adult in the household"
    MOVE = "move", "The family moved"
    NEW_BABY = "new_baby", "A new baby"
    WORKER = "worker", "Change of allocated worker"
    PLAN_STARTED = "plan_started", "Child protection plan started"
    PLAN_ENDED = "plan_ended", "Plan ended"
    CLOSED = "closed", "Case closed"
    OTHER = "other", "Other change of circumstances"


class CircumstanceChange(models.Model):
    """Something every involved agency must hear of; the notices go through the outbox."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField(max_length=20, choices=ChangeKind.choices)
    summary = models.TextField()
    occurred_on = models.DateField()
    # Agencies told, as [agency id, ...]: kept with the change, so "who was told" is a
    # fact of record and not recomputed from today's involvement list.
    agencies_told = models.JSONField(default=list, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"CircumstanceChange {self.pk}"
