"""Synthetic people with known truth, and the slips referrers make when they describe
them, for training the model and for the benchmark.

`population()` makes households (parents, children, some twins and unborn babies) from
this package's own name pools; `describe()` turns one true person into what a referrer
might type: short forms, typing slips, other spellings, swapped names, partial or
transposed dates, a former surname, an old address, a placeholder for a baby's name.
Everything comes from the one `random.Random` passed in, so a seed gives the same data.
"""

from __future__ import annotations

import datetime as dt
import random
import string
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from everychild.core.identifiers import nhs_check_digit, upn_check_letter

from .dates import PartialDate
from .names import _nicknamer, _variant_data, clean
from .probe import Probe
from .records import MatchRecord, prepare

AS_OF = dt.date(2026, 10, 1)
_UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


@dataclass(frozen=True, slots=True)
class Pool:
    names: tuple[str, ...]
    cum: tuple[int, ...]

    def pick(self, rng: random.Random) -> str:
        return rng.choices(self.names, cum_weights=self.cum)[0]


def _pool(text: str) -> Pool:
    names: list[str] = []
    cum: list[int] = []
    total = 0
    for item in text.split(","):
        item = item.strip()
        if not item:
            continue
        name, _, weight = item.rpartition(" ")
        if not name or not weight.isdigit():
            name, weight = item, "10"
        total += int(weight)
        names.append(name)
        cum.append(total)
    return Pool(tuple(names), tuple(cum))


@dataclass(frozen=True)
class Background:
    key: str
    weight: int
    pools: dict[str, Pool]


@cache
def backgrounds() -> tuple[Background, ...]:
    text = resources.files("everychild.people.matching").joinpath(
        "data/simulation_names.toml").read_text(encoding="utf-8")
    return tuple(
        Background(key, int(body["weight"]),
                   {k: _pool(v) for k, v in body.items() if isinstance(v, str)})
        for key, body in tomllib.loads(text).items())


@dataclass
class TruePerson:
    """A person as they really are, and as the records of them stand."""

    entity: int
    given: str
    family: str
    sex: str
    dob: dt.date | None
    middle: str = ""
    expected: dt.date | None = None   # an unborn child's expected date of birth
    postcode: str = ""
    former_postcodes: tuple[str, ...] = ()
    other_names: tuple[tuple[str, str, str], ...] = ()  # (given, family, kind)
    nhs_number: str = ""
    upn: str = ""
    household: int = 0
    twin_of: int | None = None

    @property
    def born(self) -> dt.date | None:
        return self.dob or self.expected


@dataclass
class _Numbers:
    rng: random.Random
    used_nhs: set[str] = field(default_factory=set)
    next_upn: int = 1

    def nhs(self) -> str:
        while True:
            body = f"{self.rng.randrange(400_000_000, 999_999_999):09d}"
            check = nhs_check_digit(body)
            if check is not None and (number := f"{body}{check}") not in self.used_nhs:
                self.used_nhs.add(number)
                return number

    def upn(self) -> str:
        body = f"99120{self.next_upn:07d}"
        self.next_upn += 1
        return upn_check_letter(body) + body


def _postcode(rng: random.Random, districts: int) -> str:
    return (f"ZT{rng.randrange(1, districts + 1)} {rng.randrange(10)}"
            f"{rng.choice(_UNIT_LETTERS)}{rng.choice(_UNIT_LETTERS)}")


def _date_between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randrange(max(1, (last - first).days)))


@dataclass
class _Home:
    """One household being made: its people get the next entity numbers and its address."""

    rng: random.Random
    numbers: _Numbers
    as_of: dt.date
    first: int
    number: int
    postcode: str
    former: tuple[str, ...]
    members: list[TruePerson] = field(default_factory=list)

    def add(self, given: str, family: str, sex: str, dob: dt.date | None, *, adult: bool,
            others: tuple[tuple[str, str, str], ...] = (), expected: dt.date | None = None,
            middle: str = "") -> TruePerson:
        rng = self.rng
        age = (self.as_of - dob).days // 365 if dob else -1
        person = TruePerson(
            entity=self.first + len(self.members), given=given, family=family, sex=sex,
            dob=dob, middle=middle, expected=expected, postcode=self.postcode,
            former_postcodes=self.former, other_names=others, household=self.number,
            nhs_number=self.numbers.nhs() if dob and rng.random() < 0.9 else "",
            upn=self.numbers.upn() if not adult and 4 <= age <= 18 and rng.random() < 0.8
            else "")
        self.members.append(person)
        return person


