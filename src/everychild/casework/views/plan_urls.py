"""The pages of the second half of the pathway: conferences (social care's and the
chair's, and each invited agency's own), plans with their core groups and actions, and
statutory visits. All but an agency's list of its invitations sit under the child's
/people/<ref>/case/, so access is always judged against the child; sub-records by id,
always looked for among that child's own."""

from django.urls import URLPattern, path

from . import conference_invitations as invitations
from . import conferences, plans, visits

CASE = "people/<uuid:ref>/case/"
CONFERENCE = CASE + "conferences/<int:conference_id>/"
INVITATION = CONFERENCE + "invitations/<int:invitee_id>/"
PLAN = CASE + "plans/<int:plan_id>/"
ACTION = PLAN + "actions/<int:action_id>/"

urlpatterns: list[URLPattern] = [
    # Conferences: arranging, the chair's page and forms.
    path(CASE + "conferences/new/", conferences.conference_schedule,
         name="conference-schedule"),
    path(CONFERENCE, conferences.conference, name="conference"),
    path(CONFERENCE + "invitees/new/", conferences.conference_invitee_add,
         name="conference-invitee-add"),
    path(CONFERENCE + "attendance/", conferences.conference_attendance,
         name="conference-attendance"),
    path(CONFERENCE + "decision/", conferences.conference_decision, name="conference-decision"),
    path(CONFERENCE + "first-core-group/", conferences.conference_first_core_group,
         name="conference-first-core-group"),
    path(CONFERENCE + "dissent/", conferences.conference_dissent, name="conference-dissent"),
    path(CONFERENCE + "minutes/", conferences.conference_minutes, name="conference-minutes"),
    path(CONFERENCE + "minutes/send/", conferences.conference_minutes_send,
         name="conference-minutes-send"),
    path(CONFERENCE + "amendments/<int:amendment_id>/", conferences.conference_amendment,
         name="conference-amendment"),
    path(CONFERENCE + "cancel/", conferences.conference_cancel_page,
         name="conference-cancel"),
    # An invited agency's own invitation, report and amendment requests.
    path("conferences/invitations/", invitations.agency_invitations, name="invitations"),
    path(INVITATION, invitations.conference_invitation, name="conference-invitation"),
    path(INVITATION + "report/", invitations.conference_report, name="conference-report"),
    path(INVITATION + "report/shared/", invitations.conference_report_share,
         name="conference-report-share"),
    path(INVITATION + "amendments/new/", invitations.conference_amendment_request,
         name="conference-amendment-request"),
    # Plans.
    path(CASE + "plans/new/", plans.cin_plan_start, name="plan-start"),
    path(PLAN, plans.plan, name="plan"),
    path(PLAN + "end/", plans.plan_end, name="plan-end"),
    path(PLAN + "key-worker/", plans.plan_key_worker, name="plan-key-worker"),
    path(PLAN + "visit-interval/", plans.plan_visit_interval, name="plan-visit-interval"),
    path(PLAN + "members/new/", plans.plan_member_add, name="plan-member-add"),
    path(PLAN + "members/<int:member_id>/leave/", plans.plan_member_remove,
         name="plan-member-remove"),
    path(PLAN + "actions/new/", plans.plan_action_add, name="plan-action-add"),
    path(ACTION + "progress/", plans.plan_action_progress, name="plan-action-progress"),
    path(ACTION + "close/", plans.plan_action_status, name="plan-action-status"),
    path(PLAN + "core-groups/new/", plans.plan_core_group, name="plan-core-group"),
    path(PLAN + "reviews/new/", conferences.review_schedule, name="review-schedule"),
    # Statutory visits.
    path(CASE + "visits/new/", visits.visit_record, name="visit-record"),
]
