"""Benchmark: the profile query (GET /v1/users/{id}/tracks) with the collaborator merge.

Compares, on the same database and in the same run, interleaved round-robin per user:
  ours        db/queries/get_user_tracks.sql as served (credits probe + a gated UNION ALL branch);
  owner-only  the same text without the credited branch (the baseline: what a profile cost before);
  naive       the single-query form `owner_id = $1 OR track_id IN (SELECT ... track_collaborators ...)`.
The baseline and naive texts are derived from ours by replacing only the part that differs.

Prints per-call medians (ms) and ratios against owner-only, for users without and with collaborations.
The target: ours / owner-only <= 1.05 for users without collaborations.

    python bench/profile_collaborations.py                      # 100k users, 1M tracks, embedded PG in bench/.data
    python bench/profile_collaborations.py --database-url URL   # an existing server (a database is created)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import psycopg
from psycopg.conninfo import make_conninfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from db import seed as seeding  # noqa: E402
from db.migrate import migrate  # noqa: E402
from db.queries import sql  # noqa: E402

CREDITED_BRANCH = """    UNION ALL
    SELECT t.* FROM tracks t
    WHERE (SELECT cardinality(ids) FROM credits) > 0
      AND t.track_id = ANY((SELECT ids FROM credits)::integer[])
      AND t.is_current
      AND t.owner_id <> %(user_id)s
      AND EXISTS (SELECT 1 FROM users u WHERE u.user_id = t.owner_id AND u.is_current AND NOT u.is_deactivated)
"""
OWNED_BRANCH = """    SELECT t.* FROM tracks t
    WHERE t.owner_id = %(user_id)s AND t.is_current
      AND EXISTS (SELECT 1 FROM users u WHERE u.user_id = %(user_id)s AND u.is_current AND NOT u.is_deactivated)
"""
NAIVE_LISTED = """    SELECT t.* FROM tracks t
    WHERE (t.owner_id = %(user_id)s OR t.track_id IN (
              SELECT track_id FROM track_collaborators
              WHERE collaborator_user_id = %(user_id)s AND status = 'accepted'))
      AND t.is_current
      AND EXISTS (SELECT 1 FROM users u WHERE u.user_id = t.owner_id AND u.is_current AND NOT u.is_deactivated)
"""


def variants() -> dict[str, str]:
    ours = sql("get_user_tracks")
    assert CREDITED_BRANCH in ours and OWNED_BRANCH in ours, "get_user_tracks.sql changed: update the bench"
    return {
        "ours": ours,
        "owner-only": ours.replace(CREDITED_BRANCH, ""),
        "naive": ours.replace(OWNED_BRANCH + CREDITED_BRANCH, NAIVE_LISTED),
    }


def database(args) -> str:
    if args.database_url:
        server = args.database_url
    else:
        from db import embedded

        server = embedded.start(Path(args.data_dir))
    name = f"bench_profiles_{args.users}_{args.tracks}"
    with psycopg.connect(server, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists and not args.reseed:
            print(f"reusing database {name}")
            return make_conninfo(server, dbname=name)
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_conninfo(server, dbname=name)
    migrate(url)
    size = seeding.SeedSize(users=args.users, tracks=args.tracks, plays=args.tracks, follows_per_user=2,
                            reposts_per_track=1, saves_per_track=1, seed=5)
    started = time.perf_counter()
    seeding.seed(url, size)
    print(f"seeded in {time.perf_counter() - started:.0f} s")
    return url


def sample_users(conn, with_credits: bool, count: int) -> list[int]:
    if with_credits:
        query = """SELECT collaborator_user_id FROM track_collaborators WHERE status = 'accepted'
                   GROUP BY 1 ORDER BY 1 LIMIT %s"""
    else:
        query = """SELECT owner_id FROM tracks t
                   WHERE NOT EXISTS (SELECT 1 FROM track_collaborators c
                                     WHERE c.collaborator_user_id = t.owner_id AND c.status = 'accepted')
                   GROUP BY 1 ORDER BY 1 LIMIT %s"""
    return [r[0] for r in conn.execute(query, (count,))]


def measure(conn, texts: dict[str, str], users: list[int], rounds: int) -> dict[str, list[float]]:
    timings = {name: [] for name in texts}
    params = lambda uid: {"user_id": uid, "my_id": 0, "filter_tracks": "all", "sort_key": "release_date",  # noqa
                          "direction": "desc", "limit": 20, "offset": 0}
    for name, text in texts.items():  # warm caches and prepare every statement
        for uid in users[:20]:
            conn.execute(text, params(uid), prepare=True).fetchall()
    for _ in range(rounds):
        for uid in users:
            for name, text in texts.items():
                started = time.perf_counter()
                conn.execute(text, params(uid), prepare=True).fetchall()
                timings[name].append((time.perf_counter() - started) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--tracks", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=300, help="profiles measured per group")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database-url")
    parser.add_argument("--data-dir", default=str(Path(__file__).resolve().parent / ".data"))
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args()

    url = database(args)
    texts = variants()
    with psycopg.connect(url, autocommit=True) as conn:
        tracks = conn.execute("SELECT count(*) FROM tracks").fetchone()[0]
        print(f"{tracks:,} tracks; {args.sample} profiles per group x {args.rounds} rounds, interleaved")
        print(f"{'profiles':<22}{'query':<12}{'median ms':>10}{'p90 ms':>9}{'vs owner-only':>15}")
        for label, with_credits in (("without collaborations", False), ("with collaborations", True)):
            users = sample_users(conn, with_credits, args.sample)
            timings = measure(conn, texts, users, args.rounds)
            baseline = statistics.median(timings["owner-only"])
            for name, values in timings.items():
                median = statistics.median(values)
                p90 = statistics.quantiles(values, n=10)[-1]
                note = "" if name != "owner-only" or not with_credits else "  (misses the credits)"
                print(f"{label:<22}{name:<12}{median:>10.3f}{p90:>9.3f}{median / baseline:>14.2f}x{note}")


if __name__ == "__main__":
    main()
