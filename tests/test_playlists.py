"""The playlist operations (issue 20): a playlist by id, by permalink and in bulk, its tracks, access and
engagers, a user's playlists and albums; and the aggregate counts that back them."""

from pathlib import Path

import pytest

from openaudio_api import ids
from tests import factory
from tests.test_bulk_queries import query_count

P10, U1 = ids.encode(10), ids.encode(1)


@pytest.fixture
def world(conn):
    """User 1 owns playlist 10 (tracks 100, 101, 102, 100 again; 102 is user 2's unlisted track, on which
    user 3 collaborates), album 11 (track 101), and private playlist 12. Users 2..5 repost and save
    playlist 10; viewer 6 follows 3 and 4."""
    for uid in range(1, 8):
        factory.user(conn, uid, is_deactivated=(uid == 7))
    factory.track(conn, 100, 1)
    factory.track(conn, 101, 1)
    factory.track(conn, 102, 2, is_unlisted=True)
    factory.invite(conn, 102, 3, 2, "accepted")
    factory.invite(conn, 100, 4, 1, "accepted")
    factory.plays(conn, 100, 5)
    factory.plays(conn, 101, 2)
    factory.plays(conn, 102, 7)
    factory.playlist_of(conn, 10, 1, [100, 101, 102, 100], slug="road-trip", description="songs")
    factory.playlist_of(conn, 11, 1, [101], slug="debut", is_album=True, upc="123456789012")
    factory.playlist_of(conn, 12, 1, [100], slug="secret", is_private=True)
    for fan in range(2, 6):
        factory.playlist_engagement(conn, "repost", fan, 10)
        factory.playlist_engagement(conn, "save", fan, 10, item_type="album" if fan == 5 else "playlist")
    factory.follow(conn, 6, 3)
    factory.follow(conn, 6, 4)
    return conn


def get(client, path, viewer=0, **params):
    query = [(k, v) for k, vs in params.items() for v in (vs if isinstance(vs, list) else [vs])]
    query += [("user_id", ids.encode(viewer))] if viewer else []
    return client.get(path, params=query)


def data(client, path, viewer=0, **params):
    r = get(client, path, viewer, **params)
    assert r.status_code == 200, r.text
    return r.json()["data"]


def test_a_playlist_is_upstreams_full_object(client, world):
    [playlist] = data(client, f"/v1/playlists/{P10}", viewer=6)
    assert playlist["id"] == P10 and playlist["playlist_id"] == 10
    assert playlist["user"]["user_id"] == 1 and playlist["user_id"] == U1
    assert playlist["permalink"] == "/user1/playlist/road-trip"
    assert playlist["description"] == "songs" and not playlist["is_album"] and not playlist["is_private"]
    # Track 102 is unlisted and viewer 6 is neither its owner nor its collaborator: it is not listed.
    listed = [e["track_id"] for e in playlist["playlist_contents"]]
    assert listed == [ids.encode(t) for t in (100, 101, 100)]
    stamps = [e["timestamp"] for e in playlist["playlist_contents"]]
    assert [b - a for a, b in zip(stamps, stamps[1:])] == [3600, 2 * 3600]  # 102 sat between 101 and 100
    assert playlist["added_timestamps"] == playlist["playlist_contents"]
    assert playlist["track_count"] == 3
    assert playlist["total_play_count"] == 5 + 2 + 5  # the visible entries' plays, 100's twice (as upstream)
    assert (playlist["repost_count"], playlist["favorite_count"]) == (4, 4)
    assert not playlist["has_current_user_reposted"] and not playlist["has_current_user_saved"]
    assert {f["user_id"] for f in playlist["followee_reposts"]} == {ids.encode(3), ids.encode(4)}
    assert {f["user_id"] for f in playlist["followee_favorites"]} == {ids.encode(3), ids.encode(4)}
    assert playlist["access"] == {"stream": True, "download": True}
    # The tracks come from the track hydration: collaborators included, the hidden one left out, a track
    # listed twice twice (as upstream's Go API).
    assert [t["track_id"] for t in playlist["tracks"]] == [100, 101, 100]
    assert [u["user_id"] for u in playlist["tracks"][0]["collaborators"]] == [4]


def test_viewer_fields_and_the_full_prefix(client, world):
    [mine] = data(client, f"/v1/full/playlists/{P10}", viewer=2)
    assert mine["has_current_user_reposted"] and mine["has_current_user_saved"]
    [album] = data(client, f"/v1/playlists/{ids.encode(11)}")
    assert album["is_album"] and album["permalink"] == "/user1/album/debut" and album["upc"] == "123456789012"


def test_a_hidden_track_reaches_those_who_may_see_it(client, world):
    for viewer in (2, 3):  # its owner, its collaborator
        [playlist] = data(client, f"/v1/playlists/{P10}", viewer=viewer)
        assert playlist["track_count"] == 4 and playlist["total_play_count"] == 5 + 2 + 7 + 5
        assert [t["track_id"] for t in playlist["tracks"]] == [100, 101, 102, 100]
    # The playlist's owner is no more entitled to another's unlisted track than anyone else.
    [owned] = data(client, f"/v1/playlists/{P10}", viewer=1)
    assert owned["track_count"] == 3


