"""Search (issue 22): tracks, users, playlists and albums by text and filters, alone (GET /tracks/search,
/users/search, /playlists/search) or together (GET /search/full, /search/autocomplete, /search/tags).

Each kind is one named query that finds ids (db/queries/search_*.sql: a bounded probe of the text index, or a
walk of the sort's index for common words; docs/search.md), then one hydration of each kind. A search of
several kinds sends its queries in one round trip."""

from __future__ import annotations

import math
import re

from openaudio_api import hydrate
from openaudio_api.errors import bad_request
from openaudio_api.web import database, my_id, respond

_WORD = re.compile(r"\w+", re.UNICODE)

# The queries' bounds: how many matches the text index is read for before the words count as common and the
# sort's index is walked instead, and the relevant sort's rescore window. A walk finds the window's 100
# matches after 100 / selectivity rows (1.9 us each), so it is slowest just past the probe, and the probe
# costs about 3 us a match: the best probe grows as the square root of the table. Users and playlists
# (100,000 and 50,000 at full size): 2,000. Tracks: at 2,000 a pair of 2,100 matches of 1,000,000 tracks
# walked 48,000 rows, 95 ms; at 10,000 the worst pair, near 8,000 matches, costs about 22 ms either way
# (docs/search.md).
SEARCH_PROBE = 2000
TRACK_SEARCH_PROBE = 10_000
SEARCH_WINDOW = 100
# The path choice's costs (search_walks_first, db/functions/search_words.sql): below this many postings the
# text index is always read; one walked row costs this many postings: a row of search's narrow tables, its
# words stored, tested inline (1.7 us a walked row against 50 ns a posting, 200,000 tracks, warm).
GIN_BUDGET = 20_000
WALK_COST = 35.0
# A query's words past this many are ignored: every word must match, so 20 words find what 8 find, or less,
# and each word is one more index entry to read.
MAX_WORDS = 8
# The relevant users' first tier: the matches among this many of the viewer's newest follows.
SEARCH_FOLLOWS = 2000
KINDS = ("users", "tracks", "playlists", "albums")


def query_terms(text: str | None) -> tuple[list[str], str | None]:
    """(whole words, prefix) of a query, as upstream's Elasticsearch `bool_prefix` reads it: every word but
    the last must be a word of the field, the last (the one being typed) must begin one. Distinct words, at
    most MAX_WORDS with the prefix."""
    words = [w.lower() for w in _WORD.findall(text or "")]
    if not words:
        return [], None
    return list(dict.fromkeys(words[:-1]))[:MAX_WORDS - 1], words[-1]


def text_terms(text: str | None) -> dict:
    """A query's text as every search query takes it: its tsquery ('Daft pu' -> 'daft & pu:*', query_terms;
    the field searched is a track's title, its tags for tag search, a user's name or handle, a playlist's
    name), and the path choice's view of the same words (search_walks_first): the whole ones and the prefix.
    Words are \\w+ only, so nothing the user types reaches to_tsquery's operator syntax."""
    whole, prefix = query_terms(text)
    tsquery = " & ".join([*whole, f"{prefix}:*"]) if prefix else ""
    # A prefix a whole word begins adds no condition ("solar sol" finds what "solar" finds), so the path choice
    # does not take the two for independent words (it probed 2,000 matches of "solar", then walked). The
    # tsquery keeps it: ts_rank reads both terms.
    if any(w.startswith(prefix) for w in whole):
        prefix = None
    return {"tsquery": tsquery, "words": whole, "prefix": prefix}


def flag(value) -> bool:
    """A flag upstream sends as text ("true") on the v1 operations and as a boolean on /search/*."""
    return value is True or (isinstance(value, str) and value.lower() == "true")


def tempo(value: float | None, name: str) -> float | None:
    # The spec types it as a number >= 0; NaN and infinity parse as numbers too, but name no tempo.
    if value is not None and not math.isfinite(value):
        raise bad_request(f"{name} is invalid: {value} is not a tempo")
    return value


def _no_words(query: str | None, tsquery: str) -> bool:
    """Text with no word in it (punctuation, emoji) matches nothing; only an empty query lists all."""
    return not tsquery and bool((query or "").strip())


def _exact(query: str | None) -> str:
    return " ".join((query or "").lower().split())


def _bounds(terms: dict, limit: int, offset: int, sort_method: str | None, probe: int | None = None) -> dict:
    sort_method = sort_method or "relevant"
    # Only the relevant order rescores a window; the others need the page's rows alone, and a walk for common
    # words stops after them.
    return {"limit": limit, "offset": offset, "sort_method": sort_method, "probe": probe or SEARCH_PROBE,
            "window": SEARCH_WINDOW if sort_method == "relevant" else 0, **terms,
            "gin_budget": GIN_BUDGET, "walk_cost": WALK_COST}


