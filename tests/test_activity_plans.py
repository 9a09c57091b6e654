"""The reposts and feed queries' plans on skewed activity (tests/sql/activity_skew.sql): a viewer who follows
5,000 users, 200 of whom upload a track a day and 300 repost one a day (193,000 rows of activity in the
year), and a user with 23,000 reposts. Under custom and generic plans (the API runs generic ones) no query
scans a big table sequentially, and none reads or sorts more than its page's end allows: the feed reads at
most offset + limit rows per followee and kind, however long their year, and a day of a busy feed reads
that day; a page of reposts reads at most three walks of offset + limit."""

from datetime import datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from tests.conftest import TEMPLATE, _recreate
from tests.test_query_plans import BIG_TABLES, analyzed, scans

SKEW = "oa_test_activity_skew"
NOW = datetime(2025, 1, 1)
ACTIVITY = {"tracks", "reposts", "playlists"}
TABLES = BIG_TABLES | {"playlists"}


@pytest.fixture(scope="module")
def skewed(server_url, template_url):
    url = _recreate(server_url, SKEW, template=TEMPLATE)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute((Path(__file__).parent / "sql" / "activity_skew.sql").read_text())
        conn.execute("ANALYZE")
        one = lambda q: conn.execute(q).fetchone()[0]  # noqa: E731
        assert one("SELECT count(*) FROM follows WHERE follower_user_id = 7") == 5_000
        assert one("SELECT count(*) FROM reposts WHERE user_id = 9") == 23_000
        yield conn


def feed(user_id=7, window=timedelta(days=1), **params):
    return {"user_id": user_id, "followee_ids": [], "originals": True, "reposts": True, "tracks_only": False,
            "before": NOW, "since": NOW - window, "limit": 50, "offset": 0, **params}


def reposts(user_id=9, **params):
    return {"user_id": user_id, "my_id": 0, "limit": 100, "offset": 0, **params}


YEAR = timedelta(days=365)
# name -> (query, params, rows of the answer, the most activity rows (tracks, reposts, playlists) any plan may
# read over all its loops, the most rows a sort may take)
CASES = {
    # A day of the busy feed: 200 uploads, 300 reposts (and their tracks), 200 playlists.
    "get_user_feed (follows 5,000, a day)": ("get_user_feed", feed(), 50, 2_000, 1_000),
    "get_user_feed (follows 5,000, a day, page 5)": ("get_user_feed", feed(offset=200), 50, 2_000, 1_000),
    "get_user_feed (follows 5,000, a day, reposts of tracks)": (
        "get_user_feed", feed(originals=False, tracks_only=True, limit=100), 100, 1_000, 600),
    # The widest window, as when a page does not fill: 50 rows per poster and kind, not their year of
    # 73,000 uploads, 10,400 playlists and 109,500 reposts.
    "get_user_feed (follows 5,000, a year)": ("get_user_feed", feed(window=YEAR), 50, 60_000, 40_000),
    "get_user_feed (follows 3, a year)": ("get_user_feed", feed(user_id=8, window=YEAR, limit=100), 100, 1_000, 500),
    "get_user_feed (follows nobody)": ("get_user_feed", feed(user_id=20001, window=YEAR), 0, 0, 0),
    "get_user_reposts (23,000 reposts, first page)": ("get_user_reposts", reposts(), 100, 400, 300),
    "get_user_reposts (23,000 reposts, page 11)": ("get_user_reposts", reposts(offset=1000), 100, 3_700, 3_300),
    "get_user_reposts (as a viewer invited on some)": ("get_user_reposts", reposts(my_id=7), 100, 400, 300),
    "get_user_reposts (a user with none)": ("get_user_reposts", reposts(user_id=8), 0, 0, 0),
}


@pytest.mark.parametrize("mode", ["force_custom_plan", "force_generic_plan"])
@pytest.mark.parametrize("case", CASES)
def test_activity_queries_read_what_the_page_needs(skewed, case, mode):
    name, params, answer_rows, activity_reads, sort_bound = CASES[case]
    plan = analyzed(skewed, name, params, mode)
    nodes = list(scans(plan))
    assert plan["Actual Rows"] == answer_rows, case
    assert {n["Relation Name"] for n in nodes
            if n["Node Type"] == "Seq Scan" and n.get("Relation Name") in TABLES} == set(), case
    read = sum(n["Actual Rows"] * n["Actual Loops"] for n in nodes if n.get("Relation Name") in ACTIVITY)
    assert read <= activity_reads, (case, read)
    for sort in (n for n in nodes if n["Node Type"] in ("Sort", "Incremental Sort")):
        child = sort["Plans"][0]
        taken = child["Actual Rows"] * child["Actual Loops"]
        assert taken <= sort_bound, (case, taken)
