"""Issue 19's lists at scale: on a copy of the large test database with tests/sql/trending_versions_skew.sql
added (1,000,000 tracks, 800,000 of them scored in both versions, 50 of them for sale; 100,000 past feeling
lucky's floor; a listener who heard 20,000 tracks; 200 weeks of winners), every query reads a bounded number
of rows of the big tables per request, whatever the data's size, and scans none of them sequentially, under
custom and generic plans."""

from datetime import date
from pathlib import Path

import psycopg
import pytest

from openaudio_api.handlers.trending import LUCKY_WINDOW, RECOMMEND_RECALL, RECOMMEND_SAMPLE
from tests.conftest import LARGE, _recreate
from tests.test_query_plans import BIG_TABLES, analyzed, scans

SKEW = Path(__file__).resolve().parent / "sql" / "trending_versions_skew.sql"
BIG = BIG_TABLES | {"track_trending_scores", "track_listeners", "trending_results"}


@pytest.fixture(scope="module")
def skewed(server_url, large_url):
    url = _recreate(server_url, "oa_test_trending_versions_skew", template=LARGE)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(SKEW.read_text())
        # What a client excludes is what it was shown: the head of the list.
        TOP[:] = [r[0] for r in conn.execute(
            "SELECT track_id FROM track_trending_scores WHERE type = 'TRACKS' AND version = 'pnagD' "
            "AND time_range = 'allTime' ORDER BY score DESC, track_id DESC LIMIT 1000")]
        yield conn


def test_the_skew_is_there(skewed):
    one = lambda q: skewed.execute(q).fetchone()[0]  # noqa: E731
    assert one("SELECT count(*) FROM tracks") >= 1_000_000
    assert one("SELECT count(*) FROM track_trending_scores WHERE version = 'AnlGe' AND time_range = 'allTime'") \
        == 800_000
    assert one("SELECT count(*) FROM track_trending_scores WHERE usdc_purchase AND time_range = 'allTime' "
               "AND version = 'pnagD'") == 50
    assert one("SELECT count(*) FROM aggregate_plays WHERE count >= 250") >= 100_000
    assert one("SELECT count(*) FROM track_listeners WHERE user_id = 20001") == 20_000


PAGE = {"limit": 100, "offset": 0, "my_id": 7, "genre": "Jazz", "exclude": []}
TOP: list[int] = []  # the 1,000 best all time (filled by the fixture), which a client might exclude
LUCKY = {"probes": 200, "window": LUCKY_WINDOW}
RECOMMEND = {"version": "pnagD", "time_range": "allTime", "limit": 100, "sample": RECOMMEND_SAMPLE,
             "recall": RECOMMEND_RECALL, "shuffle": "2026-12-02"}
WINNERS = {"type": "TRACKS", "version": "pnagD", "today": date(2026, 12, 2)}

# name -> (query, params, most rows of the big tables read, over every node and loop)
CASES = {
    "trending, AnlGe, all time": ("get_trending_track_ids@all", {
        **PAGE, "version": "AnlGe", "time_range": "allTime"}, 1_000),
    "trending, AnlGe, all time, a genre": ("get_trending_track_ids@genre", {
        **PAGE, "version": "AnlGe", "time_range": "allTime"}, 1_000),
    "underground, AnlGe": ("get_underground_trending_track_ids", {
        **PAGE, "version": "AnlGe", "time_range": "week"}, 2_000),
    "for sale in USDC (50 of 800,000 scores)": ("get_trending_track_ids@usdc", {
        **PAGE, "version": "pnagD", "time_range": "allTime"}, 500),
    "for sale in USDC, a genre": ("get_trending_track_ids@usdc_genre", {
        **PAGE, "version": "pnagD", "time_range": "allTime"}, 500),
    "recommended, the top 1,000 excluded": ("get_trending_track_ids@excluding", {
        **PAGE, "version": "pnagD", "time_range": "allTime", "exclude": True}, 5_000),
    "recommended, a genre, the top 1,000 excluded": ("get_trending_track_ids@excluding_genre", {
        **PAGE, "version": "pnagD", "time_range": "allTime", "exclude": True}, 5_000),
    "winners of a week": ("get_trending_winners", {**WINNERS, "week": date(2023, 3, 1)}, 500),
    "winners, latest week": ("get_trending_winners", {**WINNERS, "week": None}, 500),
    "feeling lucky": ("get_feeling_lucky_track_ids", {**LUCKY, "min_followers": 0}, 5_000),
    "feeling lucky, nobody has the followers": ("get_feeling_lucky_track_ids", {
        **LUCKY, "min_followers": 1_000_000_000}, 2 * 4 * 200 * LUCKY_WINDOW),  # both halves of the wrapped walk
    "recommended for a listener of 20,000 tracks": ("get_user_recommended_track_ids", {
        **RECOMMEND, "user_id": 20001}, 25_000),
    "recommended for a listener of 3 tracks": ("get_user_recommended_track_ids", {
        **RECOMMEND, "user_id": 20002}, 25_000),
    "resolve a track": ("resolve_track", {"handle": "heavy_listener", "slug": "skew-1", "my_id": 0}, 100),
    "resolve a playlist": ("resolve_playlist", {"handle": "heavy_listener", "slug": "x", "my_id": 0}, 100),
}


@pytest.mark.parametrize("mode", ["force_custom_plan", "force_generic_plan"])
@pytest.mark.parametrize("case", CASES)
def test_each_request_reads_a_bounded_slice(skewed, case, mode):
    name, params, bound = CASES[case]
    plan = analyzed(skewed, name, {**params, "exclude": TOP if params.get("exclude") else []}, mode)
    nodes = list(scans(plan))
    assert {n["Relation Name"] for n in nodes if n["Node Type"] == "Seq Scan"} & BIG == set(), case
    read = sum(int(n.get("Actual Rows", 0) * n.get("Actual Loops", 1)) for n in nodes
               if n.get("Relation Name") in BIG)
    assert read <= bound, f"{case} ({mode}): read {read} rows of the big tables"


def test_the_bounded_queries_still_answer(skewed):
    """The plans above are of queries that find what they should (so a bound is not met by finding nothing)."""
    rows = lambda name, params: analyzed(skewed, name, params, "force_generic_plan")["Actual Rows"]  # noqa: E731
    assert rows("get_trending_track_ids@usdc", {**PAGE, "version": "pnagD", "time_range": "allTime"}) == 50
    assert rows("get_trending_track_ids@excluding", {**PAGE, "version": "pnagD", "time_range": "allTime",
                                                     "exclude": TOP}) == 100
    assert rows("get_trending_winners", {**WINNERS, "week": date(2023, 3, 1)}) == 10
    assert rows("get_feeling_lucky_track_ids", {**LUCKY, "min_followers": 0}) >= 150
    assert rows("get_user_recommended_track_ids", {**RECOMMEND, "user_id": 20001}) == 100
