"""GET /v1/users/{id}/followers, /following, /mutuals, /v1/tracks/{track_id}/reposts, /favorites: user lists in
upstream's order (most followed first), paged, without deactivated users, through either way to the page."""

import pytest

from openaudio_api import ids
from openaudio_api.handlers import social
from tests import factory

# Follower counts: 5 > 4 > 3 > 2 = 2 ... so the expected order is known.
FANS = {2: 5, 3: 4, 4: 3, 5: 2, 6: 2}


@pytest.fixture
def graph(conn):
    for uid in range(1, 21):
        factory.user(conn, uid, is_deactivated=(uid == 7))
    factory.track(conn, 100, 1)
    # Users 2..7 follow user 1 and repost and save track 100; user 1 follows 2..7 back.
    for fan in range(2, 8):
        factory.follow(conn, fan, 1)
        factory.follow(conn, 1, fan)
        factory.repost(conn, fan, 100)
        factory.save(conn, fan, 100)
    # Give 2..6 distinct follower counts from users 10..14 (beside user 1's follow).
    for fan, count in FANS.items():
        for follower in range(10, 10 + count - 1):
            factory.follow(conn, follower, fan)
    # Viewer 20 follows 3, 5 and 7 (7 is deactivated) and 12, who does not follow user 1.
    for followee in (3, 5, 7, 12):
        factory.follow(conn, 20, followee)
    return conn


BY_FOLLOWERS = [2, 3, 4, 5, 6]  # 5 and 6 tie at 2 followers: the lower id first
U1, T100 = ids.encode(1), ids.encode(100)


def listed(client, path, **params):
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    return [u["user_id"] for u in r.json()["data"]]


@pytest.fixture(params=["sorted whole", "walked in order"])
def way(request, monkeypatch):
    """Every list is checked both ways to its page: read and sorted, or walked by follower count."""
    if request.param == "walked in order":
        monkeypatch.setattr(social, "FEW", 1)
    return request.param


@pytest.mark.parametrize("path", [f"/v1/users/{U1}/followers", f"/v1/users/{U1}/following",
                                  f"/v1/tracks/{T100}/reposts", f"/v1/tracks/{T100}/favorites"])
def test_lists_most_followed_first_without_deactivated(client, graph, way, path):
    assert listed(client, path) == BY_FOLLOWERS
    assert listed(client, path, limit=2) == [2, 3]
    assert listed(client, path, limit=2, offset=3) == [5, 6]
    assert listed(client, path, offset=5) == []


def test_mutuals_are_the_viewers_followees_among_the_followers(client, graph, way):
    assert listed(client, f"/v1/users/{U1}/mutuals", user_id=ids.encode(20)) == [3, 5]  # 7 is deactivated
    assert listed(client, f"/v1/users/{U1}/mutuals", user_id="20", offset=1) == [5]
    # Anonymous has no mutuals; neither does a viewer who follows none of the followers.
    assert listed(client, f"/v1/users/{U1}/mutuals") == []
    assert listed(client, f"/v1/users/{U1}/mutuals", user_id="19") == []


def test_users_carry_the_viewers_fields(client, graph):
    r = client.get(f"/v1/users/{U1}/followers", params={"user_id": "20", "limit": 5})
    by_id = {u["user_id"]: u for u in r.json()["data"]}
    assert by_id[3]["does_current_user_follow"] is True and by_id[2]["does_current_user_follow"] is False
    assert by_id[2]["follower_count"] == 5 and by_id[2]["id"] == ids.encode(2)


def test_unfollow_and_unrepost_drop_out(client, graph):
    graph.execute("UPDATE follows SET is_delete = true WHERE follower_user_id = 2 AND followee_user_id = 1")
    graph.execute("UPDATE reposts SET is_delete = true WHERE user_id = 3")
    assert 2 not in listed(client, f"/v1/users/{U1}/followers")
    assert 3 not in listed(client, f"/v1/tracks/{T100}/reposts")
    assert 3 in listed(client, f"/v1/tracks/{T100}/favorites")


def test_unknown_ids_list_nobody_and_bad_ids_are_400(client, graph):
    assert listed(client, f"/v1/users/{ids.encode(999)}/followers") == []
    assert listed(client, f"/v1/tracks/{ids.encode(999)}/reposts") == []
    r = client.get("/v1/users/not-an-id/following")
    assert r.status_code == 400 and r.json() == {"code": 400, "error": "invalid userId"}
    r = client.get("/v1/tracks/not-an-id/favorites")
    assert r.status_code == 400 and r.json() == {"code": 400, "error": "invalid trackId"}


@pytest.mark.parametrize("limit", [0, 101])
def test_limit_bounds_are_upstreams(client, graph, limit):
    r = client.get(f"/v1/users/{U1}/followers", params={"limit": limit})
    assert r.status_code == 400 and r.json()["code"] == 400


@pytest.mark.parametrize("few", [social.FEW, 5, 1], ids=["from the viewer's followees",
                                                      "from the user's followers", "walked in order"])
def test_mutuals_every_way_to_the_page(client, graph, monkeypatch, few):
    factory.follow(graph, 2, 15)
    factory.follow(graph, 3, 15)
    factory.follow(graph, 19, 15)
    monkeypatch.setattr(social, "FEW", few)
    # Viewer 1 follows 2..7 (six), user 15 has three followers, two of whom 1 follows.
    assert listed(client, f"/v1/users/{ids.encode(15)}/mutuals", user_id="1") == [2, 3]


def test_an_unlisted_tracks_engagers_reach_only_who_may_see_it(client, graph):
    factory.track(graph, 101, 1, is_unlisted=True)
    factory.repost(graph, 2, 101)
    factory.save(graph, 3, 101)
    for path, fan in ((f"/v1/tracks/{ids.encode(101)}/reposts", 2), (f"/v1/tracks/{ids.encode(101)}/favorites", 3)):
        assert listed(client, path, user_id="1") == [fan]  # the owner
        assert listed(client, path, user_id="20") == [] and listed(client, path) == []
