"""GET /v1/users/{id}/favorites, /favorites/tracks and /history/tracks: a user's favorites (as upstream's
favorite objects and as track activities) and their listening history, derived from plays."""

from datetime import timedelta

import pytest

from openaudio_api import ids
from tests import factory
from tests.factory import BASE


@pytest.fixture
def library(conn):
    for uid in (1, 2, 3):
        factory.user(conn, uid, name=f"Artist {uid}")
    factory.track(conn, 10, 2, title="Zebra song", release_date=BASE + timedelta(days=5))
    factory.track(conn, 11, 3, title="apple tune", release_date=BASE + timedelta(days=1))
    factory.track(conn, 12, 2, title="Mango", release_date=BASE + timedelta(days=3))
    factory.track(conn, 13, 3, title="Secret", is_unlisted=True)
    factory.track(conn, 14, 1, title="My own secret", is_unlisted=True)
    # User 1 saves 10, 11, 12, 13, 14: saved a day apart in that order, in blocks that run the other way.
    for n, tid in enumerate([10, 11, 12, 13, 14]):
        factory.save(conn, 1, tid)
        conn.execute("UPDATE saves SET created_at = %s, blocknumber = %s WHERE user_id = 1 AND save_item_id = %s",
                     (BASE + timedelta(days=n), 100 - n, tid))
    factory.save(conn, 2, 10)
    # 12 has the most plays overall; user 1 played 11 three times (last on day 9) and 10 once (day 8).
    factory.plays(conn, 12, 5)
    factory.plays(conn, 11, 2, user_id=1, at=BASE + timedelta(days=2))
    factory.plays(conn, 11, 1, user_id=1, at=BASE + timedelta(days=9))
    factory.plays(conn, 10, 1, user_id=1, at=BASE + timedelta(days=8))
    factory.plays(conn, 13, 1, user_id=1, at=BASE + timedelta(days=10))
    factory.plays(conn, 10, 4, user_id=2, at=BASE + timedelta(days=11))
    return conn


def stamp(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def data(client, path, **params):
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    return r.json()["data"]


def test_favorites_are_upstreams_objects_oldest_block_first(client, library):
    # Track 13 is unlisted and not user 2's or anonymous's to see; 14 only its owner (user 1) sees.
    assert data(client, "/v1/users/1/favorites") == [
        {"favorite_item_id": ids.encode(tid), "favorite_type": "SaveType.track", "user_id": ids.encode(1),
         "created_at": stamp(BASE + timedelta(days=n))}
        for n, tid in [(2, 12), (1, 11), (0, 10)]
    ]
    own = [f["favorite_item_id"] for f in data(client, "/v1/users/1/favorites", user_id=ids.encode(1))]
    assert own == [ids.encode(t) for t in (14, 12, 11, 10)]
    page = data(client, "/v1/users/1/favorites", limit=1, offset=1)
    assert [f["favorite_item_id"] for f in page] == [ids.encode(11)]


def favorite_tracks(client, **params):
    return [(a["item_id"], a["item"]["title"]) for a in data(client, "/v1/users/1/favorites/tracks", **params)]


def test_favorite_tracks_are_activities_newest_save_first(client, library):
    activities = data(client, "/v1/users/1/favorites/tracks")
    assert [a["item_id"] for a in activities] == [12, 11, 10]
    first = activities[0]
    assert (first["class"], first["item_type"], first["item"]["id"]) == ("track_activity_full", "track", ids.encode(12))
    assert first["timestamp"] == stamp(BASE + timedelta(days=2))
    assert "collaborators" in first["item"] and "has_current_user_saved" in first["item"]
    # The owner of the unlisted favorite sees it.
    assert [t for t, _ in favorite_tracks(client, user_id=ids.encode(1))] == [14, 12, 11, 10]


@pytest.mark.parametrize("params,expected", [
    ({"sort_method": "title", "sort_direction": "asc"}, [12, 10, 11]),  # byte order: uppercase first
    ({"sort_method": "release_date"}, [10, 12, 11]),
    ({"sort_method": "plays"}, [12, 10, 11]),  # 10 and 12 tie on 5 plays: track_id DESC breaks it
    ({"sort_method": "added_date", "sort_direction": "asc"}, [10, 11, 12]),
    ({"sort_method": "artist_name", "sort_direction": "asc"}, [12, 10, 11]),  # Artist 2 before 3, ties by id desc
    ({"sort_method": "most_listens_by_user", "user_id": 1}, [11, 10, 14, 12]),  # the viewer's plays
    ({"sort_method": "last_listen_date", "user_id": 1}, [11, 10, 14, 12]),  # never played: last
    ({"query": "APPLE"}, [11]),
    ({"query": "artist 2"}, [12, 10]),
    ({"query": "%"}, []),  # literal, not a pattern
    ({"limit": 1, "offset": 1}, [11]),
])
def test_favorite_tracks_sorts_and_filters(client, library, params, expected):
    if "user_id" in params:
        params = {**params, "user_id": ids.encode(params["user_id"])}
    assert [t for t, _ in favorite_tracks(client, **params)] == expected


def test_history_is_private_to_the_listener(raw_client, client, library):
    assert raw_client.get("/v1/users/1/history/tracks").status_code == 401
    r = raw_client.get("/v1/users/1/history/tracks", headers=factory.signature_headers(2))
    assert r.status_code == 403


def history(client, user=1, **params):
    r = client.get(f"/v1/users/{user}/history/tracks", params=params, headers=factory.signature_headers(user))
    assert r.status_code == 200, r.text
    return r.json()["data"]


def test_history_is_derived_from_plays_latest_first(client, library):
    # 13 (unlisted, another owner's) was played by user 1 but is not theirs to see.
    played = history(client)
    assert [(a["item_id"], a["timestamp"]) for a in played] == [
        (11, stamp(BASE + timedelta(days=9))), (10, stamp(BASE + timedelta(days=8)))]
    assert played[0]["class"] == "track_activity_full" and played[0]["item"]["id"] == ids.encode(11)
    assert [a["item_id"] for a in history(client, sort_method="most_listens_by_user", sort_direction="asc")] == [10, 11]
    assert [a["item_id"] for a in history(client, sort_method="title", sort_direction="asc")] == [10, 11]
    assert [a["item_id"] for a in history(client, query="zebra")] == [10]
    assert [a["item_id"] for a in history(client, user=2)] == [10]
    assert history(client, user=3) == []
