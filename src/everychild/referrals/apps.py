from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "everychild.referrals"
    label = "referrals"

    def ready(self) -> None:
        # A merge of two people carries their referrals with it (and an undo brings them
        # back); people cannot import this app, so it registers itself.
        try:
            from everychild.people.merging import register_merge_participant
        except ImportError:  # pragma: no cover - merging not installed
            return
        register_merge_participant("referrals.ReferralPerson", "person")
