"""Remix contest lists (getRemixContests under /events, getContestsByUser under /users/{id}): a named query
picks the page's contest ids in upstream's order, hydrate.events renders them, and `related` carries what a
contest card shows beside it (its track, the hosts and track owners, how many entries each contest has), as
upstream's newer Go API answers. The tag modules (events, users) re-export the operations."""

from __future__ import annotations

from openaudio_api import hydrate, ids
from openaudio_api.web import database, my_id, path_id, respond


async def contest_page(db, query: str, params: dict, viewer: int, status: str, limit: int,
                       offset: int) -> tuple[list[dict], dict]:
    """(the page's contests, their `related`); the bench's baseline serves the same function."""
    rows = await db.fetch_all(query, {**params, "my_id": viewer, "status": status, "limit": limit,
                                      "offset": offset})
    events = await hydrate.events(db, [r["event_id"] for r in rows])
    event_ids = [ids.decode(e["event_id"]) for e in events]
    counts = await db.fetch_all("get_contest_entry_counts", {"ids": event_ids}) if event_ids else []
    track_ids = [r["track_id"] for r in counts]
    tracks = await hydrate.tracks(db, track_ids, viewer)
    people = [ids.decode(e["user_id"]) for e in events] + [t["user"]["user_id"] for t in tracks]
    users = await hydrate.users(db, people, viewer)
    # Upstream keys the counts by the contest track's hashid.
    entry_counts = {ids.encode(r["track_id"]): r["entry_count"] for r in counts}
    return events, {"users": users, "tracks": tracks, "entry_counts": entry_counts}


async def get_remix_contests(limit: int = 25, offset: int = 0, status: str = "all", user_id: str | None = None,
                             **_):
    events, related = await contest_page(database(), "get_contest_ids", {}, my_id(user_id), status, limit, offset)
    return respond(events, related=related)


async def get_contests_by_user(id: str, limit: int = 25, offset: int = 0, status: str = "all",
                               user_id: str | None = None, **_):
    events, related = await contest_page(database(), "get_contest_ids@host", {"user_id": path_id(id)},
                                         my_id(user_id), status, limit, offset)
    return respond(events, related=related)
