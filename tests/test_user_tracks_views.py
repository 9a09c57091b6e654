"""A user's tracks seen from other sides: GET /v1/users/handle/{handle}/tracks (getUserTracks by handle),
/users/{id}/tracks/count, /users/handle/{handle}/tracks/ai_attributed, /users/{id}/tags, and the remixes of
a user's tracks: /users/{id}/remixers, /remixers/count and /tracks/remixed."""

import pytest

from openaudio_api import ids
from tests import factory


@pytest.fixture
def catalogue(conn):
    for uid in range(1, 7):
        factory.user(conn, uid, handle=f"Artist{uid}")
    factory.user(conn, 7, handle="gone", is_deactivated=True)
    factory.track(conn, 10, 1, title="One", tags="house, deep,techno")
    factory.track(conn, 11, 1, title="Two", tags="house,,techno ")
    factory.track(conn, 12, 1, title="Three", tags="house,ambient", is_unlisted=True)
    factory.track(conn, 13, 1, title="Four", tags="house", is_delete=True)
    factory.track(conn, 14, 1, title="Five", tags="deep")
    # Remixes of 10 by users 4, 3 and 3 again; of 11 by 5; an unlisted remix of 10 by 6; a deleted one by 2.
    for tid, owner, parent, extra in [(20, 4, 10, {}), (21, 3, 10, {}), (22, 3, 11, {}), (23, 5, 11, {}),
                                      (24, 6, 10, {"is_unlisted": True}), (25, 2, 10, {"is_delete": True})]:
        factory.track(conn, tid, owner, **extra)
        factory.remix(conn, parent, tid)
    factory.remix(conn, 12, 21)  # a remix of the unlisted track: not listed
    # AI attributions to user 2: by 3 (public), by 4 (unlisted), by the deactivated 7.
    factory.track(conn, 30, 3, title="AI a", ai_attribution_user_id=2)
    factory.track(conn, 31, 4, title="AI b", ai_attribution_user_id=2, is_unlisted=True)
    factory.track(conn, 32, 7, title="AI c", ai_attribution_user_id=2)
    return conn


def data(client, path, status=200, **params):
    r = client.get(path, params=params)
    assert r.status_code == status, r.text
    return r.json()["data"] if status == 200 else r.json()


@pytest.mark.parametrize("params", [{}, {"sort_method": "title", "sort_direction": "asc"}, {"sort": "plays"},
                                    {"filter_tracks": "public", "user_id": ids.encode(1)},
                                    {"user_id": ids.encode(1), "limit": 2, "offset": 1}])
def test_tracks_by_handle_are_the_profiles(client, catalogue, params):
    by_id = data(client, "/v1/users/1/tracks", **params)
    assert by_id and data(client, "/v1/users/handle/artist1/tracks", **params) == by_id


def test_tracks_by_handle_private_listing_and_unknown_handle(client, raw_client, catalogue):
    assert raw_client.get("/v1/users/handle/Artist1/tracks", params={"filter_tracks": "unlisted"}).status_code == 401
    mine = data(client, "/v1/users/handle/Artist1/tracks", filter_tracks="unlisted", user_id=ids.encode(1))
    assert [t["track_id"] for t in mine] == [12]
    assert data(client, "/v1/users/handle/nobody/tracks", status=404) == {"code": 404, "error": "user not found"}


def test_track_count_is_the_profiles_length(client, raw_client, catalogue):
    assert data(client, "/v1/users/1/tracks/count") == 3
    assert data(client, "/v1/users/1/tracks/count", user_id=ids.encode(1)) == 4
    assert data(client, "/v1/users/1/tracks/count", filter_tracks="unlisted", user_id=ids.encode(1)) == 1
    assert raw_client.get("/v1/users/1/tracks/count", params={"filter_tracks": "unlisted"}).status_code == 401
    assert data(client, "/v1/users/99/tracks/count") == 0


def test_ai_attributed_tracks_reach_unlisted_ones_to_their_owner_only(client, catalogue):
    path = "/v1/users/handle/artist2/tracks/ai_attributed"
    assert [t["track_id"] for t in data(client, path)] == [30]
    assert [t["track_id"] for t in data(client, path, user_id=ids.encode(2))] == [30]  # the attributed artist
    assert [t["track_id"] for t in data(client, path, user_id=ids.encode(4))] == [31, 30]
    assert [t["track_id"] for t in data(client, path, user_id=ids.encode(4), filter_tracks="unlisted")] == [31]
    assert data(client, "/v1/users/handle/artist1/tracks/ai_attributed") == []
    assert data(client, "/v1/users/handle/nobody/tracks/ai_attributed", status=404)["error"] == "user not found"


def test_top_tags_count_public_tracks(client, catalogue):
    # house: 10, 11 (12 unlisted, 13 deleted); deep: 10, 14; techno: 10, 11. Ties in byte order.
    assert data(client, "/v1/users/1/tags") == ["deep", "house", "techno"]
    assert data(client, "/v1/users/1/tags", limit=1) == ["deep"]
    assert data(client, "/v1/users/99/tags") == []


def test_remixers_are_distinct_lowest_id_first(client, catalogue):
    assert [u["user_id"] for u in data(client, "/v1/users/1/remixers")] == [3, 4, 5]
    assert [u["user_id"] for u in data(client, "/v1/users/1/remixers", limit=1, offset=1)] == [4]
    assert [u["user_id"] for u in data(client, "/v1/users/1/remixers", track_id=10)] == [3, 4]
    assert data(client, "/v1/users/1/remixers", track_id=12) == []  # unlisted parent
    assert data(client, "/v1/users/1/remixers/count") == 3
    assert data(client, "/v1/users/1/remixers/count", track_id=11) == 2
    assert data(client, "/v1/users/3/remixers/count") == 0


def test_remixers_track_id_is_a_plain_integer(client, catalogue):
    """As upstream's Go handler parses it: a hashid is 400, as there."""
    for path in ("/v1/users/1/remixers", "/v1/users/1/remixers/count"):
        body = data(client, path, status=400, track_id=ids.encode(10))
        assert body["code"] == 400 and "track_id" in body["error"], body


def test_tracks_remixed_count_public_remixes(client, catalogue):
    assert data(client, "/v1/users/1/tracks/remixed") == [
        {"track_id": ids.encode(10), "title": "One", "remix_count": 2},
        {"track_id": ids.encode(11), "title": "Two", "remix_count": 2},
    ]
    mine = data(client, "/v1/users/1/tracks/remixed", user_id=ids.encode(1))
    assert [(r["title"], r["remix_count"]) for r in mine] == [("One", 2), ("Two", 2), ("Three", 1)]
    assert [r["title"] for r in data(client, "/v1/users/1/tracks/remixed", limit=1, offset=1)] == ["Two"]
