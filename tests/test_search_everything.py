"""Search of users, playlists, albums and every kind at once (issue 22: handlers/search.py): behaviour on a
small world modelled on upstream's own search test, then each query's order against an oracle over generated
queries and filters, on both of its access paths (the text index probe, and the walk for common words)."""

from __future__ import annotations

import random
import re

import psycopg
import pytest
from psycopg.rows import dict_row

from openaudio_api import ids
from openaudio_api.db.queries import sql
from openaudio_api.demo import seed as seeding
from openaudio_api.handlers import search as search_handlers
from tests import factory
from tests.typos import Query, Typos
from tests.conftest import SAMPLE_PLAYLISTS, SEED_SIZE, TEMPLATE, _recreate



def world(conn):
    """Upstream's TestSearch fixtures, plus what must never be found (a deactivated user, a private and a
    deleted playlist, a deactivated user's track and playlist)."""
    factory.user(conn, 1001, "StereoSteve", name="StereoSteve")
    factory.user(conn, 1002, "StereoDave", name="Stereo Dave")
    factory.user(conn, 1003, "monist", name="Monist", is_verified=True)
    factory.user(conn, 1004, "find_infix_works", name="asdf")
    factory.user(conn, 1005, "stereo_ghost", name="Stereo Ghost", is_deactivated=True)
    factory.track(conn, 1001, 1001, "peanut butter jam time", genre="Trap", bpm=88, mood="Defiant",
                  musical_key="A minor")
    factory.track(conn, 1002, 1001, "mouse trap", genre="Trap", bpm=99, mood="Uplifting", is_downloadable=True,
                  musical_key="B minor", tags="Tag1,Tag2,Tag3")
    factory.track(conn, 1003, 1001, "sunny side", genre="Jazz", mood="Uplifting")
    factory.track(conn, 1004, 1001, "hidden deleted", is_delete=True)
    factory.track(conn, 1005, 1001, "hidden private", is_unlisted=True, tags="Tag2")
    factory.track(conn, 1007, 1003, "circular thoughts")
    factory.track(conn, 1010, 1005, "ghost trap", tags="Tag2")
    factory.playlist_of(conn, 9001, 1001, [1001], playlist_name="Old and Busted")
    factory.playlist_of(conn, 9002, 1001, [1002], playlist_name="My Old Album", is_album=True)
    factory.playlist_of(conn, 9003, 1001, [1007], playlist_name="Hot and New")
    factory.playlist_of(conn, 9004, 1001, [1001], playlist_name="Old secret", is_private=True)
    factory.playlist_of(conn, 9005, 1001, [1001], playlist_name="Old gone", is_delete=True)
    factory.playlist_of(conn, 9006, 1005, [1002], playlist_name="Old ghost")
    for follower in (1003, 1004):
        factory.follow(conn, follower, 1001)  # StereoSteve is the most followed


def data(client, path, **params):
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    return r.json()["data"]


def handles(users):
    return [u["handle"] for u in users]


def test_users_are_found_by_name_and_handle_prefixes(client, conn):
    world(conn)
    # Relevant: both are among the most followed; the better text match (two words begin "stereo") first.
    assert handles(data(client, "/v1/users/search", query="stereo")) == ["StereoDave", "StereoSteve"]
    assert handles(data(client, "/v1/users/search", query="ster", sort_method="popular")) == [
        "StereoSteve", "StereoDave"]
    assert handles(data(client, "/v1/users/search", query="infix")) == ["find_infix_works"]
    assert handles(data(client, "/v1/users/search", query="stereo dave")) == ["StereoDave"]
    assert handles(data(client, "/v1/users/search", is_verified="true")) == ["monist"]
    assert handles(data(client, "/v1/users/search", query="ghost")) == []  # deactivated
    assert handles(data(client, "/v1/users/search", query="stereo", sort_method="recent")) == [
        "StereoDave", "StereoSteve"]
    # Genre: users with a public track in it.
    assert handles(data(client, "/v1/users/search", genre="Jazz")) == ["StereoSteve"]


def test_a_followed_user_comes_first(client, conn):
    world(conn)
    factory.user(conn, 1006, "listener")
    factory.follow(conn, 1006, 1001)
    viewer = ids.encode(1006)
    assert handles(data(client, "/v1/users/search", query="stereo", user_id=viewer)) == ["StereoSteve", "StereoDave"]
    # Everyone else sees the better text match first.
    assert handles(data(client, "/v1/users/search", query="stereo")) == [
        "StereoDave", "StereoSteve"]


