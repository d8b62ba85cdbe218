from django.urls import path

from . import views

app_name = "oversight"

urlpatterns = [
    path("worklists/mine/", views.mine, name="mine"),
    path("worklists/team/", views.team, name="team"),
    path("worklists/overdue/", views.overdue, name="overdue"),
]
