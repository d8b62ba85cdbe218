from django.urls import include, path

from everychild.core import pages

urlpatterns = [
    path("", include("everychild.web.urls")),
    path("people/", include("everychild.people.urls")),
    path("", include("everychild.referrals.urls")),
    path("", include("everychild.casework.urls")),
    path("", include("everychild.chronology.urls")),
    path("", include("everychild.oversight.urls")),
    path("insight/", include("everychild.insight.urls")),
    path("api/v1/", include("everychild.config.api_urls")),
]

handler400 = pages.handler400
handler403 = pages.handler403
handler404 = pages.handler404
handler500 = pages.handler500
