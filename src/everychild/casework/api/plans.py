"""Routes for the second half of the pathway's API: conferences (see conference_views) and
plans, core groups, actions and visits (see plan_views), under the child's
/api/v1/people/<ref>/case/. Sub-records by id, always looked for among the child's own."""

from django.urls import URLPattern, path

from . import conference_views as c
from . import invitation_views as i
from . import plan_views as p

CASE = "people/<uuid:ref>/case/"
CONFERENCE = CASE + "conferences/<int:conference_id>/"
INVITATION = CONFERENCE + "invitations/<int:invitee_id>/"
PLAN = CASE + "plans/<int:plan_id>/"
ACTION = PLAN + "actions/<int:action_id>/"

urlpatterns: list[URLPattern] = [
    path(CASE + "conferences/", c.ConferencesApi.as_view(), name="case-conferences"),
    path(CONFERENCE, c.ConferenceApi.as_view(), name="case-conference"),
    path(CONFERENCE + "invitees/", c.InviteesApi.as_view(), name="case-conference-invitees"),
    path(CONFERENCE + "attendance/", c.AttendanceApi.as_view(),
         name="case-conference-attendance"),
    path(CONFERENCE + "decision/", c.DecisionApi.as_view(), name="case-conference-decision"),
    path(CONFERENCE + "first-core-group/", c.FirstCoreGroupApi.as_view(),
         name="case-conference-first-core-group"),
    path(CONFERENCE + "dissents/", c.DissentsApi.as_view(), name="case-conference-dissents"),
    path(CONFERENCE + "minutes/", c.MinutesApi.as_view(), name="case-conference-minutes"),
    path(CONFERENCE + "minutes/send/", c.MinutesSendApi.as_view(),
         name="case-conference-minutes-send"),
    path(CONFERENCE + "amendments/<int:amendment_id>/", c.AmendmentApi.as_view(),
         name="case-conference-amendment"),
    path(CONFERENCE + "cancel/", c.CancelApi.as_view(), name="case-conference-cancel"),
    path(INVITATION, i.InvitationApi.as_view(), name="case-conference-invitation"),
    path(INVITATION + "report/", i.ReportApi.as_view(), name="case-conference-report"),
    path(INVITATION + "report/shared/", i.ReportShareApi.as_view(),
         name="case-conference-report-share"),
    path(INVITATION + "amendments/", i.AmendmentRequestApi.as_view(),
         name="case-conference-amendments"),
    path(CASE + "plans/", p.PlansApi.as_view(), name="case-plans"),
    path(PLAN, p.PlanApi.as_view(), name="case-plan"),
    path(PLAN + "end/", p.PlanEndApi.as_view(), name="case-plan-end"),
    path(PLAN + "key-worker/", p.KeyWorkerApi.as_view(), name="case-plan-key-worker"),
    path(PLAN + "visit-interval/", p.VisitIntervalApi.as_view(),
         name="case-plan-visit-interval"),
    path(PLAN + "members/", p.MembersApi.as_view(), name="case-plan-members"),
    path(PLAN + "members/<int:member_id>/leave/", p.MemberLeaveApi.as_view(),
         name="case-plan-member-leave"),
    path(PLAN + "actions/", p.ActionsApi.as_view(), name="case-plan-actions"),
    path(ACTION + "progress/", p.ActionProgressApi.as_view(),
         name="case-plan-action-progress"),
    path(ACTION + "close/", p.ActionStatusApi.as_view(), name="case-plan-action-close"),
    path(PLAN + "core-groups/", p.CoreGroupsApi.as_view(), name="case-plan-core-groups"),
    path(PLAN + "reviews/", c.ReviewsApi.as_view(), name="case-plan-reviews"),
    path(CASE + "visits/", p.VisitsApi.as_view(), name="case-visits"),
]
