"""GET /v1/tracks/search at scale: both of search_tracks.sql's paths (every match read through the text index,
or the plays / created_at index walked for common words) give exactly the order the sort defines, page by
page, checked against an oracle over many generated queries; and a common word costs bounded work."""

from __future__ import annotations

import json
import random
import re

import psycopg
import pytest
from psycopg.rows import dict_row

from openaudio_api.demo import seed as seeding
from openaudio_api.db.queries import sql
from openaudio_api.handlers import search as track_handlers
from openaudio_api import ids
from tests.typos import Query, Typos

# Every public, current track with what the orders need; which ones match is decided in Python.
PUBLIC_TRACKS = """
SELECT t.track_id, t.title, t.genre, t.created_at, ap.count AS plays, u.name, u.handle
FROM tracks t LEFT JOIN aggregate_plays ap ON ap.play_item_id = t.track_id
JOIN users u ON u.user_id = t.owner_id AND u.is_current AND NOT u.is_deactivated AND u.is_available
WHERE t.is_current AND NOT t.is_delete AND NOT t.is_unlisted AND t.is_available AND t.stem_of IS NULL
  AND NOT coalesce(t.stream_conditions ? 'usdc_purchase', false)
"""
# The documented rank: ts_rank over the title (weight A), the artist's name and handle (D) and the tags (B).
TEXT_RANK = """
SELECT t.track_id, ts_rank(setweight(to_tsvector('simple', coalesce(t.title, '')), 'A')
                           || setweight(to_tsvector('simple', coalesce(u.name, '') || ' ' || u.handle), 'D')
                           || setweight(to_tsvector('simple', replace(coalesce(t.tags, ''), ',', ' ')), 'B'),
                           to_tsquery('simple', %s)) AS rank
FROM tracks t JOIN users u ON u.user_id = t.owner_id AND u.is_current
WHERE t.track_id = ANY(%s) AND t.is_current
"""


def words_of(text: str | None) -> list[str]:
    return re.findall(r"[^\W_]+", (text or "").lower())


def track_words(track: dict) -> list[str]:
    """What a track is found by: the words of its title and of its artist's name and handle."""
    return words_of(f"{track['title']} {track['name']} {track['handle']}")


def terms(words: list[str]) -> dict:
    """The query's tsquery and the path choice's words, as the handlers make them from the typed text."""
    return track_handlers.text_terms(" ".join(words))


def expected_ids(conn, catalogue, words, genres, sort_method, window, limit, offset) -> list[int]:
    """The sort as documented: popular (plays, never played last), recent (newest), relevant (the `window`
    most played matches by text rank, then plays; then the rest by plays); track_id breaks ties."""
    query = Query(Typos(conn, "t"), words, terms(words))
    hits = [t for t in catalogue if query.matches(track_words(t)) and (not genres or t["genre"] in genres)]
    by_plays = sorted(hits, key=lambda t: (t["plays"] is None, -(t["plays"] or 0), t["track_id"]))
    if sort_method == "recent":
        ordered = sorted(hits, key=lambda t: (-t["created_at"].timestamp(), t["track_id"]))
    elif sort_method == "popular":
        ordered = by_plays
    else:
        head = by_plays[:window]
        rows = conn.execute(TEXT_RANK, (query.tsquery, [t["track_id"] for t in head])).fetchall()
        rank = {r["track_id"]: r["rank"] for r in rows}
        ordered = sorted(head, key=lambda t: -rank[t["track_id"]]) + by_plays[window:]  # stable: plays order
    return [t["track_id"] for t in ordered[offset:offset + limit]]


def search_ids(conn, words, genres, sort_method, window, limit, offset, probe, skip=False) -> list[int]:
    params = {**terms(words), "genres": genres, "moods": [], "keys": [],
              "bpm_min": None, "bpm_max": None, "downloadable_only": False, "purchaseable_only": False,
              "include_purchaseable": False, "only_verified": False, "sort_method": sort_method,
              "stats": "t", "gin_budget": -1 if skip else 10**12, "walk_cost": 0.0 if skip else 1.0, "limit": limit, "offset": offset,
              "probe": probe, "window": window}
    return [r["track_id"] for r in conn.execute(sql("search_tracks"), params)]


def typed_words(rng, vocabulary) -> list[str]:
    """One to three words as a user types them: the earlier ones whole (now and then a word no title has),
    the last cut short, being typed (now and then with a typo)."""
    words = rng.sample(vocabulary, rng.choice((1, 1, 2, 3)))
    whole = [w if rng.random() < 0.9 else w[:-1] + "q" for w in words[:-1]]
    last = words[-1][:rng.randint(1, len(words[-1]))]
    if len(last) >= 3 and rng.random() < 0.2:  # and a typo in the word being typed
        last = last[:1] + last[2] + last[1] + last[3:] if rng.random() < 0.5 else last[:-1] + "q"
    return whole + [last]


