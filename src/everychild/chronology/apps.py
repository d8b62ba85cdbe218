from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    name = "everychild.chronology"
    label = "chronology"

    def ready(self) -> None:
        from everychild.people.panels import register_household_panel, register_record_panel

        from .panels import family_chronology_link, summary_panel

        # The child at a glance comes first on a child's record.
        register_record_panel(summary_panel, order=10)
        register_household_panel(family_chronology_link, order=10)
