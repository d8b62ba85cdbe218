from .views.pathway_urls import urlpatterns as _pathway
from .views.plan_urls import urlpatterns as _plans

app_name = "casework"

# Every page about one child's casework sits under /people/<child ref>/case/, so access
# is always decided against the child's record.
urlpatterns = [*_pathway, *_plans]