def test_a_private_playlist_reaches_only_its_owner(client, world):
    secret = ids.encode(12)
    for viewer in (0, 2):
        r = get(client, f"/v1/playlists/{secret}", viewer)
        assert r.status_code == 404 and r.json() == {"code": 404, "error": "playlist not found"}
        assert data(client, "/v1/playlists", viewer, id=secret) == []
        assert get(client, "/v1/playlists/by_permalink/user1/secret", viewer).status_code == 404
        assert get(client, f"/v1/playlists/{secret}/tracks", viewer).status_code == 404
        assert get(client, f"/v1/playlists/{secret}/access-info", viewer).status_code == 404
    [mine] = data(client, f"/v1/playlists/{secret}", viewer=1)
    assert mine["is_private"]


def test_unknown_deleted_and_malformed_ids(client, world):
    world.execute("UPDATE playlists SET is_delete = true WHERE playlist_id = 11")
    assert get(client, f"/v1/playlists/{ids.encode(11)}", 1).status_code == 404
    assert get(client, "/v1/playlists/999").status_code == 404
    r = get(client, "/v1/playlists/not-an-id")
    assert r.status_code == 400 and r.json() == {"code": 400, "error": "invalid playlistId"}


def test_by_permalink_follows_renames(client, world):
    [playlist] = data(client, "/v1/playlists/by_permalink/USER1/road-trip")
    assert playlist["id"] == P10
    # A rename: the new route is current, the old one still finds the playlist.
    world.execute("UPDATE playlist_routes SET is_current = false WHERE playlist_id = 10")
    world.execute("INSERT INTO playlist_routes (slug, title_slug, collision_id, owner_id, playlist_id, is_current) "
                  "VALUES ('long-drive', 'long-drive', 0, 1, 10, true)")
    for slug in ("road-trip", "long-drive"):
        [found] = data(client, f"/v1/playlists/by_permalink/user1/{slug}")
        assert found["id"] == P10 and found["permalink"] == "/user1/playlist/long-drive"
    assert get(client, "/v1/playlists/by_permalink/user2/road-trip").status_code == 404


def test_bulk_by_id_upc_and_permalink(client, world):
    found = data(client, "/v1/playlists", id=[ids.encode(11), P10, "junk"])
    assert [p["playlist_id"] for p in found] == [11, 10]
    assert all("tracks" not in p for p in found)  # upstream's bulk omits tracks unless asked
    [with_tracks] = data(client, "/v1/playlists", id=P10, with_tracks="true")
    assert [t["track_id"] for t in with_tracks["tracks"]] == [100, 101, 100]
    assert [p["playlist_id"] for p in data(client, "/v1/playlists", upc="123456789012")] == [11]
    assert [p["playlist_id"] for p in data(client, "/v1/playlists", permalink="/user1/album/debut")] == [11]
    assert data(client, "/v1/playlists") == []
    found = data(client, "/v1/playlists", permalink="https://audius.co/user1/playlist/road-trip")
    assert [p["playlist_id"] for p in found] == [10]  # a full URL, as upstream's Go API takes it
    # Text of another shape names no playlist (the spec calls any text valid; upstream answers 400).
    assert [p["playlist_id"] for p in data(client, "/v1/playlists", permalink=["/user1/debut", "", "x,y"],
                                           id=P10)] == [10]


def test_playlist_tracks_are_paged_in_order(client, world):
    assert [t["track_id"] for t in data(client, f"/v1/playlists/{P10}/tracks")] == [100, 101, 100]
    assert [t["track_id"] for t in data(client, f"/v1/playlists/{P10}/tracks", viewer=2)] == [100, 101, 102, 100]
    page = data(client, f"/v1/playlists/{P10}/tracks", viewer=2, limit=2, offset=1)
    assert [t["track_id"] for t in page] == [101, 102]
    assert [u["user_id"] for u in page[1]["collaborators"]] == [3]
    assert get(client, f"/v1/playlists/{P10}/tracks", limit=0).status_code == 400


def test_access_info_follows_the_gate(client, world):
    gate = '{"follow_user_id": 1}'
    world.execute("UPDATE playlists SET is_stream_gated = true, stream_conditions = %s WHERE playlist_id = 10",
                  (gate,))
    info = data(client, f"/v1/playlists/{P10}/access-info", viewer=6)
    assert info["user_id"] == U1 and info["is_stream_gated"] and info["stream_conditions"] == {"follow_user_id": 1}
    assert info["access"] == {"stream": False, "download": False}
    factory.follow(world, 6, 1)
    assert data(client, f"/v1/playlists/{P10}/access-info", viewer=6)["access"] == {"stream": True, "download": True}
    assert data(client, f"/v1/playlists/{P10}/access-info", viewer=1)["access"]["stream"]
    [playlist] = data(client, f"/v1/playlists/{P10}")
    assert playlist["access"] == {"stream": False, "download": False}


