"""The DfE's validation rules for the Children in Need census, for any authority's file.

Rules live in modules named for the part of the census they check, each registering its
rules with `registry.rule`; importing this package imports them all, so the registry is
complete. To add a module, import it below.
"""

from everychild.insight.census.validation import (  # noqa: F401 - imported to register rules
    rules_assessments,
    rules_characteristics,
    rules_cin_details,
    rules_cin_plans,
    rules_cp_plans,
    rules_episodes,
    rules_header,
    rules_identifiers,
    rules_reviews,
    rules_section47,
)
from everychild.insight.census.validation.runner import (
    Failure,
    Result,
    check_file,
    validate,
)

__all__ = ["Failure", "Result", "check_file", "validate"]
