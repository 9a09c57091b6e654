"""GET /v1/resolve: an app URL (track, playlist or album, user; with or without the host, old slugs too) to a
302 at the object's own operation, under the prefix the request came by."""

from __future__ import annotations

import pytest

from openaudio_api import ids
from tests import factory


@pytest.fixture
def catalog(conn):
    factory.user(conn, 1, handle="DJ_Sun")
    factory.user(conn, 2, handle="other")
    factory.track(conn, 10, 1, title="Morning Light")
    # Renamed: the old slug stays in track_routes, no longer current.
    conn.execute("UPDATE track_routes SET is_current = false WHERE track_id = 10")
    conn.execute("INSERT INTO track_routes (slug, title_slug, collision_id, owner_id, track_id, is_current) "
                 "VALUES ('dawn', 'dawn', 0, 1, 10, true)")
    factory.track(conn, 11, 1, title="Secret", is_unlisted=True)
    for pid, slug, album, private in [(20, "summer-mix", False, False), (21, "lp", True, False),
                                      (22, "drafts", False, True)]:
        factory.playlist(conn, pid, 1, is_album=album, is_private=private)
        conn.execute("INSERT INTO playlist_routes (slug, title_slug, collision_id, owner_id, playlist_id, "
                     "is_current) VALUES (%s, %s, 0, 1, %s, true)", (slug, slug, pid))
    return conn


def resolve(client, url: str, prefix: str = "/v1", **params):
    return client.get(f"{prefix}/resolve", params={"url": url, **params}, follow_redirects=False)


@pytest.mark.parametrize("url,target", [
    ("https://audius.co/DJ_Sun/dawn", "/v1/tracks/{10}"),
    ("https://audius.co/dj_sun/morning-light", "/v1/tracks/{10}"),  # the old slug; handles ignore case
    ("/DJ_Sun/dawn", "/v1/tracks/{10}"),
    ("DJ_Sun/dawn/", "/v1/tracks/{10}"),
    ("https://audius.co/DJ_Sun/playlist/summer-mix", "/v1/playlists/{20}"),
    ("https://audius.co/DJ_Sun/album/lp", "/v1/playlists/{21}"),
    ("https://audius.co/DJ_Sun", "/v1/users/{1}"),
    ("/other", "/v1/users/{2}"),
])
def test_a_permalink_redirects_to_its_object(catalog, client, url, target):
    response = resolve(client, url)
    assert response.status_code == 302, response.text
    assert response.headers["location"] == _encoded(target)


def _encoded(target: str) -> str:
    head, _, number = target.rpartition("/")
    return f"{head}/{ids.encode(int(number.strip('{}')))}"


def test_full_requests_redirect_under_full_with_their_parameters(catalog, client):
    response = resolve(client, "/DJ_Sun/dawn", prefix="/v1/full", app_name="demo")
    assert response.status_code == 302
    assert response.headers["location"] == f"/v1/full/tracks/{ids.encode(10)}?app_name=demo"
    followed = client.get(response.headers["location"])
    assert followed.status_code == 200 and followed.json()["data"]["track_id"] == 10


@pytest.mark.parametrize("url,message", [
    ("https://audius.co/DJ_Sun/nothing", "Track not found"),
    ("https://audius.co/nobody/dawn", "Track not found"),
    ("https://audius.co/DJ_Sun/playlist/none", "Playlist not found"),
    ("https://audius.co/nobody", "User not found"),
    ("https://audius.co/a/b/c/d", "URL not found"),
    ("https://audius.co/", "URL not found"),
])
def test_what_names_nothing_is_404(catalog, client, url, message):
    response = resolve(client, url)
    assert response.status_code == 404
    assert response.json() == {"code": 404, "error": message}


def test_hidden_tracks_and_private_playlists_resolve_only_for_their_owner(catalog, client):
    assert resolve(client, "/DJ_Sun/secret").status_code == 404
    assert resolve(client, "/DJ_Sun/playlist/drafts").status_code == 404
    assert resolve(client, "/DJ_Sun/secret", user_id="2").status_code == 404
    owner = resolve(client, "/DJ_Sun/secret", user_id="1")
    assert owner.status_code == 302
    assert owner.headers["location"] == f"/v1/tracks/{ids.encode(11)}?user_id=1"
    assert resolve(client, "/DJ_Sun/playlist/drafts", user_id="1").status_code == 302


def test_a_missing_url_is_400(client):
    response = client.get("/v1/resolve")
    assert response.status_code == 400 and response.json()["code"] == 400
