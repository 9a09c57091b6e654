"""The library and user-track queries at scale (issue 18): on a copy of the 200,000-track large database
with its skew added (tests/sql/user_library_skew.sql: 10,000 favorites, a listener with 50,000 plays, an
artist with 20,000 remixes, 2,000 AI attributions), none may scan a big table sequentially under custom or
generic plans, and the favorites' default pages read the front of the user's saves, not all 10,000."""

from datetime import datetime
from pathlib import Path

import psycopg
import pytest

from openaudio_api.handlers.library import LIBRARY_SORT_WINDOW, reaches
from tests.conftest import LARGE, _recreate
from openaudio_api.db.queries import sql
from tests.test_query_plans import BIG_TABLES, analyzed, rows_produced, scans, seq_scanned

SKEW = Path(__file__).resolve().parent / "sql" / "user_library_skew.sql"
PAGE = {"limit": 20, "offset": 0}
LIBRARY = {**PAGE, "query": None, "sort_key": "added_date", "direction": "desc"}
TRACKS = {**PAGE, "sort_key": "release_date", "direction": "desc", "filter_tracks": "all"}


@pytest.fixture(scope="module")
def skewed(server_url, large_url):
    url = _recreate(server_url, "oa_test_library_skew", template=LARGE)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(SKEW.read_text())
        yield conn


def test_the_skew_is_there(skewed):
    one = lambda q: skewed.execute(q).fetchone()[0]  # noqa: E731
    assert one("SELECT count(*) FROM saves WHERE user_id = 1 AND save_type = 'track' AND is_current") >= 10_000
    assert one("SELECT count(*) FROM plays WHERE user_id = 2") >= 50_000
    assert one("SELECT count(*) FROM remixes WHERE parent_track_id >= 950000") == 20_000
    assert one("SELECT count(*) FROM tracks WHERE ai_attribution_user_id = 4") == 2_000


CASES = {
    "get_user_favorites (10,000 favorites)": {**PAGE, "user_id": 1, "my_id": 0},
    "get_user_favorites (10,000 favorites, deep page)": {"limit": 100, "offset": 2000, "user_id": 1, "my_id": 1},
    "get_library_tracks@favorites_recent (10,000 favorites)": {**LIBRARY, "user_id": 1, "my_id": 0},
    "get_library_tracks@favorites_recent (10,000 favorites, query)": {**LIBRARY, "user_id": 1, "my_id": 0,
                                                                      "query": "track"},
    "get_library_tracks@favorites (10,000 favorites by plays)": {**LIBRARY, "user_id": 1, "my_id": 1,
                                                                 "sort_key": "plays"},
    "get_library_tracks@history (50,000 plays)": {**LIBRARY, "user_id": 2, "my_id": 2,
                                                  "sort_key": "last_listen_date"},
    "get_library_tracks@history (by title)": {**LIBRARY, "user_id": 2, "my_id": 2, "sort_key": "title"},
    "get_library_tracks@history (a quiet listener)": {**LIBRARY, "user_id": 5, "my_id": 5,
                                                      "sort_key": "last_listen_date"},
    # Issue 20's library of tracks: user 1's 10,000 saves, 3,000 reposts and 200 purchases. Newest first, the
    # handler reads each kind back to the page's end (reach), then further, then all (reach None).
    "get_library_tracks@library_recent (13,200 actions)": {**LIBRARY, "user_id": 1, "my_id": 1, "action": "all",
                                                           "window": None, "reach": 20},
    "get_library_tracks@library_recent (13,200 actions, deep page)": {
        **LIBRARY, "user_id": 1, "my_id": 1, "action": "all", "window": None, "limit": 100, "offset": 2000,
        "reach": 2100},
    "get_library_tracks@library_recent (13,200 actions, read whole)": {
        **LIBRARY, "user_id": 1, "my_id": 1, "action": "all", "window": None, "query": "zzz", "reach": None},
    "get_library_tracks@library_recent (reposts, query)": {**LIBRARY, "user_id": 1, "my_id": 1,
                                                           "action": "repost", "window": None, "query": "track",
                                                           "reach": 320},
    "get_library_tracks@library_recent (purchases)": {**LIBRARY, "user_id": 1, "my_id": 1, "action": "purchase",
                                                      "window": None, "reach": 20},
    "get_library_tracks@library (13,200 actions by plays)": {
        **LIBRARY, "user_id": 1, "my_id": 1, "action": "all", "window": LIBRARY_SORT_WINDOW,
        "reach": LIBRARY_SORT_WINDOW, "sort_key": "plays"},
    "get_library_tracks@library (by title, oldest first)": {
        **LIBRARY, "user_id": 1, "my_id": 1, "action": "favorite", "window": LIBRARY_SORT_WINDOW,
        "reach": LIBRARY_SORT_WINDOW, "sort_key": "title", "direction": "asc"},
    "get_library_tracks@library (a quiet user by last listen)": {
        **LIBRARY, "user_id": 5, "my_id": 5, "action": "all", "window": LIBRARY_SORT_WINDOW,
        "reach": LIBRARY_SORT_WINDOW, "sort_key": "last_listen_date"},
    "get_user_top_tags (100 tracks)": {"user_id": 3, "limit": 10},
    "get_remixers (20,000 remixes)": {**PAGE, "user_id": 3, "track_id": None},
    "get_remixers (one track)": {**PAGE, "user_id": 3, "track_id": 950007},
    "get_user_tracks_remixed (20,000 remixes)": {**PAGE, "user_id": 3, "my_id": 0},
    "get_user_tracks@ai_attributed (2,000 attributions)": {**TRACKS, "user_id": 4, "my_id": 0},
}


