"""Benchmark: plays per second through the indexer's whole path (block file -> etl_plays -> plays bridge ->
plays trigger fan-out), set-based trigger vs the upstream-style row-by-row trigger, in the same run.

Every mode indexes the same block file into a fresh copy of the same database (users and tracks present, so
milestones notify their owners); the only difference is the plays trigger: use_play_trigger('statement' |
'row'), or none at all ("no fan-out", the cost of the rest of the path, to isolate the fan-out's own cost).
Rounds alternate the order of the modes; medians are compared. Target: statement >= 5x row.

    python bench/index_plays.py                       # 1,000,000 plays, embedded PG in bench/.data
    python bench/index_plays.py --plays 200000 --rounds 1
    python bench/index_plays.py --database-url URL    # an existing server (databases are created on it)
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import psycopg
from psycopg.conninfo import make_conninfo
from tqdm import tqdm

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openaudio_api.db.migrate import migrate  # noqa: E402
from openaudio_api.indexer import blockfile  # noqa: E402
from openaudio_api.indexer.runner import BATCH_PLAYS, index_all  # noqa: E402
from openaudio_api.indexer.sources import FileSource  # noqa: E402

T0 = datetime(2025, 1, 1)
CHAIN = "bench-chain"


def block_file(folder: Path, plays: int, per_block: int, users: int, tracks: int) -> Path:
    """Blocks of TrackPlays: listeners skewed to the active few (10% anonymous), tracks skewed to hits
    (so milestones are crossed), times moving forward over 90 days. Written once and reused."""
    path = folder / f"plays-{plays}-{per_block}-{users}-{tracks}.jsonl"
    if path.exists():
        return path
    rng = random.Random(2026)
    count = -(-plays // per_block)
    span = 90 * 24 * 3600 / count

    def blocks():
        made = 0
        for height in tqdm(range(1, count + 1), desc="writing block file", unit="block"):
            at = T0 + timedelta(seconds=height * span)
            n = min(per_block, plays - made)
            batch = [
                blockfile.track_play(
                    None if rng.random() < 0.1 else 1 + int(users * rng.random() ** 2),
                    1 + int(tracks * rng.random() ** 3), at - timedelta(seconds=rng.randrange(3600)),
                    signature=f"{height}:{i}", country=rng.choice(["US", "DE", "BR", "JP", ""]))
                for i in range(n)
            ]
            made += n
            yield blockfile.block(height, at, [blockfile.plays_tx(batch)], chain_id=CHAIN)

    partial = path.with_suffix(".partial")
    blockfile.write(partial, blocks())
    partial.rename(path)
    return path


def template(server: str, users: int, tracks: int) -> str:
    name = f"bench_index_template_{users}_{tracks}"
    with psycopg.connect(server, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            return name
        conn.execute(f'CREATE DATABASE "{name}_partial"')
    url = make_conninfo(server, dbname=f"{name}_partial")
    migrate(url)
    with psycopg.connect(url) as conn:
        with conn.cursor().copy("COPY users (user_id, is_current, handle, handle_lc, wallet, created_at, updated_at, "
                                "txhash) FROM STDIN") as copy:
            for uid in range(1, users + 1):
                copy.write_row((uid, True, f"u{uid}", f"u{uid}", f"0x{uid:040x}", T0, T0, f"0xu{uid}"))
        with conn.cursor().copy("COPY tracks (track_id, is_current, is_delete, owner_id, title, created_at, "
                                "updated_at, txhash) FROM STDIN") as copy:
            for tid in range(1, tracks + 1):
                copy.write_row((tid, True, False, 1 + tid % users, f"t{tid}", T0, T0, f"0xt{tid}"))
        conn.commit()
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{name}_partial" RENAME TO "{name}"')
    return name


def run_once(server: str, template_name: str, path: Path, mode: str, args) -> tuple[float, int]:
    name = f"bench_index_{mode.replace(' ', '_').replace('-', '_')}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"')
    url = make_conninfo(server, dbname=name)
    with psycopg.connect(url, autocommit=True) as conn:
        if mode == "no fan-out":
            conn.execute("ALTER TABLE plays DISABLE TRIGGER USER")
        else:
            conn.execute("SELECT use_play_trigger(%s)", (mode,))
    began = time.perf_counter()
    stats = index_all(url, FileSource(path), progress=True, batch_blocks=args.batch_blocks,
                      batch_plays=args.batch_plays)
    seconds = time.perf_counter() - began
    with psycopg.connect(url) as conn:
        plays, total, milestones = conn.execute(
            "SELECT (SELECT count(*) FROM plays), (SELECT sum(count) FROM aggregate_plays), "
            "(SELECT count(*) FROM milestones)").fetchone()
    assert plays == stats.plays and total == (None if mode == "no fan-out" else plays), (plays, total, stats.plays)
    print(f"  {mode:10s} {seconds:7.1f} s  {stats.plays / seconds:10,.0f} plays/s  "
          f"({stats.blocks} blocks, {milestones} milestones)", flush=True)
    return seconds, stats.plays


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plays", type=int, default=1_000_000)
    parser.add_argument("--plays-per-block", type=int, default=1_000)
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--tracks", type=int, default=100_000)
    parser.add_argument("--batch-blocks", type=int, default=50, help="Heights per fetch (the indexer's default).")
    parser.add_argument("--batch-plays", type=int, default=BATCH_PLAYS,
                        help="Plays per indexer transaction on a backfill (the indexer's default).")
    parser.add_argument("--rounds", type=int, default=3, help="Runs of each mode, alternating.")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--data-dir", default=str(Path(__file__).resolve().parent / ".data"))
    args = parser.parse_args()

    folder = Path(args.data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    if args.database_url:
        server = args.database_url
    else:
        from openaudio_api.db import embedded

        server = embedded.start(folder)
    path = block_file(folder, args.plays, args.plays_per_block, args.users, args.tracks)
    template_name = template(server, args.users, args.tracks)
    modes = ("statement", "row", "no fan-out")
    times: dict[str, list[float]] = {mode: [] for mode in modes}
    for round_no in range(1, args.rounds + 1):
        print(f"round {round_no}/{args.rounds}", flush=True)
        for mode in modes if round_no % 2 else tuple(reversed(modes)):
            seconds, _ = run_once(server, template_name, path, mode, args)
            times[mode].append(seconds)
    median = {mode: statistics.median(values) for mode, values in times.items()}
    print(f"\n{args.plays:,} plays in blocks of {args.plays_per_block:,}, up to {args.batch_plays:,} plays per "
          f"transaction; median of {args.rounds} run(s) each")
    for mode in modes:
        print(f"  {mode:10s} {median[mode]:7.1f} s  {args.plays / median[mode]:10,.0f} plays/s")
    print(f"  whole path, set-based / row-by-row throughput: {median['row'] / median['statement']:.2f}x")
    # The fan-out's own cost: the same path with the plays trigger disabled, subtracted.
    base = median["no fan-out"]
    fan_set, fan_row = median["statement"] - base, median["row"] - base
    if fan_set > 0:
        print(f"  fan-out alone ({fan_set:.1f} s vs {fan_row:.1f} s): {fan_row / fan_set:.2f}x")


if __name__ == "__main__":
    main()
