"""Identity matching: accuracy against known truth, lookup latency against a million
people, and how fast a million records are deduplicated.

    .venv/bin/python bench/matching.py                      # ~1,000,000 people, everything
    .venv/bin/python bench/matching.py --children 20000 --probes 1000 --dedupe-rows 50000
    .venv/bin/python bench/matching.py --skip-dedupe --sweep
    python -m tests.support.with_postgres -- .venv/bin/python bench/matching.py \\
        --database postgres --children 50000 --skip-dedupe

The index is a synthetic authority (`everychild synth`, about 2.09 people per child)
built once into var/bench/matching-<children>-s<seed>.sqlite3 and reused; its match
keys are rebuilt if the key scheme has changed. Probes describe people of the index
with the slips referrers make (people.matching.simulate.describe: short forms, typing
slips, swapped names, transposed or partial dates, former surnames, old addresses,
placeholder names for babies, identifiers only sometimes), and a share describe people
of the same authority who are not in it (made by synth's family maker with another
seed), so every lookup has a known right answer. Prints:

- precision, recall and F1 at the auto-link decision and at the review threshold
  (pairs: every candidate at or above the threshold is a claimed match);
- p50 / p99 of single lookups (find_candidates), each timed alone;
- batch dedupe throughput: `everychild people dedupe` on a CSV of index people and
  referrers' descriptions of some of them, timed end to end as a separate process.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVERYCHILD = str(Path(sys.executable).with_name("everychild"))
PEOPLE_PER_CHILD = 2.09


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=round(1_000_000 / PEOPLE_PER_CHILD),
                        help="children in the index authority (default: ~1,000,000 people)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--probes", type=int, default=4000, help="lookups to score")
    parser.add_argument("--absent-share", type=float, default=0.2,
                        help="share of probes describing people not in the index")
    parser.add_argument("--dedupe-rows", type=int, default=1_000_000)
    parser.add_argument("--skip-dedupe", action="store_true")
    parser.add_argument("--sweep", action="store_true",
                        help="also print precision and recall over a range of thresholds")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    args = parser.parse_args()

    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    env = {"DJANGO_SETTINGS_MODULE": "everychild.config.settings.local",
           "EVERYCHILD_DATABASE": args.database}
    if args.database == "sqlite":
        db_file = bench_dir / f"matching-{args.children}-s{args.seed}.sqlite3"
        env["EVERYCHILD_SQLITE_PATH"] = str(db_file)
    os.environ.update(env)
    built = _ensure_index(args)

    import django

    django.setup()
    _ensure_keys(args, bench_dir, fresh=built)
    if args.database == "postgres":
        _vacuum()
    from everychild.people.models import Person

    people = Person.objects.count()
    print(f"\nmatching: index of {people:,} people ({args.database}), seed {args.seed}")
    probes = _probes(args)
    _accuracy_and_latency(probes, sweep=args.sweep)
    if not args.skip_dedupe:
        _dedupe(args, bench_dir)
    return 0


# ------------------------------------------------------------------ the index


def _ensure_index(args: argparse.Namespace) -> bool:
    """Migrate (new migrations only), and generate the authority if it is not there."""
    subprocess.run([EVERYCHILD, "migrate", "--no-input", "-v0"], check=True)
    started = time.perf_counter()
    done = subprocess.run([EVERYCHILD, "synth", "--children", str(args.children), "--seed",
                           str(args.seed), "--if-empty"], check=True, capture_output=True,
                          text=True)
    if "nothing generated" not in done.stdout:
        print(f"Built the index in {time.perf_counter() - started:.0f} s "
              "(synth, including its match keys)")
        return True
    return False


def _ensure_keys(args: argparse.Namespace, bench_dir: Path, *, fresh: bool) -> None:
    from everychild.people.matching import rebuild_all_match_keys
    from everychild.people.matching.keys import KEY_VERSION
    from everychild.people.models import MatchKey

    marker = bench_dir / f"matching-{args.children}-s{args.seed}-{args.database}.keys"
    if fresh:  # synth has just built them with the current scheme
        marker.write_text(f"{KEY_VERSION}\n")
        return
    if (MatchKey.objects.exists() and marker.exists()
            and marker.read_text().strip() == str(KEY_VERSION)):
        return
    started = time.perf_counter()
    written = rebuild_all_match_keys(progress=True)
    print(f"Rebuilt {written:,} match keys in {time.perf_counter() - started:.0f} s")
    marker.write_text(f"{KEY_VERSION}\n")


def _vacuum() -> None:
    """After a bulk load PostgreSQL's visibility map is empty, so every index-only scan
    visits the table too, and autovacuum arrives in the middle of the timings: vacuum
    first, as a database in service would have been."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("people_matchkey", "people_person", "people_othername",
                      "people_householdmembership", "people_household"):
            cursor.execute(f"VACUUM (ANALYZE) {table}")


