"""URL patterns; see the module docstring of the views they route to."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