@pytest.mark.parametrize("mode", ["force_custom_plan", "force_generic_plan"])
@pytest.mark.parametrize("case", CASES)
def test_no_sequential_scan_of_a_big_table(skewed, case, mode):
    assert seq_scanned(skewed, case.split(" ")[0], CASES[case], mode) == set()


@pytest.mark.parametrize("mode", ["force_custom_plan", "force_generic_plan"])
@pytest.mark.parametrize("name,params", [
    ("get_user_favorites", {**PAGE, "user_id": 1, "my_id": 0}),
    ("get_library_tracks@favorites_recent", {**LIBRARY, "user_id": 1, "my_id": 0}),
])
def test_a_favorites_page_reads_the_front_of_the_users_saves(skewed, mode, name, params):
    """No sort of the 10,000 favorites: the page walks migration 0020's index and stops after it."""
    plan = analyzed(skewed, name, params, mode)
    assert plan["Actual Rows"] == PAGE["limit"]
    saves = sum(n["Actual Rows"] * n["Actual Loops"] for n in scans(plan) if n.get("Relation Name") == "saves")
    assert saves <= 2 * PAGE["limit"], saves
    assert not [n for n in scans(plan) if n["Node Type"] == "Sort"]


# The user's actions since a time, of the kinds a page lists: all of them from datetime.min.
WALKED = """
SELECT (SELECT count(*) FROM saves WHERE user_id = %(user_id)s AND save_type = 'track' AND is_current
          AND NOT is_delete AND created_at >= %(since)s AND %(action)s IN ('all', 'favorite'))
     + (SELECT count(*) FROM reposts WHERE user_id = %(user_id)s AND repost_type = 'track' AND is_current
          AND NOT is_delete AND created_at >= %(since)s AND %(action)s IN ('all', 'repost'))
     + (SELECT count(*) FROM usdc_purchases WHERE buyer_user_id = %(user_id)s AND content_type = 'track'
          AND created_at >= %(since)s AND %(action)s IN ('all', 'purchase'))
"""
ACTIONS = ("saves", "reposts", "usdc_purchases")


@pytest.mark.parametrize("mode", ["force_custom_plan", "force_generic_plan"])
@pytest.mark.parametrize("action,limit,offset", [("all", 20, 0), ("favorite", 20, 0), ("repost", 20, 0),
                                                 ("purchase", 20, 0), ("all", 100, 2000),
                                                 ("favorite", 100, 2000), ("repost", 100, 2000)])
