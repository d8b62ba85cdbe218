"""What happens elsewhere when a decision on a referral is signed off.

Casework sits above referrals in the layers, so the front door cannot call it; instead
a higher app registers a listener here (in its AppConfig.ready), and `referral_sign_off`
calls every listener inside its own transaction. A listener that refuses rolls the
sign-off back with it, so a signed-off decision never lacks what must follow from it
(for an assessment or strategy discussion: an episode for each child).
"""

from __future__ import annotations

from typing import Protocol

from everychild.access.records import StaffLike

from .models import Decision, Referral


class SignOffListener(Protocol):
    def __call__(self, *, actor: StaffLike, referral: Referral, decision: Decision) -> None: ...


_listeners: list[SignOffListener] = []


def register_sign_off_listener(listener: SignOffListener) -> None:
    """Call `listener(actor=, referral=, decision=)` after each sign-off; registering the
    same function twice has no further effect."""
    if listener not in _listeners:
        _listeners.append(listener)


def sign_off_listeners() -> tuple[SignOffListener, ...]:
    return tuple(_listeners)


def signed_off(*, actor: StaffLike, referral: Referral, decision: Decision) -> None:
    """Tell every listener; called by `referral_sign_off` inside its transaction."""
    for listener in _listeners:
        listener(actor=actor, referral=referral, decision=decision)