def population(rng: random.Random, people: int, *, as_of: dt.date = AS_OF) -> list[TruePerson]:
    """About `people` people in households: parents and their children."""
    bgs = backgrounds()
    cum: list[int] = []
    total = 0
    for bg in bgs:
        total += bg.weight
        cum.append(total)
    numbers = _Numbers(rng)
    districts = max(4, people // 8000)
    out: list[TruePerson] = []
    household = 0
    while len(out) < people:
        household += 1
        bg = rng.choices(bgs, cum_weights=cum)[0]
        pools = bg.pools
        postcode = _postcode(rng, districts)
        former = tuple(_postcode(rng, districts) for _ in range(rng.choice((0, 0, 0, 1, 1, 2))))
        family = pools["family"].pick(rng)
        home = _Home(rng, numbers, as_of, first=len(out), number=household,
                     postcode=postcode, former=former)
        add, members = home.add, home.members

        mother_dob = _date_between(rng, dt.date(1966, 1, 1), dt.date(2006, 1, 1))
        maiden = pools["family"].pick(rng)
        married = rng.random() < 0.5 and maiden != family
        add(pools["women"].pick(rng), family if married else maiden, "F", mother_dob,
            adult=True, others=(("", maiden, "former name"),) if married else ())
        if rng.random() < 0.6:
            add(pools["men"].pick(rng), family, "M",
                mother_dob + dt.timedelta(days=rng.randrange(-3000, 2000)), adult=True)
        first_birth = max(mother_dob + dt.timedelta(days=int(365.25 * 17)), dt.date(2001, 1, 1))
        kids = rng.choices((1, 2, 3, 4, 5), cum_weights=(40, 76, 91, 98, 100))[0]
        for k in range(kids):
            if first_birth >= as_of:
                break
            dob = _date_between(rng, first_birth, min(as_of, first_birth + dt.timedelta(
                days=365 * 6)))
            twins = rng.random() < 0.04
            for _ in range(2 if twins else 1):
                sex = rng.choice("MF")
                given = pools["boys" if sex == "M" else "girls"].pick(rng)
                while any(m.given == given for m in members):
                    given = pools["boys" if sex == "M" else "girls"].pick(rng)
                middle = pools["boys" if sex == "M" else "girls"].pick(rng) \
                    if rng.random() < 0.35 else ""
                others: tuple[tuple[str, str, str], ...] = ()
                short = sorted(_nicknamer().nicknames_of(clean(given)))
                if short and rng.random() < 0.15:
                    others = ((rng.choice(short).title(), "", "nickname"),)
                child = add(given, family, sex, dob, adult=False, others=others,
                            middle=middle if middle != given else "")
                if twins and members[-2].dob == dob and members[-2] is not child:
                    child.twin_of = members[-2].entity
                    members[-2].twin_of = child.entity
            first_birth = dob + dt.timedelta(days=rng.randrange(300, 1500))
            if k == kids - 1 and rng.random() < 0.03:
                add("", family, "U", None, adult=False,
                    expected=as_of + dt.timedelta(days=rng.randrange(20, 200)))
        out.extend(members)
    return out


# ------------------------------------------------------------------ referrers' slips

_KEYBOARD_NEAR = {
    "a": "sqz", "b": "vn", "c": "xv", "d": "sf", "e": "wr", "f": "dg", "g": "fh", "h": "gj",
    "i": "uo", "j": "hk", "k": "jl", "l": "k", "m": "n", "n": "bm", "o": "ip", "p": "o",
    "q": "w", "r": "et", "s": "ad", "t": "ry", "u": "yi", "v": "cb", "w": "qe", "x": "zc",
    "y": "tu", "z": "x",
}


def typo(rng: random.Random, name: str) -> str:
    """One slip: a letter wrong, missing, doubled, or two letters swapped."""
    letters = [c for c in name]
    positions = [i for i, c in enumerate(letters) if c.isalpha()]
    if len(positions) < 3:
        return name
    i = rng.choice(positions[1:])  # people rarely get the first letter wrong
    kind = rng.random()
    if kind < 0.3:
        c = letters[i].lower()
        near = _KEYBOARD_NEAR.get(c) or string.ascii_lowercase
        letters[i] = rng.choice(near)
    elif kind < 0.55:
        del letters[i]
    elif kind < 0.75 and i + 1 < len(letters) and letters[i + 1].isalpha():
        letters[i], letters[i + 1] = letters[i + 1], letters[i]
    else:
        letters.insert(i, letters[i].lower())
    return "".join(letters)


def _other_form(rng: random.Random, given: str) -> tuple[str, str] | None:
    """('short', 'Kate') or ('spelling', 'Mohamed') for a given name, if it has one."""
    spellings, short_forms = _variant_data()
    key = clean(given)
    shorts = set(_nicknamer().nicknames_of(key))
    shorts |= {s for s, fulls in short_forms.items() if key in fulls}
    options = [("short", s) for s in sorted(shorts)]
    options += [("spelling", s) for s in sorted(spellings.get(key, ()))]
    if not options:
        return None
    kind, name = rng.choice(options)
    return kind, name.title()


def _partial(d: dt.date, parts: int) -> str:
    return d.isoformat()[: {1: 4, 2: 7, 3: 10}[parts]]


def describe(rng: random.Random, person: TruePerson, everyone: list[TruePerson] | None = None,
             *, as_of: dt.date = AS_OF) -> tuple[Probe, tuple[str, ...]]:
    """What a referrer might give for `person`, and the slips made (for the benchmark's
    breakdown).

    Roughly: the given name is a short form or another spelling 6% of the time, mistyped
    4%, the middle name 1.5%, swapped with the family name 1.5%, blank or a placeholder
    for a baby 3.5%, another name they go by 2%, an initial 0.5%; the family name is
    mistyped 4%, a former one 5% (where they had one), another family's 1.5%, 'Unknown'
    1%; the date of birth
    is whole and right 80%, day and month swapped 5%, year and month only 3%, year only
    2%, blank 3%, the day wrong 3%, the year wrong 2%; the postcode is a former home's
    10%, blank 10%, mistyped 4%, a new home in the same district 8%; the NHS number is
    given 30% of the time and the UPN 25% (each wrong 1 time in 200)."""
    slips: list[str] = []
    given, family = person.given, person.family
    other_names: list[tuple[str, str]] = []

    r = rng.random()
    if not given:
        given = rng.choice(("", "Unborn", "Baby", f"Baby of {person.family}"))
        slips.append("placeholder given name")
    elif r < 0.06:
        form = _other_form(rng, given)
        if form:
            given = form[1]
            slips.append("short form" if form[0] == "short" else "other spelling")
    elif r < 0.10:
        given = typo(rng, given)
        slips.append("given name typo")
    elif r < 0.115 and person.middle:
        given = person.middle
        slips.append("goes by middle name")
    elif r < 0.13:
        given, family = family, given
        slips.append("names swapped")
    elif r < 0.15 and person.dob and (as_of - person.dob).days < 120:
        given = rng.choice(("Baby", "Infant", f"Baby of {person.family}"))
        slips.append("placeholder given name")
    elif r < 0.165:
        given = ""
        slips.append("given name blank")
    elif r < 0.185 and person.other_names and person.other_names[0][0]:
        given = person.other_names[0][0]
        slips.append("known by other name")
    elif r < 0.19:
        given = given[0]
        slips.append("initial only")

    if "names swapped" not in slips:
        r = rng.random()
        formers = [f for g, f, kind in person.other_names if f]
        if r < 0.04:
            family = typo(rng, family)
            slips.append("family name typo")
        elif r < 0.09 and formers:
            family = rng.choice(formers)
            slips.append("former family name")
        elif r < 0.105 and everyone is not None:
            # A child known by the other parent's (or a new partner's) family name.
            other = everyone[rng.randrange(len(everyone))].family
            if other != family:
                if rng.random() < 0.3:
                    other_names.append(("", family))
                family = other
                slips.append("family name changed")
        elif r < 0.115:
            family = "Unknown"
            slips.append("family name unknown")
        elif r < 0.125 and "-" in family:
            family = rng.choice(family.split("-"))
            slips.append("part of double family name")

    born = person.born
    dob_text = ""
    if born is not None:
        r = rng.random()
        if r < 0.80:
            dob_text = born.isoformat()
        elif r < 0.85 and born.day <= 12 and born.day != born.month:
            dob_text = dt.date(born.year, born.day, born.month).isoformat()
            slips.append("day and month swapped")
        elif r < 0.88:
            dob_text = _partial(born, 2)
            slips.append("year and month only")
        elif r < 0.90:
            dob_text = _partial(born, 1)
            slips.append("year only")
        elif r < 0.93:
            slips.append("date of birth blank")
        elif r < 0.96:
            day = rng.randrange(1, 29)
            dob_text = born.replace(day=day).isoformat() if day != born.day else born.isoformat()
            slips.append("day wrong")
        elif r < 0.98:
            try:
                dob_text = born.replace(year=born.year + rng.choice((-1, 1))).isoformat()
            except ValueError:
                dob_text = born.isoformat()
            slips.append("year wrong")
        else:
            dob_text = born.isoformat()

    r = rng.random()
    sex = person.sex if person.sex in "MF" else ""
    if r < 0.06:
        sex = ""
    elif r < 0.07 and sex:
        sex = "F" if sex == "M" else "M"
        slips.append("sex wrong")

    r = rng.random()
    postcode = person.postcode
    if r < 0.10 and person.former_postcodes:
        postcode = rng.choice(person.former_postcodes)
        slips.append("former address")
    elif r < 0.20:
        postcode = ""
        slips.append("postcode blank")
    elif r < 0.24:
        postcode = postcode[:-2] + rng.choice(_UNIT_LETTERS) + rng.choice(_UNIT_LETTERS)
        slips.append("postcode slip")
    elif r < 0.32:
        district = postcode.split(" ")[0]
        postcode = f"{district} {rng.randrange(10)}{rng.choice(_UNIT_LETTERS)}" \
                   f"{rng.choice(_UNIT_LETTERS)}"
        slips.append("moved house")

    nhs = person.nhs_number if person.nhs_number and rng.random() < 0.3 else ""
    upn = person.upn if person.upn and rng.random() < 0.25 else ""
    if nhs and rng.random() < 0.005:
        nhs = _Numbers(rng).nhs()  # a sibling's, or a misread letter
        slips.append("wrong NHS number")
    if upn and rng.random() < 0.005:
        upn = upn_check_letter(body := f"99120{rng.randrange(10**7):07d}") + body
        slips.append("wrong UPN")
    if rng.random() < 0.04 and person.other_names:
        g, f, _kind = person.other_names[0]
        other_names.append((g, f))
    probe = Probe(given_name=given, family_name=family, other_names=tuple(other_names),
                  date_of_birth=dob_text, sex=sex, postcode=postcode, nhs_number=nhs, upn=upn)
    return probe, tuple(slips)


def stored_record(person: TruePerson) -> MatchRecord:
    """The person as their own record in Everychild holds them."""
    return prepare(given_name=person.given, family_name=person.family,
                   middle_names=person.middle, other_names=person.other_names,
                   dob=PartialDate.of(person.born), sex=person.sex,
                   postcodes=(person.postcode,), former_postcodes=person.former_postcodes,
                   nhs_number=person.nhs_number, upns=(person.upn,))


def records_for_training(rng: random.Random, people: list[TruePerson]
                         ) -> Iterator[tuple[int, Probe | TruePerson]]:
    """Each person as the record holds them, and 0 to 2 referrers' descriptions."""
    for person in people:
        yield person.entity, person
        for _ in range(rng.choices((0, 1, 2), cum_weights=(45, 85, 100))[0]):
            yield person.entity, describe(rng, person, people)[0]
