"""Crash safety: the `openaudio-api index` process is SIGKILLed at random points of a backfill, again and
again; after a final run every table equals what one clean run writes. Nothing lost, nothing twice."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from openaudio_api.demo import seed as seeding
from openaudio_api.indexer import blockfile
from openaudio_api.indexer.runner import index_all
from openaudio_api.indexer.sources import FileSource
from tests import indexing
from tests.conftest import TEMPLATE, _scratch_database

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(sys.executable).with_name("openaudio-api")
BLOCKS, PLAYS_PER_BLOCK = 120, 100


def _index_process(url: str, path: Path | str, *options: str) -> subprocess.Popen:
    command = [str(SCRIPT)] if SCRIPT.exists() else [shutil.which("openaudio-api") or "openaudio-api"]
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "OPENAUDIO_DATA_DIR")}
    return subprocess.Popen(
        [*command, "--log-level", "WARNING", "index", "--database-url", url, "--source", str(path),
         "--batch-blocks", "2", "--batch-plays", "150", "--no-progress", *options],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _height(conn) -> int:
    return conn.execute("SELECT coalesce(max(height), 0) FROM core_indexed_blocks").fetchone()[0]


# Two chains: plays only (many plays per block), and the demo seed's chain, whose blocks carry every entity
# type (users, tracks with collaborator invites, answers, follows, comments...) before its plays, so the
# kills also land among entity changes and their notifications.
SEED_CHAIN = seeding.SeedSize(users=25, tracks=90, plays=2_000, follows_per_user=3, seed=5, now=seeding.PINNED_NOW)
ENTITY_TABLES = ("users", "tracks", "track_routes", "follows", "reposts", "saves", "comments", "remixes",
                 "track_collaborators", "aggregate_user", "aggregate_track")


def _plays_chain(path: Path) -> tuple[list[str], int]:
    blockfile.write(path, indexing.play_blocks(BLOCKS, PLAYS_PER_BLOCK, seed=3))
    return [], BLOCKS


def _seed_chain(path: Path) -> tuple[list[str], int]:
    count = seeding.write_blocks(path, SEED_CHAIN, progress=False)
    return ["--verifier", seeding.verifier_wallet(SEED_CHAIN.seed)], count


def _state(conn, entities: bool) -> dict:
    state = indexing.snapshot(conn)
    for table in ENTITY_TABLES if entities else ():
        state[table] = sorted(map(repr, conn.execute(f"SELECT * FROM {table}").fetchall()))
    return state


@pytest.mark.parametrize("chain", [_plays_chain, _seed_chain], ids=["plays", "seed-chain"])
def test_sigkill_at_random_points_loses_and_duplicates_nothing(server_url, template_url, db_url, conn, tmp_path,
                                                               chain):
    path = tmp_path / "blocks.jsonl"
    options, last_height = chain(path)
    verifiers = frozenset(options[1:])
    with_owners = chain is _plays_chain  # plays only: users and tracks come from the test factory

    gen = _scratch_database(server_url, TEMPLATE)
    clean_url = next(gen)
    with psycopg.connect(clean_url, autocommit=True) as clean:
        if with_owners:
            indexing.owners(clean)
        index_all(clean_url, FileSource(path), verifiers=verifiers)
        reference = _state(clean, entities=not with_owners)
    next(gen, None)
    assert reference["notification"], "the chain must produce notifications for the comparison to mean much"

    if with_owners:
        indexing.owners(conn)
    rng = random.Random(20261122)
    killed_at = []
    while len(killed_at) < 8:
        target = _height(conn) + rng.randint(2, max(3, last_height // 12))
        process = _index_process(db_url, path, *options)
        deadline = time.monotonic() + 60
        while _height(conn) < target and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(rng.uniform(0, 0.03))  # land anywhere: mid-batch, mid-commit, between batches
        if process.poll() is not None:
            break  # it finished before we could kill it
        process.send_signal(signal.SIGKILL)
        process.wait(30)
        killed_at.append(_height(conn))

    assert len(killed_at) >= 5, f"too few kills landed mid-backfill: {killed_at}"
    assert killed_at[-1] < last_height
    final = _index_process(db_url, path, *options)
    _, stderr = final.communicate(timeout=120)
    assert final.returncode == 0, stderr.decode()[-2000:]
    assert _height(conn) == last_height
    assert _state(conn, entities=not with_owners) == reference
