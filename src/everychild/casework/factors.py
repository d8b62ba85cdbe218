"""The factors an assessment identifies, as the Children in Need census codes them
(`AssessmentFactors` in the census schema, 2023-24 onwards; see
`../shared/reference/CIN_schema_2024.xsd`).

Data, not code: the assessment form lists these, the services accept only these codes,
and the census return writes them as they are. "21" (no factors identified) stands alone
and only for an assessment that ends in no further action.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Factor:
    code: str
    group: str
    label: str  # short, for a checkbox under its group's heading

    @property
    def full_label(self) -> str:
        return f"{self.group}: {self.label}"


NO_FACTORS = "21"

FACTORS: tuple[Factor, ...] = (
    Factor("1A", "Alcohol misuse", "by the child"),
    Factor("1B", "Alcohol misuse", "by a parent or carer"),
    Factor("1C", "Alcohol misuse", "by another person living in the household"),
    Factor("2A", "Drug misuse", "by the child"),
    Factor("2B", "Drug misuse", "by a parent or carer"),
    Factor("2C", "Drug misuse", "by another person living in the household"),
    Factor("3A", "Domestic violence", "the child is subject to it"),
    Factor("3B", "Domestic violence", "a parent or carer is subject to it"),
    Factor("3C", "Domestic violence", "another person in the household is subject to it"),
    Factor("4A", "Mental health", "of the child"),
    Factor("4B", "Mental health", "of a parent or carer"),
    Factor("4C", "Mental health", "of another person in the family or household"),
    Factor("5A", "Learning disability", "of the child"),
    Factor("5B", "Learning disability", "of a parent or carer"),
    Factor("5C", "Learning disability", "of another person in the family or household"),
    Factor("6A", "Physical disability or illness", "of the child"),
    Factor("6B", "Physical disability or illness", "of a parent or carer"),
    Factor("6C", "Physical disability or illness",
           "of another person in the family or household"),
    Factor("7A", "Young carer", "the child's caring responsibilities"),
    Factor("8B", "Privately fostered", "from overseas, intending to return"),
    Factor("8C", "Privately fostered", "from overseas, intending to stay"),
    Factor("8D", "Privately fostered", "from the UK, in an educational placement"),
    Factor("8E", "Privately fostered", "from the UK, in an alternative family arrangement"),
    Factor("8F", "Privately fostered", "other"),
    Factor("9A", "Unaccompanied asylum-seeking child", "the child"),
    Factor("10A", "Going missing", "the child goes or is missing"),
    Factor("11A", "Child sexual exploitation", "the child"),
    Factor("12A", "Trafficking", "the child"),
    Factor("13A", "Gangs", "the child's involvement in or with gangs"),
    Factor("14A", "Socially unacceptable behaviour", "the child's behaviour"),
    Factor("15A", "Self-harm", "suspected or actual self-harm by the child"),
    Factor("16A", "Abuse or neglect", "neglect"),
    Factor("17A", "Abuse or neglect", "emotional abuse"),
    Factor("18B", "Abuse or neglect", "physical abuse by another child"),
    Factor("18C", "Abuse or neglect", "physical abuse by an adult"),
    Factor("19B", "Abuse or neglect", "sexual abuse by another child"),
    Factor("19C", "Abuse or neglect", "sexual abuse by an adult"),
    Factor("20", "Other", "another factor"),
    Factor(NO_FACTORS, "No factors identified", "no evidence of any factor, and no further "
                                               "action"),
    Factor("22A", "Female genital mutilation", "the child may be at risk"),
    Factor("23A", "Abuse linked to faith or belief", "the child may be at risk"),
    Factor("24A", "Child criminal exploitation", "the child"),
)

CODES: tuple[str, ...] = tuple(f.code for f in FACTORS)
BY_CODE: dict[str, Factor] = {f.code: f for f in FACTORS}


def factor_label(code: str) -> str:
    """'2B' → 'Drug misuse: by a parent or carer'; an unknown code as it is."""
    found = BY_CODE.get(code)
    return found.full_label if found else code


def groups() -> list[tuple[str, list[Factor]]]:
    """The factors under their headings, in the census's order (for the form)."""
    out: list[tuple[str, list[Factor]]] = []
    for f in FACTORS:
        if not out or out[-1][0] != f.group:
            out.append((f.group, []))
        out[-1][1].append(f)
    return out
