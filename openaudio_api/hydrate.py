"""Bulk hydration: ids -> full objects in a fixed number of queries, whatever the page size.

Tracks take two round trips: one for the track rows, one for every user they reference (owners, remix
parents' owners and collaborators together).
"""

from __future__ import annotations

from openaudio_api.db.pool import Database
from openaudio_api import serialize


async def users_by_id(db: Database, user_ids, my_id: int) -> dict[int, dict]:
    wanted = sorted(set(user_ids))
    if not wanted:
        return {}
    rows = await db.fetch_all("get_users", {"ids": wanted, "my_id": my_id})
    return {row["user_id"]: serialize.user(row) for row in rows}


async def users(db: Database, user_ids: list[int], my_id: int) -> list[dict]:
    """Users in the order asked for; ids that resolve to nobody are dropped, duplicates kept once."""
    found = await users_by_id(db, user_ids, my_id)
    return [found[i] for i in dict.fromkeys(user_ids) if i in found]


async def tracks(db: Database, track_ids: list[int], my_id: int) -> list[dict]:
    """Tracks in the order asked for; missing, hidden, or owner-less tracks are dropped."""
    wanted = list(dict.fromkeys(track_ids))
    if not wanted:
        return []
    rows = await db.fetch_all("get_tracks", {"ids": wanted, "my_id": my_id})
    referenced = {row["owner_id"] for row in rows}
    for row in rows:
        referenced.update(parent["parent_owner_id"] for parent in row["remix_parents"])
        referenced.update(row["collaborator_ids"])
        referenced.update(row["pending_collaborator_ids"])
    found_users = await users_by_id(db, referenced, my_id)
    by_id = {
        row["track_id"]: serialize.track(row, found_users, my_id)
        for row in rows
        if row["owner_id"] in found_users  # upstream drops a track whose owner does not resolve
    }
    return [by_id[i] for i in wanted if i in by_id]


# --- Events (remix contests, issue 21) ------------------------------------------------------------------


async def events(db: Database, event_ids: list[int]) -> list[dict]:
    """Events in the order asked for; ids that name no event are dropped. Whether the viewer may see an
    event is the list's to decide (event_visible in its query), so a page is never cut short here."""
    wanted = list(dict.fromkeys(event_ids))
    if not wanted:
        return []
    rows = await db.fetch_all("get_events", {"ids": wanted})
    by_id = {row["event_id"]: serialize.event(row) for row in rows}
    return [by_id[i] for i in wanted if i in by_id]


# --- Comments (issue 21) ----------------------------------------------------------------------------------

# How many replies a top-level comment's preview shows (upstream's legacy API showed three; the Go API sends
# every reply, which for a 10,000-reply thread is the whole thread on every page).
REPLY_PREVIEW = 3


async def comments(db: Database, comment_ids: list[int], my_id: int) -> tuple[list[dict], dict]:
    """Comments in the order asked for, each top-level one with its replies preview, and upstream's `related`:
    the users they name (authors and mentions, of the replies too) and the tracks they are on, as the viewer
    sees them. A fixed number of queries whatever the page: the comments, their previews' replies, the users,
    the tracks (two). Reusable for comments on any entity: only tracks are fetched as related entities."""
    wanted = list(dict.fromkeys(comment_ids))
    if not wanted:
        return [], {"users": [], "tracks": []}
    rows = await db.fetch_all("get_comments", {"ids": wanted, "my_id": my_id, "preview": REPLY_PREVIEW})
    preview_ids = [i for row in rows for i in row["preview_reply_ids"]]
    reply_rows = await db.fetch_all("get_comments", {"ids": preview_ids, "my_id": my_id, "preview": 0}) \
        if preview_ids else []
    replies = {row["comment_id"]: serialize.comment(row) for row in reply_rows}
    by_id = {}
    for row in rows:
        preview = None if row["parent_comment_id"] else [replies[i] for i in row["preview_reply_ids"] if i in replies]
        by_id[row["comment_id"]] = serialize.comment(row, preview)
    named = [r["user_id"] for r in (*rows, *reply_rows)]
    named += [m["user_id"] for r in (*rows, *reply_rows) if not r["is_delete"] for m in r["mentions"]]
    on_tracks = [r["entity_id"] for r in rows if r["entity_type"] == "Track"]
    related = {"users": list((await users_by_id(db, named, my_id)).values()),
               "tracks": await tracks(db, on_tracks, my_id)}
    return [by_id[i] for i in wanted if i in by_id], related
# --- Playlists and albums (issue 20) ---------------------------------------------------------------------

# How many of a playlist's tracks come hydrated in its `tracks` when asked for (upstream's Go API: "some
# playlists have over a thousand tracks", so the first 200). playlist_contents always lists every entry.
PLAYLIST_TRACKS = 200


async def playlists(db: Database, playlist_ids: list[int], my_id: int, *, with_tracks: bool = False,
                    track_limit: int = PLAYLIST_TRACKS) -> list[dict]:
    """Playlists and albums in the order asked for, as the viewer my_id may see them: the one way to a
    playlist object, for every operation that returns playlists (by id, by user, feeds, libraries,
    trending...). Missing, deleted, private-and-not-mine, and owner-less playlists are dropped (visibility
    is get_playlists.sql's). with_tracks adds `tracks`: each playlist's first track_limit (PLAYLIST_TRACKS)
    visible tracks, hydrated by `tracks` (collaborators and viewer fields included).

    Round trips, whatever the page size: the playlist rows, their owners; with tracks, the tracks' two."""
    wanted = list(dict.fromkeys(playlist_ids))
    if not wanted:
        return []
    rows = await db.fetch_all("get_playlists", {"ids": wanted, "my_id": my_id})
    owners = await users_by_id(db, [row["playlist_owner_id"] for row in rows], my_id)
    listed: dict[int, dict] = {}
    if with_tracks:
        track_ids = [entry["track"] for row in rows for entry in row["entries"][:track_limit]]
        listed = {t["track_id"]: t for t in await tracks(db, track_ids, my_id)}
    by_id = {}
    for row in rows:
        if row["playlist_owner_id"] not in owners:
            continue  # upstream drops a playlist whose owner does not resolve
        playlist = serialize.playlist(row, owners[row["playlist_owner_id"]], my_id)
        if with_tracks:
            playlist["tracks"] = [listed[e["track"]] for e in row["entries"][:track_limit]
                                  if e["track"] in listed]
        by_id[row["playlist_id"]] = playlist
    return [by_id[i] for i in wanted if i in by_id]
