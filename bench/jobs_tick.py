"""Benchmark: one jobs tick (every reward-challenge processor and the trending scores job) at scale.

Works on a copy of the load bench's seeded database (100,000 users, 1,000,000 tracks, 10,000,000 plays by
default; seeded once and reused), so the load bench's data stays untouched. Then:

1. catch-up: ticks until no processor writes anything (a new deployment over existing data), on a Friday so
   the weekly trending rewards run too, with progress; then again as of the measured hour;
2. no-change tick: a tick with nothing new, repeated (median);
3. a tick after 100,000 new plays (inserted through the plays trigger, as the indexer does, not timed), repeated
   with fresh plays each round, inside the hour (median);
4. the hourly trending refresh over all of it (the one tick an hour that recomputes the scores).

Baselines measured in the same run, so the ratios survive a noisy machine:
- no-change tick: one round trip per processor (`SELECT 1` in a transaction): the least a tick that asks
  every processor "anything new?" can cost;
- tick after new plays: one indexed read of the new plays (`SELECT user_id, play_item_id, created_at FROM
  plays WHERE id > <before>`): the least any processor that looks at the new plays must do;
- trending refresh: one pass over the month of plays grouped by track, the least the month window reads.

    python bench/jobs_tick.py                  # full size, embedded PG in bench/.data
    python bench/jobs_tick.py --small          # 2k users, 20k tracks, 200k plays
    python bench/jobs_tick.py --rounds 5 --new-plays 100000
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.sql import SQL, Identifier
from tqdm import tqdm

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.seeded import add_size_arguments, load_bench_database  # noqa: E402
from openaudio_api.demo import seed as seeding  # noqa: E402
from openaudio_api.db.queries import loader  # noqa: E402
from openaudio_api.jobs.engine import BATCH  # noqa: E402
from openaudio_api.jobs.runner import JobsRunner  # noqa: E402

BENCH = Path(__file__).resolve().parent
sql = loader(BENCH / "sql")
# Times relative to the load bench's pinned activity end (seeded.py: seeding.PINNED_NOW, a Wednesday): the
# catch-up runs on the Friday after it, so the trending rewards are exercised once; the measured ticks run on
# the Tuesday after, so they stay out of the steady-state ticks.
CATCH_UP_AT = seeding.PINNED_NOW + timedelta(days=2, hours=14)  # Friday 2026-01-02 14:00
NOW = seeding.PINNED_NOW + timedelta(days=6, hours=12)  # Tuesday 2026-01-06 12:00


def working_copy(source_url: str, name: str) -> str:
    """A fresh copy of the seeded database (CREATE DATABASE ... TEMPLATE), so every run starts the same."""
    server = make_conninfo(source_url, dbname="postgres")
    template = conninfo_to_dict(source_url)["dbname"]
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(SQL(sql("drop_copy")).format(name=Identifier(name)))
        started = time.perf_counter()
        conn.execute(SQL(sql("copy_database")).format(name=Identifier(name), template=Identifier(template)))
        print(f"copied {template} to {name} in {time.perf_counter() - started:.0f} s")
    return make_conninfo(source_url, dbname=name)


def tick(runner: JobsRunner, now: datetime) -> tuple[float, dict[str, float], int]:
    begun = time.perf_counter()
    outcomes = runner.tick(now=now)
    seconds = time.perf_counter() - begun
    failed = [(o.name, o.error) for o in outcomes if o.error]
    if failed:
        sys.exit(f"jobs failed: {failed}")
    return seconds, {o.name: o.duration_ms for o in outcomes}, sum(o.rows for o in outcomes)


def catch_up(runner: JobsRunner, now: datetime) -> None:
    begun = time.perf_counter()
    written = 0
    with tqdm(desc="catch-up", unit="tick", file=sys.stderr) as bar:
        def progress(rows: int) -> None:
            nonlocal written
            written += rows
            bar.update(1)
            bar.set_postfix(rows=written)

        ticks, _ = runner.catch_up(now, on_tick=progress)
    print(f"catch-up: {ticks} ticks, {written} rows written, {time.perf_counter() - begun:.1f} s")


def add_plays(conn: psycopg.Connection, count: int, size: seeding.SeedSize, until: datetime) -> int:
    """count new plays in the ten minutes before until; returns the id the last existing play had."""
    before = conn.execute(sql("last_play_id")).fetchone()[0]
    conn.execute(sql("add_plays"), {"count": count, "users": size.users, "tracks": size.tracks,
                                    "at": until - timedelta(minutes=10)})
    return before


def baseline_round_trips(runner: JobsRunner) -> float:
    begun = time.perf_counter()
    for _ in runner.processors:
        with runner.conn.transaction():
            runner.conn.execute("SELECT 1")
    return time.perf_counter() - begun


def baseline_read(runner: JobsRunner, after_id: int) -> float:
    begun = time.perf_counter()
    runner.conn.execute(sql("read_new_plays"), {"after": after_id}).fetchall()
    return time.perf_counter() - begun


def baseline_month_scan(runner: JobsRunner, now: datetime) -> float:
    begun = time.perf_counter()
    runner.conn.execute(sql("month_plays"), {"now": now}).fetchall()
    return time.perf_counter() - begun


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_size_arguments(parser, BENCH / ".data")
    parser.add_argument("--new-plays", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3, choices=range(1, 6), metavar="1..5")
    parser.add_argument("--catch-up-batch", type=int, default=100_000,
                        help="rows per source per tick while catching up (measured ticks use the default)")
    parser.add_argument("--reuse-copy", action="store_true",
                        help="keep a previous run's caught-up copy (skips the copy and the catch-up; for iterating)")
    args = parser.parse_args()
    # The load bench's database, so whichever bench runs first seeds it for both.
    seeded, size = load_bench_database(args)
    name = f"bench_jobs_{size.users}_{size.tracks}_{size.plays}"
    with psycopg.connect(make_conninfo(seeded, dbname="postgres")) as conn:
        reuse = args.reuse_copy and conn.execute(sql("database_exists"), {"name": name}).fetchone()
    url = make_conninfo(seeded, dbname=name) if reuse else working_copy(seeded, name)

    # Catch-up reads bigger batches (fewer, longer ticks); the measured ticks use the production default.
    runner = JobsRunner(url, batch=args.catch_up_batch)
    if not runner.acquire(wait=False):
        sys.exit("another jobs runner holds the lock on the bench database")
    per_job = defaultdict(list)
    try:
        if not reuse:
            runner.conn.execute(sql("catalog_from_genesis"))
            runner.conn.execute("ANALYZE")
            catch_up(runner, CATCH_UP_AT)
        runner.catch_up(NOW)  # trending as of NOW's hour: the measured ticks stay inside it
        runner.batch = BATCH

        idle, idle_base = [], []
        for _ in range(max(args.rounds, 3)):
            seconds, jobs, rows = tick(runner, NOW)
            assert rows == 0, f"a tick over unchanged data wrote {rows} rows"
            idle.append(seconds)
            idle_base.append(baseline_round_trips(runner))

        busy, busy_base = [], []
        with psycopg.connect(url, autocommit=True) as writer:
            for round_no in range(args.rounds):
                at = NOW + timedelta(minutes=10 * round_no)
                after = add_plays(writer, args.new_plays, size, at)
                writer.execute("ANALYZE plays")
                busy_base.append(baseline_read(runner, after))
                seconds, jobs, _ = tick(runner, at)
                busy.append(seconds)
                for job, ms in jobs.items():
                    per_job[job].append(ms)

        # The hourly trending refresh, over everything added above: an hour after the last one (a reused copy
        # may have refreshed later than NOW already).
        last = runner.conn.execute(sql("trending_last_refresh")).fetchone()
        later = max(NOW + timedelta(hours=2),
                    datetime.fromtimestamp(last[0] if last else 0, timezone.utc).replace(tzinfo=None)
                    + timedelta(minutes=61))
        refresh_base = baseline_month_scan(runner, later)
        _, jobs, _ = tick(runner, later)
        refresh = jobs["trending_scores"] / 1000
    finally:
        runner.close()

    print(f"\n{size.users:,} users, {size.tracks:,} tracks, {size.plays:,} plays; medians of {args.rounds} rounds")
    print(f"{'':<40}{'ours s':>10}{'baseline s':>12}{'ratio':>8}")
    for label, ours, base in (("tick, no change", idle, idle_base),
                              (f"tick after {args.new_plays:,} new plays", busy, busy_base),
                              ("hourly trending refresh", [refresh], [refresh_base])):
        o, b = statistics.median(ours), statistics.median(base)
        print(f"{label:<40}{o:>10.3f}{b:>12.3f}{o / b:>8.1f}")
    print("\nper job, tick after new plays (median ms):")
    for job, values in sorted(per_job.items(), key=lambda kv: -statistics.median(kv[1])):
        print(f"  {job:<20}{statistics.median(values):>10.1f}")


if __name__ == "__main__":
    main()
