from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "everychild.casework"
    label = "casework"

    def ready(self) -> None:
        # A signed-off decision for an assessment or a strategy discussion opens an episode
        # for each child; the front door cannot import casework, so casework listens.
        from everychild.referrals.hooks import register_sign_off_listener

        from .services.episodes import referral_signed_off

        register_sign_off_listener(referral_signed_off)