def test_followed_users_first_of_the_viewers_newest_follows(client, conn, monkeypatch):
    """The first tier is the matches among the viewer's SEARCH_FOLLOWS newest follows, however many they
    follow: older follows rank with everyone else."""
    for u, handle in ((1, "alpha_one"), (2, "alpha_two"), (3, "alpha_three"), (4, "alpha_four")):
        factory.user(conn, u, handle, name="Alpha")
    factory.user(conn, 5, "zed")
    factory.user(conn, 9, "listener")
    for followee in (1, 2, 3, 5):  # 1 the oldest follow, 5 the newest (and no match)
        factory.follow(conn, 9, followee)
    conn.execute("UPDATE follows SET created_at = created_at + followee_user_id * interval '1 day' "
                 "WHERE follower_user_id = 9")
    factory.follow(conn, 1, 4)  # alpha_four has more followers than the others: first among the rest
    factory.follow(conn, 2, 4)
    viewer = ids.encode(9)
    assert handles(data(client, "/v1/users/search", query="alpha", user_id=viewer)) == [
        "alpha_one", "alpha_two", "alpha_three", "alpha_four"]
    monkeypatch.setattr(search_handlers, "SEARCH_FOLLOWS", 2)  # the newest two: zed and alpha_three
    assert handles(data(client, "/v1/users/search", query="alpha", user_id=viewer)) == [
        "alpha_three", "alpha_four", "alpha_one", "alpha_two"]


def test_a_word_that_finds_nothing_finds_the_words_one_typo_away(client, conn):
    world(conn)
    # Upstream's TestSearch: "monoist" finds monist (the last word: no word begins it, one begins "monist").
    assert handles(data(client, "/v1/users/search", query="monoist")) == ["monist"]
    assert handles(data(client, "/v1/users/search", query="sterio dave")) == ["StereoDave"]  # a whole word
    titles = lambda ts: [t["title"] for t in ts]  # noqa: E731
    assert titles(data(client, "/v1/tracks/search", query="peanat butter")) == ["peanut butter jam time"]
    assert titles(data(client, "/v1/tracks/search", query="mouse trapp")) == ["mouse trap"]
    assert [p["playlist_name"] for p in data(client, "/v1/playlists/search", query="bustde")] == ["Old and Busted"]
    # A word the field has keeps its own matches only: "trap" is not also "tram" or "trip".
    assert titles(data(client, "/v1/tracks/search", query="trap")) == ["mouse trap"]
    assert handles(data(client, "/v1/users/search", query="stereo")) == ["StereoDave", "StereoSteve"]
    # Never what must not be found: the deactivated ghost's name and track, the unlisted track.
    assert data(client, "/v1/users/search", query="ghozt") == []
    assert data(client, "/v1/tracks/search", query="ghozt") == []
    assert data(client, "/v1/tracks/search", query="hidden privete") == []
    # No edit below three letters, and tag search is exact, as upstream's.
    assert data(client, "/v1/users/search", query="zz") == []
    assert data(client, "/v1/search/tags", query="tagg2", kind="tracks")["tracks"] == []


def test_an_exact_name_comes_first_among_the_relevant(client, conn):
    world(conn)
    factory.user(conn, 1006, "dave_fan", name="Dave")
    assert handles(data(client, "/v1/users/search", query="dave")) == ["dave_fan", "StereoDave"]


def test_playlists_and_albums(client, conn):
    world(conn)
    names = lambda ps: [p["playlist_name"] for p in ps]  # noqa: E731
    assert names(data(client, "/v1/playlists/search", query="old")) == ["Old and Busted"]
    everything = data(client, "/v1/search/full", query="old")
    assert names(everything["playlists"]) == ["Old and Busted"] and names(everything["albums"]) == ["My Old Album"]
    assert names(data(client, "/v1/playlists/search", genre="Trap")) == ["Old and Busted"]
    # Only findable tracks count: the deactivated ghost's Trap track gives its playlist no genre; a public one
    # added to it does, and the unlisted one does not.
    factory.track(conn, 1011, 1005, "ghost beat", genre="Trap", mood="Defiant")
    factory.track(conn, 1012, 1001, "private beat", genre="Jazz", mood="Peaceful", is_unlisted=True)
    factory.playlist_of(conn, 9007, 1001, [1011, 1012], playlist_name="Borrowed")
    assert names(data(client, "/v1/playlists/search", genre="Trap")) == ["Old and Busted"]
    assert names(data(client, "/v1/playlists/search", mood="Defiant")) == ["Old and Busted"]
    assert names(data(client, "/v1/playlists/search", genre="Jazz")) == []
    factory.playlist_of(conn, 9008, 1001, [1011, 1003], playlist_name="Borrowed and mine")
    assert names(data(client, "/v1/playlists/search", genre="Jazz")) == ["Borrowed and mine"]
    assert names(data(client, "/v1/playlists/search", query="new", user_id=ids.encode(1001))) == ["Hot and New"]
    assert "tracks" not in data(client, "/v1/playlists/search", query="new")[0]