def track_query(query: str | None, *, tags: bool = False, limit: int = 10, offset: int = 0,
                genre=None, mood=None, key=None, bpm_min=None, bpm_max=None, sort_method=None,
                only_downloadable=False, has_downloads=False, is_purchaseable=False, includePurchaseable=False,
                is_verified=False, **_) -> tuple[str, dict] | None:
    """(query name, params) of a track search, or None when it can match nothing."""
    terms = text_terms(query)
    tsquery = terms["tsquery"]
    if _no_words(query, tsquery) or (tags and not tsquery):
        return None
    params = {
        "genres": list(genre or []), "moods": list(mood or []), "keys": list(key or []),
        "bpm_min": tempo(bpm_min, "bpm_min"), "bpm_max": tempo(bpm_max, "bpm_max"),
        "downloadable_only": flag(only_downloadable) or flag(has_downloads),
        "purchaseable_only": flag(is_purchaseable), "include_purchaseable": flag(includePurchaseable),
        "only_verified": flag(is_verified), "stats": "g" if tags else "t",
        **_bounds(terms, limit, offset, sort_method, TRACK_SEARCH_PROBE),
    }
    return ("search_tracks" if tsquery else "search_tracks_no_query"), params


def user_query(query: str | None, viewer: int, *, limit: int = 10, offset: int = 0, genre=None,
               sort_method=None, is_verified=False, **_) -> tuple[str, dict] | None:
    terms = text_terms(query)
    if _no_words(query, terms["tsquery"]):
        return None
    return "search_users", {"exact": _exact(query), "genres": list(genre or []),
                            "only_verified": flag(is_verified), "my_id": viewer,
                            "follows": SEARCH_FOLLOWS, **_bounds(terms, limit, offset, sort_method)}


def playlist_query(query: str | None, *, albums: bool, limit: int = 10, offset: int = 0, genre=None, mood=None,
                   sort_method=None, is_verified=False, **_) -> tuple[str, dict] | None:
    terms = text_terms(query)
    if _no_words(query, terms["tsquery"]):
        return None
    return "search_playlists", {"exact": _exact(query), "albums": albums,
                                "genres": list(genre or []), "moods": list(mood or []),
                                "only_verified": flag(is_verified), **_bounds(terms, limit, offset, sort_method)}


async def _ids(named: dict[str, tuple[str, dict] | None]) -> dict[str, list[int]]:
    """Each kind's ids, every query in one round trip; a kind that can match nothing is []."""
    asked = {kind: q for kind, q in named.items() if q is not None}
    answers = await database().fetch_pipelined(list(asked.values())) if asked else []
    found = {kind: [] for kind in named}
    for kind, rows in zip(asked, answers):
        found[kind] = [next(iter(r.values())) for r in rows]
    return found


async def _hydrated(found: dict[str, list[int]], viewer: int) -> dict[str, list[dict]]:
    db = database()
    out = {}
    if "users" in found:
        out["users"] = await hydrate.users(db, found["users"], viewer)
    if "tracks" in found:
        out["tracks"] = await hydrate.tracks(db, found["tracks"], viewer)
    lists = found.get("playlists", []) + found.get("albums", [])
    if "playlists" in found or "albums" in found:
        by_id = {p["playlist_id"]: p for p in await hydrate.playlists(db, lists, viewer)}
        for kind in ("playlists", "albums"):
            if kind in found:
                out[kind] = [by_id[i] for i in found[kind] if i in by_id]
    return out


# --- One kind ---------------------------------------------------------------------------------------------


async def search_tracks(query: str | None = None, limit: int = 10, offset: int = 0, user_id: str | None = None,
                        **filters):
    viewer = my_id(user_id)
    found = await _ids({"tracks": track_query(query, limit=limit, offset=offset, **filters)})
    return respond((await _hydrated(found, viewer))["tracks"])


async def search_users(query: str | None = None, limit: int = 10, offset: int = 0, user_id: str | None = None,
                       **filters):
    viewer = my_id(user_id)
    found = await _ids({"users": user_query(query, viewer, limit=limit, offset=offset, **filters)})
    return respond((await _hydrated(found, viewer))["users"])


