from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "everychild.people"
    label = "people"
