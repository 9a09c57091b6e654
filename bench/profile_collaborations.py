"""Benchmark: the profile query (GET /v1/users/{id}/tracks) with the collaborator merge.

Compares, on the same database and in the same run, interleaved round-robin per user:
  ours        what the handler runs: the credits probe (get_user_credits) and get_user_tracks@owned in one
              pipeline, then, only when the probe found credits, get_user_tracks@credited (widened by
              track_id = ANY(credits));
  owner-only  get_user_tracks@owned alone (the baseline: what a profile cost before collaborations);
  naive       the single-query form `owner_id = $1 OR track_id IN (SELECT ... track_collaborators ...)`,
              the same template with only its /*@listed*/ source swapped.

Prints per-call medians (ms) and ratios against owner-only, for users without and with collaborations, at
the SQL level and then for the whole endpoint (the app in process, the real handler against one that runs
the owner-only query alone). The target: ours / owner-only <= 1.05 at the endpoint for users without
collaborations.

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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openaudio_api.demo import seed as seeding  # noqa: E402
from bench.seeded import seeded_database  # noqa: E402
from openaudio_api.db.queries import sql  # noqa: E402

NAIVE_LISTED = """    SELECT t.* FROM tracks t
    WHERE (t.owner_id = %(user_id)s OR t.track_id IN (
              SELECT track_id FROM track_collaborators
              WHERE collaborator_user_id = %(user_id)s AND status = 'accepted'))
      AND t.is_current
      AND EXISTS (SELECT 1 FROM users u WHERE u.user_id = t.owner_id AND u.is_current AND NOT u.is_deactivated)"""


def page(uid: int, credits: list[int]) -> dict:
    return {"user_id": uid, "my_id": 0, "filter_tracks": "all", "sort_key": "release_date", "direction": "desc",
            "limit": 20, "offset": 0, "credit_ids": credits}


def variants():
    """Each variant runs one profile page for a user, as a function of the connection and the user id."""
    probe, owned, credited = sql("get_user_credits"), sql("get_user_tracks@owned"), sql("get_user_tracks@credited")
    naive = sql("get_user_tracks@owned").replace(
        sql("get_user_tracks@owned").split("WITH listed AS (\n")[1].split("\n),\ncandidates")[0], NAIVE_LISTED)
    assert naive != owned, "get_user_tracks.sql changed shape: update the bench"

    def ours(conn, uid):  # as handlers/users.py does: probe and owner-only query in one pipeline
        with conn.pipeline():
            probed = conn.execute(probe, {"user_id": uid}, prepare=True)
            rows = conn.execute(owned, page(uid, []), prepare=True)
        credits = probed.fetchone()[0]
        if credits:
            return conn.execute(credited, page(uid, credits), prepare=True).fetchall()
        return rows.fetchall()

    return {
        "ours": ours,
        "owner-only": lambda conn, uid: conn.execute(owned, page(uid, []), prepare=True).fetchall(),
        "naive": lambda conn, uid: conn.execute(naive, page(uid, []), prepare=True).fetchall(),
    }


def database(args) -> str:
    size = seeding.SeedSize(users=args.users, tracks=args.tracks, plays=args.tracks, follows_per_user=2,
                            reposts_per_track=1, saves_per_track=1, seed=5, now=seeding.PINNED_NOW)
    return seeded_database(f"bench_profiles_{args.users}_{args.tracks}", size, database_url=args.database_url,
                           data_dir=args.data_dir, reseed=args.reseed)


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


def measure(conn, runs: dict, users: list[int], rounds: int) -> dict[str, list[float]]:
    timings = {name: [] for name in runs}
    for run in runs.values():  # warm caches and let psycopg prepare every statement
        for uid in users[:6]:
            run(conn, uid)
    names = list(runs)
    for round_no in range(rounds):
        # Rotate who goes first, and warm each profile untimed: the first query to touch a profile's
        # tracks pays the cache misses, which would otherwise be charged to whichever variant runs first.
        order = names[round_no % len(names):] + names[:round_no % len(names)]
        for i, uid in enumerate(users):
            runs["owner-only"](conn, uid)
            for name in order:
                if name == "naive" and i % 10:
                    continue  # ~250x slower: every tenth profile is enough for its median
                started = time.perf_counter()
                runs[name](conn, uid)
                timings[name].append((time.perf_counter() - started) * 1000)
    return timings


def measure_endpoint(url: str, users: list[int], rounds: int) -> dict[str, list[float]]:
    """GET /v1/users/{id}/tracks through the whole app (validation, hydration, JSON), in process: the real
    handler against one that runs only the owner-only query (no credits probe)."""
    import openaudio_api.handlers.users as profile_handler
    from openaudio_api.app import create_app
    from openaudio_api.config import Config

    real = profile_handler._credited_or_owned

    async def owner_only(db, base, params):
        return await db.fetch_all(f"{base}@owned", params)

    app = create_app(Config(database_url=url, pool_min=1, pool_max=2), validate_responses=False)
    variants = {"ours": real, "owner-only": owner_only}
    timings = {name: [] for name in variants}
    with app.test_client() as client:
        for uid in users[:6]:
            client.get(f"/v1/users/{uid}/tracks")
        names = list(variants)
        for round_no in range(rounds):
            order = names[round_no % 2:] + names[:round_no % 2]
            for uid in users:
                client.get(f"/v1/users/{uid}/tracks")  # warm this profile untimed
                for name in order:
                    profile_handler._credited_or_owned = variants[name]
                    started = time.perf_counter()
                    response = client.get(f"/v1/users/{uid}/tracks", params={"limit": 20})
                    timings[name].append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200, response.text
    profile_handler._credited_or_owned = real
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
    runs = variants()
    with psycopg.connect(url, autocommit=True) as conn:
        tracks = conn.execute("SELECT count(*) FROM tracks").fetchone()[0]
        print(f"{tracks:,} tracks; {args.sample} profiles per group x {args.rounds} rounds, interleaved")
        print(f"{'profiles':<22}{'query':<12}{'median ms':>10}{'p90 ms':>9}{'vs owner-only':>15}")
        for label, with_credits in (("without collaborations", False), ("with collaborations", True)):
            users = sample_users(conn, with_credits, args.sample)
            timings = measure(conn, runs, users, args.rounds)
            baseline = statistics.median(timings["owner-only"])
            for name, values in timings.items():
                median = statistics.median(values)
                p90 = statistics.quantiles(values, n=10)[-1]
                note = "" if name != "owner-only" or not with_credits else "  (misses the credits)"
                print(f"{label:<22}{name:<12}{median:>10.3f}{p90:>9.3f}{median / baseline:>14.2f}x{note}")
        users = sample_users(conn, False, args.sample)
    timings = measure_endpoint(url, users, args.rounds)
    baseline = statistics.median(timings["owner-only"])
    print(f"\nGET /v1/users/{{id}}/tracks?limit=20, whole app in process, profiles without collaborations:")
    for name, values in timings.items():
        median = statistics.median(values)
        print(f"{'endpoint':<22}{name:<12}{median:>10.3f}{statistics.quantiles(values, n=10)[-1]:>9.3f}"
              f"{median / baseline:>14.2f}x")


if __name__ == "__main__":
    main()
