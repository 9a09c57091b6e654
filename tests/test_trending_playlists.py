"""Trending playlists (issue 20): the trending_playlist_scores job (week, month and allTime PLAYLISTS rows of
playlist_trending_scores, upstream's pnagD playlist strategy) and GET /v1/playlists/trending and
/playlists/trending/{version}, which page through them."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from openaudio_api import ids
from tests import factory
from tests.challenges import NOW, run_jobs
from tests.test_trending import artist

JOB = ["trending_playlist_scores"]
FRESH = NOW - timedelta(days=2)  # a playlist this young is not decayed
RECENT = NOW - timedelta(days=1)
ARTISTS = range(1, 6)  # users 1..5 own tracks 101..105, one each
BAD_VERSION = {"code": 400, "error": "Oh no! Bad path parameter version."}


def refresh(url: str, now: datetime = NOW):
    return run_jobs(url, only=JOB, now=now)


def scores(conn, time_range: str = "week") -> dict[int, float]:
    return dict(conn.execute(
        "SELECT playlist_id, score FROM playlist_trending_scores WHERE type = 'PLAYLISTS' AND version = 'pnagD' "
        "AND time_range = %s ORDER BY score DESC, playlist_id DESC", (time_range,)).fetchall())


def listed(client, path: str = "/v1/playlists/trending", **params) -> list[int]:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return [p["playlist_id"] for p in response.json()["data"]]


def fan(conn, user_id: int, followers: int = 0, complete: bool = False) -> int:
    """An engager; with a complete profile (picture, cover photo, bio) their followers count as karma."""
    profile = {"profile_picture": "Qmpic", "cover_photo": "Qmcover", "bio": "hi"} if complete else {}
    factory.user(conn, user_id, **profile)
    conn.execute("INSERT INTO aggregate_user (user_id, follower_count) VALUES (%s, %s) ON CONFLICT (user_id) "
                 "DO UPDATE SET follower_count = EXCLUDED.follower_count", (user_id, followers))
    return user_id


@pytest.fixture
def catalogue(conn):
    """Artists 1..5 (10 followers each) with public tracks 101..105, track 106 by artist 1, unlisted track 107
    and deleted track 108 by artist 5."""
    for a in ARTISTS:
        artist(conn, a, followers=10)
        factory.track(conn, 100 + a, a)
    factory.track(conn, 106, 1)
    factory.track(conn, 107, 5, is_unlisted=True)
    factory.track(conn, 108, 5, is_delete=True)
    return conn


def mix(conn, playlist_id: int, owner: int = 1, tracks=(101, 102, 103, 104, 105), **extra) -> int:
    return factory.playlist_of(conn, playlist_id, owner, list(tracks), created_at=extra.pop("created_at", FRESH),
                               **extra)


# ------------------------------------------------------------------------------------------------ the job

def test_the_score_is_upstreams_pnagd_playlist_formula(catalogue, db_url):
    conn = catalogue
    mix(conn, 10)
    mix(conn, 11)
    mix(conn, 12)
    fan(conn, 20)
    fan(conn, 21, followers=100, complete=True)
    fan(conn, 22, followers=40, complete=True)
    factory.playlist_engagement(conn, "repost", 20, 10, created_at=RECENT)  # no karma: incomplete profile
    factory.playlist_engagement(conn, "save", 21, 11, created_at=RECENT)
    factory.playlist_engagement(conn, "repost", 22, 11, created_at=NOW - timedelta(days=20))  # month only
    refresh(db_url)
    # (1 + 50 * windowed reposts + windowed saves + 0.25 * all reposts + 0.01 * all saves) * karma
    assert scores(conn, "week") == pytest.approx({10: 51.25, 11: (1 + 1 + 0.25 + 0.01) * 100, 12: 1.0})
    assert scores(conn, "month") == pytest.approx({10: 51.25, 11: (1 + 50 + 1 + 0.25 + 0.01) * 140, 12: 1.0})
    assert scores(conn, "allTime") == pytest.approx({10: 1.25, 11: (1 + 0.25 + 0.01) * 140, 12: 1.0})


def test_older_playlists_decay_past_the_window(catalogue, db_url):
    mix(catalogue, 10, created_at=NOW - timedelta(days=7))  # on the window's edge: not decayed
    mix(catalogue, 11, created_at=NOW - timedelta(days=14))  # twice the window: 100000 ^ -1
    mix(catalogue, 12, created_at=NOW - timedelta(days=400))  # floored at 1e-5
    refresh(db_url)
    assert scores(catalogue, "week") == pytest.approx({10: 1.0, 11: 1e-5, 12: 1e-5})
    assert scores(catalogue, "month") == pytest.approx({10: 1.0, 11: 1.0, 12: 1e-5})
    assert scores(catalogue, "allTime") == pytest.approx({10: 1.0, 11: 1.0, 12: 1.0})


def test_an_owner_with_fewer_than_3_followers_scores_0_but_is_listed(catalogue, db_url, client):
    artist(catalogue, 30, followers=2)
    mix(catalogue, 10, owner=30)
    mix(catalogue, 11)
    fan(catalogue, 20)
    for kind in ("repost", "save"):
        factory.playlist_engagement(catalogue, kind, 20, 10, created_at=RECENT)
    refresh(db_url)
    assert scores(catalogue) == {11: 1.0, 10: 0.0}
    assert listed(client) == [11, 10]


def test_who_may_trend(catalogue, db_url):
    conn = catalogue
    mix(conn, 10)  # 5 public tracks by 5 artists
    mix(conn, 11, tracks=(101, 102, 103, 104))  # 4 tracks
    mix(conn, 12, tracks=(101, 102, 103, 104, 106))  # 5 tracks, 4 artists
    mix(conn, 13, tracks=(101, 102, 103, 104, 107))  # the fifth artist's track is unlisted
    mix(conn, 14, tracks=(101, 102, 103, 104, 108))  # ... deleted
    mix(conn, 15, is_private=True)
    mix(conn, 16, is_delete=True)
    mix(conn, 17, is_album=True, tracks=(107, 108, 101))  # an album needs 1 public track and 3 entries
    mix(conn, 18, is_album=True, tracks=(101, 102))  # 2 entries: under upstream's scoring floor
    mix(conn, 19, is_album=True, tracks=(107, 108, 107))  # no public track
    factory.user(conn, 40, is_deactivated=True)
    mix(conn, 20, owner=40)
    refresh(db_url)
    assert set(scores(conn, "week")) == set(scores(conn, "allTime")) == {10, 17}
    assert conn.execute("SELECT playlist_id, is_album FROM playlist_trending_scores WHERE time_range = 'month' "
                        "ORDER BY 1").fetchall() == [(10, False), (17, True)]


def test_a_refresh_is_idempotent_and_hourly(catalogue, db_url):
    mix(catalogue, 10)
    mix(catalogue, 11, created_at=NOW - timedelta(days=300))
    fan(catalogue, 20)
    factory.playlist_engagement(catalogue, "repost", 20, 10, created_at=RECENT)
    [first] = refresh(db_url)
    assert first.rows == 6
    before = catalogue.execute("SELECT * FROM playlist_trending_scores ORDER BY 1, 4").fetchall()
    [again] = refresh(db_url, NOW + timedelta(minutes=30))  # within the hour: no refresh
    assert again.rows == 0
    catalogue.execute("DELETE FROM indexing_checkpoints WHERE tablename LIKE 'trending_playlists:%%'")
    [same] = refresh(db_url)  # the same clock again: nothing changed, nothing written
    assert same.rows == 0
    assert catalogue.execute("SELECT * FROM playlist_trending_scores ORDER BY 1, 4").fetchall() == before
    catalogue.execute("UPDATE playlists SET is_private = true WHERE playlist_id = 11")
    [later] = refresh(db_url, NOW + timedelta(hours=2))
    assert later.rows == 3  # playlist 11's three rows deleted; 10's scores are the same
    assert set(scores(catalogue, "allTime")) == {10}


# ------------------------------------------------------------------------------------------- the endpoint

@pytest.fixture
def ranked(catalogue, db_url):
    """Playlists 10..13 and albums 14, 15, each reposted by more fans than the next (10 the most)."""
    conn = catalogue
    for f in range(4):
        fan(conn, 50 + f)
    for n, pid in enumerate((10, 11, 12, 13)):
        mix(conn, pid, tracks=(101, 102, 103, 104, 105, 106, 101 + n))
        for f in range(4 - n):
            factory.playlist_engagement(conn, "repost", 50 + f, pid, created_at=RECENT)
    mix(conn, 14, is_album=True, tracks=(101, 102, 103))
    mix(conn, 15, is_album=True, tracks=(104, 105, 106))
    factory.playlist_engagement(conn, "save", 50, 15, item_type="album", created_at=RECENT)
    refresh(db_url)
    return conn


def test_trending_playlists_best_first_with_their_first_5_tracks(ranked, client):
    assert listed(client) == [10, 11, 12, 13]
    response = client.get("/v1/full/playlists/trending", params={"limit": 1})
    [top] = response.json()["data"]
    assert [t["track_id"] for t in top["tracks"]] == [101, 102, 103, 104, 105]
    assert top["track_count"] == 7 and len(top["playlist_contents"]) == 7
    assert top["user"]["user_id"] == 1 and top["repost_count"] == 4


def test_paging_kinds_ranges_and_omitted_tracks(ranked, client):
    assert listed(client, limit=2, offset=1) == [11, 12]
    assert listed(client, type="album") == [15, 14]
    assert listed(client, type="playlist", time="month") == [10, 11, 12, 13]
    assert listed(client, time="year") == listed(client, time="allTime") == [10, 11, 12, 13]
    response = client.get("/v1/playlists/trending", params={"omit_tracks": "true", "limit": 1})
    assert "tracks" not in response.json()["data"][0]


def test_the_versioned_operation_ranks_playlists_by_pnagd(ranked, client):
    assert listed(client, "/v1/playlists/trending/pnagD") == [10, 11, 12, 13]
    assert listed(client, "/v1/full/playlists/trending/pnagD", time="month", limit=1, offset=3) == [13]


@pytest.mark.parametrize("path", ["/v1/playlists/trending/AnlGe", "/v1/full/playlists/trending/nope",
                                  "/v1/playlists/trending/pnagd"])
def test_an_unknown_version_is_upstreams_400(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert response.json() == BAD_VERSION


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 101}, {"offset": -1}, {"time": "day"},
                                    {"type": "track"}, {"omit_tracks": "maybe"}])
def test_bad_parameters_are_400(client, params):
    response = client.get("/v1/playlists/trending", params=params)
    assert response.status_code == 400
    assert response.json()["code"] == 400


def test_what_changed_since_the_refresh_is_checked_when_read(ranked, client):
    ranked.execute("UPDATE playlists SET is_private = true WHERE playlist_id = 10")
    ranked.execute("UPDATE tracks SET is_unlisted = true WHERE track_id IN (101, 102, 103)")  # album 14's
    ranked.execute("UPDATE playlists SET is_delete = true WHERE playlist_id = 12")
    viewer = ids.encode(1)  # playlist 10's owner: a private playlist does not trend, for them neither
    assert listed(client, user_id=viewer) == [11, 13]
    assert listed(client, type="album", user_id=viewer) == [15]
    ranked.execute("UPDATE users SET is_deactivated = true WHERE user_id = 1")
    assert listed(client) == []


def test_no_scores_no_playlists(client):
    assert listed(client) == [] == listed(client, "/v1/playlists/trending/pnagD", time="allTime")


def test_the_spec_names_the_versions_the_job_scores():
    from openaudio_api.trending import PLAYLIST_VERSIONS
    from tests.spec_walk import load_spec
    declared = load_spec()["components"]["parameters"]["playlist_trending_version_path"]["schema"]["enum"]
    assert tuple(declared) == PLAYLIST_VERSIONS
