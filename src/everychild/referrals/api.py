"""The front-door endpoints of the API (being written)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
