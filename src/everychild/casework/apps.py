from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "everychild.casework"
    label = "casework"

    def ready(self) -> None:
        # A signed-off decision for an assessment or a strategy discussion opens an episode
        # for each child; the front door cannot import casework, so casework listens.
        from everychild.people.panels import register_record_panel
        from everychild.referrals.hooks import register_sign_off_listener

        from .pathway_panel import case_panel
        from .services.episodes import referral_signed_off

        register_sign_off_listener(referral_signed_off)
        # The way to the case from the child's record, after the child at a glance.
        register_record_panel(case_panel, order=20)
