"""Comments (issue 21): a track's comments, a thread's replies, one comment, a user's comments, and the
counts and settings beside them. Every list picks its page's comment ids with a named query and renders them
through hydrate.comments (one comment object, one path, with upstream's `related`). The operations upstream
tags `tracks` and `users` are re-exported by those modules, which the resolver routes to."""

from __future__ import annotations

from openaudio_api import hydrate
from openaudio_api.errors import not_found
from openaudio_api.web import database, my_id, path_id, respond


async def _comments_page(comment_ids: list[int], viewer: int):
    data, related = await hydrate.comments(database(), comment_ids, viewer)
    return respond(data, related=related)


async def _visible_track_rows(track_id: str, viewer: int, queries: list[tuple[str, dict]]) -> list[list[dict]]:
    """The rows of queries about one track, once the viewer may see the track (404 "track not found"
    otherwise, as getTrack and the other lists under a track answer), in one round trip with the check."""
    key = {"track_id": path_id(track_id), "my_id": viewer}
    visible, *results = await database().fetch_pipelined(
        [("get_track_visible", key), *((name, {**key, **params}) for name, params in queries)])
    if not visible[0]["visible"]:
        raise not_found("track not found")
    return results


def pinned_first(pinned: int | None, rest: list[int], offset: int, limit: int) -> list[int]:
    """A page of [pinned, *the others in the sort] from `rest`, the others read from offset - 1 (never below 0),
    limit + 1 of them: the pinned comment takes the first place of the first page only."""
    if pinned is not None:
        return ([pinned, *rest] if offset == 0 else rest)[:limit]
    return rest[:limit] if offset == 0 else rest[1:limit + 1]


async def get_track_comments(track_id: str, offset: int = 0, limit: int = 10, sort_method: str = "newest",
                             user_id: str | None = None, **_):
    viewer = my_id(user_id)
    pinned, page = await _visible_track_rows(track_id, viewer, [
        ("get_track_pinned_comment", {}),
        (f"get_track_comments@{sort_method}", {"limit": limit + 1, "offset": max(offset - 1, 0)})])
    pinned_id = pinned[0]["comment_id"] if pinned else None
    return await _comments_page(pinned_first(pinned_id, [r["comment_id"] for r in page], offset, limit), viewer)


async def get_track_comment_count(track_id: str, user_id: str | None = None, **_):
    [rows] = await _visible_track_rows(track_id, my_id(user_id), [("get_track_comment_count", {})])
    return respond(rows[0]["comment_count"])


async def get_track_comment_notification_setting(track_id: str, user_id: str | None = None, **_):
    [rows] = await _visible_track_rows(track_id, my_id(user_id), [("get_track_comment_notification_setting", {})])
    return respond({"is_muted": rows[0]["is_muted"]})


async def get_tracks_with_recent_comments(offset: int = 0, limit: int = 10, user_id: str | None = None, **_):
    db = database()
    viewer = my_id(user_id)
    rows = await db.fetch_all("get_tracks_with_recent_comments", {"limit": limit, "offset": offset})
    return respond(await hydrate.tracks(db, [r["track_id"] for r in rows], viewer))


async def get_comment(comment_id: str, user_id: str | None = None, **_):
    viewer = my_id(user_id)
    rows = await database().fetch_all("get_comment", {"comment_id": path_id(comment_id), "my_id": viewer})
    return await _comments_page([r["comment_id"] for r in rows], viewer)


async def get_comment_replies(comment_id: str, offset: int = 0, limit: int = 10, user_id: str | None = None, **_):
    viewer = my_id(user_id)
    rows = await database().fetch_all("get_comment_replies", {
        "comment_id": path_id(comment_id), "my_id": viewer, "limit": limit, "offset": offset})
    return await _comments_page([r["comment_id"] for r in rows], viewer)


async def get_user_comments(id: str, offset: int = 0, limit: int = 10, user_id: str | None = None, **_):
    viewer = my_id(user_id)
    rows = await database().fetch_all("get_user_comments", {
        "user_id": path_id(id), "my_id": viewer, "limit": limit, "offset": offset})
    return await _comments_page([r["comment_id"] for r in rows], viewer)
