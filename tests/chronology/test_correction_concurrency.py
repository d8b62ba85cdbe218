"""Two people of the recording agency correcting the same revision at the same moment:
one correction wins, the other is told, and the history stays one line of revisions."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from everychild.agencies.models import AgencyKind
from everychild.chronology import services
from everychild.chronology.models import ChronologyEntry
from everychild.core.errors import Conflict

from ..factories import AgencyFactory, InvolvementFactory, PersonFactory, StaffFactory
from ..people.test_services_concurrency import at_once
from .builders import entry


@pytest.mark.parametrize("round_", range(3))
def test_of_two_simultaneous_corrections_exactly_one_wins(live_db, round_):
    school = AgencyFactory(kind=AgencyKind.SCHOOL)
    first, second = (StaffFactory(role="designated_safeguarding_lead", agency=school)
                     for _ in range(2))
    child = PersonFactory()
    InvolvementFactory(person=child, agency=school)
    original = entry(child, first, summary="The first wording")

    def correct(actor, wording: str) -> Callable[[], object]:
        return lambda: services.entry_correct(
            actor=actor, lineage=original.lineage, revision=1,
            occurred_on=original.occurred_on, kind="note", summary=wording, detail="",
            significance="routine", sharing="shared", reason=f"{wording} is right")

    results = at_once(correct(first, "Wording A"), correct(second, "Wording B"))
    winners = [r for r in results if isinstance(r, ChronologyEntry)]
    losers = [r for r in results if isinstance(r, Conflict)]
    assert (len(winners), len(losers)) == (1, 1), results
    rows = list(ChronologyEntry.objects.filter(lineage=original.lineage).order_by("revision"))
    assert [r.revision for r in rows] == [1, 2]
    assert rows[0].superseded_at is not None and rows[1].superseded_at is None
    assert rows[1].summary == winners[0].summary
