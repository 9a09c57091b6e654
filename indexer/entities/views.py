"""Notification View (the user has seen their notifications up to now: notification_seen, which the
notifications API reads for unread counts) and Notification ViewPlaylist (playlist_seen), as the ETL. Both only
need the user, their signer and, for a playlist, that it exists.

Notification Create (an announcement to everyone) is knowingly not applied: the ETL file stores it without any
check of who signed it, and an indexer that takes announcements from any wallet would let anyone notify
every user."""

from __future__ import annotations

from openaudio_api.indexer.blocks import ManageEntity, Rejected
from openaudio_api.indexer.entities import TxContext, handles
from openaudio_api.indexer.entities.common import acting_user, execute, fetch, on_chain


@handles("Notification", "View")
def notifications_seen(ctx: TxContext, em: ManageEntity) -> None:
    acting_user(ctx, em)
    execute(ctx, "notification_seen", on_chain(ctx) | {"user_id": em.user_id})


@handles("Notification", "ViewPlaylist")
def playlist_seen(ctx: TxContext, em: ManageEntity) -> None:
    acting_user(ctx, em)
    if fetch(ctx, "current_playlist", {"playlist_id": em.entity_id}) is None:
        raise Rejected(f"playlist {em.entity_id} does not exist")
    execute(ctx, "playlist_seen", on_chain(ctx) | {"user_id": em.user_id, "playlist_id": em.entity_id})
