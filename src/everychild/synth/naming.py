"""Choosing names: by background, sex and generation, with the forms families use."""

from __future__ import annotations

import random

from .name_data import (
    BACKGROUNDS,
    BRITISH_BOYS,
    BRITISH_GIRLS,
    NICKNAMES,
    SPELLING_VARIANTS,
    Background,
    Weighted,
)

CHILDREN_BORN_FROM = 2006  # given names of this generation come from the children's lists
OLDER_BORN_BEFORE = 1972   # ...and of grandparents' from the older lists

_BACKGROUND_CUM: list[int] = []
_total = 0
for _bg in BACKGROUNDS:
    _total += _bg.weight
    _BACKGROUND_CUM.append(_total)

BY_KEY = {bg.key: bg for bg in BACKGROUNDS}

# Chance that a partner comes from a different background (so that about one child in
# fifteen has parents of different ethnic groups, as in England's schools).
MIXING = {"white_british": 0.06, "black_caribbean": 0.5, "irish": 0.4, "chinese": 0.3,
          "somali": 0.05, "pakistani": 0.06, "bangladeshi": 0.05, "indian_sikh": 0.08,
          "indian_hindu": 0.1, "roma": 0.05, "traveller": 0.05}

_VARIANTS: dict[str, tuple[str, ...]] = {}
for _group in SPELLING_VARIANTS:
    for _name in _group:
        _VARIANTS[_name] = tuple(n for n in _group if n != _name)


class Namer:
    """Draws names from one seeded random stream."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pick(self, weighted: Weighted) -> str:
        return self.rng.choices(weighted.names, cum_weights=weighted.cum_weights)[0]

    def background(self) -> Background:
        return self.rng.choices(BACKGROUNDS, cum_weights=_BACKGROUND_CUM)[0]

    def partner_background(self, bg: Background) -> Background:
        """Most couples share a background; how many do not differs between communities."""
        if self.rng.random() >= MIXING.get(bg.key, 0.15):
            return bg
        for _ in range(10):
            other = self.background()
            if other.key != bg.key:
                return other
        return bg

    def given(self, bg: Background, sex: str, born: int) -> str:
        male = sex == "M"
        if born >= CHILDREN_BORN_FROM:
            if bg.british_given and self.rng.random() < bg.british_given:
                return self.pick(BRITISH_BOYS if male else BRITISH_GIRLS)
            young = bg.boys if male else bg.girls
            if young is not None:
                return self.pick(young)
        elif born < OLDER_BORN_BEFORE:
            older = bg.older_men if male else bg.older_women
            if older is not None:
                return self.pick(older)
        return self.pick(bg.men if male else bg.women)

    def middle(self, bg: Background, sex: str, born: int, given: str) -> str:
        if sex == "M" and bg.male_middle:
            return bg.male_middle
        if sex == "F" and bg.female_middle:
            return bg.female_middle
        if self.rng.random() < 0.4:
            middle = self.given(bg, sex, born)
            if middle != given:
                return middle
        return ""

    def family(self, bg: Background) -> str:
        """A family name in its base (for Polish names, masculine) form."""
        return self.pick(bg.family)

    def woman_own_family(self, bg: Background) -> str | None:
        """Some families give women a family name of their own (e.g. Begum)."""
        if bg.women_family is not None and self.rng.random() < bg.women_family_share:
            return self.pick(bg.women_family)
        return None

    def nickname(self, given: str) -> str | None:
        options = NICKNAMES.get(given)
        return self.rng.choice(options) if options else None

    def variant(self, name: str) -> str | None:
        options = _VARIANTS.get(name)
        return self.rng.choice(options) if options else None


def gendered(family: str, bg: Background, sex: str) -> str:
    """Kowalski -> Kowalska, Ivanov -> Ivanova, for a woman or girl."""
    if bg.gendered_family and sex == "F":
        if family.endswith("ki"):
            return family[:-1] + "a"
        if family.endswith(("ov", "ev")):
            return family + "a"
    return family


def has_variant(name: str) -> bool:
    return name in _VARIANTS


def has_nickname(name: str) -> bool:
    return name in NICKNAMES


def mixed_ethnicity(first: str, second: str) -> str:
    """The census code for a child whose parents' codes differ."""
    if first == second:
        return first
    groups = {first[0], second[0]}
    if "W" in groups:
        other = (groups - {"W"}).pop() if len(groups) == 2 else "W"
        if other == "B":
            black = second if first.startswith("W") else first
            return "MWBC" if black == "BCRB" else "MWBA"
        if other == "A":
            return "MWAS"
        if other == "W":
            return first  # two White backgrounds: the mother's
    return "MOTH"
