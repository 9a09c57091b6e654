"""No N+1: the number of queries a request runs does not grow with the page size."""

import pytest

from tests import factory


@pytest.fixture
def big_page(conn):
    for uid in range(1, 41):
        factory.user(conn, uid)
    for tid in range(1, 101):
        factory.track(conn, tid, 1 + tid % 40, title=f"common words {tid}")
        if tid > 1:
            factory.remix(conn, tid - 1, tid)
    return conn


def query_count(response) -> int:
    assert response.status_code == 200, response.text
    return int(response.headers["x-query-count"])


@pytest.mark.parametrize("path,small,large", [
    ("/v1/tracks", [("id", "1")], [("id", str(i)) for i in range(1, 101)]),
    ("/v1/tracks/search", [("query", "common"), ("limit", "1")], [("query", "common"), ("limit", "100")]),
    ("/v1/users/2/tracks", [("limit", "1")], [("limit", "100")]),
    ("/v1/users", [("id", "1")], [("id", str(i)) for i in range(1, 41)]),
])
def test_queries_do_not_grow_with_page_size(client, big_page, path, small, large):
    one = client.get(path, params=small)
    many = client.get(path, params=large)
    assert len(many.json()["data"]) > len(one.json()["data"]) >= 1
    assert query_count(one) == query_count(many)


@pytest.fixture
def big_library(big_page):
    """User 1 favorited, played and is the AI-training artist of every track; track 2 (user 3's) is remixed
    by tracks of every artist."""
    for tid in range(1, 101):
        factory.save(big_page, 1, tid)
        factory.plays(big_page, tid, 1, user_id=1)
    big_page.execute("UPDATE tracks SET ai_attribution_user_id = 1")
    for tid in range(4, 101):
        factory.remix(big_page, 2, tid)
    return big_page


@pytest.mark.parametrize("path,limit", [
    ("/v1/users/1/favorites", "limit"),
    ("/v1/users/1/favorites/tracks", "limit"),
    ("/v1/users/1/history/tracks", "limit"),
    ("/v1/users/handle/user1/tracks/ai_attributed", "limit"),
    ("/v1/users/handle/user2/tracks", "limit"),
    ("/v1/users/3/remixers", "limit"),
])
def test_library_and_user_track_queries_do_not_grow_with_page_size(client, big_library, path, limit):
    """Issue 18's lists: a page of tracks is its page query plus the shared hydration, whatever its size."""
    headers = factory.signature_headers(1) if "history" in path else None
    client.get(path, headers=headers)  # the signer's authorization is looked up once, then cached
    one = client.get(path, params=[(limit, "1")], headers=headers)
    many = client.get(path, params=[(limit, "100")], headers=headers)
    assert len(many.json()["data"]) > len(one.json()["data"]) >= 1, many.text
    assert query_count(one) == query_count(many)


def test_a_track_page_is_one_query_for_tracks_and_one_for_all_their_users(client, big_page):
    # 100 tracks with 40 owners and 99 remix parents: still exactly two round trips.
    r = client.get("/v1/tracks", params=[("id", str(i)) for i in range(1, 101)])
    assert len(r.json()["data"]) == 100
    assert query_count(r) == 2
