from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    # Making a referral (any agency, or the contact centre for a member of the public).
    path("referrals/new/", views.start, name="start"),
    path("referrals/drafts/<uuid:ref>/people/", views.draft_people, name="draft-people"),
    path("referrals/drafts/<uuid:ref>/people/<int:index>/", views.draft_person,
         name="draft-person"),
    path("referrals/drafts/<uuid:ref>/people/<int:index>/remove/", views.draft_person_remove,
         name="draft-person-remove"),
    path("referrals/drafts/<uuid:ref>/check/", views.draft_check, name="draft-check"),
    path("referrals/drafts/<uuid:ref>/discard/", views.draft_discard, name="draft-discard"),
    path("referrals/drafts/<uuid:ref>/<slug:section>/", views.draft_section, name="draft-section"),
    # The referrer's own referrals: status and outcome, not the case file.
    path("referrals/mine/", views.mine, name="mine"),
    path("referrals/mine/<uuid:ref>/", views.mine_detail, name="mine-detail"),
    # The front door (multi-agency safeguarding hub).
    path("front-door/", views.queue, name="queue"),
    path("front-door/overdue/", views.overdue, name="overdue"),
    path("front-door/specialist/", views.specialist_queue, name="specialist-queue"),
    path("front-door/<uuid:ref>/", views.triage, name="triage"),
    path("front-door/<uuid:ref>/people/<int:entry>/link/", views.person_link, name="person-link"),
    path("front-door/<uuid:ref>/people/<int:entry>/new-record/", views.person_new_record,
         name="person-new-record"),
    path("front-door/<uuid:ref>/people/<int:entry>/specialist/", views.person_specialist,
         name="person-specialist"),
    path("front-door/<uuid:ref>/rating/", views.rating, name="rating"),
    path("front-door/<uuid:ref>/requests/", views.information_request, name="information-request"),
    path("front-door/<uuid:ref>/requests/<int:request_id>/answer/", views.information_answer,
         name="information-answer"),
    path("front-door/<uuid:ref>/written-confirmation/", views.written_confirmation,
         name="written-confirmation"),
    path("front-door/<uuid:ref>/decision/", views.decide, name="decide"),
    path("front-door/<uuid:ref>/sign-off/", views.sign_off, name="sign-off"),
]
