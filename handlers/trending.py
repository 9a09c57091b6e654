"""Trending variants, recommendations and feeling lucky (issue 19), re-exported by handlers/tracks.py.

Versions: upstream's legacy provider names its scoring strategies by version and serves each under
/{version} (pnagD, the current one, and AnlGe); the trending job writes the scores of both
(openaudio_api/trending.py VERSIONS, which the spec's trending_version_path enum repeats). An unknown
version is refused by validation with upstream's 400, "Oh no! Bad path parameter version.". The Go API
serves only the unversioned routes, always pnagD.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timezone

from openaudio_api import hydrate, ids
from openaudio_api.trending import DEFAULT_VERSION, REWARDED_VERSION, TRACKS_RESULTS, UNDERGROUND_RESULTS
from openaudio_api.web import database, my_id, respond

# Feeling lucky: random probes per requested track, and candidates read per probe (get_feeling_lucky_track_ids).
LUCKY_PROBES_PER_TRACK = 2
LUCKY_WINDOW = 50
# User recommendations: the listener's most listened tracks whose genres count, and the head of each genre's
# trending list read for candidates (the Go API's recall).
RECOMMEND_SAMPLE = 500
RECOMMEND_RECALL = 1000


async def _tracks_of(query: str, params: dict, viewer: int):
    db = database()
    rows = await db.fetch_all(query, {**params, "my_id": viewer})
    return respond(await hydrate.tracks(db, [r["track_id"] for r in rows], viewer))


async def trending_page(version: str, limit: int, offset: int, genre: str | None, time: str, viewer: int):
    params = {"version": version, "time_range": time, "genre": genre, "limit": limit, "offset": offset}
    return await _tracks_of("get_trending_track_ids@genre" if genre else "get_trending_track_ids@all", params,
                            viewer)


async def underground_page(version: str, limit: int, offset: int, viewer: int):
    params = {"version": version, "time_range": "week", "limit": limit, "offset": offset}
    return await _tracks_of("get_underground_trending_track_ids", params, viewer)


async def get_trending_tracks_with_version(version: str, limit: int = 100, offset: int = 0,
                                           genre: str | None = None, time: str = "week",
                                           user_id: str | None = None, **_):
    return await trending_page(version, limit, offset, genre, time, my_id(user_id))


async def get_underground_trending_tracks_with_version(version: str, limit: int = 100, offset: int = 0,
                                                       user_id: str | None = None, **_):
    return await underground_page(version, limit, offset, my_id(user_id))


# --- ids only ---------------------------------------------------------------------------------------------


async def get_trending_tracks_ids_with_version(version: str, limit: int = 100, offset: int = 0,
                                                genre: str | None = None, user_id: str | None = None, **_):
    """The week, month and allTime pages' ids in one round trip. allTime is keyed `year`, as upstream (its
    old name for the range). The Go API ignores genre; we honour it, as the legacy provider and both specs."""
    version = version
    query = "get_trending_track_ids@genre" if genre else "get_trending_track_ids@all"
    base = {"version": version, "genre": genre, "limit": limit, "offset": offset, "my_id": my_id(user_id)}
    ranges = {"week": "week", "month": "month", "year": "allTime"}
    pages = await database().fetch_pipelined([(query, {**base, "time_range": r}) for r in ranges.values()])
    return respond({key: [{"id": ids.encode(r["track_id"])} for r in rows] for key, rows in zip(ranges, pages)})


async def get_trending_track_ids(limit: int = 100, offset: int = 0, genre: str | None = None,
                                  user_id: str | None = None, **_):
    return await get_trending_tracks_ids_with_version(DEFAULT_VERSION, limit, offset, genre, user_id)


# --- weekly winners ---------------------------------------------------------------------------------------


def _week(value: str | None) -> date | None:
    # The spec's pattern admits calendar dates only (the Go API passed any text to PostgreSQL).
    return date.fromisoformat(value) if value is not None else None


async def _winners(kind: str, week: str | None, user_id: str | None):
    # What the tt / tut jobs stored (pnagD, the rewarded version); "today" is UTC, the jobs' Friday.
    params = {"type": kind, "version": REWARDED_VERSION, "week": _week(week),
              "today": datetime.now(timezone.utc).date()}
    return await _tracks_of("get_trending_winners", params, my_id(user_id))


async def get_trending_winners(week: str | None = None, user_id: str | None = None, **_):
    return await _winners(TRACKS_RESULTS, week, user_id)


async def get_trending_underground_winners(week: str | None = None, user_id: str | None = None, **_):
    return await _winners(UNDERGROUND_RESULTS, week, user_id)


# --- for sale in USDC -------------------------------------------------------------------------------------


async def get_trending_usdc_purchase_tracks_with_version(version: str, limit: int = 100, offset: int = 0,
                                                         genre: str | None = None, time: str = "week",
                                                         user_id: str | None = None, **_):
    """Trending among tracks sold for USDC. The Go API ignores genre; we honour it, as the legacy provider."""
    params = {"version": version, "time_range": time, "genre": genre, "limit": limit, "offset": offset}
    query = "get_trending_track_ids@usdc_genre" if genre else "get_trending_track_ids@usdc"
    return await _tracks_of(query, params, my_id(user_id))


async def get_trending_usdc_purchase_tracks(limit: int = 100, offset: int = 0, genre: str | None = None,
                                            time: str = "week", user_id: str | None = None, **_):
    return await get_trending_usdc_purchase_tracks_with_version(DEFAULT_VERSION, limit, offset, genre, time,
                                                                user_id)


# --- recommended ------------------------------------------------------------------------------------------


async def get_recommended_tracks_with_version(version: str, limit: int = 100, offset: int = 0,
                                              genre: str | None = None, time: str = "week",
                                              exclusion_list: list[int] | None = None,
                                              user_id: str | None = None, **_):
    """The Go API serves /tracks/recommended with the trending handler (same order, limits and paging), so we
    do; the legacy provider shuffled the top of trending. Unlike the Go API, exclusion_list (plain track ids,
    as upstream) is honoured: its spec declares it."""
    params = {"version": version, "time_range": time, "genre": genre, "limit": limit, "offset": offset,
              "exclude": list(exclusion_list or [])}
    query = "get_trending_track_ids@excluding_genre" if genre else "get_trending_track_ids@excluding"
    return await _tracks_of(query, params, my_id(user_id))


async def get_recommended_tracks(limit: int = 100, offset: int = 0, genre: str | None = None, time: str = "week",
                                 exclusion_list: list[int] | None = None, user_id: str | None = None, **_):
    return await get_recommended_tracks_with_version(DEFAULT_VERSION, limit, offset, genre, time, exclusion_list,
                                                     user_id)


def daily_shuffle() -> str:
    """The key of the day's shuffle of a listener's recommendations (get_user_recommended_track_ids.sql)."""
    return datetime.now(timezone.utc).date().isoformat()


async def user_recommended_tracks(listener: int, limit: int, time_range: str, viewer: int):
    params = {"user_id": listener, "version": DEFAULT_VERSION, "time_range": time_range, "limit": limit,
              "sample": RECOMMEND_SAMPLE, "recall": RECOMMEND_RECALL, "shuffle": daily_shuffle()}
    return await _tracks_of("get_user_recommended_track_ids", params, viewer)


# --- feeling lucky ----------------------------------------------------------------------------------------


async def get_feeling_lucky_tracks(limit: int = 10, min_followers: int | None = None, with_users: bool = False,
                                   user_id: str | None = None, **_):
    """A random sample of well-played tracks. The page can be short when few tracks pass min_followers near
    the random probes; each request draws anew. with_users is accepted (full upstream): tracks always carry
    their user here."""
    db = database()
    viewer = my_id(user_id)
    rows = await db.fetch_all("get_feeling_lucky_track_ids", {
        "probes": LUCKY_PROBES_PER_TRACK * limit, "window": LUCKY_WINDOW, "min_followers": min_followers or 0})
    picked = list(dict.fromkeys(r["track_id"] for r in rows))
    random.shuffle(picked)
    return respond(await hydrate.tracks(db, picked[:limit], viewer))
