from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "everychild.insight"
    label = "insight"
