from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "everychild.web"
    label = "web"