def test_search_everything_and_its_kinds(client, conn):
    world(conn)
    everything = data(client, "/v1/search/full", query="stereo")
    assert handles(everything["users"]) == ["StereoDave", "StereoSteve"]
    # "stereo" begins the artist's name of StereoSteve's tracks and playlists: they are found by it.
    assert {t["title"] for t in everything["tracks"]} == {"peanut butter jam time", "mouse trap", "sunny side"}
    assert {p["playlist_name"] for p in everything["playlists"]} == {"Old and Busted", "Hot and New"}
    assert [p["playlist_name"] for p in everything["albums"]] == ["My Old Album"]
    everything = data(client, "/v1/search/full", query="stereo dave")
    assert handles(everything["users"]) == ["StereoDave"]
    assert everything["tracks"] == [] and everything["playlists"] == [] and everything["albums"] == []
    only = data(client, "/v1/full/search/full", query="trap", kind="tracks")
    assert [t["title"] for t in only["tracks"]] == ["mouse trap"] and only["users"] == []
    assert {t["title"] for t in data(client, "/v1/search/autocomplete", genre="Trap", sort_method="recent")
            ["tracks"]} == {"mouse trap", "peanut butter jam time"}
    filtered = data(client, "/v1/search/autocomplete", genre="Trap", bpm_min=90)
    assert [t["title"] for t in filtered["tracks"]] == ["mouse trap"]
    verified = data(client, "/v1/search/full", is_verified="true")
    assert [t["title"] for t in verified["tracks"]] == ["circular thoughts"] and handles(verified["users"]) == [
        "monist"]
    assert [t["title"] for t in data(client, "/v1/search/full", key="A minor")["tracks"]] == ["peanut butter jam time"]
    assert data(client, "/v1/search/full", query="hidden")["tracks"] == []
    assert data(client, "/v1/search/full", query="ghost") == {"users": [], "tracks": [], "playlists": [], "albums": []}


def test_tracks_and_playlists_are_found_by_their_artist(client, conn):
    """As upstream's index holds them: a track by its title and its artist's name and handle, a playlist by its
    name and its owner's, each word of the query in either; a renamed owner's are found by the new name at once
    (its words written to every row of theirs and to the vocabulary), not the old."""
    world(conn)
    titles = lambda path, q: [x.get("title") or x["playlist_name"] for x in data(client, path, query=q)]  # noqa
    assert titles("/v1/tracks/search", "stereosteve sun") == ["sunny side"]  # an artist word, then the title's
    assert titles("/v1/tracks/search", "mouse stereo") == ["mouse trap"]  # a title word, then the artist's prefix
    assert titles("/v1/tracks/search", "monist") == ["circular thoughts"]
    assert titles("/v1/tracks/search", "monist trap") == []  # every word must match the one track
    assert titles("/v1/tracks/search", "ghost") == []  # the deactivated ghost's track, by title or by artist
    assert titles("/v1/playlists/search", "stereosteve hot") == ["Hot and New"]
    assert titles("/v1/playlists/search", "stereo_ghost") == []
    # The title's words rank above the artist's: "trap" is mouse trap's title, and nobody's name.
    factory.user(conn, 1007, "trapmaster", name="Trap Master")
    factory.track(conn, 1020, 1007, "quiet hour")
    factory.plays(conn, 1020, 50)  # and more played: popularity alone would put it first
    assert titles("/v1/tracks/search", "trap")[0] == "mouse trap"
    assert set(titles("/v1/tracks/search", "trap")) == {"mouse trap", "quiet hour"}

    conn.execute("UPDATE users SET name = 'Velvet Lagoon', handle = 'velvetlagoon', handle_lc = 'velvetlagoon' "
                 "WHERE user_id = 1001 AND is_current")
    assert set(titles("/v1/tracks/search", "velvet")) == {"peanut butter jam time", "mouse trap", "sunny side"}
    assert titles("/v1/tracks/search", "velvetlagoon sunny") == ["sunny side"]
    assert titles("/v1/tracks/search", "stereosteve") == []
    assert titles("/v1/playlists/search", "lagoon old") == ["Old and Busted"]
    assert titles("/v1/tracks/search", "velvat sunny") == ["sunny side"]  # the new word, one typo away
    assert titles("/v1/tracks/search", "trap")[0] == "mouse trap"


