from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "everychild.oversight"
    label = "oversight"
