"""Building referrals for tests: a valid referral as plain data, with one change at a time
for the refusals."""

from __future__ import annotations

import datetime as dt
from typing import Any

from everychild.core import clock
from everychild.referrals.entries import ReferralInput, referral_input_from_dict


def referral_body(**changes: Any) -> dict[str, Any]:
    """A school's referral about two siblings, their mother and her lodger."""
    today = clock.today()
    body: dict[str, Any] = {
        "referrer": {"channel": "online", "source": "2A", "name": "Priya Hallam",
                     "role": "Designated safeguarding lead", "organisation": "Northbrook Primary",
                     "phone": "01632 960001", "email": "dsl@northbrook-primary.example"},
        "people": [
            {"role": "subject_child", "given_name": "Tillie", "family_name": "Marsh",
             "other_names": [["Matilda", "Marsh"]], "sex": "F",
             "date_of_birth": (today - dt.timedelta(days=8 * 365)).isoformat()},
            {"role": "other_child", "given_name": "Ronan", "family_name": "Marsh", "sex": "M",
             "date_of_birth": str(today.year - 5)},
            {"role": "parent", "given_name": "Kerry", "family_name": "Marsh", "sex": "F",
             "relationship": "mother"},
            {"role": "other_adult", "given_name": "Dean", "family_name": "Tolley", "sex": "M",
             "relationship": "lodger", "is_family": False},
        ],
        "address": {"line_1": "14 Quarry Lane", "town": "Northbrook", "postcode": "NB1 4QL"},
        "concern": {"concern": "Tillie came to school with bruising to her upper arm and said "
                               "the lodger grabbed her.",
                    "significant_harm": False, "harm_categories": [],
                    "past_concerns": "The school raised neglect concerns last spring.",
                    "incidents": [{"description": "Bruising seen by the class teacher",
                                   "happened_on": today.isoformat()}]},
        "sharing": {"family_aware": "no", "basis": "without_consent",
                    "reason": "Telling the family could put Tillie at risk from the lodger"},
    }
    for path, value in changes.items():
        section, _, key = path.partition("__")
        if key:
            body[section][key] = value
        else:
            body[section] = value
    return body


def referral_input(**changes: Any) -> ReferralInput:
    data, errors = referral_input_from_dict(referral_body(**changes))
    assert not errors, errors.errors
    return data
