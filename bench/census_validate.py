"""Benchmark: validate a synthetic Children in Need census of 100,000 children.

    .venv/bin/python bench/census_validate.py [--children 100000] [--runs 3] [--year 2025]

Generates a plausible, mostly valid, deterministic census file (episodes, assessments with
factors, CIN plans, section 47s, child protection plans with reviews; about 1 child in 200
has a deliberate mistake), then checks it (schema and every rule) in a fresh process per
run, and prints the median wall time, children per second and the peak memory (maximum
resident set size) of the checking process. The target is under 20 seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from everychild.insight.census.specs import census_year
from everychild.insight.census.validation.upn import check_letter

ETHNICITIES = ("WBRI", "WBRI", "WBRI", "WOTH", "MWBC", "AIND", "APKN", "BAFR", "BCRB", "CHNE",
               "OOTH", "NOBT")
DISABILITIES = ("MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT",
                "DDA")
SOURCES = ("1A", "1B", "2A", "2B", "3A", "3B", "3C", "4", "5A", "5B", "5C", "6", "7", "8", "9")
FACTORS = ("1B", "2B", "3A", "3B", "4A", "4B", "5B", "6B", "7A", "10A", "11A", "14A", "16A",
           "17A", "18C", "20", "24A")
CATEGORIES = ("NEG", "NEG", "EMO", "PHY", "SAB", "MUL")


def _d(day: dt.date) -> str:
    return day.isoformat()


def _weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


class Generator:
    """Writes one child at a time, so generating a big file needs little memory."""

    def __init__(self, year: int, seed: int) -> None:
        self.spec = census_year(year)
        self.rng = random.Random(seed)
        self.start = self.spec.period_start
        self.end = self.spec.reference_date

    def day_in_year(self, earliest: dt.date | None = None) -> dt.date:
        low = max(earliest or self.start, self.start)
        span = (self.end - low).days
        return low + dt.timedelta(days=self.rng.randint(0, max(span, 0)))

    def upn(self, n: int) -> str:
        body = f"201{1000 + n % 9000:04d}{n // 9000 % 100:02d}{n % 1000:03d}"
        return (check_letter("X" + body) or "A") + body

    def child(self, n: int) -> str:
        r = self.rng
        male = r.random() < 0.5
        sex = (("1" if male else "2") if self.spec.sex_element == "GenderCurrent"
               else ("M" if male else "F"))
        born = self.end - dt.timedelta(days=r.randint(200, 17 * 365))
        ids = [f"<LAchildID>B{n:07d}</LAchildID>", f"<UPN>{self.upn(n)}</UPN>",
               f"<PersonBirthDate>{_d(born)}</PersonBirthDate>",
               f"<{self.spec.sex_element}>{sex}</{self.spec.sex_element}>"]
        ethnicity = "WHIT" if n % 200 == 7 else r.choice(ETHNICITIES)  # a deliberate mistake
        if r.random() < 0.8:
            disabilities = ["NONE"]
        else:
            disabilities = r.sample(DISABILITIES, r.choice((1, 1, 2, 3)))
        chars = (f"<Ethnicity>{ethnicity}</Ethnicity><Disabilities>"
                 + "".join(f"<Disability>{d}</Disability>" for d in disabilities)
                 + "</Disabilities>")
        return ("<Child><ChildIdentifiers>" + "".join(ids) + "</ChildIdentifiers>"
                "<ChildCharacteristics>" + chars + "</ChildCharacteristics>"
                + self.episodes(born, disabilities != ["NONE"]) + "</Child>\n")

    def episodes(self, born: dt.date, disabled: bool) -> str:
        r = self.rng
        if r.random() < 0.25:  # an earlier episode, closed, then a current one
            first = self.day_in_year(born + dt.timedelta(days=1))
            if first + dt.timedelta(days=60) < self.end:
                closed = first + dt.timedelta(days=r.randint(50, 60))
                later = self.day_in_year(closed)
                return (self.episode(first, closed, disabled)
                        + self.episode(later, None, disabled))
        referred = max(born, self.rng.choice((self.day_in_year(born + dt.timedelta(days=1)),
                                              self.start - dt.timedelta(days=r.randint(10, 300)))))
        closed = None
        if r.random() < 0.4 and referred + dt.timedelta(days=60) <= self.end:
            closed = max(referred + dt.timedelta(days=r.randint(50, 120)), self.start)
            closed = min(closed, self.end)
        return self.episode(referred, closed, disabled)

    def episode(self, referred: dt.date, closed: dt.date | None, disabled: bool) -> str:
        """One CINdetails block, kept consistent: nothing after the census day or the
        closure, work done in the year only for referrals made in the year."""
        r = self.rng
        in_year = referred >= self.start
        head = [f"<CINreferralDate>{_d(referred)}</CINreferralDate>",
                f"<ReferralSource>{r.choice(SOURCES)}</ReferralSource>"]
        if in_year and r.random() < 0.08:  # no further action
            closed = min(referred + dt.timedelta(days=r.randint(0, 3)), self.end)
            head += [f"<CINclosureDate>{_d(closed)}</CINclosureDate>",
                     "<ReasonForClosure>RC7</ReasonForClosure>"]
            return ("<CINdetails>" + "".join(head) + "<ReferralNFA>true</ReferralNFA>"
                    "</CINdetails>")
        head.append(f"<PrimaryNeedCode>{r.choice(('N1', 'N1', 'N2', 'N3', 'N4', 'N5'))}"
                    "</PrimaryNeedCode>")
        if closed:
            head += [f"<CINclosureDate>{_d(closed)}</CINclosureDate>",
                     "<ReasonForClosure>RC7</ReasonForClosure>"]
        last = closed or self.end
        body: list[str] = []
        tail = ""
        protection = r.random() < 0.25
        if in_year:
            assessed = min(referred + dt.timedelta(days=r.randint(0, 5)), last)
            authorised: dt.date | None = assessed + dt.timedelta(days=r.randint(10, 40))
            if authorised > last:
                authorised = None  # still in progress on the census day
            factors = r.sample(FACTORS, r.randint(1, 3)) + (["6A"] if disabled else [])
            body.append("<Assessments>"
                        f"<AssessmentActualStartDate>{_d(assessed)}</AssessmentActualStartDate>"
                        + (f"<AssessmentAuthorisationDate>{_d(authorised)}"
                           "</AssessmentAuthorisationDate>" if authorised else "")
                        + ("<FactorsIdentifiedAtAssessment>"  # only once it is completed
                           + "".join(f"<AssessmentFactors>{f}</AssessmentFactors>"
                                     for f in factors)
                           + "</FactorsIdentifiedAtAssessment>" if authorised else "")
                        + "</Assessments>")
            if authorised is None:
                return self._close(head, body, "")
            s47 = assessed + dt.timedelta(days=1)
            icpc = _weekday(s47 + dt.timedelta(days=r.randint(8, 14)))
            plan_start = authorised + dt.timedelta(days=r.randint(1, 10))
            if protection and icpc <= last:
                body.append("<Section47>"
                            f"<S47ActualStartDate>{_d(s47)}</S47ActualStartDate>"
                            f"<InitialCPCtarget>{_d(_weekday(s47 + dt.timedelta(days=21)))}"
                            "</InitialCPCtarget>"
                            f"<DateOfInitialCPC>{_d(icpc)}</DateOfInitialCPC>"
                            "<ICPCnotRequired>false</ICPCnotRequired></Section47>")
                tail = self._cp_plan(icpc, closed)
            elif plan_start <= last:
                body.append(self._cin_plan(plan_start, closed))
        else:  # an older referral: a plan that began before the year, carried into it
            began = referred + dt.timedelta(days=min(30, (self.start - referred).days - 1))
            if protection:
                tail = self._cp_plan(began, closed)
            else:
                body.append(self._cin_plan(began, closed))
        return self._close(head, body, tail)

    @staticmethod
    def _close(head: list[str], body: list[str], tail: str) -> str:
        return ("<CINdetails>" + "".join(head) + "".join(body)
                + "<ReferralNFA>false</ReferralNFA>" + tail + "</CINdetails>")

    @staticmethod
    def _cin_plan(start: dt.date, end: dt.date | None) -> str:
        return ("<CINPlanDates>"
                f"<CINPlanStartDate>{_d(start)}</CINPlanStartDate>"
                + (f"<CINPlanEndDate>{_d(end)}</CINPlanEndDate>" if end else "")
                + "</CINPlanDates>")

    def _cp_plan(self, start: dt.date, end: dt.date | None) -> str:
        r = self.rng
        category = r.choice(CATEGORIES)
        # Reviews within three months of the start, then every six, as practice requires;
        # only those held in the census year are returned.
        reviews = []
        review = _weekday(start + dt.timedelta(days=r.randint(60, 85)))
        while review <= (end or self.end):
            if review >= self.start:
                reviews.append(review)
            review = _weekday(review + dt.timedelta(days=r.randint(150, 175)))
        return ("<ChildProtectionPlans>"
                f"<CPPstartDate>{_d(start)}</CPPstartDate>"
                + (f"<CPPendDate>{_d(end)}</CPPendDate>" if end else "")
                + f"<InitialCategoryOfAbuse>{category}</InitialCategoryOfAbuse>"
                f"<LatestCategoryOfAbuse>{category}</LatestCategoryOfAbuse>"
                f"<NumberOfPreviousCPP>{r.choice((1, 1, 1, 2, 3))}</NumberOfPreviousCPP>"
                + ("<Reviews>" + "".join(f"<CPPreviewDate>{_d(d)}</CPPreviewDate>"
                                         for d in reviews) + "</Reviews>" if reviews else "")
                + "</ChildProtectionPlans>")

    def write(self, path: Path, children: int) -> None:
        year = self.spec.year
        with path.open("w", encoding="utf-8") as out:
            out.write('<?xml version="1.0" encoding="UTF-8"?>\n<Message><Header>'
                      f"<CollectionDetails><Collection>CIN</Collection><Year>{year}</Year>"
                      f"<ReferenceDate>{_d(self.end)}</ReferenceDate></CollectionDetails>"
                      "<Source><SourceLevel>L</SourceLevel><LEA>201</LEA>"
                      "<SoftwareCode>Everychild bench</SoftwareCode><Release>1</Release>"
                      f"<SerialNo>001</SerialNo><DateTime>{year}-05-01T09:00:00</DateTime>"
                      "</Source></Header>\n<Children>\n")
            for n in range(children):
                out.write(self.child(n))
            out.write("</Children></Message>\n")


def validate_once(path: str, year: int) -> None:
    """Run in a fresh process: check the file and print timing and peak memory as JSON."""
    from everychild.insight.census.validation import check_file

    started, cpu = time.perf_counter(), time.process_time()
    result = check_file(path, year)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    by_rule: dict[str, int] = {}
    for f in result.failures:
        by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
    print(json.dumps({"wall": wall, "cpu": cpu, "peak_mib": peak_kib / 1024,
                      "children": result.children, "errors": result.errors,
                      "queries": result.queries,
                      "by_rule": dict(sorted(by_rule.items(), key=lambda kv: -kv[1])[:8])}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--children", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--validate-only", metavar="FILE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.validate_only:
        validate_once(args.validate_only, args.year)
        return

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "census.xml"
        started = time.perf_counter()
        Generator(args.year, args.seed).write(path, args.children)
        size = path.stat().st_size
        print(f"Generated {args.children:,} children ({size / 1024**2:.0f} MiB) in "
              f"{time.perf_counter() - started:.1f} s")
        runs = []
        for _ in range(args.runs):
            out = subprocess.run([sys.executable, __file__, "--validate-only", str(path),
                                  "--year", str(args.year)], check=True, capture_output=True,
                                 text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        walls = [r["wall"] for r in runs]
        median = statistics.median(walls)
        last = runs[-1]
        print(f"Validated {last['children']:,} children: {last['errors']:,} errors, "
              f"{last['queries']:,} queries; most reported: {last['by_rule']}")
        print(f"Wall time (median of {len(walls)}): {median:.2f} s  "
              f"[{', '.join(f'{w:.2f}' for w in walls)}]")
        print(f"CPU time of the check (median): "
              f"{statistics.median(r['cpu'] for r in runs):.2f} s")
        print(f"Children per second: {last['children'] / median:,.0f}")
        print(f"Peak memory of the checking process: {max(r['peak_mib'] for r in runs):.0f} MiB")
        print(f"Target under 20 s: {'met' if median < 20 else 'NOT met'}")


if __name__ == "__main__":
    main()
