"""The playlist queries' plans on skewed data (tests/sql/playlist_skew.sql plus demo/sql/add_playlists.sql):
a playlist of 5,000 tracks, a user with 2,000 playlists, 40,000 playlists in all, a playlist with 3,000
reposters and savers. Under custom and generic plans (the API runs generic ones), no query may scan a big
table sequentially, and none may read more of a list than the answer needs: a page of a playlist's tracks
probes tracks up to the page's end, a page of a user's playlists sorts only that user's collection."""

from pathlib import Path

import psycopg
import pytest

from openaudio_api.demo import seed as seeding
from openaudio_api.handlers.library import LIBRARY_SORT_WINDOW
from openaudio_api.handlers.social import FEW
from tests.conftest import TEMPLATE, _recreate
from tests.test_query_plans import BIG_TABLES, analyzed, scans

SKEW = "oa_test_playlist_skew"
PLAYLISTS = {"users": 20_000, "tracks": 100_000, "playlists": 40_000, "collector": 5, "collected": 2_000,
             "big": 5_000, "fans": 3_000}
TABLES = BIG_TABLES | {"playlists", "playlist_tracks", "playlist_routes", "aggregate_playlist"}


@pytest.fixture(scope="module")
def skewed(server_url, template_url):
    url = _recreate(server_url, SKEW, template=TEMPLATE)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute((Path(__file__).parent / "sql" / "playlist_skew.sql").read_text())
        seeding.add_playlists(conn, {**PLAYLISTS, **seeding.FIXED_PLAYLIST_TIMES})
        conn.execute((Path(__file__).parent / "sql" / "library_playlist_skew.sql").read_text())
        conn.execute("ANALYZE")
        one = lambda q: conn.execute(q).fetchone()[0]  # noqa: E731
        collection = one("SELECT count(*) FROM playlists WHERE playlist_owner_id = 5")
        assert collection >= 2_000
        assert one("SELECT jsonb_array_length(playlist_contents -> 'track_ids') FROM playlists "
                   "WHERE playlist_id = 1") == 5_000
        assert one("SELECT repost_count FROM aggregate_playlist WHERE playlist_id = 1") > 2_000
        yield conn, collection


USER_PAGE = {"user_id": 5, "my_id": 0, "is_album": False, "filter": "all", "sort_key": "recent",
             "direction": "desc", "name_filter": "", "limit": 20, "offset": 0}
# User 8's library (tests/sql/library_playlist_skew.sql): 10,000 saves, 2,000 reposts, 50 bought albums.
LIBRARY_PAGE = {"user_id": 8, "my_id": 8, "kind": "playlist", "action": "all", "query": None,
                "sort_key": "added_date", "direction": "desc", "window": None, "reach": 20, "limit": 20,
                "offset": 0}