def test_tag_search(client, conn):
    world(conn)
    found = data(client, "/v1/search/tags", query="Tag2")
    assert [t["title"] for t in found["tracks"]] == ["mouse trap"]  # not the unlisted one, nor the ghost's
    assert handles(found["users"]) == ["StereoSteve"]
    assert [p["playlist_name"] for p in found["albums"]] == ["My Old Album"] and found["playlists"] == []
    assert data(client, "/v1/search/tags", query="tag9") == {"users": [], "tracks": [], "playlists": [], "albums": []}
    assert data(client, "/v1/search/tags")["tracks"] == []


@pytest.mark.parametrize("query", ["🎵", "!!!", "  ", "a" * 300, " ".join(seeding.WORDS[:20])])
def test_any_text_is_answered(client, conn, query):
    world(conn)
    for path in ("/v1/users/search", "/v1/playlists/search", "/v1/tracks/search"):
        assert isinstance(data(client, path, query=query), list)
    for path in ("/v1/search/full", "/v1/search/autocomplete", "/v1/search/tags"):
        assert set(data(client, path, query=query)) == {"users", "tracks", "playlists", "albums"}


@pytest.mark.parametrize("path, params", [
    ("/v1/users/search", {"sort_method": "best"}), ("/v1/users/search", {"limit": 0}),
    ("/v1/users/search", {"limit": 101}), ("/v1/playlists/search", {"offset": -1}),
    ("/v1/search/full", {"kind": "songs"}), ("/v1/search/full", {"bpm_min": -1}),
    ("/v1/search/autocomplete", {"is_verified": "maybe"}), ("/v1/search/tags", {"limit": "ten"}),
])
def test_bad_parameters_are_400(client, path, params):
    r = client.get(path, params=params)
    assert r.status_code == 400, r.text
    assert r.json()["code"] == 400


# --- Oracles ----------------------------------------------------------------------------------------------


def words_of(text: str | None) -> list[str]:
    return re.findall(r"[^\W_]+", (text or "").lower())


def terms(words: list[str]) -> dict:
    """The query's tsquery and the path choice's words, as the handlers make them from the typed text."""
    return search_handlers.text_terms(" ".join(words))


USERS = """
SELECT u.user_id, u.name, u.handle, u.is_verified, u.created_at, au.follower_count,
       ARRAY(SELECT DISTINCT t.genre FROM tracks t WHERE t.owner_id = u.user_id AND t.is_current AND NOT t.is_delete
             AND NOT t.is_unlisted AND t.is_available AND t.stem_of IS NULL AND t.genre IS NOT NULL) AS genres
FROM users u JOIN aggregate_user au ON au.user_id = u.user_id
WHERE u.is_current AND NOT u.is_deactivated AND u.is_available
"""
PLAYLISTS = """
SELECT p.playlist_id, p.playlist_name, p.is_album, p.created_at, ap.repost_count, u.is_verified,
       u.name AS owner_name, u.handle AS owner_handle,
       ARRAY(SELECT DISTINCT t.genre FROM playlist_tracks pt JOIN tracks t ON t.track_id = pt.track_id AND t.is_current
             JOIN users o ON o.user_id = t.owner_id AND o.is_current AND NOT o.is_deactivated AND o.is_available
             WHERE pt.playlist_id = p.playlist_id AND NOT pt.is_removed AND NOT t.is_delete AND NOT t.is_unlisted
               AND t.is_available AND t.stem_of IS NULL AND t.genre IS NOT NULL) AS genres
FROM playlists p JOIN users u ON u.user_id = p.playlist_owner_id AND u.is_current
LEFT JOIN aggregate_playlist ap ON ap.playlist_id = p.playlist_id
WHERE p.is_current AND NOT p.is_delete AND NOT p.is_private AND NOT u.is_deactivated AND u.is_available
"""


