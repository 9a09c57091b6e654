"""Operations tagged `events`: events (remix contests, live events, new releases) and what hangs off one event
(its comments, its followers). Lists pick the page's ids with a named query in upstream's order; events,
comments and users render through their one hydration each."""

from __future__ import annotations

from openaudio_api import hydrate, ids
from openaudio_api.errors import not_found
from openaudio_api.web import database, my_id, path_id, query_ids, respond

# The contest lists live in their own module (shared with /users/{id}/contests); the resolver finds them here.
from openaudio_api.handlers.contests import get_remix_contests  # noqa: F401
from openaudio_api.handlers.social import _user_page


async def _event_page(id: list[str] | None, entity_id: list[str] | None, event_type: str | None,
                      entity_type: str | None, filter_deleted: bool, limit: int, offset: int,
                      user_id: str | None):
    """The one listing behind /events, /events/all and /events/entity, as upstream serves all three with
    one handler: by event ids, else by entity ids, else by type, else every event."""
    db = database()
    params = {"ids": query_ids(id), "entity_ids": query_ids(entity_id), "event_type": event_type,
              "entity_type": entity_type, "filter_deleted": filter_deleted, "my_id": my_id(user_id),
              "limit": limit, "offset": offset}
    # Ids that all fail to decode ask for no event (upstream then drops the filter and lists every event).
    if id is not None and not params["ids"] or entity_id is not None and not params["entity_ids"]:
        return respond([])
    variant = ("ids" if params["ids"] else "entity" if params["entity_ids"] else
               "type" if event_type else "all")
    rows = await db.fetch_all(f"get_event_ids@{variant}", params)
    return respond(await hydrate.events(db, [r["event_id"] for r in rows]))


async def get_bulk_events(id: list[str] | None = None, entity_id: list[str] | None = None,
                          event_type: str | None = None, entity_type: str | None = None,
                          filter_deleted: bool = True, limit: int = 25, offset: int = 0,
                          user_id: str | None = None, **_):
    return await _event_page(id, entity_id, event_type, entity_type, filter_deleted, limit, offset, user_id)


async def get_all_events(id: list[str] | None = None, entity_id: list[str] | None = None,
                         event_type: str | None = None, entity_type: str | None = None,
                         filter_deleted: bool = True, limit: int = 25, offset: int = 0,
                         sort_method: str = "newest", user_id: str | None = None, **_):
    # sort_method is accepted and ignored, as upstream's Go API: events are always newest first.
    return await _event_page(id, entity_id, event_type, entity_type, filter_deleted, limit, offset, user_id)


async def get_entity_events(entity_id: list[str], id: list[str] | None = None, event_type: str | None = None,
                            entity_type: str | None = None, filter_deleted: bool = True, limit: int = 25,
                            offset: int = 0, user_id: str | None = None, **_):
    return await _event_page(id, entity_id, event_type, entity_type, filter_deleted, limit, offset, user_id)


async def event_comments(db, event_id: int, viewer: int, sort_method: str, limit: int,
                         offset: int) -> tuple[int, list[dict], list[dict]] | None:
    """(the event's host, the page's comments, the users they name and the host) or None for a missing,
    deleted or hidden event; the check and the page go in one round trip, the comments come from the one
    comment hydration (hydrate.comments: replies previewed as on a track). The bench's baseline serves it too."""
    key = {"event_id": event_id, "my_id": viewer}
    host, rows = await db.fetch_pipelined([
        ("get_event_host", key),
        (f"get_event_comment_ids@{sort_method}", {**key, "limit": limit, "offset": offset})])
    if not host:
        return None
    host_id = host[0]["user_id"]
    comments, related = await hydrate.comments(db, [r["comment_id"] for r in rows], viewer)
    users = related["users"]
    if all(u["user_id"] != host_id for u in users):
        users = [*users, *await hydrate.users(db, [host_id], viewer)]
    return host_id, comments, users


async def get_event_comments(event_id: str, sort_method: str = "newest", limit: int = 10, offset: int = 0,
                             user_id: str | None = None, **_):
    """An event's top-level comments, their replies nested; 404 for a missing, deleted or hidden event."""
    found = await event_comments(database(), path_id(event_id), my_id(user_id), sort_method, limit, offset)
    if found is None:
        raise not_found("event not found")
    host_id, comments, users = found
    return respond(comments, related={"users": users, "tracks": []}, event_user_id=ids.encode(host_id))


async def get_event_followers(event_id: str, limit: int = 20, offset: int = 0, user_id: str | None = None, **_):
    """Who follows an event, most followed first (upstream orders by follower count); deactivated users are
    left out. An unknown event has none."""
    return await _user_page("get_user_list@event_followers", {"event_id": path_id(event_id)}, my_id(user_id),
                            limit, offset)


async def get_event_follow_state(event_id: str, user_id: str | None = None, **_):
    row = await database().fetch_one("get_event_follow_state",
                                     {"event_id": path_id(event_id), "my_id": my_id(user_id)})
    return respond({"is_followed": row["is_followed"], "follower_count": row["follower_count"]})
