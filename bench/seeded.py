"""The benches' seeded databases: one per bench and size on a server, seeded once and reused by later runs."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import psycopg
from psycopg.conninfo import make_conninfo

from openaudio_api.demo import seed as seeding
from openaudio_api.db.migrate import migrate


def seeded_database(name: str, size: seeding.SeedSize, *, database_url: str | None, data_dir: str,
                    reseed: bool = False) -> str:
    """The URL of database `name` (its name should carry the size) on database_url, or on the embedded server
    in data_dir: created, migrated and seeded with `size` unless a seeded one is there already."""
    if database_url:
        server = database_url
    else:
        from openaudio_api.db import embedded

        server = embedded.start(Path(data_dir))
    url = make_conninfo(server, dbname=name)
    with psycopg.connect(server, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        # A seed that was interrupted rolled back (it is one transaction): such a database has no users.
        if exists and not reseed and seeding.is_seeded(url):
            print(f"reusing database {name}")
            migrate(url)  # a newer checkout may bring migrations; applied ones are skipped
            return url
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    migrate(url)
    started = time.perf_counter()
    seeding.seed(url, size)
    print(f"seeded {name} in {time.perf_counter() - started:.0f} s")
    return url


def add_size_arguments(parser: argparse.ArgumentParser, data_dir: Path) -> None:
    """The options every bench over the seeded database shares: its size, where it lives, reseeding."""
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--tracks", type=int, default=1_000_000)
    parser.add_argument("--plays", type=int, default=10_000_000)
    parser.add_argument("--small", action="store_true", help="2,000 users, 20,000 tracks, 200,000 plays")
    parser.add_argument("--database-url")
    parser.add_argument("--data-dir", default=str(data_dir))
    parser.add_argument("--reseed", action="store_true")


def load_bench_database(args: argparse.Namespace) -> tuple[str, seeding.SeedSize]:
    """The load bench's seeded database of the size in args (seeded on first use; every bench shares it)."""
    if args.small:
        args.users, args.tracks, args.plays = 2_000, 20_000, 200_000
    # Pinned: a reused database and a fresh one hold the same rows, so runs stay comparable.
    size = seeding.SeedSize(users=args.users, tracks=args.tracks, plays=args.plays, now=seeding.PINNED_NOW)
    name = f"bench_load_{size.users}_{size.tracks}_{size.plays}_{size.seed}"
    return seeded_database(name, size, database_url=args.database_url, data_dir=args.data_dir,
                           reseed=args.reseed), size
