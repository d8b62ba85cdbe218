"""Generating a synthetic local authority, the same every time for a given seed.

Only random.Random instances seeded from the run's seed are used (never the global
generator or the clock), so the same seed and size give the same people, names, dates,
identifiers and refs. Households are made and written in batches so memory stays flat
however large the authority; the whole run is one transaction, so an interrupted run
leaves nothing behind, and it gets one audit entry saying where the data came from.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from tqdm import tqdm

from everychild.access.audit import audit_record
from everychild.casework.models import ProcedureChoice, Rules
from everychild.core import request_context
from everychild.people.matching import rebuild_all_match_keys

from .authority import build_authority
from .case_writer import CaseWriter
from .casework import CaseMaker
from .disabilities import Disabilities
from .families import FamilyMaker
from .identifiers import LaChildIds, NhsNumbers, Upns
from .involvement import Involver
from .places import POSTCODE_AREA, UPN_LA_CODE, Places
from .plan import Plan
from .referral_writer import ReferralWriter
from .referrals import ReferralMaker
from .writer import Writer

# The day the synthetic authority is described at. Fixed, so that a seed gives the same
# data whenever it is run; people's ages and case histories are worked out from it.
DEFAULT_AS_OF = dt.date(2026, 10, 1)
# The authority worked to Working Together 2006 (initial and core assessments) until
# this long before the data's date, and to the 2013 rules (single assessment) since, so
# both rule sets have casework to show.
WT2013_YEARS_BEFORE = 3
CHILDREN_PER_HOUSEHOLD = 1.85  # roughly; only used to size postcode districts


@dataclass(frozen=True)
class Result:
    seed: int
    children_requested: int
    as_of: dt.date
    wt2013_from: dt.date
    counts: Counter[str]
    seconds: float

    @property
    def people(self) -> int:
        return self.counts["children"] + self.counts["adults"]


@contextlib.contextmanager
def bulk_load_settings() -> Iterator[None]:
    """On SQLite, a bigger page cache for the load only, so index pages stay in memory."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        cache_size = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size=-262144")  # 256 MiB
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size={int(cache_size)}")


def default_switch(as_of: dt.date) -> dt.date:
    return as_of - dt.timedelta(days=round(WT2013_YEARS_BEFORE * 365.25))


def _procedures(switch: dt.date, at: dt.datetime) -> None:
    """The authority's procedure sets: 2006 rules from long before any synthetic case,
    2013 rules from the switch."""
    earliest = min(dt.date(2006, 4, 1), switch - dt.timedelta(days=1))
    ProcedureChoice.objects.bulk_create([
        ProcedureChoice(effective_from=earliest, rules=Rules.WT2006, recorded_at=at),
        ProcedureChoice(effective_from=switch, rules=Rules.WT2013, recorded_at=at),
    ])


def _plans(maker: FamilyMaker, involver: Involver, referrals: ReferralMaker,
           cases: CaseMaker, disabilities: Disabilities, children: int) -> Iterator[Plan]:
    made = index = 0
    while made < children:
        plan = maker.household(index, children - made)
        involver.apply(plan)
        involver.other_names(plan)
        referrals.plan(plan)
        cases.plan(plan)
        disabilities.apply(plan)
        made += plan.children
        index += 1
        yield plan


def generate(*, children: int, seed: int, as_of: dt.date = DEFAULT_AS_OF,
             batch_households: int = 2000, progress: bool = True,
             wt2013_from: dt.date | None = None) -> Result:
    """Create agencies, staff and `children` children with their families, referrals
    and case histories."""
    if children < 1:
        raise ValueError("children must be at least 1")
    if batch_households < 1:
        raise ValueError("batch size must be at least 1")
    switch = wt2013_from or default_switch(as_of)
    started = time.perf_counter()
    token = request_context.set_current(request_context.RequestMeta(channel="cli"))
    try:
        with bulk_load_settings(), transaction.atomic():
            authority = build_authority(random.Random(f"everychild:{seed}:authority"),
                                        children=children)
            rng = random.Random(f"everychild:{seed}:people")
            maker = FamilyMaker(rng, as_of=as_of, nhs=NhsNumbers(rng), places=Places(
                rng, households=int(children / CHILDREN_PER_HOUSEHOLD)))
            involver = Involver(rng, authority=authority, as_of=as_of, upns=Upns(UPN_LA_CODE),
                                la_ids=LaChildIds(rng, POSTCODE_AREA))
            writer = Writer(recorded_at=dt.datetime.combine(as_of, dt.time(9), tzinfo=dt.UTC))
            # Referrals draw from a stream of their own, so the people stay as they were.
            referrals = ReferralMaker(random.Random(f"everychild:{seed}:referrals"),
                                      authority=authority, as_of=as_of, children=children)
            referral_writer = ReferralWriter(writer)
            # Casework and chronologies draw from streams of their own too.
            _procedures(switch, dt.datetime.combine(as_of, dt.time(9), tzinfo=dt.UTC))
            cases = CaseMaker(random.Random(f"everychild:{seed}:casework"),
                              authority=authority, as_of=as_of, switch=switch,
                              la_ids=involver.la_ids,
                              visit_interval=settings.EVERYCHILD_VISIT_INTERVAL_WORKING_DAYS,
                              core_group_interval=(
                                  settings.EVERYCHILD_CORE_GROUP_INTERVAL_WORKING_DAYS),
                              chronology=random.Random(f"everychild:{seed}:chronology"))
            case_writer = CaseWriter(writer, as_of=as_of)
            with tqdm(total=children, unit=" children", file=sys.stderr, disable=not progress,
                      desc="Generating", smoothing=0.1) as bar:
                batch: list[Plan] = []
                # Disabilities draw from a stream of their own as well.
                disabilities = Disabilities(random.Random(f"everychild:{seed}:disabilities"))
                for plan in _plans(maker, involver, referrals, cases, disabilities, children):
                    batch.append(plan)
                    if len(batch) >= batch_households:
                        _write(batch, writer, referral_writer, case_writer)
                        bar.update(sum(p.children for p in batch))
                        batch = []
                _write(batch, writer, referral_writer, case_writer)
                bar.update(sum(p.children for p in batch))
            writer.finish()
            referral_writer.finish()
            case_writer.finish()
            # Rows went in without the services, so the matching keys are built in bulk.
            rebuild_all_match_keys(progress=progress)
            counts = writer.counts + authority.counts
            seconds = time.perf_counter() - started
            audit_record(actor=None, action="synth.generate", detail={
                "seed": seed, "children_requested": children, "as_of": as_of.isoformat(),
                "wt2013_from": switch.isoformat(),
                "counts": dict(sorted(counts.items())), "seconds": round(seconds, 1),
            })
    finally:
        request_context.reset(token)
    return Result(seed, children, as_of, switch, counts, time.perf_counter() - started)


def _write(batch: list[Plan], writer: Writer, referral_writer: ReferralWriter,
           case_writer: CaseWriter) -> None:
    writer.write(batch)
    referral_writer.write(batch)
    case_writer.write(batch)
