"""The versioned REST API, /api/v1/. Each app's api.py holds its endpoints."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from everychild.access import api as access_api
from everychild.casework import api as casework_api
from everychild.chronology import api as chronology_api
from everychild.oversight import api as oversight_api
from everychild.people import api as people_api
from everychild.referrals import api as referrals_api

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    *people_api.urlpatterns,
    *referrals_api.urlpatterns,
    *casework_api.urlpatterns,
    *chronology_api.urlpatterns,
    *oversight_api.urlpatterns,
    *access_api.urlpatterns,
]
