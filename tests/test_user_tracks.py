"""GET /v1/users/{id}/tracks: sort, direction, filters, pagination."""

from datetime import datetime, timedelta

import pytest

from tests import factory

DAY = timedelta(days=1)


@pytest.fixture
def artist(conn):
    factory.user(conn, 1)
    factory.user(conn, 2)
    base = datetime(2024, 3, 1)
    # track id: (title, created, plays); reposts: 20 x2, 22 x1; saves: 22 x2, 21 x1
    for tid, (title, created, n_plays) in {
        20: ("Bravo", base + 1 * DAY, 5),
        21: ("alpha", base + 3 * DAY, 9),
        22: ("Charlie", base + 2 * DAY, 0),
        23: ("Delta", base + 4 * DAY, 9),
    }.items():
        factory.track(conn, tid, 1, title=title, created_at=created)
        if n_plays:
            factory.plays(conn, tid, n_plays)
    factory.repost(conn, 2, 20)
    factory.repost(conn, 1, 20)
    factory.repost(conn, 2, 22)
    factory.save(conn, 2, 21)
    factory.save(conn, 1, 22)
    factory.save(conn, 2, 22)
    conn.execute("UPDATE tracks SET release_date = %s WHERE track_id = 22", (base + 10 * DAY,))
    factory.track(conn, 24, 1, title="Hidden", is_unlisted=True, created_at=base)
    factory.track(conn, 25, 1, title="Gone", is_delete=True, created_at=base)
    factory.track(conn, 26, 1, title="Stem", stem_of={"parent_track_id": 20, "category": "bass"}, created_at=base)
    factory.track(conn, 27, 2, title="Other artist", created_at=base)
    return conn


def ids_of(client, **params):
    r = client.get("/v1/users/1/tracks", params=params)
    assert r.status_code == 200, r.text
    return [t["track_id"] for t in r.json()["data"]]


def test_default_is_newest_release_first(client, artist):
    # release_date falls back to created_at; 22 has a later release_date than its creation
    assert ids_of(client) == [22, 23, 21, 20]


@pytest.mark.parametrize("params,expected", [
    ({"sort": "plays"}, [21, 23, 20, 22]),  # 21 and 23 tie on 9 plays: track_id ascending breaks it
    ({"sort_method": "title", "sort_direction": "asc"}, [20, 22, 23, 21]),  # byte order: uppercase first
    ({"sort_method": "title", "sort_direction": "desc"}, [21, 23, 22, 20]),
    ({"sort_method": "plays", "sort_direction": "asc"}, [22, 20, 21, 23]),
    ({"sort_method": "reposts"}, [20, 22, 21, 23]),
    ({"sort_method": "saves"}, [22, 21, 20, 23]),
    ({"sort_method": "added_date"}, [23, 21, 22, 20]),
    ({"sort_method": "release_date", "sort_direction": "asc"}, [20, 21, 23, 22]),
])
def test_sorting(client, artist, params, expected):
    assert ids_of(client, **params) == expected


def test_listener_specific_sorts(client, artist):
    factory.plays(artist, 20, 3, user_id=2, at=datetime(2024, 5, 1))
    factory.plays(artist, 23, 1, user_id=2, at=datetime(2024, 6, 1))
    assert ids_of(client, sort_method="most_listens_by_user", user_id="2")[:2] == [20, 23]
    assert ids_of(client, sort_method="last_listen_date", user_id="2")[:2] == [23, 20]  # never-listened last
    assert ids_of(client, sort_method="last_listen_date", sort_direction="asc", user_id="2")[:2] == [20, 23]


def test_pagination_walks_the_whole_list_once(client, artist):
    full = ids_of(client, limit=100)
    pages = [ids_of(client, limit=1, offset=i) for i in range(len(full) + 1)]
    assert [p[0] for p in pages if p] == full and pages[-1] == []


def test_filters_and_privacy(client, artist):
    assert 24 not in ids_of(client)
    assert 24 in ids_of(client, user_id="1")
    assert ids_of(client, filter_tracks="unlisted", user_id="1") == [24]
    # The unlisted listing is private: unsigned is 401, signed by someone else 403.
    assert client.get("/v1/users/1/tracks", params={"filter_tracks": "unlisted"}).status_code == 401
    assert client.get("/v1/users/1/tracks", params={"filter_tracks": "unlisted", "user_id": "2"}).status_code == 403
    assert 24 not in ids_of(client, filter_tracks="public", user_id="1")
    everything = ids_of(client, user_id="1", limit=100)
    assert 25 not in everything and 26 not in everything and 27 not in everything


def test_deactivated_artist_lists_nothing(client, artist):
    artist.execute("UPDATE users SET is_deactivated = true WHERE user_id = 1")
    assert ids_of(client) == []


def test_unknown_user_lists_nothing_and_bad_params_are_named(client, artist):
    assert client.get("/v1/users/999/tracks").json() == {"data": []}
    for params, name in [({"limit": 101}, "limit"), ({"offset": -1}, "offset"),
                         ({"sort_method": "loudest"}, "sort_method"), ({"filter_tracks": "x"}, "filter_tracks"),
                         ({"sort_direction": "up"}, "sort_direction")]:
        r = client.get("/v1/users/1/tracks", params=params)
        assert r.status_code == 400 and r.json()["code"] == 400
        assert r.json()["error"].startswith(f"{name} is invalid"), r.json()
