from django.urls import path

from . import census_views, views

app_name = "insight"

# Dashboards under /insight/..., census validation under /insight/census/...
urlpatterns: list = [
    path("census/check/", census_views.census_check, name="census-check"),
    # The key indicators: choices (scope, month, figure) are in the query string.
    path("", views.dashboard_page, name="dashboard"),
    path("indicator/", views.indicator_page, name="indicator"),
    path("children/", views.children_page, name="children"),
    path("table.csv", views.table_csv, name="table-csv"),
    path("children.csv", views.children_csv, name="children-csv"),
]
