"""The benches' seeded databases: one per bench and size on a server, seeded once and reused by later runs."""

from __future__ import annotations

import time
from pathlib import Path

import psycopg
from psycopg.conninfo import make_conninfo

from db import seed as seeding
from db.migrate import migrate


def seeded_database(name: str, size: seeding.SeedSize, *, database_url: str | None, data_dir: str,
                    reseed: bool = False) -> str:
    """The URL of database `name` (its name should carry the size) on database_url, or on the embedded server
    in data_dir: created, migrated and seeded with `size` unless a seeded one is there already."""
    if database_url:
        server = database_url
    else:
        from db import embedded

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
