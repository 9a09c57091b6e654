"""GET /v1/users/{id}/library/tracks, /library/playlists, /library/albums (a user's saved, reposted and bought
tracks, playlists and albums, as activities) and /v1/notifications/{user_id}/playlist_updates (their saved
playlists changed since they last opened them): private to the user, signed."""

from datetime import timedelta, timezone

import pytest

from openaudio_api import ids
from tests import factory
from tests.factory import BASE


def day(n: float):
    return BASE + timedelta(days=n)


def stamp(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def library(conn):
    for uid in (1, 2, 3, 4):
        factory.user(conn, uid, name=f"Artist {uid}")
    factory.track(conn, 10, 2, title="Zebra song")
    factory.track(conn, 11, 3, title="apple tune")
    factory.track(conn, 12, 2, title="Mango")
    factory.track(conn, 13, 3, title="Secret", is_unlisted=True)
    factory.track(conn, 14, 1, title="My own secret", is_unlisted=True)
    factory.track(conn, 15, 3, title="Bought")
    # User 1: saved 10 (day 1), 11 (day 2), 13 (day 3), 14 (day 4); reposted 10 (day 5) and 12 (day 0);
    # bought 15 (day 6) and 11 (day 2, the time of its save: the purchase wins the tie).
    for tid, at in ((10, 1), (11, 2), (13, 3), (14, 4)):
        factory.engagement(conn, "save", 1, tid, created_at=day(at))
    for tid, at in ((10, 5), (12, 0)):
        factory.engagement(conn, "repost", 1, tid, created_at=day(at))
    factory.purchase(conn, 1, 1, 3, 15, 1_000_000, created_at=day(6))
    factory.purchase(conn, 2, 1, 3, 11, 1_000_000, created_at=day(2))
    factory.purchase(conn, 3, 1, 3, 11, 1_000_000, created_at=day(2), access="download")  # bought twice
    factory.engagement(conn, "save", 1, 12, created_at=day(7), is_delete=True)  # unsaved: not an entry
    factory.engagement(conn, "save", 2, 11, created_at=day(9))  # someone else's
    factory.plays(conn, 12, 5)
    factory.plays(conn, 11, 2, user_id=1, at=day(8))
    return conn


def get(client, path, signer=1, **params):
    r = client.get(path, params=params, headers=factory.signature_headers(signer))
    assert r.status_code == 200, r.text
    return r.json()["data"]


def tracks(client, **params):
    return [(a["item_id"], a["timestamp"]) for a in get(client, "/v1/users/1/library/tracks", **params)]


def test_library_tracks_are_every_action_newest_first_one_entry_each(client, library):
    # 13 is another user's unlisted track: left out; 14 is their own unlisted track: listed.
    assert tracks(client) == [(15, stamp(day(6))), (10, stamp(day(5))), (14, stamp(day(4))), (11, stamp(day(2))),
                              (12, stamp(day(0)))]
    first = get(client, "/v1/users/1/library/tracks")[0]
    assert (first["class"], first["item_type"], first["item"]["id"]) == ("track_activity_full", "track",
                                                                         ids.encode(15))
    assert "collaborators" in first["item"] and first["item"]["has_current_user_saved"] is False


@pytest.mark.parametrize("params,expected", [
    ({"type": "favorite"}, [14, 11, 10]),
    ({"type": "repost"}, [10, 12]),
    ({"type": "purchase"}, [15, 11]),
    ({"sort_method": "added_date", "sort_direction": "asc"}, [12, 11, 14, 10, 15]),
    ({"sort_method": "title", "sort_direction": "asc"}, [15, 12, 14, 10, 11]),  # byte order
    ({"sort_method": "plays"}, [12, 11, 15, 14, 10]),  # only 12 and 11 were played; ties by id desc
    ({"sort_method": "most_listens_by_user"}, [11, 15, 14, 12, 10]),  # the user's own plays
    ({"sort_method": "artist_name", "sort_direction": "asc"}, [14, 12, 10, 15, 11]),
    ({"query": "ARTIST 2"}, [10, 12]),
    ({"query": "%"}, []),
    ({"type": "favorite", "query": "tune"}, [11]),
    ({"limit": 2, "offset": 1}, [10, 14]),
])
def test_library_tracks_filters_and_sorts(client, library, params, expected):
    assert [t for t, _ in tracks(client, **params)] == expected


def test_library_tracks_entry_time_is_the_newest_action(client, library):
    # 10: saved day 1, reposted day 5; among favorites alone it is its save.
    assert dict(tracks(client))[10] == stamp(day(5))
    assert dict(tracks(client, type="favorite"))[10] == stamp(day(1))


@pytest.mark.parametrize("path", ["/v1/users/1/library/tracks", "/v1/users/1/library/playlists",
                                  "/v1/users/1/library/albums", "/v1/notifications/1/playlist_updates"])
def test_the_library_is_private_to_the_user_and_their_managers(raw_client, library, path):
    assert raw_client.get(path).status_code == 401
    assert raw_client.get(path, headers=factory.signature_headers(2)).status_code == 403
    factory.grant(library, 1, 4)
    assert raw_client.get(path, headers=factory.signature_headers(4)).status_code == 200


@pytest.mark.parametrize("params", [{"type": "saved"}, {"sort_method": "popular"}, {"limit": 0}, {"limit": 101},
                                    {"offset": -1}, {"sort_direction": "up"}, {"query": "x" * 251}])
def test_bad_library_parameters_are_400(raw_client, library, params):
    for kind in ("tracks", "playlists"):
        if kind == "playlists" and params.get("sort_method") == "plays":
            continue
        r = raw_client.get(f"/v1/users/1/library/{kind}", params=params, headers=factory.signature_headers(1))
        assert r.status_code == 400, (kind, params, r.text)


def test_an_empty_library_and_an_unknown_user(raw_client, client, library):
    for kind in ("tracks", "playlists", "albums"):
        assert get(client, f"/v1/users/4/library/{kind}", signer=4) == []
        # Nobody can sign as a user who does not exist.
        r = raw_client.get(f"/v1/users/99/library/{kind}", headers=factory.signature_headers(99))
        assert r.status_code == 403


@pytest.fixture
def collections(library):
    conn = library
    # User 1 owns 20 (created day 1) and private 21 (day 2), album 22 (day 3); user 2 owns 30, private 31,
    # album 32 and deleted 33; user 3 owns album 40.
    factory.playlist(conn, 20, 1, created_at=day(1))
    factory.playlist(conn, 21, 1, created_at=day(2), is_private=True)
    factory.playlist(conn, 22, 1, created_at=day(3), is_album=True)
    factory.playlist(conn, 30, 2, created_at=day(0), playlist_name="Road trip")
    factory.playlist(conn, 31, 2, created_at=day(0), is_private=True)
    factory.playlist(conn, 32, 2, created_at=day(0), is_album=True)
    factory.playlist(conn, 33, 2, created_at=day(0), is_delete=True)
    factory.playlist(conn, 40, 3, created_at=day(0), is_album=True)
    # User 1 saved 30 (day 4), 31 (day 5, private to user 2 since), 33 (deleted); reposted 30 (day 6) and
    # their own 20 (day 7); saved album 32 (day 8), bought album 40 (day 9).
    factory.playlist_engagement(conn, "save", 1, 30, created_at=day(4))
    factory.playlist_engagement(conn, "save", 1, 31, created_at=day(5))
    factory.playlist_engagement(conn, "save", 1, 33, created_at=day(5))
    factory.playlist_engagement(conn, "repost", 1, 30, created_at=day(6))
    factory.playlist_engagement(conn, "repost", 1, 20, created_at=day(7))
    factory.playlist_engagement(conn, "save", 1, 32, "album", created_at=day(8))
    factory.purchase(conn, 9, 1, 3, 40, 1_000_000, content_type="album", created_at=day(9))
    # 30 is the most reposted, 20 the most saved.
    for uid in (2, 3, 4):
        factory.playlist_engagement(conn, "repost", uid, 30)
    for uid in (2, 3):
        factory.playlist_engagement(conn, "save", uid, 20)
    return conn


def collection(client, kind="playlists", **params):
    return [(a["item_id"], a["timestamp"]) for a in get(client, f"/v1/users/1/library/{kind}", **params)]


def test_library_playlists_are_owned_saved_reposted_bought(client, collections):
    newest = collection(client, sort_method="added_date")
    assert newest == [(20, stamp(day(7))), (30, stamp(day(6))), (21, stamp(day(2)))]
    first = get(client, "/v1/users/1/library/playlists", sort_method="added_date")[0]
    assert (first["class"], first["item_type"]) == ("collection_activity_full_without_tracks", "playlist")
    assert first["item"]["id"] == ids.encode(20) and "tracks" not in first["item"]
    assert collection(client, "albums", sort_method="added_date") == [
        (40, stamp(day(9))), (32, stamp(day(8))), (22, stamp(day(3)))]
    albums = get(client, "/v1/users/1/library/albums")
    assert {a["item_type"] for a in albums} == {"playlist"} and all(a["item"]["is_album"] for a in albums)


@pytest.mark.parametrize("kind,params,expected", [
    ("playlists", {}, [30, 20, 21]),  # by reposts (the default): 30 has 4, 20 one, 21 none
    ("playlists", {"sort_method": "saves"}, [20, 30, 21]),
    ("playlists", {"sort_method": "reposts", "sort_direction": "asc"}, [21, 20, 30]),
    ("playlists", {"sort_method": "added_date", "sort_direction": "asc"}, [21, 30, 20]),
    ("playlists", {"type": "favorite", "sort_method": "added_date"}, [30, 21, 20]),
    ("playlists", {"type": "repost", "sort_method": "added_date"}, [20, 30]),
    ("playlists", {"type": "purchase"}, []),
    ("playlists", {"query": "road"}, [30]),
    ("playlists", {"query": "artist 1", "sort_method": "added_date"}, [20, 21]),
    ("albums", {"type": "purchase"}, [40]),
    ("albums", {"type": "favorite", "sort_method": "added_date"}, [32, 22]),
    ("albums", {"limit": 1, "offset": 1, "sort_method": "added_date"}, [32]),
])
def test_library_playlists_filters_and_sorts(client, collections, kind, params, expected):
    assert [p for p, _ in collection(client, kind, **params)] == expected


def test_notifications_carry_the_playlists_they_name(client, collections):
    conn = collections
    conn.execute(
        "INSERT INTO notification (specifier, group_id, type, blocknumber, timestamp, data, user_ids) VALUES "
        "('2', 'save:30:type:playlist', 'save', 1, now() AT TIME ZONE 'UTC', "
        " '{\"type\": \"playlist\", \"user_id\": 2, \"save_item_id\": 30}', ARRAY[1]), "
        "('2', 'milestone:PLAYLIST_REPOST_COUNT:31:10', 'milestone', 1, now() AT TIME ZONE 'UTC', "
        " '{\"type\": \"PLAYLIST_REPOST_COUNT\", \"playlist_id\": 31, \"threshold\": 10}', ARRAY[1]), "
        "('3', 'repost:32:type:album', 'repost', 1, now() AT TIME ZONE 'UTC', "
        " '{\"type\": \"album\", \"user_id\": 3, \"repost_item_id\": 32}', ARRAY[1])")
    r = client.get("/v1/notifications/1", headers=factory.signature_headers(1))
    assert r.status_code == 200, r.text
    related = r.json()["related"]
    # 31 is user 2's private playlist: named by the notification, not shown.
    assert sorted(p["playlist_id"] for p in related["playlists"]) == [30, 32]
    assert all("tracks" not in p for p in related["playlists"])
    poll = client.get("/v1/notifications/1", params={"limit": 0}, headers=factory.signature_headers(1)).json()
    assert poll["related"] == {"users": [], "tracks": [], "playlists": []}


def test_playlist_updates_are_saved_playlists_changed_since_last_seen(client, collections):
    conn = collections
    # 30: updated day 10 after its save (day 4), seen day 11: no update. 32 (album): updated day 12, seen
    # day 11: an update. 31: private to user 2 since: hidden. 34: saved day 13, updated before: none.
    # 35: never seen, updated day 14: an update.
    factory.playlist(conn, 34, 2, created_at=day(0), updated_at=day(12))
    factory.playlist(conn, 35, 3, created_at=day(0), updated_at=day(14))
    factory.playlist_engagement(conn, "save", 1, 34, created_at=day(13))
    factory.playlist_engagement(conn, "save", 1, 35, created_at=day(1))
    conn.execute("UPDATE playlists SET updated_at = %s WHERE playlist_id IN (30, 31)", (day(10),))
    conn.execute("UPDATE playlists SET updated_at = %s WHERE playlist_id = 32", (day(12),))
    for pid, seen in ((30, 3), (30, 11), (32, 11), (32, 2)):
        conn.execute("INSERT INTO playlist_seen (user_id, playlist_id, seen_at) VALUES (1, %s, %s)", (pid, day(seen)))
    conn.execute("INSERT INTO playlist_seen (user_id, playlist_id, seen_at, is_current) VALUES (1, 35, %s, false)",
                 (day(20),))
    epoch = lambda n: int(day(n).replace(tzinfo=timezone.utc).timestamp())  # noqa: E731
    assert get(client, "/v1/notifications/1/playlist_updates") == {"playlist_updates": [
        {"playlist_id": ids.encode(32), "updated_at": epoch(12), "last_seen_at": epoch(11)},
        {"playlist_id": ids.encode(35), "updated_at": epoch(14), "last_seen_at": None},
    ]}
    # User 2 saved 20 (at BASE) before it was last changed (day 1), and never opened it.
    assert get(client, "/v1/notifications/2/playlist_updates", signer=2) == {"playlist_updates": [
        {"playlist_id": ids.encode(20), "updated_at": epoch(1), "last_seen_at": None}]}
    assert get(client, "/v1/notifications/4/playlist_updates", signer=4) == {"playlist_updates": []}
