"""A newest-first library page reads each kind of action only back to the page's end, then further when the
query or visibility left it short (handlers/library.py's reaches, the queries' horizon). Over generated
libraries with ties in time, repeat purchases, hidden items and text queries, every page of every kind and
filter is the oracle's: the user's entries, one per item at its newest selected action, newest first."""

import random
from datetime import timedelta

import pytest

from tests import factory
from tests.factory import BASE

WORDS = ["red", "blue", "green", "gold"]
KINDS = {"all": ("save", "repost", "purchase", "own"), "favorite": ("save", "own"), "repost": ("repost",),
         "purchase": ("purchase",)}
PAGES = [(1, 0), (2, 0), (3, 4), (5, 10), (7, 2), (100, 0)]


def at(rng: random.Random):
    # About as many times as actions: some tie, within a kind and across kinds.
    return BASE + timedelta(hours=rng.randrange(80))


def get(client, path, **params):
    r = client.get(path, params=params, headers=factory.signature_headers(1))
    assert r.status_code == 200, r.text
    return [(a["item_id"], a["timestamp"]) for a in r.json()["data"]]


def newest_first(actions: list, wanted, visible, matches) -> list:
    """The oracle: (item, time) per visible, matching item at its newest action of the wanted kinds."""
    entries = {}
    for item, kind, when in actions:
        if kind in wanted and visible(item) and matches(item):
            entries[item] = max(entries.get(item, when), when)
    return sorted(entries.items(), key=lambda e: (e[1], e[0]), reverse=True)


def stamped(entries):
    return [(item, when.strftime("%Y-%m-%dT%H:%M:%SZ")) for item, when in entries]


def artist(user_id: int) -> str:
    """The fixtures' user names, which a query may match."""
    return f"{WORDS[user_id % 4].title()} artist {user_id}"


def contains(text: str, query: str | None) -> bool:
    return not query or query.lower() in text.lower()


@pytest.fixture(params=[1, 2, 3], ids=lambda s: f"seed{s}")
def tracks_library(request, conn):
    rng = random.Random(request.param)
    for uid in range(1, 6):
        factory.user(conn, uid, name=artist(uid))
    tracks, actions = {}, []
    for tid in range(100, 160):
        owner = rng.randrange(1, 6)
        unlisted = rng.random() < 0.2
        title = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {tid}"
        factory.track(conn, tid, owner, title=title, is_unlisted=unlisted)
        tracks[tid] = (owner, unlisted, title)
        if rng.random() < 0.6:
            when = at(rng)
            factory.engagement(conn, "save", 1, tid, created_at=when)
            actions.append((tid, "save", when))
        elif rng.random() < 0.3:
            factory.engagement(conn, "save", 1, tid, created_at=at(rng), is_delete=True)  # unsaved: no entry
        if rng.random() < 0.4:
            when = at(rng)
            factory.engagement(conn, "repost", 1, tid, created_at=when)
            actions.append((tid, "repost", when))
        for _ in range(rng.choice([0, 0, 0, 1, 2])):  # some bought twice
            when = at(rng)
            factory.purchase(conn, rng.randrange(10**6), 1, owner, tid, 1_000_000, created_at=when)
            actions.append((tid, "purchase", when))
    return tracks, actions


@pytest.mark.parametrize("query", [None, "gold", "blue red", "artist 3", "zzz"])
@pytest.mark.parametrize("action", KINDS)
def test_every_library_tracks_page_is_the_oracles(client, tracks_library, action, query):
    tracks, actions = tracks_library
    visible = lambda t: not tracks[t][1] or tracks[t][0] == 1  # noqa: E731
    matches = lambda t: contains(tracks[t][2], query) or contains(artist(tracks[t][0]), query)  # noqa: E731
    expected = stamped(newest_first(actions, KINDS[action], visible, matches))
    for limit, offset in PAGES:
        page = get(client, "/v1/users/1/library/tracks", type=action, limit=limit, offset=offset,
                   **({"query": query} if query else {}))
        assert page == expected[offset:offset + limit], (action, query, limit, offset)


@pytest.fixture(params=[1, 2], ids=lambda s: f"seed{s}")
def playlists_library(request, conn):
    rng = random.Random(request.param)
    for uid in range(1, 5):
        factory.user(conn, uid, name=artist(uid))
    playlists, actions = {}, []
    for pid in range(200, 270):
        owner = rng.randrange(1, 5)
        album, private = rng.random() < 0.4, rng.random() < 0.2
        name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {pid}"
        created = at(rng)
        factory.playlist(conn, pid, owner, is_album=album, is_private=private, playlist_name=name,
                         created_at=created)
        playlists[pid] = (owner, album, private, name)
        if owner == 1:
            actions.append((pid, "own", created))
        kind = "album" if album else "playlist"
        for verb in ("save", "repost"):
            if rng.random() < 0.5:
                when = at(rng)
                factory.playlist_engagement(conn, verb, 1, pid, kind, created_at=when)
                actions.append((pid, verb, when))
        for _ in range(rng.choice([0, 0, 1, 2])):
            when = at(rng)
            factory.purchase(conn, rng.randrange(10**6), 1, owner, pid, 1_000_000, content_type=kind,
                             created_at=when)
            actions.append((pid, "purchase", when))
    return playlists, actions


@pytest.mark.parametrize("query", [None, "gold", "artist 2"])
@pytest.mark.parametrize("action", KINDS)
@pytest.mark.parametrize("kind", ["playlists", "albums"])
def test_every_library_playlists_page_is_the_oracles(client, playlists_library, kind, action, query):
    playlists, actions = playlists_library
    visible = lambda p: playlists[p][1] == (kind == "albums") and (  # noqa: E731
        not playlists[p][2] or playlists[p][0] == 1)
    matches = lambda p: contains(playlists[p][3], query) or contains(artist(playlists[p][0]), query)  # noqa: E731
    expected = stamped(newest_first(actions, KINDS[action], visible, matches))
    for limit, offset in PAGES:
        page = get(client, f"/v1/users/1/library/{kind}", type=action, sort_method="added_date", limit=limit,
                   offset=offset, **({"query": query} if query else {}))
        assert page == expected[offset:offset + limit], (kind, action, query, limit, offset)
