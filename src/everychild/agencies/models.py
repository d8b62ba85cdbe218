"""Agencies that work with children, their teams, and their staff (the users)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from everychild.access.policy import role_choices


class AgencyKind(models.TextChoices):
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Local authority children's social care"
    EARLY_HELP = "early_help", "Early help"
    POLICE = "police", "Police"
    HEALTH_TRUST = "health_trust", "NHS trust"
    GP_PRACTICE = "gp_practice", "GP practice"
    SCHOOL = "school", "School"
    EARLY_YEARS = "early_years", "Nursery or early years setting"
    PROBATION = "probation", "Probation service"
    YOUTH_OFFENDING = "youth_offending", "Youth offending team"
    CAFCASS = "cafcass", "Cafcass"
    HOUSING = "housing", "Housing"
    SAFEGUARDING_BOARD = "safeguarding_board", "Safeguarding children board"
    INSPECTORATE = "inspectorate", "Inspectorate"
    OTHER = "other", "Other agency"


class Agency(models.Model):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=AgencyKind.choices)
    code = models.CharField(max_length=20, unique=True, help_text="e.g. ODS code, URN or LA number")
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["agency__name", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="team_unique_name")]

    def __str__(self) -> str:
        return f"{self.name}, {self.agency.name}"


class Staff(AbstractUser):
    """A person who signs in: every user belongs to an agency and has one role."""

    role = models.CharField(max_length=40, choices=role_choices())
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="staff")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="members")
    job_title = models.CharField(max_length=120, blank=True)
    phone = models.CharField(max_length=30, blank=True)

    REQUIRED_FIELDS = ["email"]

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "staff"

    def __str__(self) -> str:
        return self.get_full_name() or self.username
