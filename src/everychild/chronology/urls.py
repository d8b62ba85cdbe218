from django.urls import path

from . import views

app_name = "chronology"

# Every page about one child's chronology sits under the child's record, so access is
# always decided against the child; entries are named by lineage (all their revisions).
CHILD = "people/<uuid:ref>/chronology/"

urlpatterns = [
    path(CHILD, views.child, name="child"),
    path(f"{CHILD}new/", views.entry_add, name="entry-add"),
    path(f"{CHILD}entries/<uuid:lineage>/", views.entry, name="entry"),
    path(f"{CHILD}entries/<uuid:lineage>/attachments/", views.attachment_add,
         name="attachment-add"),
    path(f"{CHILD}attachments/<int:attachment_id>/", views.attachment, name="attachment"),
    path("people/households/<uuid:ref>/chronology/", views.household, name="household"),
]
