"""The phase-1 processors' reads, checked by their plan: with data enough for the planner to prefer a
sequential scan wherever no index serves (a few thousand users and tracks, tens of thousands of plays,
ANALYZEd), a tick's dirty-set queries must reach plays, tracks, users and the social tables by index only,
for a tick with nothing new and for one with a little."""

from __future__ import annotations

import json

import psycopg
import pytest

from openaudio_api.demo import seed as seeding
from openaudio_api.jobs.engine import processor_sql
from tests.conftest import TEMPLATE, _scratch_database

BIG_TABLES = {"plays", "tracks", "users", "follows", "reposts", "saves", "playlists", "aggregate_monthly_plays",
              "user_challenges", "challenge_listen_streak"}
SIZE = seeding.SeedSize(users=2_000, tracks=6_000, plays=30_000, follows_per_user=3, reposts_per_track=1,
                        saves_per_track=1, seed=5, now=seeding.PINNED_NOW)


@pytest.fixture(scope="module")
def planned(server_url, template_url):
    scratch = _scratch_database(server_url, TEMPLATE)
    url = next(scratch)
    try:
        seeding.seed(url, SIZE, progress=False)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(
                "INSERT INTO playlists (playlist_id, playlist_owner_id, is_album, is_private, is_current, "
                "is_delete, created_at, updated_at, txhash, blocknumber) "
                "SELECT n, n % 2000 + 1, n % 5 = 0, false, true, false, now(), now(), 'pl' || n, n "
                "FROM generate_series(1, 5000) n")
            # the state tables as a running system has them, one row per user
            conn.execute("INSERT INTO user_challenges (challenge_id, user_id, specifier, is_complete, "
                         "current_step_count) SELECT c, user_id, to_hex(user_id), false, 1 "
                         "FROM users, unnest(ARRAY['p', 'v', 'fp']) c")
            conn.execute("INSERT INTO challenge_listen_streak SELECT user_id, now(), 1 FROM users")
            conn.execute("ANALYZE")
            yield conn
    finally:
        next(scratch, None)


def tops(conn) -> dict:
    one = lambda q: conn.execute(q).fetchone()[0]  # noqa: E731
    block = one("SELECT greatest((SELECT max(blocknumber) FROM users), (SELECT max(blocknumber) FROM follows),"
                " (SELECT max(blocknumber) FROM reposts), (SELECT max(blocknumber) FROM saves))")
    return {"block": block, "playlist_block": one("SELECT max(blocknumber) FROM playlists"),
            "play": one("SELECT max(id) FROM plays")}


def cases(top: dict, lag: int):
    """(query, params) of each processor's window and dirty-set reads; lag: how far behind the checkpoint is."""
    common = {"now": None, "batch": 5000, "challenge_id": "x", "amount": 1, "step_count": 250,
              "starting_block": 0}
    block = {**common, "since": top["block"] - lag, "through": top["block"]}
    playlists = {**common, "since": top["playlist_block"] - lag, "through": top["playlist_block"]}
    plays = {**common, "since": top["play"] - lag, "through": top["play"], "batch": 100_000}
    return [
        ("marks_follows", block), ("marks_reposts", block), ("marks_saves", block), ("marks_users", block),
        ("marks_playlists", playlists), ("marks_plays", plays),
        ("fp_candidates", playlists), ("v_candidates", block), ("p_flags", {**block, "follows": 5}),
        ("pc_candidates", {**plays, "tier_ids": ["p1", "p2", "p3"], "tiers": ["250", "1000", "10000"],
                           "previous": [None, "p1", "p2"]}),
        ("e_plays", plays), ("e_streaks", {**common, "user_id": [1, 2, 3]}),
    ]


def seq_scanned(conn, name: str, params: dict, mode: str) -> set[str]:
    conn.execute(f"SET plan_cache_mode = {mode}")
    plan = conn.execute("EXPLAIN (FORMAT JSON) " + processor_sql(name), params, prepare=True).fetchone()[0]
    plan = (plan if isinstance(plan, list) else json.loads(plan))[0]["Plan"]
    found, todo = set(), [plan]
    while todo:
        node = todo.pop()
        todo.extend(node.get("Plans", []))
        if node["Node Type"] == "Seq Scan" and node.get("Relation Name") in BIG_TABLES:
            found.add(node["Relation Name"])
    return found


@pytest.mark.parametrize("mode", ["force_custom_plan", "force_generic_plan"])
@pytest.mark.parametrize("lag", [0, 3], ids=["nothing new", "a little new"])
def test_dirty_set_reads_use_indexes(planned, lag, mode):
    scanned = {name: seq_scanned(planned, name, params, mode) for name, params in cases(tops(planned), lag)}
    assert {name: tables for name, tables in scanned.items() if tables} == {}