@pytest.fixture(scope="module")
def catalogue(server_url, template_url):
    """The small demo seed, its playlists (demo/sql/add_playlists.sql) named from the seed's words, every
    seventh user verified."""
    url = _recreate(server_url, "oa_test_search_everything", template=TEMPLATE)
    seeding.seed(url, SEED_SIZE, progress=False)
    with psycopg.connect(url, autocommit=True, row_factory=dict_row) as conn:
        seeding.add_playlists(conn, {**SAMPLE_PLAYLISTS, **seeding.FIXED_PLAYLIST_TIMES})
        rng = random.Random(5)
        for pid in [r["playlist_id"] for r in conn.execute("SELECT playlist_id FROM playlists ORDER BY 1")]:
            name = " ".join(rng.choice(seeding.WORDS) for _ in range(rng.randint(1, 3))).title()
            conn.execute("UPDATE playlists SET playlist_name = %s WHERE playlist_id = %s", (name, pid))
        conn.execute("UPDATE users SET is_verified = true WHERE mod(user_id, 7) = 0")
        conn.execute("SELECT refresh_search_words()")
        conn.execute("ANALYZE")
        follows = {}
        for r in conn.execute("SELECT follower_user_id, followee_user_id FROM follows WHERE is_current AND NOT "
                              "is_delete").fetchall():
            follows.setdefault(r["follower_user_id"], set()).add(r["followee_user_id"])
        yield conn, conn.execute(USERS).fetchall(), conn.execute(PLAYLISTS).fetchall(), follows


# The vectors the documented text rank reads (ts_rank): a user's name and handle; a playlist's name (weight A)
# and its owner's name and handle (D).
USER_WORDS = "SELECT user_id AS id, search_user_words(name, handle) AS words FROM users WHERE is_current"
PLAYLIST_WORDS = """
SELECT p.playlist_id AS id, setweight(to_tsvector('simple', coalesce(p.playlist_name, '')), 'A')
       || setweight(to_tsvector('simple', coalesce(u.name, '') || ' ' || u.handle), 'D') AS words
FROM playlists p JOIN users u ON u.user_id = p.playlist_owner_id AND u.is_current WHERE p.is_current
"""


def ranks(conn, vectors: str, tsquery: str, ids_: list[int]) -> dict[int, float]:
    rows = conn.execute(f"SELECT w.id, ts_rank(w.words, to_tsquery('simple', %s)) AS rank FROM ({vectors}) w "
                        "WHERE w.id = ANY(%s)", (tsquery, ids_)).fetchall()
    return {r["id"]: r["rank"] for r in rows}


def relevant(conn, by_popularity, window, exact, rank_of):
    head = by_popularity[:window]
    rank = rank_of([x["id"] for x in head]) if head else {}
    head = sorted(head, key=lambda x: (not exact(x), not x["is_verified"], -rank.get(x["id"], 0)))  # stable
    return head + by_popularity[window:]


def expected_users(conn, users, follows, case, typos) -> list[int]:
    """Upstream's bool_prefix (every word but the last a word of the name or handle, the last beginning one),
    a word that finds nothing forgiven one typo (tests/typos.py), in the documented order."""
    words, genres, verified, sort_method, window, limit, offset, viewer = case
    query = Query(typos, words, terms(words))
    hits = [dict(u, id=u["user_id"]) for u in users if query.matches(words_of(f"{u['name']} {u['handle']}"))
            and (not genres or set(genres) & set(u["genres"])) and (not verified or u["is_verified"])]
    by_followers = sorted(hits, key=lambda u: (-u["follower_count"], u["user_id"]))
    if sort_method == "recent":
        ordered = sorted(hits, key=lambda u: (u["created_at"], u["user_id"]), reverse=True)
    elif sort_method == "popular":
        ordered = by_followers
    else:
        mine = follows.get(viewer, set()) if viewer else set()
        exact_text = " ".join(words)
        rank_of = lambda i: ranks(conn, USER_WORDS, query.tsquery, i)  # noqa
        ordered = [u for u in by_followers if u["user_id"] in mine] + relevant(
            conn, [u for u in by_followers if u["user_id"] not in mine], window,
            lambda u: (u["name"] or "").lower() == exact_text or u["handle"].lower() == exact_text.replace(" ", ""),
            rank_of if words else lambda _ids: {})
    return [u["user_id"] for u in ordered[offset:offset + limit]]