# ------------------------------------------------------------------ probes


def _true_people(ids: list[int]) -> list:
    """The index's people as simulate.TruePerson, to be described by referrers."""
    from everychild.people.matching.simulate import TruePerson
    from everychild.people.models import HouseholdMembership, OtherName, Person

    others = defaultdict(list)
    words = {"former": "former name", "nickname": "nickname", "alias": "alias",
             "agency_spelling": "spelling an agency uses"}
    for pid, given, family, kind in OtherName.objects.filter(person_id__in=ids).values_list(
            "person_id", "given_name", "family_name", "kind"):
        others[pid].append((given, family, words.get(kind, "other name")))
    now, before = {}, defaultdict(list)
    for pid, postcode, ended in HouseholdMembership.objects.filter(
            person_id__in=ids).values_list("person_id", "household__postcode", "ended"):
        if ended is None:
            now[pid] = postcode
        else:
            before[pid].append(postcode)
    out = []
    for p in Person.objects.filter(pk__in=ids).order_by("pk"):
        out.append(TruePerson(
            entity=p.pk, given=p.given_name, family=p.family_name, sex=p.sex,
            dob=p.date_of_birth, middle=p.middle_names, expected=p.expected_date_of_birth,
            postcode=now.get(p.pk, ""), former_postcodes=tuple(before[p.pk]),
            other_names=tuple(others[p.pk]), nhs_number=p.nhs_number,
            upn=p.upn or p.former_upn))
    return out


def _absent_people(count: int, seed: int) -> list:
    """People of the same authority who are not in the index: synth's family maker with
    another seed, kept in memory."""
    from everychild.people.matching.simulate import TruePerson
    from everychild.synth.families import FamilyMaker
    from everychild.synth.generate import DEFAULT_AS_OF
    from everychild.synth.identifiers import NhsNumbers
    from everychild.synth.places import Places

    rng = random.Random(f"bench:absent:{seed}")
    maker = FamilyMaker(rng, as_of=DEFAULT_AS_OF, nhs=NhsNumbers(rng),
                        places=Places(rng, households=count * 2))
    out = []
    index = 0
    while len(out) < count:
        plan = maker.household(index, 4)
        index += 1
        postcode = plan.addresses[0].postcode if plan.addresses else ""
        for spec in plan.people:
            out.append(TruePerson(
                entity=-(len(out) + 1), given=spec.given, family=spec.family, sex=spec.sex,
                dob=spec.dob, middle=spec.middle, expected=spec.edd, postcode=postcode,
                nhs_number=spec.nhs, upn=spec.upn))
    rng.shuffle(out)
    return out[:count]


def _probes(args: argparse.Namespace) -> list[tuple]:
    """(probe, true person id or None, slips)."""
    from everychild.people.matching.simulate import describe
    from everychild.people.models import Person

    rng = random.Random(f"bench:probes:{args.seed}")
    present = args.probes - round(args.probes * args.absent_share)
    ids = list(Person.objects.filter(merged_into__isnull=True, sealed=False)
               .values_list("pk", flat=True))
    chosen = rng.sample(ids, min(present, len(ids)))
    everyone = _true_people(chosen)
    probes = []
    for person in everyone:
        probe, slips = describe(rng, person, everyone)
        probes.append((probe, person.entity, slips))
    for person in _absent_people(args.probes - len(probes), args.seed):
        probe, slips = describe(rng, person, everyone)
        probes.append((probe, None, slips))
    rng.shuffle(probes)
    return probes


