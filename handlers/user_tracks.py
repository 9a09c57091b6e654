"""A user's tracks seen from other sides: by handle, counted, attributed to them as an AI-training artist,
their most used tags, and their remixes (who remixed them, which tracks). Re-exported by handlers/users.py,
the module the resolver routes the `users` tag to; the profile listing itself (getUserTracks) stays there and
these reuse it."""

from __future__ import annotations

from openaudio_api import hydrate, ids
from openaudio_api.errors import not_found
from openaudio_api.web import database, my_id, path_id, respond


async def _user_by_handle(handle: str) -> int:
    row = await database().fetch_one("get_user_id_by_handle", {"handle": handle})
    if not row:
        raise not_found("user not found")
    return row["user_id"]


async def get_tracks_by_user_handle(handle: str, **params):
    # handlers/users.py imports this module, so getUserTracks is looked up when called, not at import.
    from openaudio_api.handlers.users import get_user_tracks

    return await get_user_tracks(str(await _user_by_handle(handle)), **params)


async def get_tracks_count_by_user(id: str, filter_tracks: str = "all", user_id: str | None = None, **_):
    """How many tracks getUserTracks lists for this viewer and filter, all pages together: the same query
    with no limit (a profile's tracks are one artist's catalogue, read through the owner's index)."""
    from openaudio_api.handlers.users import _credited_or_owned, user_tracks_viewer

    profile_id = path_id(id)
    viewer = await user_tracks_viewer(profile_id, filter_tracks, my_id(user_id))
    rows = await _credited_or_owned(database(), "get_user_tracks", {
        "user_id": profile_id, "my_id": viewer, "filter_tracks": filter_tracks, "sort_key": "release_date",
        "direction": "desc", "limit": None, "offset": 0})
    return respond(len(rows))


async def get_ai_attributed_tracks_by_user_handle(handle: str, limit: int = 20, offset: int = 0,
                                                   sort: str = "date", sort_method: str | None = None,
                                                   sort_direction: str | None = None, filter_tracks: str = "all",
                                                   user_id: str | None = None, **_):
    """getUserTracks' order and filters over the tracks attributed to the handle's user instead of owned
    by them (get_user_tracks@ai_attributed.sql). Unlisted ones reach their owners only, so no listing here
    is private to the path user."""
    from openaudio_api.handlers.users import user_tracks_order

    db = database()
    viewer = my_id(user_id)
    rows = await db.fetch_all("get_user_tracks@ai_attributed", {
        "user_id": await _user_by_handle(handle), "my_id": viewer, "filter_tracks": filter_tracks,
        **user_tracks_order(sort, sort_method, sort_direction), "limit": limit, "offset": offset})
    return respond(await hydrate.tracks(db, [r["track_id"] for r in rows], viewer))


async def get_top_track_tags(id: str, limit: int = 10, **_):
    rows = await database().fetch_all("get_user_top_tags", {"user_id": path_id(id), "limit": limit})
    return respond([r["tag"] for r in rows])


async def remixers(db, user_id: int, track_id: int | None, limit: int, offset: int) -> dict:
    """get_remixers' row: count and one page of user ids. track_id is a plain integer, as upstream's Go
    handler parses it (`TrackID int`), not a hashid."""
    return await db.fetch_one("get_remixers", {"user_id": user_id, "track_id": track_id, "limit": limit,
                                               "offset": offset})


async def get_remixers(id: str, limit: int = 10, offset: int = 0, track_id: int | None = None,
                       user_id: str | None = None, **_):
    db = database()
    row = await remixers(db, path_id(id), track_id, limit, offset)
    return respond(await hydrate.users(db, row["user_ids"], my_id(user_id)))


async def get_remixers_count(id: str, track_id: int | None = None, **_):
    return respond((await remixers(database(), path_id(id), track_id, 0, 0))["count"])


async def get_user_tracks_remixed(id: str, limit: int = 10, offset: int = 0, user_id: str | None = None, **_):
    rows = await database().fetch_all("get_user_tracks_remixed", {
        "user_id": path_id(id), "my_id": my_id(user_id), "limit": limit, "offset": offset})
    return respond([
        {"track_id": ids.encode(r["track_id"]), "title": r["title"], "remix_count": r["remix_count"]}
        for r in rows
    ])
