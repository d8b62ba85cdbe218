"""Casework's REST endpoints: the pathway (episodes, assessments, strategy discussions,
enquiries, closure, changes) and conferences and plans."""

from .pathway import urlpatterns as _pathway
from .plans import urlpatterns as _plans

urlpatterns = [*_pathway, *_plans]
