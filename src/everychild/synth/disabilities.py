"""Children's disabilities, as the Children in Need census records them.

Every synthetic child has their disabilities recorded: most "NONE", about one in nine
one or more of the census codes (roughly the share England reports among children in
need). A child whose case was opened for their own disability (primary need N2) always
has at least one. The draws come from a stream of their own, so adding them changed no
other synthetic record, and the same seed gives the same disabilities.
"""

from __future__ import annotations

import random

from everychild.people.models import PersonKind

from .plan import Plan

DISABLED_SHARE = 0.11
# Census codes and how often each is recorded for a disabled child (relative weights).
CODES = (("LD", 24), ("AUT", 20), ("COMM", 16), ("BEH", 14), ("CON", 8), ("MOB", 6),
         ("HEAR", 3), ("VIS", 3), ("HAND", 2), ("PC", 2), ("INC", 1), ("DDA", 1))
# One code in most cases; autism and communication often come together.
SECOND_CODE = 0.3
CHILDS_DISABILITY = "N2"


class Disabilities:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.codes = [c for c, _ in CODES]
        self.weights = [w for _, w in CODES]

    def apply(self, plan: Plan) -> None:
        needs = {ep.child for ep in plan.episodes if ep.primary_need == CHILDS_DISABILITY}
        for index, person in enumerate(plan.people):
            if person.kind != PersonKind.CHILD:
                continue
            # Drawn for every child, so one child's draw never shifts another's.
            disabled = self.rng.random() < DISABLED_SHARE
            first, second = self.rng.choices(self.codes, weights=self.weights, k=2)
            more = self.rng.random() < SECOND_CODE
            if disabled or index in needs:
                person.disabilities = [first] + ([second] if more and second != first else [])
            else:
                person.disabilities = ["NONE"]
