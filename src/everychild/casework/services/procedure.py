"""Which Working Together procedure set the authority works to, from a date.

An episode keeps the set in force on its referral date, so a new choice changes only
episodes opened for later referrals. The command line calls these with `actor=None` (an
operator on the server); a signed-in user needs `procedure.manage`.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from everychild.access.audit import audit_record
from everychild.access.records import StaffLike, check_action
from everychild.core import clock
from everychild.core.errors import ValidationFailed

from ..models import ProcedureChoice, Rules
from ._checks import long_date


def procedure_choose(*, actor: StaffLike | None, effective_from: dt.date | None,
                     rules: str) -> ProcedureChoice:
    if actor is not None:
        check_action(actor, "procedure.manage")
    errors: dict[str, list[str]] = {}
    if effective_from is None:
        errors["effective_from"] = ["Enter the date the procedure set applies from"]
    if rules not in Rules.values:
        errors["rules"] = ["Select the procedure set"]
    if errors:
        raise ValidationFailed(errors=errors)
    assert effective_from is not None
    with transaction.atomic():
        existing = ProcedureChoice.objects.select_for_update().filter(
            effective_from=effective_from).first()
        if existing is not None:
            raise ValidationFailed(errors={"effective_from": [
                f"{Rules(existing.rules).label} already applies from "
                f"{long_date(effective_from)}: choose another date"]})
        choice = ProcedureChoice.objects.create(
            effective_from=effective_from, rules=rules, recorded_at=clock.now(),
            recorded_by_id=actor.pk if actor is not None else None)
        audit_record(actor=actor, action="procedure.choose", target_type="procedure",
                     target_id=effective_from.isoformat(), detail={"rules": rules})
    return choice

