"""Links built by `reverse_fast` (every `url()` in a template) are exactly Django's."""

from __future__ import annotations

import uuid

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from everychild.core.links import reverse_fast

REF = uuid.UUID("5b1f0c8e-2d7a-4c3b-9e6f-0a1b2c3d4e5f")


@pytest.mark.parametrize("name,kwargs", [
    ("people:person-detail", {"ref": REF}),
    ("casework:case", {"ref": REF}),
    ("chronology:entry", {"ref": REF, "lineage": uuid.uuid4()}),
    ("casework:plan", {"ref": REF, "plan_id": 12}),
    ("casework:plan", {"ref": REF, "plan_id": 0}),
    ("chronology:attachment", {"ref": REF, "attachment_id": 7_346_912_851_001}),
    ("oversight:team", {}),
])
def test_the_same_path_as_reverse(name, kwargs):
    for _ in range(2):  # built, then from the cache
        assert reverse_fast(name, **kwargs) == reverse(name, kwargs=kwargs or None)


def test_values_it_does_not_handle_go_to_reverse():
    assert reverse_fast("casework:case", ref=str(REF)) == f"/people/{REF}/case/"
    for bad in ({"ref": "not-a-ref"}, {"ref": -1}, {"ref": 3}, {"plan_id": REF}):
        with pytest.raises(NoReverseMatch):
            reverse_fast("casework:case" if "ref" in bad else "casework:plan", **bad)


def test_a_script_prefix_is_kept():
    set_script_prefix("/everychild/")
    try:
        assert reverse_fast("casework:case", ref=REF) == f"/everychild/people/{REF}/case/"
    finally:
        set_script_prefix("/")
    assert reverse_fast("casework:case", ref=REF) == f"/people/{REF}/case/"
