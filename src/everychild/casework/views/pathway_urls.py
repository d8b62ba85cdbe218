"""URL patterns for the first half of the pathway (see views.episodes, .assessments,
.strategy and .closure). Every page is under the child's /people/<ref>/case/, and a
record named by its id is looked up within that child only."""

from django.urls import path

from . import assessments, closure, episodes, strategy

CASE = "people/<uuid:ref>/case/"
EPISODE = f"{CASE}episodes/<int:episode_id>/"
ASSESSMENT = f"{CASE}assessments/<int:assessment_id>/"

urlpatterns = [
    path(CASE, episodes.case, name="case"),
    path(f"{CASE}open/", episodes.episode_open, name="episode-open"),
    path(f"{EPISODE}allocate/", episodes.episode_allocate, name="episode-allocate"),
    path(f"{EPISODE}assessments/new/", assessments.assessment_start, name="assessment-start"),
    path(ASSESSMENT, assessments.assessment, name="assessment"),
    path(f"{ASSESSMENT}complete/", assessments.assessment_complete, name="assessment-complete"),
    path(f"{ASSESSMENT}authorise/", assessments.assessment_authorise,
         name="assessment-authorise"),
    path(f"{EPISODE}strategy/new/", strategy.strategy_record, name="strategy-record"),
    path(f"{CASE}strategy/<int:strategy_id>/", strategy.strategy, name="strategy"),
    path(f"{CASE}enquiries/<int:enquiry_id>/outcome/", strategy.enquiry_outcome,
         name="enquiry-outcome"),
    path(f"{EPISODE}close/", closure.close, name="episode-close"),
    path(f"{EPISODE}changes/new/", closure.circumstance, name="circumstance-record"),
    path("casework/procedure/", episodes.procedure, name="procedure"),
]
