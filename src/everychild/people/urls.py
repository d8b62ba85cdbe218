from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("", views.search, name="search"),
    path("new/", views.person_create, name="person-create"),
    path("<uuid:ref>/", views.person_detail, name="person-detail"),
    path("<uuid:ref>/open/", views.person_break_glass, name="person-break-glass"),
    path("<uuid:ref>/edit/", views.person_edit, name="person-edit"),
    path("<uuid:ref>/identifiers/", views.identifiers_edit, name="identifiers-edit"),
    path("<uuid:ref>/other-names/new/", views.other_name_add, name="other-name-add"),
    path("<uuid:ref>/seal/", views.person_seal, name="person-seal"),
    path("<uuid:ref>/relationships/new/", views.relationship_add, name="relationship-add"),
    path("<uuid:ref>/relationships/<int:rel_id>/end/", views.relationship_end,
         name="relationship-end"),
    path("<uuid:ref>/involvement/new/", views.involvement_add, name="involvement-add"),
    path("<uuid:ref>/involvement/<int:inv_id>/end/", views.involvement_end,
         name="involvement-end"),
    path("<uuid:ref>/merge/", views.person_merge, name="person-merge"),
    path("merges/<int:merge_id>/", views.merge_detail, name="merge-detail"),
    path("merges/<int:merge_id>/undo/", views.merge_undo, name="merge-undo"),
    path("households/new/", views.household_create, name="household-create"),
    path("households/<uuid:ref>/", views.household_detail, name="household-detail"),
    path("households/<uuid:ref>/edit/", views.household_edit, name="household-edit"),
    path("households/<uuid:ref>/members/new/", views.membership_add, name="membership-add"),
    path("households/<uuid:ref>/members/<int:membership_id>/end/", views.membership_end,
         name="membership-end"),
]
