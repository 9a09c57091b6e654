"""Comment Create (on a track; a reply names parent_comment_id), Pin and Unpin (by the track's owner)."""

from __future__ import annotations

from openaudio_api.indexer.blocks import ManageEntity, Rejected, parse_id
from openaudio_api.indexer.entities import TxContext, handles
from openaudio_api.indexer.entities.common import (INT, Field, acting_user, execute, fetch, metadata, migrated_flag, on_chain,
                                                  values)


@handles("Comment", "Create")
def create(ctx: TxContext, em: ManageEntity) -> None:
    acting_user(ctx, em)
    meta = metadata(em)
    if em.entity_id <= 0 or fetch(ctx, "comment_exists", {"comment_id": em.entity_id})["exists"]:
        raise Rejected(f"comment {em.entity_id} already exists or is not a comment id")
    if meta.get("entity_type", "Track") != "Track":
        raise Rejected(f"comments on {meta.get('entity_type')!r} are not supported; only on tracks")
    track_id = parse_id(meta.get("entity_id"))
    track = fetch(ctx, "current_track", {"track_id": track_id}) if track_id else None
    if track is None or track["is_delete"]:
        raise Rejected(f"track {meta.get('entity_id')!r} does not exist")
    if track["comments_disabled"]:
        raise Rejected(f"comments are disabled on track {track_id}")
    body = meta.get("body")
    if not isinstance(body, str) or not body.strip():
        raise Rejected("a comment needs a body")
    timestamp = values(meta, [Field("track_timestamp_s", INT)]).get("track_timestamp_s")
    parent_id = meta.get("parent_comment_id")
    if parent_id is not None:
        parent = fetch(ctx, "comment_on_track", {"comment_id": parse_id(parent_id) or 0, "track_id": track_id})
        if parent is None:
            raise Rejected(f"parent comment {parent_id!r} is not a comment on track {track_id}")
    execute(ctx, "insert_comment", on_chain(ctx) | {
        "comment_id": em.entity_id, "text": body.replace("\x00", ""), "user_id": em.user_id, "track_id": track_id,
        "track_timestamp_s": timestamp, "is_delete": migrated_flag(ctx, em, "is_delete"),
        "parent_comment_id": parse_id(parent_id) if parent_id is not None else None})


def _pinnable(ctx: TxContext, em: ManageEntity) -> dict:
    acting_user(ctx, em)
    comment = fetch(ctx, "comment_track_owner", {"comment_id": em.entity_id})
    if comment is None:
        raise Rejected(f"comment {em.entity_id} does not exist")
    if comment["owner_id"] != em.user_id:
        raise Rejected(f"only the owner of track {comment['track_id']} can pin or unpin its comments")
    return comment


@handles("Comment", "Pin")
def pin(ctx: TxContext, em: ManageEntity) -> None:
    comment = _pinnable(ctx, em)
    # Only the pin (and the row's block) changes: upstream edits the current track row without a new version
    # or updated_at.
    execute(ctx, "pin_comment", on_chain(ctx) | {"track_id": comment["track_id"], "comment_id": em.entity_id})


@handles("Comment", "Unpin")
def unpin(ctx: TxContext, em: ManageEntity) -> None:
    comment = _pinnable(ctx, em)
    if comment["pinned_comment_id"] != em.entity_id:
        raise Rejected(f"comment {em.entity_id} is not pinned")
    execute(ctx, "pin_comment", on_chain(ctx) | {"track_id": comment["track_id"], "comment_id": None})
