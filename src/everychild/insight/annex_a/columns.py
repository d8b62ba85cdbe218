"""The Annex A lists Everychild writes: each sheet's name and its columns, in order.

This is the one place to change for a new version of Ofsted's template: a renamed or
moved column is an edit here; a new column is a new entry here and a value for its key
in the list's builder. The headers are those of the sample workbook
(tests/insight/data/Annex_A_sample.xlsx), character for character; the tests compare them.

List 8 (children looked after) and Lists 9 to 11 (care leavers, adoption) are not
written: Everychild keeps no care, leaving-care or adoption records.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    """How a column's values are written (the number format follows the sample's)."""

    ID = "0"            # a whole number where the identifier is numeric
    TEXT = "General"
    DATE = "mm-dd-yy"   # Excel's built-in short date: shown in the reader's own style
    # The sample formats age as "0", which rounds 17.6 up to 18; one decimal keeps the
    # age a child actually is.
    AGE = "0.0"
    COUNT = "0"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: Kind = Kind.TEXT


@dataclass(frozen=True)
class AnnexList:
    number: int
    title: str
    columns: tuple[Column, ...]

    @property
    def sheet(self) -> str:
        return f"List {self.number}"

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)


# Every list opens with who the child is, as at the as-of date.
CHILD = (
    Column("child_id", "Child Unique ID", Kind.ID),
    Column("gender", "Gender"),
    Column("ethnicity", "Ethnicity"),
    Column("dob", "Date of Birth", Kind.DATE),
    Column("age", "Age", Kind.AGE),
)
DISABILITY = Column("disability", "Does the Child have a Disability")
ALLOCATION = (Column("team", "Allocated Team"), Column("worker", "Allocated Worker"))

CONTACTS = AnnexList(1, "Contacts", (
    *CHILD,
    Column("contact_date", "Date of Contact", Kind.DATE),
    Column("source", "Contact Source"),
))

EARLY_HELP = AnnexList(2, "Early help", (
    *CHILD,
    Column("start", "Assessment start date", Kind.DATE),
    Column("completed", "Assessment completion date", Kind.DATE),
    Column("organisation", "Organisation completing assessment"),
))

REFERRALS = AnnexList(3, "Referrals", (
    *CHILD,
    Column("referral_date", "Date of Referral", Kind.DATE),
    Column("source", "Referral Source"),
    Column("nfa", "Referral NFA?"),
    Column("previous", "Number of Referrals in Last 12 Months", Kind.COUNT),
    *ALLOCATION,
))

ASSESSMENTS = AnnexList(4, "Assessments", (
    *CHILD,
    DISABILITY,
    Column("start", "Continuous Assessment Start Date", Kind.DATE),
    Column("seen", "Child Seen During Continuous Assessment"),
    Column("authorised", "Continuous Assessment Date of Authorisation", Kind.DATE),
    Column("needs_support",
           "Was the child assessed as requiring LA children's social care support?"),
    *ALLOCATION,
))

SECTION47 = AnnexList(5, "Section 47 enquiries and initial child protection conferences", (
    *CHILD,
    DISABILITY,
    Column("strategy_date", "Strategy discussion initiating Section 47 Enquiry Start Date",
           Kind.DATE),
    Column("icpc_unnecessary",
           "Was an Initial Child Protection Conference deemed unnecessary?"),
    Column("icpc_date", "Date of Initial Child Protection Conference", Kind.DATE),
    Column("icpc_plan",
           "Did the Initial Child Protection Conference Result in a Child Protection Plan"),
    Column("enquiries_12m", "Number of Section 47 Enquiries in the last 12 months", Kind.COUNT),
    Column("icpcs_12m", "Number of ICPCs in the last 12 months", Kind.COUNT),
    *ALLOCATION,
))

CHILDREN_IN_NEED = AnnexList(6, "Children in need", (
    *CHILD,
    DISABILITY,
    Column("cin_start", "CIN Start Date", Kind.DATE),
    Column("primary_need", "Primary Need Code"),
    Column("last_seen", "Date Child Was Last Seen", Kind.DATE),
    Column("closed", "CIN Closure Date", Kind.DATE),
    Column("closure_reason", "Reason for Closure"),
    Column("case_status", "Case Status"),
    *ALLOCATION,
))

CHILD_PROTECTION = AnnexList(7, "Child protection", (
    *CHILD,
    DISABILITY,
    Column("plan_start", "Child Protection Plan Start Date", Kind.DATE),
    Column("initial_category", "Initial Category of Abuse"),
    Column("latest_category", "Latest Category of Abuse"),
    Column("last_visit", "Date of the Last Statutory Visit", Kind.DATE),
    Column("seen_alone", "Was the Child Seen Alone?"),
    Column("last_review", "Date of latest review conference", Kind.DATE),
    Column("plan_end", "Child Protection Plan End Date", Kind.DATE),
    Column("emergency_protection",
           "Subject to Emergency Protection Order or Protected Under Police Powers in Last "
           "Six Months (Y/N)"),
    Column("previous_plans", "Number of Previous Child Protection Plans", Kind.COUNT),
    *ALLOCATION,
))

LISTS: tuple[AnnexList, ...] = (CONTACTS, EARLY_HELP, REFERRALS, ASSESSMENTS, SECTION47,
                                CHILDREN_IN_NEED, CHILD_PROTECTION)