def test_who_reposted_and_saved_a_playlist(client, world):
    for kind in ("reposts", "favorites"):
        users = data(client, f"/v1/playlists/{P10}/{kind}")
        assert sorted(u["user_id"] for u in users) == [2, 3, 4, 5], kind
        assert data(client, f"/v1/playlists/{P10}/{kind}", limit=1, offset=3)[0]["user_id"] in (2, 3, 4, 5)
    factory.playlist_engagement(world, "repost", 2, 12)
    assert data(client, f"/v1/playlists/{ids.encode(12)}/reposts") == []
    assert [u["user_id"] for u in data(client, f"/v1/playlists/{ids.encode(12)}/reposts", viewer=1)] == [2]


def test_counts_follow_undos_and_the_backfill_is_idempotent(client, world):
    world.execute("UPDATE reposts SET is_delete = true WHERE user_id = 2 AND repost_item_id = 10 "
                  "AND repost_type = 'playlist'")
    world.execute("DELETE FROM saves WHERE user_id IN (3, 4) AND save_item_id = 10")
    [playlist] = data(client, f"/v1/playlists/{P10}")
    assert (playlist["repost_count"], playlist["favorite_count"]) == (3, 2)
    # The migration's backfill recounts rather than adds: run again over live data, it changes nothing.
    before = world.execute("SELECT * FROM aggregate_playlist ORDER BY 1").fetchall()
    migration = Path(__file__).parents[1] / "db" / "migrations" / "0021_playlists.sql"
    world.execute("UPDATE aggregate_playlist SET repost_count = 99")  # as if a crash left them wrong
    world.execute(migration.read_text())
    world.execute(migration.read_text())
    assert world.execute("SELECT * FROM aggregate_playlist ORDER BY 1").fetchall() == before


def test_a_users_playlists_and_albums(client, world):
    factory.playlist_of(world, 13, 1, [101], slug="later", created_at=factory.BASE.replace(year=2030))
    factory.playlist_engagement(world, "save", 6, 13)
    listed = lambda path, viewer=0, **p: [x["playlist_id"] for x in data(client, path, viewer, **p)]  # noqa: E731
    assert listed(f"/v1/users/{U1}/playlists") == [13, 10]
    assert listed(f"/v1/users/{U1}/playlists", viewer=1) == [13, 12, 10]
    assert listed(f"/v1/users/{U1}/playlists", sort_direction="asc") == [10, 13]
    assert listed(f"/v1/users/{U1}/playlists", sort_method="popular") == [10, 13]
    assert listed(f"/v1/users/{U1}/playlists", sort="popular", sort_direction="asc") == [13, 10]
    assert listed(f"/v1/users/{U1}/playlists", query="ROAD") == []  # the name, not the slug
    assert listed(f"/v1/users/{U1}/playlists", query="Playlist 13") == [13]
    assert listed(f"/v1/users/{U1}/playlists", limit=1, offset=1) == [10]
    assert listed(f"/v1/users/{U1}/albums") == [11]
    assert listed("/v1/users/handle/User1/playlists") == [13, 10]
    assert listed("/v1/full/users/handle/user1/albums") == [11]
    assert all("tracks" not in p for p in data(client, f"/v1/users/{U1}/playlists"))
    assert get(client, "/v1/users/handle/nobody/playlists").status_code == 404


def test_a_private_listing_needs_the_owners_signature(client, raw_client, world):
    path = f"/v1/users/{U1}/playlists"
    assert raw_client.get(path, params={"filter_playlists": "private"}).status_code == 401
    signed_by_other = raw_client.get(path, params={"filter_playlists": "private"},
                                     headers=factory.signature_headers(2))
    assert signed_by_other.status_code == 403
    mine = raw_client.get(path, params={"filter_playlists": "private"}, headers=factory.signature_headers(1))
    assert [p["playlist_id"] for p in mine.json()["data"]] == [12]
    assert [p["playlist_id"] for p in data(client, path, filter_playlists="public", viewer=1)] == [10]


def test_a_deactivated_users_playlists_are_not_listed(client, world):
    factory.playlist_of(world, 20, 7, [100])
    assert data(client, f"/v1/users/{ids.encode(7)}/playlists") == []
    # By id it is still served, as a deactivated artist's track is, its owner marked deactivated.
    [playlist] = data(client, "/v1/playlists", id=ids.encode(20))
    assert playlist["user"]["is_deactivated"]


@pytest.mark.parametrize("path,small,large", [
    ("/v1/playlists", [("id", "10")], [("id", str(i)) for i in range(10, 40)]),
    ("/v1/playlists", [("id", "10"), ("with_tracks", "true")],
     [("id", str(i)) for i in range(10, 40)] + [("with_tracks", "true")]),
    ("/v1/users/1/playlists", [("limit", "1")], [("limit", "100")]),
])
def test_queries_do_not_grow_with_page_size(client, world, path, small, large):
    for pid in range(14, 40):
        factory.playlist_of(world, pid, 1 + pid % 5, [100, 101, 100 + pid])
        factory.track(world, 100 + pid, 1 + pid % 6)
    one = client.get(path, params=small)
    many = client.get(path, params=large)
    assert len(many.json()["data"]) > len(one.json()["data"]) >= 1
    assert query_count(one) == query_count(many)