def expected_playlists(conn, playlists, case, typos) -> list[int]:
    words, genres, albums, verified, sort_method, window, limit, offset = case
    query = Query(typos, words, terms(words))
    hits = [dict(p, id=p["playlist_id"]) for p in playlists
            if query.matches(words_of(f"{p['playlist_name']} {p['owner_name']} {p['owner_handle']}"))
            and p["is_album"] == albums and (not genres or set(genres) & set(p["genres"]))
            and (not verified or p["is_verified"])]
    by_reposts = sorted(hits, key=lambda p: (p["repost_count"] is None, -(p["repost_count"] or 0), p["playlist_id"]))
    if sort_method == "recent":
        ordered = sorted(hits, key=lambda p: (p["created_at"], p["playlist_id"]), reverse=True)
    elif sort_method == "popular":
        ordered = by_reposts
    else:
        rank_of = lambda i: ranks(conn, PLAYLIST_WORDS, query.tsquery, i)  # noqa
        ordered = relevant(conn, by_reposts, window,
                           lambda p: (p["playlist_name"] or "").lower() == " ".join(words),
                           rank_of if words else lambda _ids: {})
    return [p["playlist_id"] for p in ordered[offset:offset + limit]]


def generated_words(rng):
    if rng.random() < 0.1:
        return []
    words = rng.sample(seeding.WORDS, rng.choice((1, 1, 2, 3)))
    whole = [w if rng.random() < 0.9 else w[:-1] + "q" for w in words[:-1]]  # now and then a word nobody has
    last = words[-1][:rng.randint(1, len(words[-1]))]
    if len(last) >= 3 and rng.random() < 0.2:  # and a typo in the word being typed
        last = last[:1] + last[2] + last[1] + last[3:] if rng.random() < 0.5 else last[:-1] + "q"
    return whole + [last]


def run(conn, name, params):
    return [next(iter(r.values())) for r in conn.execute(sql(name), params).fetchall()]


# Each query's three ways to its answer: the probe always read and too small (so the walks run), the probe
# always read and large enough, and the probe skipped by the path choice (search_walks_first) for any word.
PATHS = ({"probe": 1, "gin_budget": 10**12, "walk_cost": 1.0},
         {"probe": 10**6, "gin_budget": 10**12, "walk_cost": 1.0},
         {"probe": 10**6, "gin_budget": -1, "walk_cost": 0.0})


def test_user_search_gives_the_documented_order_on_both_paths(catalogue):
    conn, users, _playlists, follows = catalogue
    rng = random.Random(3)
    viewers = [0] + sorted(follows)[:20]
    typos = Typos(conn, "u")
    nonempty = fuzzy = 0
    for _ in range(120):
        words = generated_words(rng)
        case = (words, rng.sample(seeding.GENRES, 2) if rng.random() < 0.25 else [], rng.random() < 0.15,
                rng.choice(("relevant", "relevant", "popular", "recent")), rng.choice((3, 10, 100)),
                rng.randint(1, 25), rng.choice((0, 0, rng.randint(1, 40))), rng.choice(viewers))
        expected = expected_users(conn, users, follows, case, typos)
        words, genres, verified, sort_method, window, limit, offset, viewer = case
        fuzzy += bool(expected) and " | " in Query(typos, words, terms(words)).tsquery
        params = {**terms(words), "exact": " ".join(words), "genres": genres,
                  "only_verified": verified, "my_id": viewer, "follows": 2000, "sort_method": sort_method,
                  "window": window, "limit": limit, "offset": offset}
        for path in PATHS:
            assert run(conn, "search_users", {**params, **path}) == expected, (path, case)
        nonempty += bool(expected)
    assert nonempty > 40 and fuzzy >= 3  # some found only through a typo's alternatives


