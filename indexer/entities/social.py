"""Follow/Unfollow and Subscribe/Unsubscribe (User), Repost/Unrepost and Save/Unsave (Track, Playlist): one
row per (user, item), changed in place (see users.py): undoing sets is_delete, doing again clears it and takes
the new time. Rules as upstream's validate_social_feature: the target exists (deleted tracks included, as
upstream), no self-follow, no second Follow/Repost/Save while one is live, no undo without a live one.

A Follow also subscribes and an Unfollow unsubscribes (the ETL's implied subscription), except in a genesis
replay: there the legacy subscriptions come as their own Subscribe transactions, and inferring one per follow
would add subscriptions nobody had."""

from __future__ import annotations

from dataclasses import dataclass

from openaudio_api.indexer.blocks import ManageEntity, Rejected
from openaudio_api.indexer.entities import TxContext, handles
from openaudio_api.indexer.entities.common import acting_user, execute, fetch, migrated_flag, on_chain


@dataclass(frozen=True)
class Kind:
    queries: str  # prefix of its statements: follow_* (follows), engagement_* (reposts and saves alike)
    names: dict  # {marker: table or column} filled into those statements
    via_repost: str = ""  # metadata key of the "came through a repost" flag


FOLLOW = Kind("follow", {})
SUBSCRIBE = Kind("subscription", {})
REPOST = Kind("engagement", {"table": "reposts", "item": "repost_item_id", "kind": "repost_type",
                             "via_repost": "is_repost_of_repost"}, "is_repost_of_repost")
SAVE = Kind("engagement", {"table": "saves", "item": "save_item_id", "kind": "save_type",
                           "via_repost": "is_save_of_repost"}, "is_save_of_repost")


def _target_type(ctx: TxContext, em: ManageEntity) -> str | None:
    """The target's reposttype/savetype value (None for a user), or Rejected when it does not exist."""
    if em.entity_type == "User":
        if em.entity_id == em.user_id:
            raise Rejected(f"user {em.user_id} cannot {em.action.lower()} themselves")
        found = fetch(ctx, "user_exists_current", {"user_id": em.entity_id})["exists"]
        kind = None
    else:
        row = fetch(ctx, f"{em.entity_type.lower()}_kind", {"id": em.entity_id})
        found, kind = row is not None, row and row["kind"]
    if not found:
        raise Rejected(f"{em.entity_type} {em.entity_id} does not exist")
    return kind


def _apply(ctx: TxContext, em: ManageEntity, kind: Kind, live: bool) -> None:
    acting_user(ctx, em)
    item_type = _target_type(ctx, em)
    key = {"user_id": em.user_id, "item_id": em.entity_id, "item_type": item_type}
    current = fetch(ctx, f"{kind.queries}_current", key, **kind.names)
    if live and current is not None and not current["is_delete"]:
        raise Rejected(f"user {em.user_id} already did {em.action} on {em.entity_type} {em.entity_id}")
    if not live and (current is None or current["is_delete"]):
        raise Rejected(f"user {em.user_id} has no {em.entity_type} {em.entity_id} to {em.action}")
    via_repost = bool(kind.via_repost) and (em.metadata or {}).get(kind.via_repost) is True
    # A replayed legacy follow, repost or save carries its own is_delete: one transaction per legacy row.
    is_delete = not live or migrated_flag(ctx, em, "is_delete")
    params = key | on_chain(ctx) | {"is_delete": is_delete, "via_repost": via_repost}
    execute(ctx, f"{kind.queries}_{'insert' if current is None else 'set'}", params, **kind.names)
    if kind is FOLLOW and not ctx.migration:
        implied = fetch(ctx, "subscription_current", key)
        execute(ctx, f"subscription_{'insert' if implied is None else 'set'}", params)


def _register(entity_type: str, do: str, undo: str, kind: Kind) -> None:
    handles(entity_type, do)(lambda ctx, em: _apply(ctx, em, kind, live=True))
    handles(entity_type, undo)(lambda ctx, em: _apply(ctx, em, kind, live=False))


_register("User", "Follow", "Unfollow", FOLLOW)
_register("User", "Subscribe", "Unsubscribe", SUBSCRIBE)
for _entity in ("Track", "Playlist"):
    _register(_entity, "Repost", "Unrepost", REPOST)
    _register(_entity, "Save", "Unsave", SAVE)
