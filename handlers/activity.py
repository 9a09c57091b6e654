"""A user's activity (issue 20): their reposts of tracks and playlists mixed (getReposts, by id or handle), and
their feed, what the users they follow uploaded and reposted (getUserFeed). Tagged `users` and re-exported by
handlers/users.py, where the resolver finds them. One named query picks a page's (kind, id, time) rows; the
shared hydrations render the tracks and the playlists (with their first tracks, as upstream's Go API)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from openaudio_api import hydrate, serialize
from openaudio_api.handlers.library import ACTIVITY_CLASS
from openaudio_api.handlers.user_playlists import user_id_by_handle
from openaudio_api.web import database, my_id, path_id, require_user, respond

# Upstream's class names of the two activities (the full models: ours are the full objects under both prefixes).
COLLECTION_CLASS = "collection_activity_full"

# The feed's windows back from now (db/queries/get_user_feed.sql), tried in turn until the page fills: a busy
# feed (thousands of followees, some posting daily) fills from the last day, reading a day of activity; a
# quiet one widens to upstream's one year. Each try reads at most offset + limit rows per followee and kind.
FEED_WINDOWS = (timedelta(days=1), timedelta(days=7), timedelta(days=35), timedelta(days=365))


async def items(db, rows: list[dict], viewer: int) -> list[tuple[dict, dict]]:
    """(row, hydrated item) for rows of (item_type, item_id), in order: tracks and playlists in one bulk
    hydration each; rows whose item does not hydrate are dropped."""
    track_ids = [r["item_id"] for r in rows if r["item_type"] == "track"]
    playlist_ids = [r["item_id"] for r in rows if r["item_type"] == "playlist"]
    found = {("track", t["track_id"]): t for t in await hydrate.tracks(db, track_ids, viewer)}
    found.update((("playlist", p["playlist_id"]), p)
                 for p in await hydrate.playlists(db, playlist_ids, viewer, with_tracks=True))
    return [(r, found[(r["item_type"], r["item_id"])]) for r in rows if (r["item_type"], r["item_id"]) in found]


async def reposts(db, profile_id: int, viewer: int, limit: int, offset: int) -> list[dict]:
    rows = await db.fetch_all("get_user_reposts",
                              {"user_id": profile_id, "my_id": viewer, "limit": limit, "offset": offset})
    return [
        {"class": ACTIVITY_CLASS if row["item_type"] == "track" else COLLECTION_CLASS,
         # item_id: a plain integer, as the library's activities (handlers/library.py).
         "item_id": row["item_id"], "item_type": row["item_type"],
         "timestamp": serialize.time_text(row["created_at"]), "item": item}
        for row, item in await items(db, rows, viewer)
    ]


async def get_reposts(id: str, limit: int = 100, offset: int = 0, user_id: str | None = None, **_):
    return respond(await reposts(database(), path_id(id), my_id(user_id), limit, offset))


async def get_reposts_by_handle(handle: str, limit: int = 100, offset: int = 0, user_id: str | None = None, **_):
    db = database()
    return respond(await reposts(db, await user_id_by_handle(handle), my_id(user_id), limit, offset))


def _utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


async def feed(db, feed_user: int, filter: str, tracks_only: bool, followee_ids: list[int], limit: int,
               offset: int, before: datetime) -> list[dict]:
    """One page of feed_user's feed, seen as feed_user, from the narrowest window of FEED_WINDOWS that fills
    it (a page short of limit means the widest window held no more)."""
    params = {"user_id": feed_user, "followee_ids": followee_ids, "originals": filter in ("all", "original"),
              "reposts": filter in ("all", "repost"), "tracks_only": tracks_only, "before": before,
              "limit": limit, "offset": offset}
    for window in FEED_WINDOWS:
        rows = await db.fetch_all("get_user_feed", {**params, "since": before - window})
        if len(rows) == limit:
            break
    return [{"type": row["item_type"], "timestamp": serialize.time_text(row["at"]), "item": item}
            for row, item in await items(db, rows, feed_user)]


async def get_user_feed(id: str, limit: int = 50, offset: int = 0, filter: str = "all", tracks_only: bool = False,
                        with_users: bool = False, followee_user_id: list[int] | None = None, **_):
    """Private to the user and their managers (the legacy provider's rule, and upstream's spec's signature
    headers; the Go API serves anyone), seen as the user whoever signs. with_users is accepted and changes
    nothing: every item carries its users."""
    feed_user = path_id(id)
    await require_user(feed_user)
    return respond(await feed(database(), feed_user, filter, tracks_only, sorted(set(followee_user_id or [])),
                              limit, offset, _utc_now()))
