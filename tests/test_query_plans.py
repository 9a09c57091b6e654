"""Hot queries are checked by their plan: on a 200,000-track database (ANALYZEd), none of them may scan a
big table sequentially, whether PostgreSQL plans them for the given values or generically (as it may for
prepared statements, which psycopg uses after a few executions)."""

import json

import psycopg
import pytest

from openaudio_api.db.queries import sql
from openaudio_api.handlers.search import SEARCH_WINDOW, TRACK_SEARCH_PROBE

BIG_TABLES = {"tracks", "users", "follows", "reposts", "saves", "plays", "aggregate_plays", "aggregate_user",
              "aggregate_track", "track_routes", "comments", "remixes", "track_search",
              "user_search", "playlist_search"}


def scans(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from scans(child)


def seq_scanned(conn, name: str, params: dict, mode: str) -> set[str]:
    conn.execute(f"SET plan_cache_mode = {mode}")
    rows = conn.execute("EXPLAIN (FORMAT JSON) " + sql(name), params, prepare=True).fetchone()[0]
    plan = (rows if isinstance(rows, list) else json.loads(rows))[0]["Plan"]
    return {node["Relation Name"] for node in scans(plan)
            if node["Node Type"] == "Seq Scan" and node.get("Relation Name") in BIG_TABLES}


@pytest.fixture(scope="module")
def large(large_url):
    with psycopg.connect(large_url, autocommit=True) as conn:
        one = lambda q: conn.execute(q).fetchone()[0]  # noqa: E731
        people = {
            "prolific": one("SELECT owner_id FROM tracks GROUP BY owner_id ORDER BY count(*) DESC LIMIT 1"),
            "quiet": one("SELECT owner_id FROM tracks GROUP BY owner_id ORDER BY count(*), owner_id LIMIT 1"),
            "credited": one("SELECT collaborator_user_id FROM track_collaborators WHERE status = 'accepted' "
                            "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"),
            "uncredited": one("SELECT owner_id FROM tracks WHERE owner_id NOT IN (SELECT collaborator_user_id "
                              "FROM track_collaborators) GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"),
            "handle": one("SELECT handle FROM users WHERE user_id = 500"),
        }
        people["credits"] = one(f"SELECT array_agg(track_id) FROM track_collaborators "
                                f"WHERE collaborator_user_id = {people['credited']} AND status = 'accepted'")
        assert len(people["credits"]) >= 2
        yield conn, people


BIG_TABLES.add("track_collaborators")
BIG_TABLES.add("aggregate_monthly_plays")

TRACK_PAGE = {"sort_key": "release_date", "direction": "desc", "filter_tracks": "all", "limit": 20, "offset": 0}
SEARCH = {"genres": [], "moods": [], "keys": [], "bpm_min": None, "bpm_max": None, "downloadable_only": False,
          "probe": TRACK_SEARCH_PROBE, "window": SEARCH_WINDOW,
          "purchaseable_only": False, "include_purchaseable": False, "only_verified": False, "limit": 10, "offset": 0,
          "stats": "t", "words": [], "prefix": None, "gin_budget": 20_000, "walk_cost": 150.0}

MONTHS = {"start": "2023-01-01", "end": "2026-01-01"}

CASES = {
    "get_tracks": lambda p: {"ids": list(range(1000, 1020)), "my_id": 7},
    "get_users": lambda p: {"ids": list(range(100, 140)), "my_id": 7},
    "get_user_credits": lambda p: {"user_id": p["credited"]},
    "get_user_tracks@owned (prolific artist)": lambda p: {**TRACK_PAGE, "user_id": p["prolific"], "my_id": 0},
    "get_user_tracks@owned (quiet artist)": lambda p: {**TRACK_PAGE, "user_id": p["quiet"], "my_id": p["quiet"]},
    "get_user_tracks@owned (by plays, as a listener)": lambda p: {
        **TRACK_PAGE, "sort_key": "most_listens_by_user", "user_id": p["prolific"], "my_id": 3},
    "get_user_tracks@owned (no collaborations)": lambda p: {**TRACK_PAGE, "user_id": p["uncredited"], "my_id": 0},
    "get_user_tracks@credited (with collaborations)": lambda p: {
        **TRACK_PAGE, "user_id": p["credited"], "my_id": p["credited"], "credit_ids": p["credits"]},
    "get_user_monthly_listens@owned (no collaborations)": lambda p: {**MONTHS, "user_id": p["uncredited"]},
    "get_user_monthly_listens@credited (with collaborations)": lambda p: {
        **MONTHS, "user_id": p["credited"], "credit_ids": p["credits"]},
    "get_collaboration_invites": lambda p: {"user_id": p["credited"], "status": None, "limit": 50, "offset": 0},
    "get_user_id_by_handle": lambda p: {"handle": p["handle"]},
    "search_tracks (rare words)": lambda p: {**SEARCH, "tsquery": "midnight:* & echo:*", "sort_method": "relevant"},
    "search_tracks (common word, relevant)": lambda p: {**SEARCH, "tsquery": "s:*", "sort_method": "relevant"},
    "search_tracks (common word, recent)": lambda p: {**SEARCH, "tsquery": "s:*", "sort_method": "recent"},
    "search_tracks_no_query (popular)": lambda p: {**SEARCH, "sort_method": "popular"},
    "search_tracks_no_query (recent)": lambda p: {**SEARCH, "sort_method": "recent"},
    "get_track_ids_by_permalink": lambda p: {"handles": [p["handle"]], "slugs": ["x-1"]},
    "get_track_ids_by_isrc": lambda p: {"isrcs": ["USRC17607839"]},
}


@pytest.mark.parametrize("mode", ["force_custom_plan", "force_generic_plan"])
@pytest.mark.parametrize("case", CASES)
def test_no_sequential_scan_of_a_big_table(large, case, mode):
    conn, people = large
    name = case.split(" ")[0]
    assert seq_scanned(conn, name, CASES[case](people), mode) == set()


# The API runs every named query as a prepared statement planned generically (db/pool.py), once per
# connection, whatever the values. Where the values are skewed, a generic plan can be wrong for some of them:
# each pair below is the same statement at both ends of its skew, and the generic plan must do about the work
# the plan made for those very values does (rows produced by every node, summed), never a lot more.
SKEWED = {
    "profile of the most prolific artist": ("get_user_tracks@owned", lambda p: {
        **TRACK_PAGE, "user_id": p["prolific"], "my_id": 0}),
    "profile of an artist with a track or two": ("get_user_tracks@owned", lambda p: {
        **TRACK_PAGE, "user_id": p["quiet"], "my_id": 0}),
    "profile by plays, as its artist": ("get_user_tracks@owned", lambda p: {
        **TRACK_PAGE, "sort_key": "plays", "user_id": p["prolific"], "my_id": p["prolific"]}),
    "bulk page of 1 track": ("get_tracks", lambda p: {"ids": [1000], "my_id": 0}),
    "bulk page of 100 tracks": ("get_tracks", lambda p: {"ids": list(range(1000, 1100)), "my_id": 0}),
    "bulk page of 100 tracks, signed viewer": ("get_tracks", lambda p: {"ids": list(range(1000, 1100)),
                                                                       "my_id": p["prolific"]}),
    "bulk page of 1 user": ("get_users", lambda p: {"ids": [100], "my_id": 0}),
    "bulk page of 100 users, signed viewer": ("get_users", lambda p: {"ids": list(range(100, 200)),
                                                                     "my_id": p["prolific"]}),
}


def analyzed(conn, name: str, params: dict, mode: str) -> dict:
    conn.execute(f"SET plan_cache_mode = {mode}")
    rows = conn.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql(name), params, prepare=True).fetchone()[0]
    return (rows if isinstance(rows, list) else json.loads(rows))[0]["Plan"]


def rows_produced(plan: dict) -> int:
    return sum(int(node.get("Actual Rows", 0) * node.get("Actual Loops", 1)) for node in scans(plan))


@pytest.mark.parametrize("case", SKEWED)
def test_generic_plan_does_the_work_of_the_custom_plan_at_both_ends_of_a_skew(large, case):
    conn, people = large
    name, params = SKEWED[case]
    custom = analyzed(conn, name, params(people), "force_custom_plan")
    generic = analyzed(conn, name, params(people), "force_generic_plan")
    assert rows_produced(generic) <= 2 * rows_produced(custom) + 200, (
        f"{case}: the generic plan produced {rows_produced(generic)} rows, the custom one {rows_produced(custom)}")
    for mode, plan in (("custom", custom), ("generic", generic)):
        scanned = {n.get("Relation Name") for n in scans(plan) if n["Node Type"] == "Seq Scan"} & BIG_TABLES
        assert not scanned, f"{case}: the {mode} plan scans {scanned}"
