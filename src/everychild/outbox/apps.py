from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "everychild.outbox"
    label = "outbox"
    verbose_name = "Notification outbox"
