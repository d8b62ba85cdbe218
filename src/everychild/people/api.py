"""PLACEHOLDER: being written."""

urlpatterns: list = []
