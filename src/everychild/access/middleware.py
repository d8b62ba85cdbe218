"""Request-level guards: source address for the audit log, session timeouts, and the
endpoint policy gate that refuses any URL the policy does not name."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

from everychild.core import request_context
from everychild.core.pages import error_page
from everychild.core.problems import problem_response

from . import policy
from .audit import audit_record

Handler = Callable[[HttpRequest], HttpResponse]
SIGNED_IN_AT = "everychild_signed_in_at"
LAST_SEEN_AT = "everychild_last_seen_at"
# A form posted after its session ended is kept, by page, until its author signs in again.
KEPT_TYPED = "everychild_kept_typed:"
KEPT_TYPED_MAX_CHARS = 256 * 1024


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


class RequestMetaMiddleware:
    """Makes the source address available to the audit writer for this request."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request_context.RequestMeta(
            # Behind a proxy, the proxy must set REMOTE_ADDR (e.g. via its WSGI server).
            source_address=request.META.get("REMOTE_ADDR", ""),
            request_id=uuid.uuid4().hex,
            channel="api" if _is_api(request) else "web",
        )
        token = request_context.set_current(meta)
        try:
            return self.get_response(request)
        finally:
            request_context.reset(token)


class SessionTimeoutMiddleware:
    """Signs a user out after an idle period and after an absolute time since sign-in."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = time.time()
            signed_in = request.session.get(SIGNED_IN_AT)
            last_seen = request.session.get(LAST_SEEN_AT, now)
            idle = settings.EVERYCHILD_SESSION_IDLE_SECONDS
            absolute = settings.EVERYCHILD_SESSION_ABSOLUTE_SECONDS
            if signed_in is None or now - signed_in > absolute or now - last_seen > idle:
                reason = "idle" if signed_in and now - signed_in <= absolute else "absolute"
                audit_record(actor=user, action="account.session_expired",
                             target_type="staff", target_id=user.pk,
                             detail={"limit": reason})
                typed = _typed_to_keep(request)
                logout(request)
                if _is_api(request):
                    expired = problem_response(401, "Your session has ended",
                                               "Sign in again to continue.", "session-expired")
                    expired["WWW-Authenticate"] = 'Bearer realm="everychild"'
                    return expired
                _keep_typed(request, typed, user_id=user.pk)
                return redirect(_sign_in_url(request, timeout=True))
            request.session[LAST_SEEN_AT] = now
        elif hasattr(request, "session"):
            # The session store may have forgotten the session first (its cookie age is
            # the idle limit): a form that only a signed-in user could have had, posted
            # without a session, is a session that ended while it was being filled in.
            typed = _typed_to_keep(request)
            if typed is not None:
                _keep_typed(request, typed, user_id=None)
                return redirect(_sign_in_url(request, timeout=True))
        return self.get_response(request)


def keeps_typed(view: Handler) -> Handler:
    """Mark a page whose form, posted after the session ended, is kept for its author
    (see `kept_typed`). Apply it outermost."""
    view.keeps_typed_on_sign_out = True  # type: ignore[attr-defined]
    return view


def _typed_to_keep(request: HttpRequest) -> dict[str, list[str]] | None:
    """The fields of a form posted to a page marked `keeps_typed`, if the post carries a
    good CSRF token (otherwise another site could plant values for the user to save)."""
    if request.method != "POST" or _is_api(request):
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if not getattr(match.func, "keeps_typed_on_sign_out", False):
        return None
    refused = CsrfViewMiddleware(lambda r: HttpResponse()).process_view(
        request, match.func, match.args, match.kwargs)
    if refused is not None:
        return None
    fields = {name: [str(v) for v in values] for name, values in request.POST.lists()
              if name != "csrfmiddlewaretoken"}
    size = sum(len(n) + sum(len(v) for v in vs) for n, vs in fields.items())
    return fields if fields and size <= KEPT_TYPED_MAX_CHARS else None


def _keep_typed(request: HttpRequest, fields: dict[str, list[str]] | None, *,
                user_id: object) -> None:
    if fields is not None:
        request.session[KEPT_TYPED + request.path] = {"user": user_id, "fields": fields}


def kept_typed(request: HttpRequest) -> dict[str, list[str]] | None:
    """What the signed-in user posted to this page when their session ended, once; never
    what someone else signed in as posted. The page's view must itself make sure the
    record the page is about belongs to this user before using it."""
    kept = request.session.pop(KEPT_TYPED + request.path, None)
    if not isinstance(kept, dict) or kept.get("user") not in (None, request.user.pk):
        return None
    fields = kept.get("fields")
    if not isinstance(fields, dict):
        return None
    return {str(k): [str(v) for v in vs] for k, vs in fields.items() if isinstance(vs, list)}


def has_kept_typed(request: HttpRequest) -> bool:
    # A session has keys() but cannot be iterated itself.
    keys = request.session.keys() if hasattr(request, "session") else []
    return any(key.startswith(KEPT_TYPED) for key in keys)


def _sign_in_url(request: HttpRequest, *, timeout: bool = False) -> str:
    query = {"timeout": "1"} if timeout else {}
    query["next"] = request.get_full_path()
    return f"{settings_login_url()}?{urlencode(query)}"


def settings_login_url() -> str:
    from django.urls import reverse

    return reverse(settings.LOGIN_URL)


class EndpointPolicyMiddleware:
    """Every URL must be named in the policy: unlisted ones are refused (fail closed),
    and a role that can never do an endpoint's action is refused before the view runs.
    Record-level checks happen again in the services and selectors."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)  # the 404 page
        name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
        action = policy.policy().endpoint_action(name or "", request.method or "GET")
        if action is None:
            if name in policy.policy().endpoints:
                response = _refuse(request, 405)
                response["Allow"] = _allowed_methods(policy.policy().endpoints[name])
                return response
            return _refuse(request, 404)
        if action == policy.PUBLIC:
            return self.get_response(request)
        if not request.user.is_authenticated:
            if _is_api(request):
                # Token authentication happens in DRF; let the view authenticate.
                return self.get_response(request)
            return redirect(_sign_in_url(request))
        if not policy.role_may_ever(getattr(request.user, "role", ""), action):
            return _refuse(request, 403)
        return self.get_response(request)


def _allowed_methods(methods: dict[str, str]) -> str:
    """The Allow header a 405 must carry: the policy's methods, with HEAD and OPTIONS
    wherever GET is allowed (they are treated as GET)."""
    allowed = sorted(methods)
    if "GET" in allowed:
        allowed += ["HEAD", "OPTIONS"]
    return ", ".join(allowed)


def _refuse(request: HttpRequest, status: int) -> HttpResponse:
    if _is_api(request):
        titles = {403: "You do not have permission to do this", 404: "Not found",
                  405: "Method not allowed"}
        return problem_response(status, titles[status], "", {403: "forbidden", 404: "not-found",
                                                             405: "method-not-allowed"}[status])
    return error_page(request, status)
