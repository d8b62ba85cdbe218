"""`everychild demo_users`: (re)create one demo sign-in account per role."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from everychild.synth.demo import DEMO_PASSWORD, URL, NoAuthority, demo_users_setup


class Command(BaseCommand):
    help = ("Create or reset the demo accounts, one per role, attached to the synthetic "
            "authority (run `everychild synth` first).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            accounts = demo_users_setup()
        except NoAuthority as exc:
            raise CommandError(str(exc)) from None
        except DatabaseError:
            raise CommandError("The database is not set up: run `everychild migrate` and "
                               "`everychild synth` first.") from None
        width = max(len(a.username) for a in accounts)
        role_width = max(len(a.role_label) for a in accounts)
        self.stdout.write("Demo accounts (all synthetic; never use real data):\n")
        self.stdout.write(f"  {'Username':<{width}}  {'Role':<{role_width}}  Agency\n"
                          f"  {'':<{width}}  {'':<{role_width}}  What they can see")
        for a in accounts:
            self.stdout.write(f"  {a.username:<{width}}  {a.role_label:<{role_width}}  "
                              f"{a.agency}\n  {'':<{width}}  {'':<{role_width}}  {a.can_see}")
        self.stdout.write(f"\nPassword for every demo account: {DEMO_PASSWORD}")
        self.stdout.write(f"Sign in at {URL}")
