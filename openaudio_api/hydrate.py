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
