"""What a referral says about someone, to be matched against the people already known."""

from __future__ import annotations

from dataclasses import dataclass

from .dates import parse_partial_date
from .records import MatchRecord, prepare


@dataclass(frozen=True, slots=True)
class Probe:
    """A person named in a referral (or a row of a file to link).

    `date_of_birth` is ISO: '2015-03-04', '2015-03', '2015' or '' (an unborn child's
    expected date will do); `sex` is 'M', 'F', 'U' or ''; `other_names` are
    (given, family) pairs the person is also known by."""

    given_name: str
    family_name: str
    other_names: tuple[tuple[str, str], ...] = ()
    date_of_birth: str = ""
    sex: str = ""
    postcode: str = ""
    nhs_number: str = ""
    upn: str = ""

    def record(self) -> MatchRecord:
        """Raises dates.BadDate if the date of birth is not a date."""
        return prepare(
            given_name=self.given_name, family_name=self.family_name,
            other_names=((g, f, "other name") for g, f in self.other_names),
            dob=parse_partial_date(self.date_of_birth), sex=self.sex,
            postcodes=(self.postcode,) if self.postcode.strip() else (),
            nhs_number=self.nhs_number, upns=(self.upn,))
