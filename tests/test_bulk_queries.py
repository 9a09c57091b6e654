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


def test_a_track_page_is_one_query_for_tracks_and_one_for_all_their_users(client, big_page):
    # 100 tracks with 40 owners and 99 remix parents: still exactly two round trips.
    r = client.get("/v1/tracks", params=[("id", str(i)) for i in range(1, 101)])
    assert len(r.json()["data"]) == 100
    assert query_count(r) == 2
