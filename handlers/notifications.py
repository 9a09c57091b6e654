"""Operations tagged `notifications`."""

from __future__ import annotations

import asyncio
import math
from datetime import timezone

from openaudio_api import hydrate, ids
from openaudio_api.errors import ApiError, bad_request
from openaudio_api.notifications import selectable_types, shape_groups
from openaudio_api.web import database, path_id, require_user, respond, routed_path_param

# [newer Go API] a notifications read that takes longer is abandoned (the statement is cancelled) and
# answered 504.
READ_TIMEOUT_SECONDS = 8.0
# [newer Go API] limit=0 is an unread-count poll; it counts the unread groups the first page of this many
# groups holds (unread groups sort first, so: min(this, unread groups)).
UNREAD_POLL_PAGE = 20


def _path_user() -> int:
    """The path's {user_id}.

    The path parameter and the common query parameter (my id) are both named `user_id`, as upstream's URL
    and every operation's parameter list require. connexion hands path and query parameters to the handler
    as one set of keyword arguments, path first and query after (connexion/decorators/parameter.py,
    get_arguments), so a `?user_id=` would overwrite the path's value in the `user_id` argument. Both are
    validated separately by name and location, so the path value is read from the routed request itself.
    My id needs no argument here: the signature middleware reads it from the query string, and this
    operation acts for the path user.
    """
    return path_id(routed_path_param("user_id"))


async def get_notifications(limit: int = 20, timestamp: float | None = None, group_id: str | None = None,
                            types: list[str] | None = None, **_):
    user_id = _path_user()
    await require_user(user_id)
    if timestamp is not None and not math.isfinite(timestamp):
        raise bad_request("timestamp is invalid: it must be a finite number")
    db = database()
    poll = limit == 0
    params = {
        "user_id": user_id,
        "types": selectable_types(types),
        # The poll always counts from the first page, whatever cursor it is sent (as upstream).
        "ts": 0.0 if poll else float(timestamp or 0),
        "group_id": "" if poll else (group_id or ""),
        "lim": UNREAD_POLL_PAGE if poll else limit,
        "counts_only": poll,
    }
    try:
        rows = await asyncio.wait_for(db.fetch_all("get_notifications", params), READ_TIMEOUT_SECONDS)
    except asyncio.TimeoutError:
        raise ApiError(504, "notifications query timed out") from None
    unread = sum(1 for row in rows if not row["is_seen"])
    if poll:
        return respond({"notifications": [], "unread_count": unread},
                       related={"users": [], "tracks": [], "playlists": []})

    groups, user_ids, track_ids, playlist_ids = shape_groups(rows)
    # Related objects are seen as the notified user sees them (a private playlist of someone else is left
    # out): one bulk fetch each of users, tracks and playlists (without their tracks) for the whole page,
    # concurrently; none when the page names none.
    users, tracks, playlists = await asyncio.gather(
        hydrate.users_by_id(db, user_ids, user_id),
        hydrate.tracks(db, track_ids, user_id),
        hydrate.playlists(db, playlist_ids, user_id),
    )
    return respond({"notifications": groups, "unread_count": unread},
                   related={"users": [users[i] for i in user_ids if i in users], "tracks": tracks,
                            "playlists": playlists})


async def get_playlist_updates(**_):
    """The playlists the user saved that changed since they last opened them. Private to the user and their
    managers, as their notifications (upstream's handler checks nothing)."""
    user_id = _path_user()
    await require_user(user_id)
    rows = await database().fetch_all("get_playlist_updates", {"user_id": user_id})
    return respond({"playlist_updates": [
        {"playlist_id": ids.encode(r["playlist_id"]), "updated_at": _unix(r["updated_at"]),
         "last_seen_at": _unix(r["seen_at"])}
        for r in rows]})


def _unix(value) -> int | None:
    """Upstream's fields.TimeUnix: whole seconds since the epoch (the columns are UTC wall times)."""
    return None if value is None else int(value.replace(tzinfo=timezone.utc).timestamp())
