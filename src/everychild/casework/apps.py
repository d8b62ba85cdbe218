from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "everychild.casework"
    label = "casework"

    def ready(self) -> None:
        # A signed-off decision for an assessment or a strategy discussion opens an episode
        # for each child; the front door cannot import casework, so casework listens.
        from everychild.people.panels import register_record_panel
        from everychild.referrals.history import register_open_work_source
        from everychild.referrals.hooks import register_sign_off_listener

        from .open_work import open_work_lines
        from .pathway_panel import case_panel
        from .services.episodes import referral_signed_off

        register_sign_off_listener(referral_signed_off)
        # Triage shows each child's and family member's open case and plan.
        register_open_work_source(open_work_lines)
        # The way to the case from the child's record, after the child at a glance.
        register_record_panel(case_panel, order=20)
