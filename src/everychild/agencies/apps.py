from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "everychild.agencies"
    label = "agencies"
