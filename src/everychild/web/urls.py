from django.urls import path

from .views import account, directory, home, privacy

app_name = "web"

urlpatterns = [
    path("", home.home, name="home"),
    path("sign-in/", account.sign_in, name="sign-in"),
    path("sign-in/code/", account.sign_in_otp, name="sign-in-otp"),
    path("sign-out/", account.sign_out, name="sign-out"),
    path("signed-out/", account.signed_out, name="signed-out"),
    path("account/", account.account, name="account"),
    path("account/two-factor/", account.otp_setup, name="otp-setup"),
    path("account/api-tokens/", account.api_tokens, name="api-tokens"),
    path("audit/", privacy.audit_events, name="audit-events"),
    path("privacy/alerts/", privacy.privacy_alerts, name="privacy-alerts"),
    path("privacy/alerts/<int:alert_id>/review/", privacy.privacy_alert_review,
         name="privacy-alert-review"),
    path("agencies/", directory.agencies, name="agencies"),
]
