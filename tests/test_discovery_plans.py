"""The curated lists' queries at scale (issue 19): on a copy of the 200,000-track large database with the
lists' skew added (tests/sql/discovery_skew.sql: a viewer behind 120,000 followee saves and 120,000 reposts,
a track with 100,000 downloads, 5,000 premium tracks, 60,000 shares) and one curated_lists tick, no request
query may scan a big table sequentially, sort an unbounded input, or read more rows than its bound, under
custom and generic plans; the generic plan must do about the custom plan's work."""

from datetime import datetime
from pathlib import Path

import psycopg
import pytest

from openaudio_api.demo.seed import PINNED_NOW
from openaudio_api.handlers.discovery import FOLLOWEES, PER_FOLLOWEE
from openaudio_api.jobs.processors.curated_lists import PROCESSOR
from openaudio_api.jobs.runner import JobsRunner
from tests.conftest import LARGE, _recreate
from tests.test_query_plans import BIG_TABLES, analyzed, rows_produced, scans

SKEW = Path(__file__).resolve().parent / "sql" / "discovery_skew.sql"
VIEWER = 20001
BIG_TABLES.update({"track_downloads", "shares", "curated_track_lists", "genre_track_counts", "stems"})
# What a followee list may read of follows, saves and reposts: the followee bound, then per_followee actions
# of each followee (uploads and reposts for under the radar: twice).
FOLLOWEE_READ = FOLLOWEES + 2 * FOLLOWEES * PER_FOLLOWEE
LISTS = {"follows", "saves", "reposts"}
FOLLOWED = {"my_id": VIEWER, "followees": FOLLOWEES, "per_followee": PER_FOLLOWEE}
PAGE = {"limit": 100, "offset": 0}


@pytest.fixture(scope="module")
def skewed(server_url, large_url):
    url = _recreate(server_url, "oa_test_discovery_skew", template=LARGE)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(SKEW.read_text())
    runner = JobsRunner(url, [PROCESSOR])
    assert runner.acquire(wait=False)
    try:
        assert not [o.error for o in runner.tick(now=PINNED_NOW) if o.error]
    finally:
        runner.close()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE curated_track_lists; ANALYZE genre_track_counts")
        yield conn


def test_the_skew_is_there(skewed):
    one = lambda q: skewed.execute(q).fetchone()[0]  # noqa: E731
    assert one(f"SELECT count(*) FROM follows WHERE follower_user_id = {VIEWER}") == 2000
    assert one("SELECT count(*) FROM saves s JOIN follows f ON f.followee_user_id = s.user_id "
               f"AND f.follower_user_id = {VIEWER}") >= 120_000  # the seed's own saves too
    assert one("SELECT count(*) FROM track_downloads WHERE parent_track_id = 7") == 100_000
    assert one("SELECT count(*) FROM tracks") >= 200_000
    assert one("SELECT count(*) FROM curated_track_lists WHERE list = 'recent_premium'") > 100
    assert one("SELECT track_id FROM curated_track_lists WHERE list = 'most_shared:allTime' AND rank = 1") == 9


SINCE = datetime(2025, 12, 1)
# (query, params, the most rows it may read of the list tables, the most rows it may return)
CASES = {
    "get_latest_track_ids@all": ({**PAGE, "genre": None}, None, 100),
    "get_latest_track_ids@all (deepest page)": ({"limit": 100, "offset": 200, "genre": None}, None, 100),
    "get_latest_track_ids@genre": ({**PAGE, "genre": "Electronic"}, None, 100),
    "get_followee_track_ids@most_loved": ({**FOLLOWED, "limit": 100}, FOLLOWEE_READ, 100),
    "get_followee_track_ids@best_new_releases": ({**FOLLOWED, "limit": 100, "since": SINCE}, FOLLOWEE_READ, None),
    "get_followee_track_ids@under_the_radar": (
        {**FOLLOWED, **PAGE, "originals": True, "reposts": True}, FOLLOWEE_READ, 100),
    "get_followee_track_ids@under_the_radar (reposts only)": (
        {**FOLLOWED, **PAGE, "originals": False, "reposts": True}, FOLLOWEE_READ, 100),
    "get_curated_track_ids (remixables)": ({"list": "remixables", "limit": 100, "offset": 0}, None, None),
    "get_curated_track_ids (recent premium)": ({"list": "recent_premium", **PAGE}, None, 100),
    "get_curated_track_ids (most shared, all time)": ({"list": "most_shared:allTime", **PAGE}, None, 100),
    "get_popular_genres (all time)": ({"start": datetime(1970, 1, 1), "limit": 100, "offset": 0, "min_count": 1},
                                      None, None),
    "get_popular_genres (since mid-month)": ({"start": datetime(2025, 11, 15, 13), "limit": 100, "offset": 0,
                                              "min_count": 1}, None, None),
    "get_track_download_counts (100,000 downloads)": ({"ids": [7, 8, 9], "my_id": 0}, None, 3),
    "get_user_tracks_download_count (a prolific artist)": ({"user_id": 1}, None, 1),
}


@pytest.mark.parametrize("mode", ["force_custom_plan", "force_generic_plan"])
@pytest.mark.parametrize("case", CASES)
def test_a_page_reads_its_bound_not_the_catalogue(skewed, case, mode):
    params, read_bound, page = CASES[case]
    plan = analyzed(skewed, case.split(" ")[0], params, mode)
    nodes = list(scans(plan))
    assert {n["Relation Name"] for n in nodes
            if n["Node Type"] == "Seq Scan" and n.get("Relation Name") in BIG_TABLES} == set(), case
    # A sort is only ever over a bounded input: a Limit below it (a followee's newest actions, a list's page).
    for sort in (n for n in nodes if n["Node Type"] == "Sort"):
        assert any(n["Node Type"] == "Limit" for n in scans(sort) if n is not sort) or \
            sort.get("Actual Rows", 0) <= 1000, case
    if read_bound is not None:
        assert sum(n["Actual Rows"] * n["Actual Loops"] for n in nodes
                   if n.get("Relation Name") in LISTS) <= read_bound, case
    if page is not None:
        assert plan["Actual Rows"] == page, case


def test_latest_reads_the_page_from_the_index(skewed):
    """The latest page walks tracks_latest_idx to its offset plus its limit, whatever the catalogue's size."""
    plan = analyzed(skewed, "get_latest_track_ids@all", {"limit": 100, "offset": 200, "genre": None},
                    "force_generic_plan")
    walked = [n for n in scans(plan) if n.get("Index Name") == "tracks_latest_idx"]
    assert walked and walked[0]["Actual Rows"] <= 400


@pytest.mark.parametrize("case", ["get_latest_track_ids@genre", "get_followee_track_ids@most_loved",
                                  "get_followee_track_ids@under_the_radar", "get_popular_genres (since mid-month)"])
def test_generic_plan_does_the_work_of_the_custom_plan(skewed, case):
    params = CASES[case][0]
    name = case.split(" ")[0]
    custom = analyzed(skewed, name, params, "force_custom_plan")
    generic = analyzed(skewed, name, params, "force_generic_plan")
    assert rows_produced(generic) <= 2 * rows_produced(custom) + 200, (rows_produced(generic), rows_produced(custom))