def generated_cases(count: int, seed: int):
    rng = random.Random(seed)
    for _ in range(count):
        words = typed_words(rng, seeding.WORDS)
        yield (words, rng.sample(seeding.GENRES, 2) if rng.random() < 0.25 else [],
               rng.choice(("relevant", "popular", "recent")), rng.choice((3, 10, 100)),
               rng.randint(1, 25), rng.choice((0, 0, rng.randint(1, 80))))


@pytest.fixture(scope="module")
def seeded(seeded_url):
    with psycopg.connect(seeded_url, row_factory=dict_row) as conn:
        # The path choice's statistics, in this transaction only: the seeded database is shared, read only.
        conn.execute("SELECT refresh_search_words()")
        yield conn, conn.execute(PUBLIC_TRACKS).fetchall()
        conn.rollback()


def test_both_paths_give_the_documented_order_page_by_page(seeded):
    conn, catalogue = seeded
    walked = common = typo = by_artist = 0
    by_id = {t["track_id"]: t for t in catalogue}
    for case in generated_cases(250, seed=11):
        words, genres, sort_method, window, limit, offset = case
        expected = expected_ids(conn, catalogue, *case)
        # probe 1: any match makes the words "common", so the index walks (and the never-played tail) run.
        assert search_ids(conn, *case, probe=1) == expected, f"walk path: {case}"
        assert search_ids(conn, *case, probe=10**6) == expected, f"every-match path: {case}"
        # The path choice (search_walks_first) skipping the probe for any word it has statistics of.
        assert search_ids(conn, *case, probe=10**6, skip=True) == expected, f"walk-first path: {case}"
        walked += bool(expected)
        query = Query(Typos(conn, "t"), words, terms(words))
        common += len([t for t in catalogue if query.matches(track_words(t))]) > 30
        typo += bool(expected) and " | " in query.tsquery
        by_artist += any(not query.matches(words_of(by_id[i]["title"])) for i in expected)
    # The generated cases reach pages with rows, frequent words, typos found through their alternatives, and
    # tracks found only through their artist's words.
    assert walked > 65 and common > 20 and typo >= 3 and by_artist > 20, (walked, common, typo, by_artist)


def test_the_endpoint_switches_paths_at_its_probe_without_changing_the_answer(seeded_client, seeded, monkeypatch):
    conn, catalogue = seeded
    query = {"query": "s", "sort_method": "relevant", "limit": 20, "offset": 5}
    answers = []
    for probe in (track_handlers.TRACK_SEARCH_PROBE, 1):
        monkeypatch.setattr(track_handlers, "TRACK_SEARCH_PROBE", probe)
        r = seeded_client.get("/v1/tracks/search", params=query)
        assert r.status_code == 200
        answers.append([ids.decode(t["id"]) for t in r.json()["data"]])
    expected = expected_ids(conn, catalogue, ["s"], [], "relevant", track_handlers.SEARCH_WINDOW, 20, 5)
    assert answers == [expected, expected] and len(expected) == 20


def rows_out(plan: dict):
    """(relation, rows the node emitted over all its loops) for every node of an executed plan."""
    yield plan.get("Relation Name") or plan["Node Type"], plan.get("Actual Rows", 0) * plan.get("Actual Loops", 1)
    for child in plan.get("Plans", []):
        yield from rows_out(child)


@pytest.mark.parametrize("sort_method", ["relevant", "popular", "recent"])
def test_a_common_word_costs_bounded_work(large_url, sort_method):
    """On 200,000 tracks, "s" begins a word of about a third of the titles. Reading (or ranking) every match
    would emit tens of thousands of rows from tracks; the probe stops at TRACK_SEARCH_PROBE and the walk after a
    few hundred rows."""
    with psycopg.connect(large_url) as conn:
        matched = conn.execute("SELECT count(*) FROM tracks WHERE is_current AND search_track_words(title, tags) "
                               "@@ to_tsquery('simple', 's:*A')").fetchone()[0]
        params = {"tsquery": "s:*", "genres": [], "moods": [], "keys": [], "bpm_min": None, "bpm_max": None,
                  "downloadable_only": False, "purchaseable_only": False, "include_purchaseable": False,
                  "only_verified": False, "words": [], "prefix": "s", "stats": "t", "gin_budget": 10**12, "walk_cost": 1.0,
                  "sort_method": sort_method, "limit": 20, "offset": 40,
                  "probe": track_handlers.TRACK_SEARCH_PROBE, "window": track_handlers.SEARCH_WINDOW}
        plan = conn.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql("search_tracks"), params).fetchone()[0]
        plan = (plan if isinstance(plan, list) else json.loads(plan))[0]["Plan"]
    assert matched > 5 * track_handlers.TRACK_SEARCH_PROBE
    biggest = max(n for relation, n in rows_out(plan) if relation in ("track_search", "aggregate_plays"))
    assert biggest <= 2 * track_handlers.TRACK_SEARCH_PROBE, (biggest, matched)
