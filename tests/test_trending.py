"""Trending: the trending_scores job (week, month and allTime scores of track_trending_scores) and the
endpoints that serve them, GET /v1/tracks/trending and /v1/tracks/trending/underground."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import psycopg
import pytest
from psycopg.rows import dict_row

from openaudio_api.db.queries import sql
from openaudio_api.jobs.engine import processor_sql
from openaudio_api import ids
from tests import factory
from tests.challenges import run_jobs, state

NOW = datetime(2025, 6, 11, 12, 0, 0)  # a Wednesday noon
FRESH = NOW - timedelta(days=2)  # a track this young is not decayed in any range
JOB = ["trending_scores"]


def refresh(url: str, now: datetime = NOW):
    return run_jobs(url, only=JOB, now=now)


def scores(conn, time_range: str = "week") -> dict[int, float]:
    return dict(conn.execute(
        "SELECT track_id, score FROM track_trending_scores WHERE type = 'TRACKS' AND version = 'pnagD' "
        "AND time_range = %s ORDER BY score DESC, track_id DESC", (time_range,)).fetchall())


def trending(client, path: str = "/v1/tracks/trending", **params) -> list[int]:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return [t["track_id"] for t in response.json()["data"]]


def underground(client, **params) -> list[int]:
    return trending(client, "/v1/tracks/trending/underground", **params)


def artist(conn, user_id: int, followers: int = 0, following: int = 0) -> int:
    """A user whose follower/following counts are set directly (1,500 real follows would be slow to write)."""
    factory.user(conn, user_id)
    conn.execute("INSERT INTO aggregate_user (user_id, follower_count, following_count) VALUES (%s, %s, %s) "
                 "ON CONFLICT (user_id) DO UPDATE SET follower_count = EXCLUDED.follower_count, "
                 "following_count = EXCLUDED.following_count", (user_id, followers, following))
    return user_id


def played(conn, track_id: int, owner: int, count: int, at: datetime = NOW - timedelta(hours=1),
           created_at: datetime = FRESH, **extra) -> int:
    factory.track(conn, track_id, owner, created_at=created_at, **extra)
    if count:
        factory.plays(conn, track_id, count, at=at)
    return track_id


# ------------------------------------------------------------------------------------------------ formula

def test_more_windowed_plays_reposts_and_saves_rank_higher(conn, db_url, client):
    artist(conn, 1)
    for fan in range(10, 14):
        factory.user(conn, fan)
    played(conn, 101, 1, 10)
    played(conn, 102, 1, 5)
    played(conn, 103, 1, 0)
    factory.engagement(conn, "repost", 10, 103, created_at=NOW - timedelta(days=1))  # one repost weighs 50 plays
    played(conn, 104, 1, 0)
    for fan in (10, 11, 12):
        factory.engagement(conn, "save", fan, 104, created_at=NOW - timedelta(days=1))  # a save weighs one play
    played(conn, 105, 1, 0)  # no activity: no score at all

    refresh(db_url)

    week = scores(conn, "week")
    assert list(week) == [103, 101, 102, 104]
    # Fresh tracks are not decayed: activity + 0.25 * all reposts + 0.01 * all saves.
    assert week == pytest.approx({103: 50.25, 101: 10.0, 102: 5.0, 104: 3.03})
    assert trending(client) == [103, 101, 102, 104]
    assert 105 not in {t for r in ("week", "month", "allTime") for t in scores(conn, r)}


def test_plays_outside_the_window_count_for_month_and_all_time_only(conn, db_url, client):
    artist(conn, 1)
    old = NOW - timedelta(days=60)  # equally old tracks: equally decayed, so activity alone orders them
    played(conn, 201, 1, 5, at=NOW - timedelta(days=1), created_at=old)
    played(conn, 202, 1, 20, at=NOW - timedelta(days=10), created_at=old)  # outside the week, inside the month
    played(conn, 203, 1, 100, at=NOW - timedelta(days=40), created_at=old)  # outside the month too
    factory.plays(conn, 201, 50, at=NOW + timedelta(hours=1))  # after the tick's clock: not yet counted

    refresh(db_url)

    assert list(scores(conn, "week")) == [201]
    assert list(scores(conn, "month")) == [202, 201]
    assert list(scores(conn, "allTime")) == [203, 201, 202]  # from aggregate_plays, whatever the date
    assert trending(client, time="week") == [201]
    assert trending(client, time="month") == [202, 201]
    assert trending(client, time="allTime") == [203, 201, 202]


def test_older_tracks_decay(conn, db_url):
    artist(conn, 1)
    played(conn, 301, 1, 10, created_at=NOW - timedelta(days=3))
    played(conn, 302, 1, 10, created_at=NOW - timedelta(days=8, hours=1))  # 8 days: 1 - 8/7 -> 10^(-5/7)
    played(conn, 303, 1, 10, created_at=NOW - timedelta(days=300))  # at the floor
    played(conn, 304, 1, 1000, created_at=NOW - timedelta(days=300))  # a burst still beats the old

    refresh(db_url)

    week = scores(conn, "week")
    assert week == pytest.approx({301: 10.0, 302: 10.0 * 100000 ** (1 - 8 / 7), 303: 10 * 1e-5, 304: 1000 * 1e-5})
    assert list(week) == [301, 302, 304, 303]
    assert scores(conn, "allTime") == pytest.approx({301: 10.0, 302: 10.0, 303: 10.0, 304: 1000.0})


def test_only_current_listed_undeleted_non_stem_tracks_score(conn, db_url):
    artist(conn, 1)
    played(conn, 401, 1, 3)
    played(conn, 402, 1, 3, is_delete=True)
    played(conn, 403, 1, 3, is_unlisted=True)
    played(conn, 404, 1, 3, stem_of={"parent_track_id": 401, "category": "bass"})

    refresh(db_url)

    for time_range in ("week", "month", "allTime"):
        assert list(scores(conn, time_range)) == [401]
    genres = conn.execute("SELECT DISTINCT genre, type, version, created_at FROM track_trending_scores "
                          "ORDER BY version").fetchall()
    assert genres == [("Electronic", "TRACKS", "AnlGe", NOW), ("Electronic", "TRACKS", "pnagD", NOW)]


def test_a_track_that_drops_out_loses_its_rows(conn, db_url):
    artist(conn, 1)
    played(conn, 501, 1, 3)
    played(conn, 502, 1, 5)
    refresh(db_url)
    assert list(scores(conn)) == [502, 501]

    conn.execute("UPDATE tracks SET is_delete = true WHERE track_id = 502")
    conn.execute("UPDATE tracks SET genre = 'Jazz' WHERE track_id = 501")
    later = NOW + timedelta(hours=1)
    refresh(db_url, later)

    assert conn.execute("SELECT track_id, time_range, genre, created_at FROM track_trending_scores "
                        "WHERE version = 'pnagD' ORDER BY time_range").fetchall() == [
        (501, "allTime", "Jazz", later), (501, "month", "Jazz", later), (501, "week", "Jazz", later)]


# ------------------------------------------------------------------------------------- refresh cadence

def test_refresh_at_most_hourly_and_idempotent(conn, db_url):
    artist(conn, 1)
    played(conn, 601, 1, 3)
    refresh(db_url)
    first = state(conn)
    assert scores(conn) == pytest.approx({601: 3.0})

    # New plays inside the hour wait for the next refresh; the tick changes nothing at all.
    played(conn, 602, 1, 7, at=NOW + timedelta(minutes=10))
    (outcome,) = refresh(db_url, NOW + timedelta(minutes=59))
    assert outcome.rows == 0
    assert state(conn) == first
    refresh(db_url, NOW)  # the same tick again
    assert state(conn) == first

    # An hour on, they count.
    (outcome,) = refresh(db_url, NOW + timedelta(hours=1))
    assert scores(conn) == pytest.approx({602: 7.0, 601: 3.0})
    assert outcome.rows == 6  # 602's three rows in each version; 601's are unchanged and not rewritten
    rows_after = conn.execute("SELECT * FROM track_trending_scores ORDER BY 1, 4, 5").fetchall()

    # A later refresh over unchanged activity rewrites nothing (only the refresh time moves).
    (outcome,) = refresh(db_url, NOW + timedelta(hours=2))
    assert outcome.rows == 0
    assert conn.execute("SELECT * FROM track_trending_scores ORDER BY 1, 4, 5").fetchall() == rows_after
    assert conn.execute("SELECT last_checkpoint FROM indexing_checkpoints "
                        "WHERE tablename = 'trending:last_refresh_epoch'").fetchone()[0] == \
        int((NOW + timedelta(hours=2) - datetime(1970, 1, 1)).total_seconds())


def test_the_refresh_runs_in_a_full_tick(conn, db_url):
    """Registered: a tick of every job computes the scores."""
    artist(conn, 1)
    played(conn, 701, 1, 3)
    outcomes = run_jobs(db_url, now=NOW)
    assert "trending_scores" in [o.name for o in outcomes]
    assert list(scores(conn)) == [701]


# --------------------------------------------------------------------------------------------- endpoints

def test_genre_filter(conn, db_url, client):
    artist(conn, 1)
    played(conn, 801, 1, 9, genre="Jazz")
    played(conn, 802, 1, 8, genre="Electronic")
    played(conn, 803, 1, 7, genre="Jazz")
    refresh(db_url)

    assert trending(client, genre="Jazz") == [801, 803]
    assert trending(client, genre="Electronic", time="allTime") == [802]
    assert trending(client, genre="Polka") == []
    assert trending(client) == [801, 802, 803]


@pytest.mark.parametrize("query", ["time=year", "time=day", "limit=0", "limit=101", "offset=-1"])
def test_invalid_parameters_are_400(client, query):
    response = client.get(f"/v1/tracks/trending?{query}")
    assert response.status_code == 400, response.text
    assert response.json()["code"] == 400


def test_pagination_and_ties(conn, db_url, client):
    artist(conn, 1)
    for track_id, count in ((901, 5), (902, 4), (903, 4), (904, 3), (905, 2)):
        played(conn, track_id, 1, count)
    refresh(db_url)

    assert trending(client) == [901, 903, 902, 904, 905]  # equal scores: the higher track id first
    assert trending(client, limit=2) == [901, 903]
    assert trending(client, limit=2, offset=2) == [902, 904]
    assert trending(client, limit=2, offset=4) == [905]
    assert trending(client, offset=5) == []


def test_unlisted_since_the_refresh_only_for_the_owner_and_deleted_for_nobody(conn, db_url, client):
    artist(conn, 1)
    artist(conn, 2)
    played(conn, 1001, 1, 5)
    played(conn, 1002, 1, 4)
    played(conn, 1003, 1, 3)
    refresh(db_url)
    conn.execute("UPDATE tracks SET is_unlisted = true WHERE track_id = 1001")
    conn.execute("UPDATE tracks SET is_delete = true WHERE track_id = 1002")

    assert trending(client) == [1003]
    assert trending(client, user_id=ids.encode(2)) == [1003]
    assert trending(client, user_id=ids.encode(1)) == [1001, 1003]
    # The page is cut after the hidden tracks are left out, so it is not short.
    assert trending(client, limit=1) == [1003]


def test_viewer_fields_are_hydrated(conn, db_url, client):
    artist(conn, 1)
    factory.user(conn, 2)
    played(conn, 1101, 1, 5)
    factory.engagement(conn, "save", 2, 1101, created_at=NOW - timedelta(days=1))
    refresh(db_url)
    response = client.get("/v1/tracks/trending", params={"user_id": ids.encode(2)})
    (track,) = response.json()["data"]
    assert track["id"] == ids.encode(1101)
    assert track["has_current_user_saved"] is True
    assert track["user"]["id"] == ids.encode(1)
    assert track["play_count"] == 5


def test_a_request_as_another_user_without_a_signature_is_403(raw_client):
    response = raw_client.get("/v1/tracks/trending", params={"user_id": ids.encode(2)})
    assert response.status_code == 403
    response = raw_client.get("/v1/tracks/trending/underground", params={"user_id": ids.encode(2)})
    assert response.status_code == 403


def test_underground_excludes_popular_owners_and_the_global_top_20(conn, db_url, client):
    artist(conn, 1)  # a small artist
    artist(conn, 2, followers=1500)
    artist(conn, 3, followers=1499, following=1499)
    artist(conn, 4, following=1500)
    # The global top 20: the small artist's tracks 1201..1220 (plays 100 down to 81).
    for n in range(20):
        played(conn, 1201 + n, 1, 100 - n)
    played(conn, 1221, 1, 50)
    played(conn, 1222, 2, 60)  # owner has 1,500 followers
    played(conn, 1223, 3, 40)  # just under both limits
    played(conn, 1224, 4, 30)  # follows 1,500 users
    played(conn, 1225, 1, 20)
    refresh(db_url)

    assert trending(client)[:21] == [1201 + n for n in range(20)] + [1222]
    assert underground(client) == [1221, 1223, 1225]
    assert underground(client, limit=1, offset=1) == [1223]
    conn.execute("UPDATE tracks SET is_unlisted = true WHERE track_id = 1221")
    assert underground(client) == [1223, 1225]
    assert underground(client, user_id=ids.encode(1)) == [1221, 1223, 1225]


def test_underground_takes_only_the_week(conn, db_url, client):
    artist(conn, 1)
    artist(conn, 2, followers=5000)
    for n in range(20):  # the week's global top 20 (excluded from underground whoever the owner)
        played(conn, 1401 + n, 2, 100)
    played(conn, 1301, 1, 5, at=NOW - timedelta(days=10))  # month only
    played(conn, 1302, 1, 5)
    refresh(db_url)
    assert underground(client) == [1302]


# ----------------------------------------------------------------------------------------- query plans

LARGE_NOW = datetime(2026, 1, 1)  # the end of the seeded data's span


@pytest.fixture(scope="module")
def large_scores(large_url):
    """The large seeded database with its trending scores computed, in a transaction rolled back at the end
    (other tests read that database as seeded)."""
    with psycopg.connect(large_url) as conn:
        written = conn.execute(processor_sql("trending_scores_refresh"), {"now": LARGE_NOW}).fetchone()
        conn.execute("ANALYZE track_trending_scores")
        counts = dict(conn.execute("SELECT time_range, count(*) FROM track_trending_scores GROUP BY 1").fetchall())
        genre = conn.execute("SELECT genre FROM track_trending_scores GROUP BY 1 ORDER BY count(*) LIMIT 1")
        yield conn, counts, genre.fetchone()[0], written
        conn.rollback()


def plan_nodes(conn, statement: str, params: dict, mode: str) -> list[dict]:
    conn.execute(f"SET LOCAL plan_cache_mode = {mode}")
    (plan,), = conn.execute("EXPLAIN (FORMAT JSON) " + statement, params, prepare=True).fetchall()
    plan = plan if isinstance(plan, list) else json.loads(plan)

    def walk(node):
        yield node
        for child in node.get("Plans", []):
            yield from walk(child)

    return list(walk(plan[0]["Plan"]))


def seq_scans(nodes) -> set[str]:
    return {n["Relation Name"] for n in nodes if n["Node Type"] == "Seq Scan"}


PAGE = {"limit": 100, "offset": 0, "my_id": 7, "version": "pnagD"}


@pytest.mark.parametrize("mode", ["force_custom_plan", "force_generic_plan"])
@pytest.mark.parametrize("query", ["get_trending_track_ids@all", "get_trending_track_ids@genre",
                                   "get_underground_trending_track_ids"])
def test_the_trending_page_walks_the_score_index(large_scores, query, mode):
    conn, counts, genre, _ = large_scores
    assert counts["week"] > 1000 and counts["allTime"] > 100_000  # a table worth planning against
    params = {**PAGE, "time_range": "allTime" if query.endswith("@all") else "week", "genre": genre}
    nodes = plan_nodes(conn, sql(query), params, mode)
    assert seq_scans(nodes) & {"track_trending_scores", "tracks", "aggregate_user"} == set()
    # One page is read in score order, never the whole range sorted (underground: its owners filtered).
    assert not [n for n in nodes if n["Node Type"] == "Sort"], [n["Node Type"] for n in nodes]


def test_the_refresh_reads_only_the_window_of_plays_reposts_and_saves(large_scores):
    conn, counts, _, written = large_scores
    assert written[1] == sum(counts.values())
    nodes = plan_nodes(conn, processor_sql("trending_scores_refresh"), {"now": LARGE_NOW}, "force_custom_plan")
    assert seq_scans(nodes) & {"plays", "reposts", "saves"} == set()
