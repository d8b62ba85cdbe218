"""The synthetic authority's places: its name, districts, streets and postcodes.

Northbrook is fictional and so is its postcode area, NB, which no real postcode uses.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

AUTHORITY = "Northbrook"
POSTCODE_AREA = "NB"
LA_CODE = "990"  # three digits, outside the numbers given to real English authorities
# A UPN carries the code of the authority that issued it (the school's), which must be a
# real one for the census to accept it; the authority itself keeps 990. Synthetic UPNs
# are random serials: any likeness to a real pupil's number is chance, tied to no one.
UPN_LA_CODE = "896"

DISTRICTS = (
    "Northbrook", "Northbrook", "Northbrook", "Ashby Cross", "Millford", "Hollins End",
    "Westbury Park", "Kestrel Heath", "Southgate", "Brindle Green", "Oakhurst",
    "Fenwick", "Castle Vale", "Riverside", "Thornbury Moor", "Elmstead", "Lowfield",
    "Harrowmere", "Stanton Hill", "Wyke End",
)

STREETS = (
    "Church Road", "Station Road", "Victoria Street", "Mill Lane", "Park Avenue",
    "Queen Street", "High Street", "Manor Road", "Chapel Street", "Albert Road",
    "Springfield Road", "Grange Road", "New Street", "King Street", "Windsor Road",
    "Oak Avenue", "Elm Grove", "Beech Close", "Willow Way", "Meadow View", "Orchard Close",
    "The Crescent", "Rose Lane", "Brook Street", "Hawthorn Drive", "Cedar Court",
    "Coronation Road", "Jubilee Close", "Nelson Street", "Cromwell Road", "Priory Lane",
    "Lime Tree Walk", "Foxglove Close", "Kingfisher Way", "Heron Drive", "Canal Side",
    "Railway Terrace", "Market Street", "Union Street", "Bridge Street", "Dale Road",
    "Moor Lane", "Cross Street", "Fairfield Road", "St Mary's Road", "St John's Close",
    "Holly Bank", "Sycamore Road", "Lark Rise", "Ash Grove", "Clarence Street",
    "Greenway", "Tennyson Avenue", "Wordsworth Road", "Shelley Close", "Gladstone Street",
    "Peel Street", "Wellington Road", "Buttercup Way", "Poplar Road", "Ivy Court",
    "Bramble Close", "Chestnut Avenue", "Marlborough Road", "Silverdale Drive",
)
BLOCKS = (
    "Mercer House", "Tanner Court", "Alder House", "Lindley Tower", "Carver House",
    "Fletcher Court", "Weaver House", "Ashdown Court", "Cobden House", "Paxton Tower",
)
# Postcode unit letters leave out C, I, K, M, O and V.
_UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


@dataclass(frozen=True, slots=True)
class Address:
    line_1: str
    line_2: str
    town: str
    postcode: str


class Places:
    def __init__(self, rng: random.Random, *, households: int) -> None:
        self.rng = rng
        # About four thousand households to a postcode district, as in a town.
        self.districts = max(4, min(99, households // 4000 + 1))

    def address(self) -> Address:
        rng = self.rng
        district = rng.randrange(1, self.districts + 1)
        town = DISTRICTS[(district - 1) % len(DISTRICTS)]
        street = rng.choice(STREETS)
        postcode = (f"{POSTCODE_AREA}{district} {rng.randrange(10)}"
                    f"{rng.choice(_UNIT_LETTERS)}{rng.choice(_UNIT_LETTERS)}")
        if rng.random() < 0.18:
            return Address(f"Flat {rng.randrange(1, 60)}, {rng.choice(BLOCKS)}", street, town,
                           postcode)
        return Address(f"{rng.randrange(1, 240)} {street}", "", town, postcode)
