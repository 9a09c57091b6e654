"""Curated track lists, track access info and download counts (issue 19), re-exported by handlers/tracks.py
and handlers/users.py (genres have their own module).

Which upstream each follows: most loved, best new releases, under the radar and remixables were served only
by the legacy Python provider (the Go API forwards them to it), so its behaviour counts; latest, recent
premium, most shared, access info and the download counts follow the newer Go API. Every list picks its
page's track ids with one named query and renders them with the shared track hydration (collaborators and
viewer fields); no list ever shows an unlisted track, not even to its owner.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from openaudio_api import hydrate, ids
from openaudio_api.errors import not_found
from openaudio_api.web import database, my_id, path_id, query_ids, respond

# The followee lists' bounds (db/queries/get_followee_track_ids.sql): the viewer's most recently followed
# users, and each one's newest actions. 1,000 x 20 = at most 20,000 rows read per page, whoever the viewer
# follows; with the seed's activity that is the whole of what a typical viewer's followees did.
FOLLOWEES = 1000
PER_FOLLOWEE = 20
# best_new_releases' windows, as Python's `interval '1 <window>'`.
WINDOWS = {"week": timedelta(weeks=1), "month": timedelta(days=30), "year": timedelta(days=365)}


async def _tracks(query: str, params: dict, viewer: int):
    db = database()
    rows = await db.fetch_all(query, params)
    return respond(await hydrate.tracks(db, [r["track_id"] for r in rows], viewer))


def _followees(viewer: int, **params) -> dict:
    return {"my_id": viewer, "followees": FOLLOWEES, "per_followee": PER_FOLLOWEE, **params}


def _utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


async def get_latest_tracks(limit: int = 100, offset: int = 0, genre: str | None = None,
                            user_id: str | None = None, **_):
    # The newer Go API's v1TracksLatest (the legacy provider's /tracks/latest answered one bare track id).
    query = "get_latest_track_ids@genre" if genre else "get_latest_track_ids@all"
    return await _tracks(query, {"genre": genre, "limit": limit, "offset": offset}, my_id(user_id))


async def get_most_loved_tracks(limit: int = 25, user_id: str | None = None, **_):
    viewer = my_id(user_id)
    return await _tracks("get_followee_track_ids@most_loved", _followees(viewer, limit=limit), viewer)


async def get_best_new_releases(window: str, limit: int = 25, user_id: str | None = None, **_):
    viewer = my_id(user_id)
    since = _utc_now() - WINDOWS[window]
    return await _tracks("get_followee_track_ids@best_new_releases", _followees(viewer, limit=limit, since=since),
                         viewer)


async def get_under_the_radar_tracks(limit: int = 25, offset: int = 0, filter: str = "all",
                                     user_id: str | None = None, **_):
    viewer = my_id(user_id)
    params = _followees(viewer, limit=limit, offset=offset, originals=filter in ("all", "original"),
                        reposts=filter in ("all", "repost"))
    return await _tracks("get_followee_track_ids@under_the_radar", params, viewer)


async def _curated(list_name: str, limit: int, offset: int, user_id: str | None):
    params = {"list": list_name, "limit": limit, "offset": offset}
    return await _tracks("get_curated_track_ids", params, my_id(user_id))


async def get_remixable_tracks(limit: int = 25, user_id: str | None = None, **_):
    return await _curated("remixables", limit, 0, user_id)


async def get_recent_premium_tracks(limit: int = 100, offset: int = 0, user_id: str | None = None, **_):
    return await _curated("recent_premium", limit, offset, user_id)


async def get_most_shared_tracks(limit: int = 10, offset: int = 0, time_range: str = "week",
                                 user_id: str | None = None, **_):
    return await _curated(f"most_shared:{time_range}", limit, offset, user_id)


async def get_track_access_info(track_id: str, user_id: str | None = None, **_):
    """What it takes to stream and download a track, and what the viewer may do (the track's own `access`,
    computed by the shared serializer). A track the viewer may not see is 404, as getTrack: the Go API
    answers for unlisted tracks to anyone."""
    viewer = my_id(user_id)
    found = await hydrate.tracks(database(), [path_id(track_id)], viewer)
    if not found:
        raise not_found("track not found")
    track = found[0]
    return respond({
        "access": track["access"],
        "user_id": track["user"]["id"],
        "blocknumber": track["blocknumber"],
        "is_stream_gated": bool(track["is_stream_gated"]),
        "stream_conditions": track["stream_conditions"],
        "is_download_gated": bool(track["is_download_gated"]),
        "download_conditions": track["download_conditions"],
    })


def _download_count(row: dict) -> dict:
    return {"id": ids.encode(row["track_id"]), "download_count": row["download_count"]}


async def get_track_download_count(track_id: str, user_id: str | None = None, **_):
    """0 for a track that is missing or hidden from the viewer, as the Go API answers an unknown id."""
    wanted = path_id(track_id)
    rows = await database().fetch_all("get_track_download_counts", {"ids": [wanted], "my_id": my_id(user_id)})
    count = rows[0]["download_count"] if rows else 0
    return respond({"id": ids.encode(wanted) if wanted > 0 else track_id, "download_count": count})


async def get_track_download_counts(id: list[str] | None = None, user_id: str | None = None, **_):
    wanted = list(dict.fromkeys(query_ids(id)))
    if not wanted:
        return respond([])
    rows = await database().fetch_all("get_track_download_counts", {"ids": wanted, "my_id": my_id(user_id)})
    by_id = {r["track_id"]: r for r in rows}
    # In the order asked for (the Go API leaves the database's order); ids with no visible track are left out.
    return respond([_download_count(by_id[i]) for i in wanted if i in by_id])


async def get_user_tracks_download_count(id: str, **_):
    [row] = await database().fetch_all("get_user_tracks_download_count", {"user_id": path_id(id)})
    return respond(row["download_count"])
