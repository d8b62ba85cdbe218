"""What the conference, plan, core group and visit services share: checking the staff
named as a key worker or chair, and small readings of what was typed or when."""

from __future__ import annotations

from everychild.access import policy
from everychild.agencies.models import Staff
from everychild.core import clock
from everychild.core.errors import ValidationFailed

from ..selectors.plans import staff_name

MIN_ACTION_WORDS = 4


def staff_for(staff_id: int | None, *, field: str, able_to: str, missing: str,
              wrong: str) -> Staff:
    """An active member of staff whose role may do `able_to` (a policy action)."""
    if not staff_id:
        raise ValidationFailed(errors={field: [missing]})
    staff = Staff.objects.filter(pk=staff_id, is_active=True).select_related("agency").first()
    if staff is None:
        raise ValidationFailed(errors={field: [missing]})
    if not policy.role_may_ever(staff.role, able_to):
        raise ValidationFailed(errors={field: [wrong.format(name=staff_name(staff))]})
    return staff


def words(text: str) -> int:
    return len(text.split())


local_day = clock.local_day