LIBRARY_CASES = {
    "get_library_playlists@recent (10,000 saves, 2,000 reposts)": (
        "get_library_playlists@recent", LIBRARY_PAGE, 20, 0),
    "get_library_playlists@recent (albums, favorites, deep page)": (
        "get_library_playlists@recent", {**LIBRARY_PAGE, "kind": "album", "action": "favorite", "offset": 1000,
                                         "reach": 1020},
        20, 0),
    "get_library_playlists@recent (bought albums, query)": (
        "get_library_playlists@recent", {**LIBRARY_PAGE, "kind": "album", "action": "purchase", "query": "bench"},
        20, 0),
    "get_library_playlists@recent (the owner of 2,000)": (
        "get_library_playlists@recent", {**LIBRARY_PAGE, "user_id": 5, "my_id": 5}, 20, 0),
}
# name -> (query, params, rows of the answer, the most rows of tracks any node may read over its loops)
CASES = {
    "get_playlists (the 5,000-track playlist)": ("get_playlists", {"ids": [1], "my_id": 7}, 1, 5_000),
    # Two of the twenty are private (every tenth playlist is).
    "get_playlists (a page of 20)": ("get_playlists", {"ids": list(range(3000, 3020)), "my_id": 7}, 18, 1_000),
    "get_playlist_tracks (5,000 tracks, first page)": (
        "get_playlist_tracks", {"playlist_id": 1, "my_id": 7, "limit": 200, "offset": 0}, 200, 400),
    "get_playlist_tracks (5,000 tracks, a late page)": (
        "get_playlist_tracks", {"playlist_id": 1, "my_id": 0, "limit": 100, "offset": 4_000}, 100, 4_500),
    "get_playlist_visible": ("get_playlist_visible", {"playlist_id": 1, "my_id": 0}, 1, 0),
    "get_user_playlists (2,000 playlists, recent)": ("get_user_playlists", USER_PAGE, 20, 0),
    "get_user_playlists (2,000 playlists, popular, as the owner)": (
        "get_user_playlists", {**USER_PAGE, "sort_key": "popular", "my_id": 5, "offset": 100}, 20, 0),
    "get_user_playlists (albums, oldest first)": (
        "get_user_playlists", {**USER_PAGE, "is_album": True, "direction": "asc"}, 20, 0),
    "get_user_playlists (a user with few)": ("get_user_playlists", {**USER_PAGE, "user_id": 10}, None, 0),
    "get_user_list@playlist_reposts (3,000 reposters)": (
        "get_user_list@playlist_reposts", {"playlist_id": 1, "limit": 20, "offset": 0, "few": FEW}, 20, 0),
    "get_user_list@playlist_favorites (3,000 savers)": (
        "get_user_list@playlist_favorites", {"playlist_id": 1, "limit": 20, "offset": 0, "few": FEW}, 20, 0),
    "get_playlist_ids_by_permalink": (
        "get_playlist_ids_by_permalink", {"handles": ["PLSKEW5"], "slugs": ["bench-playlist-1"]}, 1, 0),
    "get_playlist_ids_by_upc": ("get_playlist_ids_by_upc", {"upcs": ["none"]}, 0, 0),
}


@pytest.mark.parametrize("mode", ["force_custom_plan", "force_generic_plan"])
@pytest.mark.parametrize("case", CASES)
def test_playlist_queries_read_what_the_answer_needs(skewed, case, mode):
    conn, collection = skewed
    name, params, answer_rows, track_reads = CASES[case]
    plan = analyzed(conn, name, params, mode)
    nodes = list(scans(plan))
    if answer_rows is not None:
        assert plan["Actual Rows"] == answer_rows, case
    assert {n["Relation Name"] for n in nodes
            if n["Node Type"] == "Seq Scan" and n.get("Relation Name") in TABLES} == set(), case
    assert sum(n["Actual Rows"] * n["Actual Loops"] for n in nodes
               if n.get("Relation Name") == "tracks") <= track_reads, case
    # A sort only ever takes one playlist's entries (a function's rows, no table), one user's collection (the
    # 2,000-odd playlists user 5 owns), a user list's read-whole branch (at most FEW members, by its size
    # check), or the playlist's engagers among the viewer's followees (get_tracks.sql's followee lists: as
    # many as the playlist has reposts, 3,000 here, when the planner starts from them).
    for sort in (n for n in nodes if n["Node Type"] == "Sort"):
        below = [n for n in scans(sort) if n is not sort]
        sorted_rows = below[0]["Actual Rows"] * below[0]["Actual Loops"] if below else 0
        assert (all(n.get("Relation Name") is None for n in below)
                or sorted_rows <= max(collection, PLAYLISTS["fans"], FEW)), case
    # And no page reads a list whole past FEW rows of reposts or saves.
    assert sum(n["Actual Rows"] * n["Actual Loops"] for n in nodes
               if n.get("Relation Name") in ("reposts", "saves")) <= FEW, case