def test_a_library_page_reads_each_kind_back_to_its_end_only(skewed, mode, action, limit, offset):
    """Newest first, whatever the planner's costs: each kind of action is read back as far as the handler's
    reach (the page's end, then 16 times that when hidden tracks left the page short) off its index, each
    action probed about once for a later one on the same track, and only those are merged and sorted, never
    all 13,200. The page is the one read whole (reach None)."""
    params = {**LIBRARY, "user_id": 1, "my_id": 1, "action": action, "window": None, "limit": limit,
              "offset": offset}
    for reach in reaches(offset + limit):  # the handler's walk (handlers/library.py)
        page = skewed.execute(sql("get_library_tracks@library_recent"), {**params, "reach": reach}).fetchall()
        if len(page) == limit or (page and not page[0][2]):
            break
    whole = skewed.execute(sql("get_library_tracks@library_recent"), {**params, "reach": None}).fetchall()
    assert reach is not None and len(page) == limit and [r[:2] for r in page] == [r[:2] for r in whole]
    own = skewed.execute(WALKED, {**params, "since": datetime.min}).fetchone()[0]
    assert own >= (200 if action == "purchase" else 3_000)
    plan = analyzed(skewed, "get_library_tracks@library_recent", {**params, "reach": reach}, mode)
    assert plan["Actual Rows"] == limit
    nodes = list(scans(plan))
    kinds = 3 if action == "all" else 1
    read = sum(n["Actual Rows"] * n["Actual Loops"] for n in nodes if n.get("Relation Name") in ACTIONS)
    # Each kind's reach, the probes of the merged rows (about one each), and the 200 purchases, which the
    # planner may rightly read whole for their repeat-purchase check.
    # (and at least the reach, or all the user's actions: library_entries() is inlined, its reads are seen)
    assert min(reach, own) <= read <= 3 * kinds * reach + 400, (reach, read)
    for sort in (n for n in nodes if n["Node Type"] in ("Sort", "Incremental Sort")):
        below = [n for n in scans(sort) if n is not sort]
        assert below[0]["Actual Rows"] * below[0]["Actual Loops"] <= kinds * reach + 200, sort["Sort Key"]


@pytest.mark.parametrize("mode", ["force_custom_plan", "force_generic_plan"])
@pytest.mark.parametrize("name,sort_key", [("get_library_tracks@library", "plays"),
                                           ("get_library_tracks@library_recent", "added_date")])
def test_a_library_sorts_only_the_users_own_actions(skewed, mode, name, sort_key):
    """Every sort takes at most the user's own actions (the skew's 13,200 and the seed's few), and the ranking
    by plays at most the newest LIBRARY_SORT_WINDOW entries of them."""
    params = {**LIBRARY, "user_id": 1, "my_id": 1, "action": "all", "sort_key": sort_key,
              "window": LIBRARY_SORT_WINDOW if name.endswith("@library") else None, "reach": LIBRARY_SORT_WINDOW}
    own = skewed.execute(WALKED, {**params, "since": datetime.min}).fetchone()[0]
    assert 13_200 <= own < 13_300
    plan = analyzed(skewed, name, params, mode)
    assert plan["Actual Rows"] == PAGE["limit"]
    for sort in (n for n in scans(plan) if n["Node Type"] in ("Sort", "Incremental Sort")):
        below = [n for n in scans(sort) if n is not sort]
        rows = below[0]["Actual Rows"] * below[0]["Actual Loops"]
        bound = LIBRARY_SORT_WINDOW if any("SubPlan" in k for k in sort["Sort Key"]) else own
        assert rows <= bound, sort["Sort Key"]


@pytest.mark.parametrize("case", [c for c in CASES if "favorites" in c or "history" in c or "library" in c])
def test_generic_plan_does_the_work_of_the_custom_plan(skewed, case):
    name, params = case.split(" ")[0], CASES[case]
    custom = analyzed(skewed, name, params, "force_custom_plan")
    generic = analyzed(skewed, name, params, "force_generic_plan")
    assert rows_produced(generic) <= 2 * rows_produced(custom) + 200, (
        f"{case}: the generic plan produced {rows_produced(generic)} rows, the custom one {rows_produced(custom)}")


def test_history_reads_the_listeners_plays_off_the_index(skewed):
    """The history costs the listener's own plays, found through migration 0020's index (index only once
    vacuum has marked the pages visible), never plays of others: about 50,000 rows of 250,000."""
    plan = analyzed(skewed, "get_library_tracks@history", CASES["get_library_tracks@history (50,000 plays)"],
                    "force_generic_plan")
    nodes = list(scans(plan))
    assert {n.get("Index Name") for n in nodes if "Index" in n["Node Type"]} >= {"ix_plays_user_track_date"}
    outer = [n for n in nodes if n.get("Relation Name") == "plays" and n.get("Alias") == "p"]
    assert outer and sum(n["Actual Rows"] * n["Actual Loops"] for n in outer) <= 50_000 + 100