# ------------------------------------------------------------------ accuracy and latency


def _prf(tp: int, claimed: int, actual: int) -> tuple[float, float, float]:
    precision = tp / claimed if claimed else 1.0
    recall = tp / actual if actual else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _accuracy_and_latency(probes: list[tuple], *, sweep: bool) -> None:
    from everychild.people.matching import (
        AUTO_LINK_THRESHOLD,
        REVIEW_THRESHOLD,
        find_candidates,
        link_decision,
    )

    for probe, _truth, _slips in probes[:30]:  # warm the caches and the connection
        find_candidates(probe)
    timings: list[float] = []
    results = []
    for probe, truth, slips in probes:
        started = time.perf_counter()
        candidates = find_candidates(probe, limit=10)
        timings.append((time.perf_counter() - started) * 1000)
        results.append((candidates, link_decision(candidates), truth, slips))

    actual = sum(1 for *_, truth, _ in results if truth is not None)
    # Review: every candidate at or above the threshold is a claimed match.
    claimed = tp = 0
    false_kinds: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    for candidates, _decision, truth, slips in results:
        above = [c for c in candidates if c.score >= REVIEW_THRESHOLD]
        claimed += len(above)
        hit = any(c.person_id == truth for c in above)
        tp += hit
        for c in above:
            if c.person_id != truth:
                false_kinds[_false_kind(c)] += 1
        if truth is not None and not hit:
            for slip in slips or ("(no slip)",):
                missed[slip] += 1
    review = _prf(tp, claimed, actual)
    auto_claimed = auto_tp = 0
    for candidates, decision, truth, _slips in results:
        if decision == "auto":
            auto_claimed += 1
            auto_tp += candidates[0].person_id == truth
    auto = _prf(auto_tp, auto_claimed, actual)
    print(f"\n  {len(results):,} lookups ({actual:,} of people in the index, "
          f"{len(results) - actual:,} of people who are not)")
    print(f"  {'':<34}{'precision':>10}{'recall':>9}{'F1':>8}")
    print(f"  {'auto-link decision (p >= ' + str(AUTO_LINK_THRESHOLD) + ')':<34}"
          f"{auto[0]:>10.4f}{auto[1]:>9.4f}{auto[2]:>8.4f}   ({auto_claimed:,} auto-linked)")
    print(f"  {'review (p >= ' + str(REVIEW_THRESHOLD) + ')':<34}"
          f"{review[0]:>10.4f}{review[1]:>9.4f}{review[2]:>8.4f}   ({claimed:,} pairs)")
    if false_kinds:
        print("  wrong pairs at review: " + ", ".join(
            f"{kind} {n}" for kind, n in false_kinds.most_common()))
    if missed:
        print("  missed at review, by slip: " + ", ".join(
            f"{slip} {n}" for slip, n in missed.most_common(8)))
    print(f"\n  single lookup: p50 {_percentile(timings, 0.5):.1f} ms, "
          f"p99 {_percentile(timings, 0.99):.1f} ms, max {max(timings):.1f} ms, "
          f"mean {statistics.mean(timings):.1f} ms")
    if sweep:
        _sweep(results, actual)


def _false_kind(candidate) -> str:
    levels = candidate.levels
    if (levels.get("family_name") == "exact" and levels.get("date_of_birth") == "exact"
            and levels.get("given_name") not in ("exact", "form of the name", "near")):
        return "twin-like"
    return "other"


def _sweep(results: list, actual: int) -> None:
    print(f"\n  {'threshold':>10}{'pairs P':>9}{'pairs R':>9}{'F1':>8}"
          f"{'best P':>9}{'best R':>9}")
    for threshold in (0.1, 0.3, 0.5, 0.7, 0.8, 0.85, 0.9, 0.95, 0.97, 0.99, 0.995, 0.999,
                      0.9999):
        claimed = tp = best_claimed = best_tp = 0
        for candidates, _d, truth, _s in results:
            above = [c for c in candidates if c.score >= threshold]
            claimed += len(above)
            tp += any(c.person_id == truth for c in above)
            if above:
                best_claimed += 1
                best_tp += above[0].person_id == truth
        p, r, f = _prf(tp, claimed, actual)
        bp, br, _ = _prf(best_tp, best_claimed, actual)
        print(f"  {threshold:>10}{p:>9.4f}{r:>9.4f}{f:>8.4f}{bp:>9.4f}{br:>9.4f}")


