"""Shared by the indexer tests: generated block files and a snapshot of everything indexing writes."""

from __future__ import annotations

import random
import time
from datetime import datetime, timedelta

from openaudio_api.indexer import blockfile
from tests import factory

T0 = datetime(2025, 6, 1)
CHAIN = "test-chain"
USERS = 6
TRACKS = 8

# Every table indexing writes, without the columns that are the time of writing or a serial id.
SNAPSHOT = {
    "core_indexed_blocks": "SELECT chain_id, height, blockhash, plays_slot, em_block, block_time, tx_count "
                           "FROM core_indexed_blocks ORDER BY 1, 2",
    "etl_plays": "SELECT user_id, track_id, city, region, country, played_at, block_height, tx_hash, play_index, "
                 "listened_at, recorded_at, signature FROM etl_plays ORDER BY tx_hash, play_index",
    "plays": "SELECT user_id, source, play_item_id, created_at, slot, signature, city, region, country FROM plays "
             "ORDER BY slot, signature, play_item_id, created_at, user_id",
    "aggregate_plays": "SELECT * FROM aggregate_plays ORDER BY 1",
    "aggregate_monthly_plays": "SELECT * FROM aggregate_monthly_plays ORDER BY play_item_id, timestamp, country",
    "milestones": "SELECT * FROM milestones ORDER BY 1, 2, 3",
    "notification": "SELECT type, specifier, group_id, slot, blocknumber, timestamp, data, user_ids "
                    "FROM notification ORDER BY group_id, specifier",
    "user_distinct_play_hours": "SELECT * FROM user_distinct_play_hours ORDER BY 1",
    "user_distinct_play_tracks": "SELECT * FROM user_distinct_play_tracks ORDER BY 1",
    "core_skipped_transactions": "SELECT chain_id, height, tx_hash, item, kind, reason "
                                 "FROM core_skipped_transactions ORDER BY 1, 2, 3, 4, 5",
}


def snapshot(conn) -> dict:
    return {name: conn.execute(query).fetchall() for name, query in SNAPSHOT.items()}


def owners(conn) -> None:
    """The users and tracks the generated plays point at, so milestones have owners to notify."""
    for uid in range(1, USERS + 1):
        factory.user(conn, uid)
    for tid in range(1, TRACKS + 1):
        factory.track(conn, tid, owner_id=tid % USERS + 1)


def play_blocks(count: int, plays_per_block: int, *, seed: int = 1, first: int = 1, chain_id: str = CHAIN):
    """Blocks of TrackPlays: listeners (some anonymous), a few hot tracks (milestones get crossed), times
    spread over days so months and hours vary."""
    rng = random.Random(seed)
    for height in range(first, first + count):
        at = T0 + timedelta(minutes=height * 7)
        plays = [
            blockfile.track_play(
                rng.choice([None, *range(1, USERS + 1)]), 1 + int(TRACKS * rng.random() ** 2),
                at - timedelta(minutes=rng.randrange(3000)), signature=f"sig-{seed}-{height}-{i}",
                country=rng.choice(["", "US", "DE", "BR"]))
            for i in range(plays_per_block)
        ]
        yield blockfile.block(height, at, [blockfile.plays_tx(plays)], chain_id=chain_id)


def wait_until(predicate, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.05)
