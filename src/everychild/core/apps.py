from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "everychild.core"
    label = "core"
    verbose_name = "Shared kernel"

    def ready(self) -> None:
        from . import closures

        closures.connect_signals()
