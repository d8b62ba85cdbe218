"""Reading what people type into the people pages, before the services judge it.

The services hold the rules. A form only turns text into values (dates, numbers, the
allowed codes) and, when text cannot be read at all, says so in the GOV.UK way. It keeps
exactly what was typed, so a page shown again with errors gives the user back their own
input, and it knows which element each error should link to from the error summary.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .models import (
    DISABILITIES,
    RELATIONSHIP_INVERSE,
    InvolvementRole,
    MemberRole,
    OtherNameKind,
    PersonKind,
    RelationshipKind,
    Sex,
)

DATE_PARTS = ("day", "month", "year")

# CIN census ethnicity codes, in the census's order.
ETHNICITIES: tuple[tuple[str, str], ...] = (
    ("WBRI", "White: British"),
    ("WIRI", "White: Irish"),
    ("WIRT", "White: Traveller of Irish heritage"),
    ("WROM", "White: Gypsy or Roma"),
    ("WOTH", "White: any other White background"),
    ("MWBC", "Mixed: White and Black Caribbean"),
    ("MWBA", "Mixed: White and Black African"),
    ("MWAS", "Mixed: White and Asian"),
    ("MOTH", "Mixed: any other mixed background"),
    ("AIND", "Asian or Asian British: Indian"),
    ("APKN", "Asian or Asian British: Pakistani"),
    ("ABAN", "Asian or Asian British: Bangladeshi"),
    ("AOTH", "Asian or Asian British: any other Asian background"),
    ("BCRB", "Black or Black British: Caribbean"),
    ("BAFR", "Black or Black British: African"),
    ("BOTH", "Black or Black British: any other Black background"),
    ("CHNE", "Chinese"),
    ("OOTH", "Any other ethnic group"),
    ("REFU", "Declined to say"),
    ("NOBT", "Not yet obtained"),
)
ETHNICITY_LABELS = dict(ETHNICITIES)
DISABILITY_LABELS = dict(DISABILITIES)

# "<other> is <subject>'s …": every kind read forwards, and the asymmetric ones backwards
# too (value "~parent": the subject is the other's parent, so the other is their child).
INVERSE_PREFIX = "~"


def relationship_options() -> list[tuple[str, str]]:
    options: list[tuple[str, str]] = []
    for kind in RelationshipKind:
        options.append((kind.value, kind.label))
        inverse = RELATIONSHIP_INVERSE[kind.value]
        if inverse != kind.label:
            options.append((INVERSE_PREFIX + kind.value, inverse))
    return options


@dataclass(frozen=True)
class Field:
    name: str
    label: str  # as it reads at the start of a message: "Date of birth"
    kind: str = "text"  # text, date, choice, number, check, hidden
    max_length: int = 0
    required: str = ""  # the message when it is left empty; "" when it is optional
    invalid: str = ""  # the message when a choice or number is not one we offer


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def read_date(parts: Mapping[str, str], label: str, required: str = ""
              ) -> tuple[dt.date | None, str, tuple[str, ...]]:
    """A date from its day, month and year boxes: (date, message, parts at fault)."""
    given = {p: (parts.get(p) or "").strip() for p in DATE_PARTS}
    if not any(given.values()):
        return None, required, DATE_PARTS if required else ()
    missing = tuple(p for p in DATE_PARTS if not given[p])
    if missing:
        return None, f"{label} must include a {' and '.join(missing)}", missing
    wrong = tuple(p for p in DATE_PARTS if not _digits(given[p]))
    if wrong:
        return None, f"{label} must be a real date", wrong
    if len(given["year"]) != 4:
        return None, f"{label} must have a year with 4 numbers, for example 2019", ("year",)
    day, month, year = (int(given[p]) for p in DATE_PARTS)
    if not 1 <= month <= 12:
        return None, f"{label} must be a real date", ("month",)
    try:
        return dt.date(year, month, day), "", ()
    except ValueError:
        return None, f"{label} must be a real date", ("day",)


class Form:
    """Fields read from a POST (or GET) body, or shown filled from `initial`."""

    fields: tuple[Field, ...] = ()

    def __init__(self, data: Mapping[str, Any] | None = None, *,
                 initial: Mapping[str, Any] | None = None,
                 choices: Mapping[str, Iterable[Any]] | None = None) -> None:
        self.bound = data is not None
        self.choices = {k: [str(v) for v in vs] for k, vs in (choices or {}).items()}
        self.errors: dict[str, list[str]] = {}
        self.cleaned: dict[str, Any] = {}
        self.bad_parts: dict[str, tuple[str, ...]] = {}
        self.raw: dict[str, Any] = {}
        for f in self.fields:
            if data is not None:
                self.raw[f.name] = self._typed(data, f)
            else:
                self.raw[f.name] = self._shown((initial or {}).get(f.name), f)

    # -- reading
    @staticmethod
    def _clean_text(value: Any) -> str:
        # A NUL cannot be stored in PostgreSQL text; nobody means to type one.
        return str(value or "").replace("\x00", "")

    def _typed(self, data: Mapping[str, Any], f: Field) -> Any:
        if f.kind == "date":
            return {p: self._clean_text(data.get(f"{f.name}-{p}")) for p in DATE_PARTS}
        if f.kind == "check":
            return bool(data.get(f.name))
        return self._clean_text(data.get(f.name))

    @staticmethod
    def _shown(value: Any, f: Field) -> Any:
        if f.kind == "date":
            if isinstance(value, dt.date):
                return {"day": str(value.day), "month": str(value.month),
                        "year": str(value.year)}
            return {p: "" for p in DATE_PARTS}
        if f.kind == "check":
            return bool(value)
        return "" if value is None else str(value)

    def is_valid(self) -> bool:
        if not self.bound:
            return False
        for f in self.fields:
            self._clean_field(f)
        self.check()
        return not self.errors

    def _clean_field(self, f: Field) -> None:
        raw = self.raw[f.name]
        if f.kind == "date":
            when, message, parts = read_date(raw, f.label, f.required)
            self.cleaned[f.name] = when
            if message:
                self.add_error(f.name, message)
                self.bad_parts[f.name] = parts
            return
        if f.kind == "check":
            self.cleaned[f.name] = raw
            return
        text = raw.strip()
        if not text:
            self.cleaned[f.name] = None if f.kind in ("number", "hidden") else ""
            if f.required:
                self.add_error(f.name, f.required)
            return
        if f.max_length and len(text) > f.max_length:
            self.add_error(f.name, f"{f.label} must be {f.max_length} characters or fewer")
        if f.kind == "number" or f.kind == "hidden":
            if not _digits(text) or len(text) > 18:
                self.cleaned[f.name] = None
                self.add_error(f.name, f.invalid or f"{f.label} must be a number")
                return
            value: Any = int(text)
        else:
            value = text
        allowed = self.choices.get(f.name)
        if allowed is not None and text not in allowed:
            self.add_error(f.name, f.invalid or f.required or f"Select a {f.label.lower()}")
            value = None if f.kind in ("number", "hidden") else ""
        self.cleaned[f.name] = value

    def check(self) -> None:
        """Rules between fields that must hold before the service can be asked."""

    # -- errors
    def add_error(self, name: str, message: str) -> None:
        if message and message not in self.errors.get(name, []):
            self.errors.setdefault(name, []).append(message)

    def add_errors(self, errors: Mapping[str, Iterable[str]]) -> None:
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name, message)

    def anchor(self, name: str) -> str:
        """The id of the element an error about `name` links to."""
        visible = [f for f in self.fields if f.kind != "hidden"]
        f = next((f for f in visible if f.name == name), None)
        if f is None:
            # Errors about things the form does not show (a version, the other person)
            # link to the first question on the page.
            f = visible[0] if visible else None
            if f is None:
                return "main-content"
        if f.kind == "date":
            parts = self.bad_parts.get(f.name) or DATE_PARTS
            return f"{f.name}-{parts[0]}"
        return f.name

    def ordered_errors(self) -> dict[str, list[str]]:
        """Errors in the order the fields appear on the page, as the summary should list
        them; errors about things the page does not show come first."""
        order = {f.name: i for i, f in enumerate(self.fields)}
        return dict(sorted(self.errors.items(), key=lambda item: order.get(item[0], -1)))

    def anchors(self) -> dict[str, str]:
        return {name: self.anchor(name) for name in self.errors}

    # -- for templates
    def value(self, name: str) -> Any:
        return self.raw.get(name, "")

    def error(self, name: str) -> dict[str, str] | None:
        messages = self.errors.get(name)
        return {"text": " ".join(messages)} if messages else None

    def date_items(self, name: str) -> list[dict[str, str]]:
        """Items for govukDateInput: what was typed, with the faulty boxes marked."""
        parts = self.raw.get(name) or {}
        bad = self.bad_parts.get(name, DATE_PARTS if name in self.errors else ())
        width = {"day": "2", "month": "2", "year": "4"}
        return [{"name": p, "value": parts.get(p, ""),
                 "classes": f"govuk-input--width-{width[p]}"
                            + (" govuk-input--error" if p in bad else "")}
                for p in DATE_PARTS]


# ------------------------------------------------------------------ search and break-glass
class SearchForm(Form):
    fields: tuple[Field, ...] = (
        Field("text", "Search", max_length=100),
        Field("dob", "Date of birth", kind="date"),
    )

    def check(self) -> None:
        if not self.errors and not self.cleaned["text"] and self.cleaned["dob"] is None:
            self.add_error("text", "Enter a name, date of birth, NHS number, UPN or local "
                                "authority child ID")


class BreakGlassForm(Form):
    fields: tuple[Field, ...] = (Field("reason", "Reason", max_length=2000),)


class ReasonForm(Form):
    fields: tuple[Field, ...] = (Field("reason", "Reason", max_length=2000),
              Field("sealed", "Sealed", kind="hidden"))


# ------------------------------------------------------------------ people
_NAME_FIELDS = (
    Field("given_name", "Given name", max_length=100),
    Field("middle_names", "Middle names", max_length=200),
    Field("family_name", "Family name", max_length=100),
)


class PersonDetailsForm(Form):
    """Who a person is. Kind and sex are checked by the service, which says it best."""

    fields: tuple[Field, ...] = (
        Field("kind", "Kind"),
        *_NAME_FIELDS,
        Field("sex", "Sex"),
        Field("date_of_birth", "Date of birth", kind="date"),
        Field("unborn", "Unborn", kind="check"),
        Field("expected_date_of_birth", "Expected date of birth", kind="date"),
        Field("ethnicity", "Ethnicity", invalid="Select an ethnicity from the list"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices.setdefault("ethnicity", list(ETHNICITY_LABELS))
        # Ticked boxes, as posted (the service checks them) or as recorded.
        data = args[0] if args else kwargs.get("data")
        if data is not None and hasattr(data, "getlist"):
            self.disabilities = [str(v)[:10] for v in data.getlist("disabilities")][:20]
        else:
            self.disabilities = list((kwargs.get("initial") or {}).get("disabilities") or [])

    def anchor(self, name: str) -> str:
        return "disabilities" if name == "disabilities" else super().anchor(name)

    def check(self) -> None:
        if self.cleaned.get("unborn"):
            if self.cleaned.get("expected_date_of_birth") is None and not self.errors.get(
                    "expected_date_of_birth"):
                self.add_error("expected_date_of_birth", "Enter the expected date of birth")
                self.bad_parts["expected_date_of_birth"] = DATE_PARTS
        else:
            # The expected date is only asked for an unborn child: ignore what is hidden.
            self.errors.pop("expected_date_of_birth", None)
            self.cleaned["expected_date_of_birth"] = None

    def person_data(self) -> dict[str, Any]:
        """Values for PersonInput / person_update, as the service expects them."""
        c = self.cleaned
        return {
            "kind": c["kind"], "given_name": c["given_name"], "middle_names": c["middle_names"],
            "family_name": c["family_name"], "sex": c["sex"],
            "date_of_birth": c["date_of_birth"],
            "expected_date_of_birth": c["expected_date_of_birth"],
            "ethnicity": c["ethnicity"], "disabilities": self.disabilities,
        }


class PersonCreateForm(PersonDetailsForm):
    fields: tuple[Field, ...] = (
        *PersonDetailsForm.fields,
        Field("nhs_number", "NHS number", max_length=20),
        Field("upn", "Unique Pupil Number", max_length=20),
        Field("la_child_id", "Local authority child ID", max_length=20),
    )

    def person_data(self) -> dict[str, Any]:
        return {**super().person_data(),
                **{k: self.cleaned[k] for k in ("nhs_number", "upn", "la_child_id")}}


class PersonEditForm(PersonDetailsForm):
    fields: tuple[Field, ...] = (
        *PersonDetailsForm.fields,
        Field("date_of_death", "Date of death", kind="date"),
        Field("version", "Version", kind="hidden"),
    )

    def person_data(self) -> dict[str, Any]:
        return {**super().person_data(), "date_of_death": self.cleaned["date_of_death"]}


class IdentifiersForm(Form):
    fields: tuple[Field, ...] = (
        Field("nhs_number", "NHS number", max_length=20),
        Field("upn", "Unique Pupil Number", max_length=20),
        Field("former_upn", "Former Unique Pupil Number", max_length=20),
        Field("la_child_id", "Local authority child ID", max_length=20),
        Field("version", "Version", kind="hidden"),
    )


class OtherNameForm(Form):
    fields: tuple[Field, ...] = (
        Field("kind", "Kind of name"),
        Field("agency", "Agency", kind="number",
              invalid="Select an agency from the list"),
        Field("given_name", "Given name", max_length=100),
        Field("family_name", "Family name", max_length=100),
        Field("note", "Note", max_length=300),
    )


# ------------------------------------------------------------------ households
class AddressForm(Form):
    fields: tuple[Field, ...] = (
        Field("address_line_1", "Address line 1", max_length=200),
        Field("address_line_2", "Address line 2", max_length=200),
        Field("town", "Town or city", max_length=100),
        Field("postcode", "Postcode", max_length=10),
    )

    def address(self) -> dict[str, str]:
        return {k: self.cleaned[k] for k in ("address_line_1", "address_line_2", "town",
                                              "postcode")}


class AddressEditForm(AddressForm):
    fields: tuple[Field, ...] = (*AddressForm.fields, Field("version", "Version", kind="hidden"))


_MEMBERSHIP_FIELDS = (
    Field("role", "Role", required="Select how this person lives in the household"),
    Field("started", "Date they started living here", kind="date",
          required="Enter the date they started living here"),
)


class HouseholdCreateForm(AddressForm):
    """A new address and the person who lives there, recorded together."""

    fields: tuple[Field, ...] = (*AddressForm.fields, *_MEMBERSHIP_FIELDS)


class MembershipForm(Form):
    fields = _MEMBERSHIP_FIELDS


class EndForm(Form):
    """The date something ended; the label says what."""

    label = "End date"

    def __init__(self, *args: Any, label: str = "", **kwargs: Any) -> None:
        self.fields = (Field("ended", label or self.label, kind="date"),)
        super().__init__(*args, **kwargs)


# ------------------------------------------------------------------ relationships and involvement
class RelationshipForm(Form):
    fields: tuple[Field, ...] = (
        Field("kind", "Relationship", required="Select how these two people are related",
              invalid="Select how these two people are related"),
        Field("started", "Date the relationship started", kind="date"),
        Field("note", "Note", max_length=300),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices.setdefault("kind", [value for value, _ in relationship_options()])

    def direction(self) -> tuple[str, bool]:
        """The relationship kind, and whether the subject (not the other) holds it."""
        kind = self.cleaned["kind"]
        if kind.startswith(INVERSE_PREFIX):
            return kind[len(INVERSE_PREFIX):], True
        return kind, False


class InvolvementForm(Form):
    fields: tuple[Field, ...] = (
        Field("agency", "Agency", kind="number", invalid="Select an agency from the list"),
        Field("staff", "Worker", kind="number", invalid="Select a worker from the list"),
        Field("role", "Role"),
        Field("started", "Start date", kind="date"),
    )


CHOICES = {
    "kind": [(k.value, k.label) for k in PersonKind],
    "sex": [(s.value, s.label) for s in Sex],
    "member_role": [(r.value, r.label) for r in MemberRole],
    "other_name_kind": [(k.value, k.label) for k in OtherNameKind],
    "involvement_role": [(r.value, r.label) for r in InvolvementRole],
}
