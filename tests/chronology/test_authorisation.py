"""Every role × relationship × chronology endpoint, judged against the policy (as the
authorisation matrix does for the whole app): allowed requests are not refused; refused
ones are refused without showing the child; sealed children are simply not found."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from django.test import Client
from django.urls import reverse

from everychild.access import policy
from everychild.agencies.models import AgencyKind, Staff
from everychild.chronology.models import Attachment
from everychild.people.models import InvolvementRole

from ..access.test_authorisation_matrix import ROLE_AGENCY, routed_endpoints
from ..factories import (
    AgencyFactory,
    HouseholdFactory,
    InvolvementFactory,
    MembershipFactory,
    PersonFactory,
    StaffFactory,
    TeamFactory,
)
from .builders import entry

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"
RELATIONSHIPS = ("allocated", "same_agency", "unrelated", "sealed")


def _target(user: Staff | None, relationship: str, n: int, stranger, data_dir):
    child = PersonFactory(given_name=f"Chronochild{chr(97 + n % 26)}{n}",
                          family_name="Zqxsecret", sealed=relationship == "sealed",
                          date_of_birth=dt.date(2016, 1, 1))
    home = HouseholdFactory()
    MembershipFactory(household=home, person=child)
    if user is None or relationship == "unrelated":
        InvolvementFactory(person=child, agency=stranger)
    elif relationship == "same_agency":
        InvolvementFactory(person=child, agency=user.agency)
    else:
        InvolvementFactory(person=child, agency=user.agency, staff=user,
                           role=InvolvementRole.PRACTITIONER)
    writer = user or StaffFactory(agency=stranger)
    line = entry(child, writer, summary="Matrix entry")
    (data_dir / "attachments").mkdir(exist_ok=True)
    digest = hashlib.sha256(PDF).hexdigest()
    (data_dir / "attachments" / digest).write_bytes(PDF)
    attachment = Attachment.objects.create(lineage=line.lineage, filename="a.pdf",
                                           content_type="application/pdf", size=len(PDF),
                                           sha256=digest, uploaded_by=writer,
                                           uploaded_at=line.recorded_at)
    kwargs = {"ref": child.ref, "lineage": line.lineage, "attachment_id": attachment.pk}
    return child, home, kwargs


def _rels(relationship: str, user: Staff | None) -> frozenset[str]:
    if user is None or relationship == "unrelated":
        return frozenset()
    if relationship == "same_agency":
        return frozenset({policy.AGENCY})
    return frozenset({policy.ALLOCATED, policy.AGENCY})


def test_chronology_endpoints_follow_the_policy(data_dir):
    stranger = AgencyFactory(kind=AgencyKind.GP_PRACTICE)
    endpoints = [(n, r) for n, r in routed_endpoints()
                 if n.startswith("chronology:") or n.startswith("api:chronology")]
    assert len(endpoints) == 8
    wrong: list[str] = []
    n = 0
    for role in [*policy.policy().roles, "anonymous"]:
        user = None
        client = Client()
        if role != "anonymous":
            agency = AgencyFactory(kind=ROLE_AGENCY[role])
            user = StaffFactory(role=role, agency=agency, team=TeamFactory(agency=agency))
            client.force_login(user)
        for relationship in RELATIONSHIPS:
            n += 1
            _, home, kwargs = _target(user, relationship, n, stranger, data_dir)
            for name, route in endpoints:
                args = {k: v for k, v in kwargs.items() if f":{k}>" in route}
                if "households/" in route:
                    args["ref"] = home.ref
                url = reverse(name, kwargs=args)
                methods = policy.policy().endpoints[name]
                for method in ["GET", "POST"] if "*" in methods else sorted(methods):
                    action = policy.policy().endpoint_action(name, method)
                    assert action is not None
                    if url.startswith("/api/"):
                        response = client.generic(method, url, data=json.dumps({}),
                                                  content_type="application/json")
                    else:
                        response = getattr(client, method.lower())(url)
                    status, body = response.status_code, response.content
                    refused = status in (401, 403, 404, 405) or (
                        status == 302 and "sign-in" in response.get("Location", ""))
                    where = f"{role} × {relationship} × {method} {name} → {status}"
                    if status >= 500:
                        wrong.append(f"server error: {where}")
                    elif user is None:
                        if not refused:
                            wrong.append(f"anonymous not refused: {where}")
                    elif relationship == "sealed" and not policy.role_sees_sealed(role):
                        if policy.role_may_ever(role, action) and status != 404:
                            wrong.append(f"sealed not hidden: {where}")
                    elif policy.allows(role, action, relationships=_rels(relationship, user)):
                        if refused:
                            wrong.append(f"wrongly refused: {where}")
                    elif not refused:
                        wrong.append(f"not refused: {where}")
                    if refused and b"Zqxsecret" in body:
                        wrong.append(f"refused but showed the child: {where}")
    assert not wrong, "\n".join(wrong[:40])