def test_playlist_search_gives_the_documented_order_on_both_paths(catalogue):
    conn, _users, playlists, _follows = catalogue
    rng = random.Random(4)
    typos = Typos(conn, "p")
    nonempty = fuzzy = by_owner = 0
    names = {p["playlist_id"]: p["playlist_name"] for p in playlists}
    for _ in range(120):
        case = (generated_words(rng), rng.sample(seeding.GENRES, 2) if rng.random() < 0.25 else [],
                rng.random() < 0.3, rng.random() < 0.15, rng.choice(("relevant", "popular", "recent")),
                rng.choice((3, 10, 100)), rng.randint(1, 25), rng.choice((0, 0, rng.randint(1, 20))))
        expected = expected_playlists(conn, playlists, case, typos)
        words, genres, albums, verified, sort_method, window, limit, offset = case
        query = Query(typos, words, terms(words))
        fuzzy += bool(expected) and " | " in query.tsquery
        by_owner += any(not query.matches(words_of(names[i])) for i in expected)
        params = {**terms(words), "exact": " ".join(words), "genres": genres,
                  "moods": [], "albums": albums, "only_verified": verified, "sort_method": sort_method,
                  "window": window, "limit": limit, "offset": offset}
        for path in PATHS:
            assert run(conn, "search_playlists", {**params, **path}) == expected, (path, case)
        nonempty += bool(expected)
    assert nonempty > 30 and fuzzy >= 3 and by_owner > 10, (nonempty, fuzzy, by_owner)  # found by the owner too


def test_the_endpoints_answer_what_the_queries_find(catalogue, monkeypatch):
    """Through the app: /search/full's kinds are the single-kind searches' pages, at either probe."""
    conn, users, playlists, follows = catalogue
    from tests.conftest import make_client

    url = conn.info.dsn
    with make_client(url) as client:
        for probe in (search_handlers.SEARCH_PROBE, 1):
            monkeypatch.setattr(search_handlers, "SEARCH_PROBE", probe)
            monkeypatch.setattr(search_handlers, "TRACK_SEARCH_PROBE", probe or search_handlers.TRACK_SEARCH_PROBE)
            for query in ("s", "mid", "echo riv", ""):
                full = data(client, "/v1/search/full", query=query, limit=7, offset=2)
                assert handles(full["users"]) == handles(data(client, "/v1/users/search", query=query, limit=7,
                                                              offset=2))
                assert [p["id"] for p in full["playlists"]] == [
                    p["id"] for p in data(client, "/v1/playlists/search", query=query, limit=7, offset=2)]
                assert [t["id"] for t in full["tracks"]] == [
                    t["id"] for t in data(client, "/v1/tracks/search", query=query, limit=7, offset=2)]
                want = expected_users(conn, users, follows, (words_of(query), [], False, "relevant",
                                                             search_handlers.SEARCH_WINDOW, 7, 2, 0),
                                      Typos(conn, "u"))
                assert [u["user_id"] for u in full["users"]] == want, (probe, query)
                assert [ids.decode(p["id"]) for p in full["albums"]] == expected_playlists(
                    conn, playlists, (words_of(query), [], True, False, "relevant", search_handlers.SEARCH_WINDOW,
                                      7, 2), Typos(conn, "p"))


def test_tag_search_of_every_kind_answers_what_each_kind_alone_answers(catalogue, monkeypatch):
    """/search/tags kind=all reads the tracks' page and the most played matches in one walk when the page lies
    in the first SEARCH_WINDOW (handlers/search.py tag_track_queries); each kind asked alone takes the other
    paths (tracks: the page's own query; users, playlists: the most played alone). Both sides of the window's
    edge (a window of 20, so the small catalogue's matches run past it), every order, common and rare tags."""
    conn = catalogue[0]
    from tests.conftest import make_client

    window = 20
    monkeypatch.setattr(search_handlers, "SEARCH_WINDOW", window)
    pages = [(10, 0), (7, 2), (5, 15), (10, window - 10), (10, window - 9), (20, 0), (20, window), (50, 30)]
    common = seeding.WORDS[0]
    matched = conn.execute("SELECT count(*) FROM track_search WHERE tag_words @@ to_tsquery('simple', %s)",
                           (f"{common[0]}:*",)).fetchone()["count"]
    assert matched > window + 20  # the page can end past the window
    with make_client(conn.info.dsn) as client:
        for query in (common[0], common, f"{seeding.WORDS[3]} {seeding.WORDS[7][:2]}"):
            for sort_method in ("relevant", "popular", "recent"):
                for limit, offset in pages:
                    asked = {"query": query, "sort_method": sort_method, "limit": limit, "offset": offset}
                    every = data(client, "/v1/search/tags", **asked)
                    for kind in search_handlers.KINDS:
                        alone = data(client, "/v1/search/tags", kind=kind, **asked)
                        assert [x["id"] for x in every[kind]] == [x["id"] for x in alone[kind]], (kind, asked)
                    if query == common[0]:
                        assert len(every["tracks"]) == min(limit, max(0, matched - offset)), asked