# ------------------------------------------------------------------ batch dedupe


def _dedupe(args: argparse.Namespace, bench_dir: Path) -> None:
    path = bench_dir / f"dedupe-{args.dedupe_rows}-s{args.seed}.csv"
    truth_path = path.with_suffix(".truth.csv")
    if not path.exists():
        _write_dedupe_csv(path, truth_path, args.dedupe_rows, args.seed)
    out = bench_dir / "dedupe-clusters.csv"
    started = time.perf_counter()
    subprocess.run([EVERYCHILD, "people", "dedupe", str(path), "--out", str(out)], check=True)
    seconds = time.perf_counter() - started
    rows = sum(1 for _ in path.open()) - 1
    print(f"\n  batch dedupe: {rows:,} records in {seconds:.0f} s "
          f"({rows / seconds:,.0f} records a second), `everychild people dedupe` end to end")
    truth = {}
    with truth_path.open() as handle:
        for row in csv.DictReader(handle):
            truth[row["id"]] = row["person"]
    clusters = defaultdict(list)
    with out.open() as handle:
        for row in csv.DictReader(handle):
            clusters[row["cluster_id"]].append(row["id"])
    claimed = tp = 0
    for ids in clusters.values():
        n = len(ids)
        claimed += n * (n - 1) // 2
        tp += sum(k * (k - 1) // 2 for k in Counter(truth[i] for i in ids).values())
    actual = sum(k * (k - 1) // 2 for k in Counter(truth.values()).values())
    p, r, f = _prf(tp, claimed, actual)
    print(f"  dedupe pairs: precision {p:.4f}, recall {r:.4f}, F1 {f:.4f} "
          f"({actual:,} true pairs)")


def _write_dedupe_csv(path: Path, truth_path: Path, rows: int, seed: int) -> None:
    """Index people as their records hold them, plus referrers' descriptions of about a
    fifth of them: `rows` rows in all."""
    from everychild.people.matching.simulate import describe
    from everychild.people.models import Person

    started = time.perf_counter()
    rng = random.Random(f"bench:dedupe:{seed}")
    ids = list(Person.objects.filter(merged_into__isnull=True).values_list("pk", flat=True))
    originals = min(len(ids), round(rows / 1.2))
    ids = sorted(rng.sample(ids, originals))
    header = ["id", "given_name", "family_name", "date_of_birth", "sex", "postcode",
              "other_names", "nhs_number", "upn"]
    written = 0
    with path.open("w", newline="") as out, truth_path.open("w", newline="") as truth:
        w, t = csv.writer(out), csv.writer(truth)
        w.writerow(header)
        t.writerow(["id", "person"])
        for start in range(0, len(ids), 20_000):
            batch = _true_people(ids[start:start + 20_000])
            for person in batch:
                born = person.dob or person.expected
                w.writerow([f"p{person.entity}", person.given, person.family,
                            born.isoformat() if born else "", person.sex, person.postcode,
                            "; ".join(f"{g}|{f}" for g, f, _k in person.other_names),
                            person.nhs_number, person.upn])
                t.writerow([f"p{person.entity}", person.entity])
                written += 1
                if written < rows and rng.random() < (rows - originals) / originals:
                    probe, _slips = describe(rng, person, batch)
                    w.writerow([f"d{written}", probe.given_name, probe.family_name,
                                probe.date_of_birth, probe.sex, probe.postcode,
                                "; ".join(f"{g}|{f}" for g, f in probe.other_names),
                                probe.nhs_number, probe.upn])
                    t.writerow([f"d{written}", person.entity])
                    written += 1
    print(f"  wrote {written:,} rows to {path.name} in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
