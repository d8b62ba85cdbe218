"""Unique, valid identifiers for synthetic people, without remembering the ones given out.

Each allocator walks a permutation or a counter, so uniqueness costs no memory however
many people are made.
"""

from __future__ import annotations

import random

from everychild.core.identifiers import nhs_check_digit, upn_check_letter

_NHS_SPAN = 10**8


class NhsNumbers:
    """NHS numbers whose first digit is 9: a block not issued to patients in England.

    Index i maps to 900 000 000 + (a*i + c) mod 10^8, a bijection because a is coprime
    to 10^8, so numbers look scattered but never repeat.
    """

    def __init__(self, rng: random.Random) -> None:
        a = rng.randrange(10**7, _NHS_SPAN) | 1
        while a % 5 == 0:
            a += 2
        self.a, self.c, self.i = a, rng.randrange(_NHS_SPAN), 0

    def next(self) -> str:
        while True:
            if self.i >= _NHS_SPAN:
                raise RuntimeError("the synthetic NHS number range is used up")
            body = f"{900_000_000 + (self.a * self.i + self.c) % _NHS_SPAN:09d}"
            self.i += 1
            check = nhs_check_digit(body)
            if check is None or len(set(body)) == 1:
                continue
            return f"{body}{check}"


class Upns:
    """Unique Pupil Numbers: check letter, LA code, establishment, year, serial.

    Serials count per establishment and year; a full year (999) spills into the next.
    """

    def __init__(self, la_code: str) -> None:
        self.la_code = la_code
        self.serials: dict[tuple[str, int], int] = {}

    def next(self, establishment: str, year: int) -> str:
        yy = year % 100
        for _ in range(100):
            serial = self.serials.get((establishment, yy), 0) + 1
            if serial <= 999:
                self.serials[(establishment, yy)] = serial
                body = f"{self.la_code}{establishment}{yy:02d}{serial:03d}"
                return upn_check_letter(body) + body
            yy = (yy + 1) % 100
        raise RuntimeError(f"no Unique Pupil Numbers left for establishment {establishment}")


class LaChildIds:
    """The authority's own child IDs: 'NB' and eight digits, counting up."""

    def __init__(self, rng: random.Random, prefix: str) -> None:
        self.prefix = prefix
        self.next_number = rng.randrange(10_000_000, 20_000_000)

    def next(self) -> str:
        number = self.next_number
        self.next_number += 1
        if number >= 10**8:
            raise RuntimeError("local authority child IDs are used up")
        return f"{self.prefix}{number:08d}"
