"""Local authority codes a UPN may carry in characters 2 to 4.

The DfE's list: the post-April-1998 authority codes plus its "pseudo LA" codes (001-005 for
UPNs issued without an authority). Kept as ranges, inclusive.
"""

from __future__ import annotations

from functools import cache

_RANGES: tuple[tuple[int, int], ...] = (
    (1, 5), (201, 213), (301, 320), (330, 336), (340, 344), (350, 359), (370, 373),
    (380, 384), (390, 394), (420, 420), (660, 681), (701, 708), (800, 803), (805, 808),
    (810, 813), (815, 816), (820, 823), (825, 826), (830, 831), (835, 841), (845, 846),
    (850, 852), (855, 857), (860, 861), (865, 896), (908, 909), (916, 916), (919, 919),
    (921, 921), (925, 926), (928, 929), (931, 931), (933, 933), (935, 938), (940, 943),
)


@cache
def _codes() -> frozenset[str]:
    return frozenset(f"{n:03d}" for low, high in _RANGES for n in range(low, high + 1))


def is_la_code(code: str) -> bool:
    return code in _codes()
