"""Names as matching sees them: accent-free lower case, placeholders treated as unknown,
forms of one name (short forms, spellings) grouped, and phonetic codes.

Every function here is pure and cached: a million records share a few thousand names.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache, lru_cache
from importlib import resources

import jellyfish
from nicknames import NickNamer

from everychild.core.names import name_key

# Given names that stand for "not known yet": a baby before naming, an unborn child, a
# name the referrer did not have. They never count as agreement.
PLACEHOLDER_GIVEN = frozenset({
    "baby", "unborn", "infant", "unknown", "not known", "notknown", "unnamed", "newborn",
    "baby boy", "baby girl", "boy", "girl", "child", "twin", "twin 1", "twin 2", "twin one",
    "twin two", "nk", "n k", "na", "n a", "tbc", "tba", "x", "xx", "xxx", "unk", "none",
    "male", "female", "son", "daughter", "son of", "daughter of",
})
PLACEHOLDER_FAMILY = frozenset({"unknown", "not known", "notknown", "nk", "n k", "na",
                                "n a", "tbc", "x", "xx", "xxx", "unk", "none", "nfa"})
# "Baby of Smith", "Baby of Jane Smith", "Unborn baby", "Baby 2", "Twin 1 of Smith".
_PLACEHOLDER_PATTERN = re.compile(
    r"(baby|unborn|infant|newborn|twin|child|unnamed)( (boy|girl|baby|child|one|two|[0-9]+))*"
    r"( of( .*)?)?")
_TOKEN_SPLIT = re.compile(r"[\s-]+")


@lru_cache(maxsize=200_000)
def clean(value: str) -> str:
    """Lower case, no accents or punctuation, hyphens read as spaces."""
    return " ".join(_TOKEN_SPLIT.split(name_key(value or ""))).strip()


@lru_cache(maxsize=200_000)
def given_or_none(value: str) -> str | None:
    """A given name, or None when it is blank or a placeholder ("Baby of X", "Unborn")."""
    name = clean(value)
    name = re.sub(r"[0-9]", "", name).strip()
    if not name or name in PLACEHOLDER_GIVEN or _PLACEHOLDER_PATTERN.fullmatch(name):
        return None
    return name


@lru_cache(maxsize=200_000)
def family_or_none(value: str) -> str | None:
    name = clean(value)
    if not name or name in PLACEHOLDER_FAMILY:
        return None
    return name


def is_placeholder_given(value: str) -> bool:
    return bool(clean(value)) and given_or_none(value) is None


def tokens(name: str | None) -> tuple[str, ...]:
    return tuple(name.split()) if name else ()


@lru_cache(maxsize=200_000)
def phonetic(name: str | None) -> str:
    """Metaphone of the whole name without spaces, at most 8 characters ('' for none)."""
    if not name:
        return ""
    return jellyfish.metaphone(name.replace(" ", ""))[:8]


@lru_cache(maxsize=200_000)
def letters(name: str | None) -> str:
    """The name's letters in order, e.g. 'martha' -> 'aahmrt'."""
    return "".join(sorted(name)) if name else ""


# ------------------------------------------------------------------ forms of one name


@cache
def _variant_data() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(spellings, short forms): each name to the names it is another form of."""
    text = resources.files("everychild.people.matching").joinpath(
        "data/name_variants.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    spellings: dict[str, set[str]] = {}
    short_forms: dict[str, set[str]] = {}
    for head, others in data.get("spellings", {}).items():
        group = {clean(head), *(clean(o) for o in others)}
        for name in group:
            spellings.setdefault(name, set()).update(group - {name})
    for full, shorts in data.get("short_forms", {}).items():
        full = clean(full)
        for short in shorts:
            short_forms.setdefault(clean(short), set()).add(full)
    return spellings, short_forms


@cache
def _nicknamer() -> NickNamer:
    return NickNamer()


@lru_cache(maxsize=200_000)
def name_forms(name: str | None) -> tuple[str, ...]:
    """The name itself and the full names, short forms and spellings it is a form of.

    Two names are forms of one name when these sets meet: 'kate' and 'katherine' meet at
    'katherine'; 'kate' and 'katie' meet there too; 'mohamed' and 'muhammad' meet at
    'mohammed'. One step only, so 'abdullahi' and 'abdirahman' (both 'abdi') do not."""
    if not name:
        return ()
    spellings, short_forms = _variant_data()
    nn = _nicknamer()
    forms = {name}
    forms |= nn.canonicals_of(name)
    forms |= nn.nicknames_of(name)
    forms |= spellings.get(name, set())
    forms |= short_forms.get(name, set())
    # A short form of any spelling: 'mo' of 'muhammad' as of 'mohammed'.
    for spelling in spellings.get(name, set()):
        forms |= nn.canonicals_of(spelling)
    return tuple(sorted(forms))


@lru_cache(maxsize=50_000)
def how_related(a: str, b: str) -> str:
    """Plain words for why two different names count as forms of one name."""
    spellings, short_forms = _variant_data()
    nn = _nicknamer()
    if b in spellings.get(a, ()):
        return "spelling"
    if a in nn.nicknames_of(b) or b in short_forms.get(a, ()) or b in nn.canonicals_of(a):
        return "short"   # a is a short form of b
    if b in nn.nicknames_of(a) or a in short_forms.get(b, ()) or a in nn.canonicals_of(b):
        return "long"    # b is a short form of a
    return "same"


def outward_code(postcode: str) -> str:
    """'NB1 2AB' -> 'NB1' (the postcode district)."""
    return postcode.split(" ", 1)[0] if " " in postcode else ""
