"""Signing in (with an optional second factor) and out, the user's account page, setting
up an authenticator app, and API tokens."""

from __future__ import annotations

import math
import time
from base64 import b32encode
from typing import Any

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from markupsafe import Markup

from everychild.access import services
from everychild.access.api_auth import api_token_create, api_token_revoke
from everychild.access.middleware import has_kept_typed
from everychild.access.selectors import (
    api_token_list,
    otp_device_confirmed,
    otp_device_pending,
    role_label,
    staff_for_sign_in,
)
from everychild.core import clock
from everychild.core.errors import DomainError, NotFound, ValidationFailed
from everychild.core.pages import error_page

# Between a correct password and a correct code the user is not signed in; the session
# only remembers who is part-way through, for a few minutes.
PENDING_SIGN_IN = "everychild_pending_sign_in"
PENDING_SECONDS = 5 * 60
CREDENTIALS_ERROR = "Enter a correct username and password"


def _domain_error_page(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return error_page(request, exc.status, "" if isinstance(exc, NotFound) else exc.message)


def _safe_next(request: HttpRequest, candidate: str) -> str:
    """Where to go after signing in: only somewhere on this site."""
    if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return candidate
    return ""


# ------------------------------------------------------------------ signing in
def _lockout_minutes() -> int:
    return max(1, math.ceil(float(settings.AXES_COOLOFF_TIME) * 60))


def _duration(seconds: int) -> str:
    """'30 minutes', '10 hours', '1 hour 30 minutes'."""
    hours, minutes = divmod(max(0, int(seconds)) // 60, 60)
    parts = [f"{n} {unit}{'' if n == 1 else 's'}"
             for n, unit in ((hours, "hour"), (minutes, "minute")) if n]
    return " ".join(parts) or "less than a minute"


def _sign_in_page(request: HttpRequest, *, errors: dict[str, list[str]] | None = None,
                  status: int = 200) -> HttpResponse:
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next", ""))
    return render(request, "account/sign_in.html", {
        "title": "Sign in",
        "errors": errors or {},
        "error_anchors": {"credentials": "username"},
        "username": request.POST.get("username", "").strip(),
        "next": next_url,
        "timed_out": request.GET.get("timeout") == "1",
        "kept_typed": has_kept_typed(request),
        "idle_limit": _duration(settings.EVERYCHILD_SESSION_IDLE_SECONDS),
        "absolute_limit": _duration(settings.EVERYCHILD_SESSION_ABSOLUTE_SECONDS),
    }, status=status)


def _finish_sign_in(request: HttpRequest, user: Any, *, backend: str, device: Any,
                    next_url: str) -> HttpResponse:
    request.session.pop(PENDING_SIGN_IN, None)
    login(request, user, backend=backend)  # a new session key: no fixation
    if device is not None:
        django_otp.login(request, device)
    services.account_sign_in_record(actor=user, second_factor=device is not None)
    return redirect(next_url or settings.LOGIN_REDIRECT_URL)


def sign_in(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        if request.user.is_authenticated:
            return redirect(_safe_next(request, request.GET.get("next", ""))
                            or settings.LOGIN_REDIRECT_URL)
        return _sign_in_page(request)
    username = request.POST.get("username", "").strip()
    password = request.POST.get("password", "")
    errors: dict[str, list[str]] = {}
    if not username:
        errors["username"] = ["Enter your username"]
    if not password:
        errors["password"] = ["Enter your password"]
    if errors:
        return _sign_in_page(request, errors=errors, status=400)
    # django-axes counts failures through this call and refuses locked-out users.
    user = authenticate(request, username=username, password=password)
    if user is None:
        locked = bool(getattr(request, "axes_locked_out", False))
        services.account_sign_in_failure_record(
            username=username, reason="locked_out" if locked else "credentials")
        if locked:
            return locked_out(request)
        # The same words whether or not the username exists.
        return _sign_in_page(request, errors={"credentials": [CREDENTIALS_ERROR]}, status=400)
    next_url = _safe_next(request, request.POST.get("next", ""))
    backend = getattr(user, "backend", "django.contrib.auth.backends.ModelBackend")
    if otp_device_confirmed(user=user) is not None:
        request.session[PENDING_SIGN_IN] = {"user": user.pk, "backend": backend,
                                            "at": time.time(), "next": next_url}
        return redirect("web:sign-in-otp")
    return _finish_sign_in(request, user, backend=backend, device=None, next_url=next_url)


def locked_out(request: HttpRequest, credentials: Any = None, *args: Any,
               **kwargs: Any) -> HttpResponse:
    """django-axes calls this (AXES_LOCKOUT_CALLABLE) once a username or address has
    failed too often; the correct password is refused too until the lock expires."""
    return _sign_in_page(request, status=429, errors={"credentials": [
        f"Your account is locked for {_lockout_minutes()} minutes because of too many "
        "attempts to sign in. Try again later, or speak to your administrator"]})


def _pending_sign_in(request: HttpRequest) -> tuple[Any, dict[str, Any]] | None:
    pending = request.session.get(PENDING_SIGN_IN)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING_SIGN_IN, None)
        return None
    user = staff_for_sign_in(user_id=pending.get("user"))
    return (user, pending) if user is not None else None


def sign_in_otp(request: HttpRequest) -> HttpResponse:
    found = _pending_sign_in(request)
    if found is None:
        messages.info(request, "Sign in again: enter your username and password")
        return redirect("web:sign-in")
    user, pending = found
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            device = services.otp_sign_in_verify(user=user, code=request.POST.get("code", ""))
        except ValidationFailed as exc:
            errors = exc.errors
        except NotFound:  # the second factor was removed in the meantime
            request.session.pop(PENDING_SIGN_IN, None)
            return redirect("web:sign-in")
        else:
            return _finish_sign_in(request, user, backend=pending["backend"], device=device,
                                   next_url=_safe_next(request, pending.get("next", "")))
    return render(request, "account/sign_in_otp.html", {
        "title": "Enter your security code", "errors": errors,
    }, status=400 if errors else 200)


# ------------------------------------------------------------------ signing out
def sign_out(request: HttpRequest) -> HttpResponse:
    """GET asks (a link cannot safely change state); POST signs out."""
    if request.method == "POST":
        services.account_sign_out_record(actor=request.user)  # type: ignore[arg-type]
        logout(request)
        return redirect("web:signed-out")
    return render(request, "account/sign_out.html", {"title": "Sign out"})


def signed_out(request: HttpRequest) -> HttpResponse:
    return render(request, "account/signed_out.html", {"title": "You have signed out"})


# ------------------------------------------------------------------ the account page
def account(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    return render(request, "account/account.html", {
        "title": "Your account",
        "nav_active": "account",
        "role_label": role_label(user.role),
        "has_second_factor": otp_device_confirmed(user=user) is not None,
        "token_count": sum(1 for t in api_token_list(actor=user)
                           if t.revoked_at is None and t.expires_at > clock.now()),
    })


# ------------------------------------------------------------------ second factor
def _qr_svg(text: str) -> Markup:
    """The set-up link as an inline SVG QR code, drawn here: no image is fetched."""
    code = qrcode.QRCode(box_size=10, border=4,
                         image_factory=qrcode.image.svg.SvgPathFillImage)
    code.add_data(text)
    svg = code.make_image().to_string(encoding="unicode")
    svg = svg.replace("<svg ", '<svg role="img" aria-labelledby="qr-code-title" '
                      'class="everychild-qr-code" ', 1)
    svg = svg.replace(">", '><title id="qr-code-title">QR code for your authenticator '
                      "app</title>", 1)
    return Markup(svg)  # noqa: S704 - drawn by qrcode from our own data, nothing user-typed


def _grouped_secret(device: Any) -> str:
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def _otp_page(request: HttpRequest, *, errors: dict[str, list[str]] | None = None,
              status: int = 200) -> HttpResponse:
    user: Any = request.user
    confirmed = otp_device_confirmed(user=user)
    pending = None if confirmed else otp_device_pending(user=user)
    return render(request, "account/otp_setup.html", {
        "title": "Two-factor authentication",
        "nav_active": "account",
        "errors": errors or {},
        "confirmed": confirmed,
        "pending": pending,
        "qr_svg": _qr_svg(pending.config_url) if pending else "",
        "secret": _grouped_secret(pending) if pending else "",
    }, status=status)


def otp_setup(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _otp_page(request)
    user: Any = request.user
    action = request.POST.get("action", "")
    try:
        if action == "start":
            services.otp_device_start(actor=user)
            return redirect("web:otp-setup")
        if action == "confirm":
            device = services.otp_device_confirm(actor=user, code=request.POST.get("code", ""))
            django_otp.login(request, device)  # this session has just proved the factor
            messages.success(request, "Two-factor authentication is set up. You will be asked "
                             "for a code from your app each time you sign in.")
            return redirect("web:account")
        if action == "remove":
            password = request.POST.get("password", "")
            if not password:
                raise ValidationFailed(errors={"password": ["Enter your password"]})
            # Through authenticate, so django-axes counts wrong passwords here too.
            again = authenticate(request, username=user.get_username(), password=password)
            services.otp_device_remove(actor=user, reauthenticated=again)
            messages.success(request, "Two-factor authentication is turned off. You can set "
                             "it up again at any time.")
            return redirect("web:account")
    except ValidationFailed as exc:
        return _otp_page(request, errors=exc.errors, status=400)
    except DomainError as exc:
        messages.info(request, exc.message)
        return redirect("web:otp-setup")
    return error_page(request, 400)


# ------------------------------------------------------------------ API tokens
def _tokens_page(request: HttpRequest, *, errors: dict[str, list[str]] | None = None,
                 new_token: str = "", new_record: Any = None, status: int = 200
                 ) -> HttpResponse:
    user: Any = request.user
    return render(request, "account/api_tokens.html", {
        "title": "API tokens",
        "nav_active": "account",
        "errors": errors or {},
        "tokens": api_token_list(actor=user),
        "now": clock.now(),
        "new_token": new_token,
        "new_record": new_record,
        "form": {"name": request.POST.get("name", "") if errors else "",
                 "days": request.POST.get("days", "") if errors else "90"},
    }, status=status)


def api_tokens(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _tokens_page(request)
    user: Any = request.user
    action = request.POST.get("action", "")
    try:
        if action == "create":
            days_text = request.POST.get("days", "").strip()
            if not (days_text.isascii() and days_text.isdigit()):
                raise ValidationFailed(errors={"days": [
                    "Enter how many days the token should last, as a whole number like 90"]})
            record, token = api_token_create(actor=user, name=request.POST.get("name", ""),
                                             days=int(days_text))
            # Shown in this response only; a reload of the list will not show it again.
            return _tokens_page(request, new_token=token, new_record=record)
        if action == "revoke":
            token_id = request.POST.get("token_id", "")
            if not (token_id.isascii() and token_id.isdigit() and len(token_id) < 18):
                raise NotFound("No such token")
            api_token_revoke(actor=user, token_id=int(token_id))
            messages.success(request, "The token has been revoked. Anything using it can no "
                             "longer reach the API.")
            return redirect("web:api-tokens")
    except ValidationFailed as exc:
        return _tokens_page(request, errors=exc.errors, status=400)
    except DomainError as exc:
        return _domain_error_page(request, exc)
    return error_page(request, 400)
