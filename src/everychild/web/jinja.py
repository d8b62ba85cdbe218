"""The Jinja2 environment: Django's url/static helpers plus the GOV.UK Frontend macros."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader

from everychild.access import policy
from everychild.core.links import reverse_fast


def url(name: str, *args: Any, **kwargs: Any) -> str:
    if args:
        return reverse(name, args=args)
    return reverse_fast(name, **kwargs)


def govuk_date(value: dt.date | dt.datetime | None, with_time: bool = False) -> str:
    """'4 March 2026' (GOV.UK style), or '' for no date."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        local = timezone.localtime(value)
        text = f"{local.day} {local:%B %Y}"
        return f"{text} at {local:%H:%M}" if with_time else text
    return f"{value.day} {value:%B %Y}"


def age(value: dt.date | None, on: dt.date | None = None) -> str:
    if value is None:
        return ""
    from everychild.core import clock

    on = on or clock.today()
    years = on.year - value.year - ((on.month, on.day) < (value.month, value.day))
    if years < 2:
        months = (on.year - value.year) * 12 + on.month - value.month - (on.day < value.day)
        return f"{months} month{'s' if months != 1 else ''}"
    return f"{years} years"


def error_list(errors: dict[str, list[str]], anchors: dict[str, str] | None = None
               ) -> list[dict[str, str]]:
    """Errors for govukErrorSummary: each links to the field it is about."""
    anchors = anchors or {}
    return [{"text": message, "href": "#" + anchors.get(field, field)}
            for field, messages in errors.items() for message in messages]


def field_error(errors: dict[str, list[str]], field: str) -> dict[str, str] | None:
    """The errorMessage argument for a GOV.UK component, or None."""
    messages = errors.get(field) if errors else None
    return {"text": " ".join(messages)} if messages else None


def may(user: Any, action: str) -> bool:
    """Whether the user's role may take a (non-record) action: for links in the layout."""
    role = getattr(user, "role", None)
    return isinstance(role, str) and policy.allows(role, action)


def environment(**options: Any) -> Environment:
    loader = options.pop("loader")
    options.setdefault("trim_blocks", True)
    options.setdefault("lstrip_blocks", True)
    # Django's Jinja2 backend passes autoescape=True in `options`.
    env = Environment(  # noqa: S701
        loader=ChoiceLoader([
            loader,
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja",
                                                                "templates")}),
        ]),
        **options,
    )
    env.globals.update(url=url, static=static, get_messages=get_messages,
                       service_name="Everychild", debug=settings.DEBUG)
    env.filters.update(govuk_date=govuk_date, age=age)
    env.globals.update(error_list=error_list, field_error=field_error, may=may)
    return env
