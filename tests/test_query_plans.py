"""Hot queries are checked by their plan: on a 200,000-track database (ANALYZEd), none of them may scan a
big table sequentially, whether PostgreSQL plans them for the given values or generically (as it may for
prepared statements, which psycopg uses after a few executions)."""

import json

import psycopg
import pytest

from db.queries import sql

BIG_TABLES = {"tracks", "users", "follows", "reposts", "saves", "plays", "aggregate_plays", "aggregate_user",
              "aggregate_track", "track_routes", "comments", "remixes"}


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
        prolific = conn.execute(
            "SELECT owner_id FROM tracks GROUP BY owner_id ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
        quiet = conn.execute(
            "SELECT owner_id FROM tracks GROUP BY owner_id ORDER BY count(*), owner_id LIMIT 1").fetchone()[0]
        handle = conn.execute("SELECT handle FROM users WHERE user_id = 500").fetchone()[0]
        yield conn, prolific, quiet, handle


TRACK_PAGE = {"sort_key": "release_date", "direction": "desc", "filter_tracks": "all", "limit": 20, "offset": 0}
SEARCH = {"genres": [], "moods": [], "keys": [], "bpm_min": None, "bpm_max": None, "downloadable_only": False,
          "purchaseable_only": False, "include_purchaseable": False, "limit": 10, "offset": 0}

CASES = {
    "get_tracks": lambda p, q, h: {"ids": list(range(1000, 1020)), "my_id": 7},
    "get_users": lambda p, q, h: {"ids": list(range(100, 140)), "my_id": 7},
    "get_user_tracks (prolific artist)": lambda p, q, h: {**TRACK_PAGE, "user_id": p, "my_id": 0},
    "get_user_tracks (quiet artist)": lambda p, q, h: {**TRACK_PAGE, "user_id": q, "my_id": q},
    "get_user_tracks (by plays, as a listener)": lambda p, q, h: {
        **TRACK_PAGE, "sort_key": "most_listens_by_user", "user_id": p, "my_id": 3},
    "get_user_id_by_handle": lambda p, q, h: {"handle": h},
    "search_tracks": lambda p, q, h: {**SEARCH, "tsquery": "midnight:* & echo:*", "sort_method": "relevant"},
    "search_tracks_no_query (popular)": lambda p, q, h: {**SEARCH, "sort_method": "popular"},
    "search_tracks_no_query (recent)": lambda p, q, h: {**SEARCH, "sort_method": "recent"},
    "get_track_ids_by_permalink": lambda p, q, h: {"handles": [h], "slugs": ["x-1"]},
    "get_track_ids_by_isrc": lambda p, q, h: {"isrcs": ["USRC17607839"]},
}


@pytest.mark.parametrize("mode", ["force_custom_plan", "force_generic_plan"])
@pytest.mark.parametrize("case", CASES)
def test_no_sequential_scan_of_a_big_table(large, case, mode):
    conn, prolific, quiet, handle = large
    name = case.split(" ")[0]
    assert seq_scanned(conn, name, CASES[case](prolific, quiet, handle), mode) == set()


def test_the_check_can_fail(large):
    """The detector itself: a query with no usable index must be reported."""
    conn = large[0]
    conn.execute("SET plan_cache_mode = force_custom_plan")
    plan = conn.execute("EXPLAIN (FORMAT JSON) SELECT * FROM tracks WHERE lower(description) = 'x'").fetchone()[0]
    assert "tracks" in {n.get("Relation Name") for n in scans(plan[0]["Plan"]) if n["Node Type"] == "Seq Scan"}