async def search_playlists(query: str | None = None, limit: int = 10, offset: int = 0,
                           user_id: str | None = None, **filters):
    # Upstream's /playlists/search finds playlists only; albums are /search/*'s kind=albums.
    found = await _ids({"playlists": playlist_query(query, albums=False, limit=limit, offset=offset, **filters)})
    return respond((await _hydrated(found, my_id(user_id)))["playlists"])


# --- Every kind ---------------------------------------------------------------------------------------------


async def _everything(query: str | None, kind: str, limit: int, offset: int, user_id: str | None, filters: dict,
                      tags: bool = False):
    viewer = my_id(user_id)
    wanted = KINDS if kind == "all" else (kind,)
    page = {"limit": limit, "offset": offset, **filters}
    named = {}
    if "tracks" in wanted or (tags and set(wanted) & {"users", "playlists", "albums"}):
        named["tracks"] = track_query(query, tags=tags, **page)
    if not tags:
        if "users" in wanted:
            named["users"] = user_query(query, viewer, **page)
        for k in ("playlists", "albums"):
            if k in wanted:
                named[k] = playlist_query(query, albums=k == "albums", **page)
        found = await _ids(named)
    else:
        found = await _tagged(named["tracks"], wanted)
    data = await _hydrated(found, viewer)
    return respond({k: data.get(k, []) for k in KINDS})


def tag_track_queries(tracks: tuple[str, dict], wanted: tuple) -> tuple[dict[str, tuple[str, dict]], slice | None]:
    """Tag search's track queries: "tracks", the page, and "top", the SEARCH_WINDOW most played matches, whose
    owners and playlists are the users and playlists found (as a set: their own order is theirs). When the
    page lies within the first SEARCH_WINDOW of the relevant or popular order, the two are one walk: the
    first SEARCH_WINDOW of either order are the most played matches (the relevant order reranks exactly that
    window), so "top" alone is read, in the page's order, and the page is the returned slice of it."""
    name, params = tracks
    if not any(k in wanted for k in ("users", "playlists", "albums")):
        return {"tracks": tracks}, None
    end = params["offset"] + params["limit"]
    if "tracks" in wanted and params["sort_method"] != "recent" and end <= SEARCH_WINDOW:
        return {"top": (name, {**params, "limit": SEARCH_WINDOW, "offset": 0})}, slice(params["offset"], end)
    top = {**params, "sort_method": "popular", "limit": SEARCH_WINDOW, "offset": 0, "window": 0}
    return {**({"tracks": tracks} if "tracks" in wanted else {}), "top": (name, top)}, None


def tag_found_queries(params: dict, top: list[int], wanted: tuple) -> dict[str, tuple[str, dict]]:
    """Tag search's users, playlists and albums queries, found through the most played matches `top`, with
    the track query's page, order and filters."""
    around = {"track_ids": top, "limit": params["limit"], "offset": params["offset"],
              "sort_method": params["sort_method"], "only_verified": params["only_verified"],
              "genres": params["genres"], "moods": params["moods"]}
    named = {}
    if "users" in wanted:
        named["users"] = ("search_tag_users", around)
    for k in ("playlists", "albums"):
        if k in wanted:
            named[k] = ("search_tag_playlists", {**around, "albums": k == "albums"})
    return named


async def _tagged(tracks: tuple[str, dict] | None, wanted: tuple) -> dict[str, list[int]]:
    """Tag search: tracks whose tags the words match; users and playlists are found through those tracks (as
    upstream's index finds them by their tracks' tags): the owners of, and the public playlists holding, the
    SEARCH_WINDOW most played of them."""
    if tracks is None:
        return {k: [] for k in wanted}
    named, page_of_top = tag_track_queries(tracks, wanted)
    found = await _ids(named)
    if "top" not in found:
        return found
    out = await _ids(tag_found_queries(tracks[1], found["top"], wanted))
    if "tracks" in wanted:
        out["tracks"] = found["top"][page_of_top] if page_of_top else found["tracks"]
    return out


async def search(query: str | None = None, kind: str = "all", limit: int = 10, offset: int = 0,
                 user_id: str | None = None, **filters):
    return await _everything(query, kind, limit, offset, user_id, filters)


async def search_autocomplete(query: str | None = None, kind: str = "all", limit: int = 10, offset: int = 0,
                              user_id: str | None = None, **filters):
    # Upstream serves autocomplete with search's own handler: the same answer.
    return await _everything(query, kind, limit, offset, user_id, filters)


async def search_tags(query: str | None = None, kind: str = "all", limit: int = 10, offset: int = 0,
                      user_id: str | None = None, **filters):
    return await _everything(query, kind, limit, offset, user_id, filters, tags=True)
