"""`everychild synth`: generate a synthetic local authority."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from everychild.core import clock
from everychild.people.models import Person
from everychild.synth.generate import DEFAULT_AS_OF, WT2013_YEARS_BEFORE, generate
from everychild.synth.referrals import YEARS


def positive(value: str) -> int:
    try:
        number = int(value.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-11-01") from None


class Command(BaseCommand):
    help = ("Generate a synthetic local authority: agencies, staff, households, children and "
            "adults, referrals and case histories. The same seed and size always give the "
            "same data.")

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--children", type=positive, required=True,
                            help="how many children (adults come in addition)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--if-empty", action="store_true",
                            help="do nothing if the database already holds people")
        parser.add_argument("--batch-size", type=positive, default=2000,
                            help="households written per batch (default 2000)")
        parser.add_argument("--as-of", type=iso_date, default=None,
                            help=f"the date the data describes (default {DEFAULT_AS_OF})")
        parser.add_argument("--wt2013-from", type=iso_date, default=None,
                            help="the day the authority moved from Working Together 2006 "
                                 "(initial and core assessments) to the 2013 rules (single "
                                 f"assessment); default {WT2013_YEARS_BEFORE} years before "
                                 "--as-of")

    def handle(self, *args: Any, **options: Any) -> None:
        # A fixed default keeps a seed's data the same from day to day; a clock set earlier
        # than it (an odd machine) gets today instead, so no one is born in the future.
        as_of: dt.date = options["as_of"] or min(DEFAULT_AS_OF, clock.today())
        if as_of > clock.today():
            raise CommandError(f"--as-of {as_of} is in the future: people cannot be born "
                               "or known to agencies after today")
        try:
            existing = Person.objects.count()
        except DatabaseError:
            raise CommandError("The database is not set up: run `everychild migrate` "
                               "first") from None
        if existing:
            if options["if_empty"]:
                self.stdout.write(f"The database already holds {existing:,} people: nothing "
                                  "generated (--if-empty).")
                return
            raise CommandError(
                f"The database already holds {existing:,} people. synth builds a whole "
                "authority and only into an empty database: use a fresh database, or "
                "--if-empty to skip quietly.")
        switch: dt.date | None = options["wt2013_from"]
        if switch is not None and switch > as_of:
            raise CommandError(f"--wt2013-from {switch} is after the data's date {as_of}")
        result = generate(children=options["children"], seed=options["seed"], as_of=as_of,
                          batch_households=options["batch_size"],
                          progress=options["verbosity"] > 0, wt2013_from=switch)
        c = result.counts
        self.stdout.write(self.style.SUCCESS(
            f"Synthetic authority generated (seed {result.seed}, as of {result.as_of})."))
        rows = [
            ("Agencies", f"{c['agencies']:,} ({c['teams']:,} teams)"),
            ("Staff", f"{c['staff']:,}"),
            ("Households", f"{c['households']:,} (including past addresses)"),
            ("Children", f"{c['children']:,} ({c['unborn']:,} unborn, "
                         f"{c['sealed']:,} sealed after adoption)"),
            ("Adults", f"{c['adults']:,}"),
            ("Other names", f"{c['other_names']:,}"),
            ("Relationships", f"{c['relationships']:,}"),
            ("Involvements", f"{c['involvements']:,}"),
            ("Referrals", f"{c['referrals']:,} over {YEARS} years ({c['referrals_open']:,} "
                          "still with the front door)"),
            ("Episodes", f"{c['episodes']:,} ({c['episodes_open']:,} open; "
                         f"{c['assessments']:,} assessments, {c['conferences']:,} "
                         f"conferences, {c['visits']:,} visits)"),
            ("Plans", f"{c['cp_plans']:,} child protection ({c['on_plan']:,} open now), "
                      f"{c['cin_plans']:,} child in need"),
            ("Rules", f"Working Together 2006 until {result.wt2013_from - dt.timedelta(days=1)}"
                      ", 2013 since"),
            ("Chronology", f"{c['chronology_entries']:,} entries from partner agencies"),
            ("Elapsed", f"{result.seconds:.1f} seconds "
                        f"({result.people / max(result.seconds, 1e-9):,.0f} people a second)"),
        ]
        for label, value in rows:
            self.stdout.write(f"  {label:<14} {value}")
