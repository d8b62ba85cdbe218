from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "everychild.casework"
    label = "casework"