@pytest.mark.parametrize("mode", ["force_custom_plan", "force_generic_plan"])
@pytest.mark.parametrize("sort_key", ["reposts", "saves", "added_date"])
def test_a_library_in_another_order_sorts_its_newest_window_only(skewed, mode, sort_key):
    """By reposts (the default), saves or oldest first: the newest LIBRARY_SORT_WINDOW entries of user 8's
    12,050 actions are ranked, not all of them, and no big table is scanned."""
    conn, _ = skewed
    params = {**LIBRARY_PAGE, "sort_key": sort_key, "direction": "asc" if sort_key == "added_date" else "desc",
              "window": LIBRARY_SORT_WINDOW, "reach": LIBRARY_SORT_WINDOW}
    plan = analyzed(conn, "get_library_playlists@sorted", params, mode)
    nodes = list(scans(plan))
    assert plan["Actual Rows"] == 20
    assert {n["Relation Name"] for n in nodes
            if n["Node Type"] == "Seq Scan" and n.get("Relation Name") in TABLES} == set()
    for sort in (n for n in nodes if n["Node Type"] in ("Sort", "Incremental Sort")):
        below = [n for n in scans(sort) if n is not sort]
        # The entries in time order take each kind's newest LIBRARY_SORT_WINDOW actions; the ranking the window.
        # (the union's time column, newest first, named after whichever branch the plan shows)
        first = sort["Sort Key"][0]
        entries = first.endswith(" DESC") and first.split(".")[-1].split(" ")[0] in ("item_at", "created_at")
        assert below[0]["Actual Rows"] * below[0]["Actual Loops"] <= (12_100 if entries else LIBRARY_SORT_WINDOW), (
            sort["Sort Key"])


@pytest.mark.parametrize("mode", ["force_custom_plan", "force_generic_plan"])
def test_playlist_updates_probe_each_saved_playlist(skewed, mode):
    """User 8 saved 10,000 playlists and albums and opened half since: the answer is the other half (less the
    private ones), read off the user's saves (at most sorted), a probe per saved playlist."""
    conn, _ = skewed
    plan = analyzed(conn, "get_playlist_updates", {"user_id": 8}, mode)
    nodes = list(scans(plan))
    expected = conn.execute(
        "SELECT count(DISTINCT s.save_item_id) FROM saves s JOIN playlists p ON p.playlist_id = s.save_item_id "
        "WHERE s.user_id = 8 AND s.save_type <> 'track' AND s.save_item_id % 2 = 1 AND NOT p.is_private").fetchone()[0]
    # (user 8 also saved some as one of add_playlists.sql's fans, after their last update: not updates)
    assert 4_000 <= plan["Actual Rows"] <= expected
    assert {n["Relation Name"] for n in nodes
            if n["Node Type"] == "Seq Scan" and n.get("Relation Name") in TABLES | {"playlist_seen"}} == set()
    for sort in (n for n in nodes if n["Node Type"] == "Sort"):  # the planner may sort the user's saves
        below = [n for n in scans(sort) if n is not sort]
        assert below[0]["Actual Rows"] * below[0]["Actual Loops"] <= 10_100, sort["Sort Key"]
    assert sum(n["Actual Rows"] * n["Actual Loops"] for n in nodes if n.get("Relation Name") == "saves") <= 10_100


@pytest.mark.parametrize("mode", ["force_custom_plan", "force_generic_plan"])
@pytest.mark.parametrize("case", LIBRARY_CASES)
def test_a_library_page_reads_only_the_users_own_actions(skewed, case, mode):
    """Newest first: no big table is scanned, and every sort takes at most each kind's reach (the page's end)
    of user 8's 12,050 actions, never all of them (handlers/library.py reads further only for a short page)."""
    conn, _ = skewed
    name, params, answer_rows, _ = LIBRARY_CASES[case]
    plan = analyzed(conn, name, params, mode)
    nodes = list(scans(plan))
    assert plan["Actual Rows"] == answer_rows, case
    assert {n["Relation Name"] for n in nodes
            if n["Node Type"] == "Seq Scan" and n.get("Relation Name") in TABLES} == set(), case
    for sort in (n for n in nodes if n["Node Type"] in ("Sort", "Incremental Sort")):
        below = [n for n in scans(sort) if n is not sort]
        assert below[0]["Actual Rows"] * below[0]["Actual Loops"] <= 4 * params["reach"] + 100, (
            case, sort["Sort Key"])
    assert sum(n["Actual Rows"] * n["Actual Loops"] for n in nodes
               if n.get("Relation Name") in ("saves", "reposts", "usdc_purchases", "playlists")) <= (
        8 * params["reach"] + 200), case