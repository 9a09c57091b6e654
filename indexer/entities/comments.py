"""Comments as the ETL applies them: Create (on a track, an event such as a remix contest, or a fan club's
wall, where a post may be for members only and carry a video; a reply names
parent_comment_id or parent_id; the users it mentions), Update (by its author: a new body, marked edited, and a
new set of mentions when it names one), Delete (by its author or the owner of the track or event), Pin and
Unpin (by the track's owner), React/Unreact and Report (one row per comment and user); MutedUser Mute/Unmute,
which hides a user's comments from the muting user; and the comment notification settings: Track Mute/Unmute
(a track's comment notifications) and Comment Mute/Unmute (a thread's)."""

from __future__ import annotations

import math

from openaudio_api.indexer.blocks import ManageEntity, Rejected, parse_id
from openaudio_api.indexer.entities import TxContext, handles, rules
from openaudio_api.indexer.entities.common import (INT, Field, acting_user, execute, fetch, metadata, migrated_flag, on_chain,
                                                  values)


@handles("Comment", "Create")
def create(ctx: TxContext, em: ManageEntity) -> None:
    acting_user(ctx, em)
    meta = metadata(em)
    if em.entity_id <= 0 or fetch(ctx, "comment_exists", {"comment_id": em.entity_id})["exists"]:
        raise Rejected(f"comment {em.entity_id} already exists or is not a comment id")
    entity_type, entity_id = _commented(ctx, meta)
    body = _body(meta)
    members_only = meta.get("is_members_only") is True
    if members_only and entity_type != "FanClub":
        raise Rejected(f"is_members_only requires entity_type=FanClub (got {entity_type!r})")
    timestamp = values(meta, [Field("track_timestamp_s", INT)]).get("track_timestamp_s")
    parent_id = _parent_id(meta)
    on_entity = {"comment_id": parent_id, "entity_type": entity_type, "entity_id": entity_id}
    if parent_id is not None and fetch(ctx, "comment_on_entity", on_entity) is None:
        raise Rejected(f"parent comment {parent_id} is not a comment on {entity_type.lower()} {entity_id}")
    execute(ctx, "insert_comment", on_chain(ctx) | {
        "comment_id": em.entity_id, "text": body.replace("\x00", ""), "user_id": em.user_id,
        "entity_type": entity_type, "entity_id": entity_id, "track_timestamp_s": timestamp,
        "is_delete": migrated_flag(ctx, em, "is_delete"), "parent_comment_id": parent_id,
        "is_members_only": members_only, "video_url": _video_url(meta) or None})
    _write_mentions(ctx, em.entity_id, _mentions(meta), replace=False)


def _commented(ctx: TxContext, meta: dict) -> tuple[str, int]:
    """What a comment is on: a live track whose comments are enabled (the default entity_type), or an event
    (a remix contest's updates and discussion, the ETL's Event comments) that is not deleted."""
    entity_type = meta.get("entity_type", "Track")
    entity_id = parse_id(meta.get("entity_id"))
    if entity_type == "Event":
        event = fetch(ctx, "event_current", {"event_id": entity_id}) if entity_id else None
        if event is None or event["is_deleted"]:
            raise Rejected(f"event {meta.get('entity_id')!r} does not exist")
        return "Event", entity_id
    if entity_type == "FanClub":
        # A fan club is its artist's: entity_id is the user id, which the ETL does not check.
        if entity_id is None:
            raise Rejected(f"fan club {meta.get('entity_id')!r} is not a user id")
        return "FanClub", entity_id
    if entity_type != "Track":
        raise Rejected(f"comments on {entity_type!r} are not supported; only on tracks, events and fan clubs")
    track = fetch(ctx, "current_track", {"track_id": entity_id}) if entity_id else None
    if track is None or track["is_delete"]:
        raise Rejected(f"track {meta.get('entity_id')!r} does not exist")
    if track["comments_disabled"]:
        raise Rejected(f"comments are disabled on track {entity_id}")
    return "Track", entity_id


def _parent_id(meta: dict) -> int | None:
    """The comment a reply answers, as the ETL's getCommentParentID reads it: parent_comment_id, else
    parent_id (clients send either); a value that is no positive id names no parent (a top-level comment)."""
    for key in ("parent_comment_id", "parent_id"):
        if (number := parse_id(meta.get(key))) is not None:
            return number
    return None


def _video_url(meta: dict) -> str:
    """A fan-club post's video, at most VIDEO_URL_MAX characters (the ETL checks it on Create and Update alike;
    a value that is no string counts as none)."""
    url = meta.get("video_url")
    if not isinstance(url, str):
        return ""
    if len(url) > rules.VIDEO_URL_MAX:
        raise Rejected(f"video_url exceeds the {rules.VIDEO_URL_MAX} character limit")
    return url.replace("\x00", "")


def _body(meta: dict) -> str:
    """A comment's body, at most 400 characters. The ETL checks the limit on a replayed legacy comment too
    (its migrated Comment Create runs the production validation), so a genesis replay is not exempt."""
    body = meta.get("body")
    if not isinstance(body, str) or not body.strip():
        raise Rejected("a comment needs a body")
    if len(body) > rules.COMMENT_BODY_MAX:
        raise Rejected(f"comment body exceeds the {rules.COMMENT_BODY_MAX} character limit")
    return body


def _mentions(meta: dict) -> list[int] | None:
    """The users a comment's metadata mentions, read as the ETL's getMetadataMentions: `mentions` must be a
    non-empty list; of its first ten entries the JSON numbers count (truncated to integers, as its int64
    conversion), anything else is skipped but still uses up a place. No check that the users exist, as
    the ETL. None: no mentions named, so an Update leaves the comment's set as it is."""
    raw = meta.get("mentions")
    if not isinstance(raw, list):
        return None
    found = [int(v) for v in raw[:rules.COMMENT_MENTIONS_MAX]
             if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)]
    if not found:
        return None
    # The ETL's insert casts the ids to int[]: one out of that range fails the transaction there, so here
    # the transaction is refused (rather than failing the block on the column's range).
    if any(not -2**31 <= n < 2**31 for n in found):
        raise Rejected("a mentioned user id is out of range")
    return found


def _write_mentions(ctx: TxContext, comment_id: int, user_ids: list[int] | None, *, replace: bool) -> None:
    if user_ids is None:
        return
    params = on_chain(ctx) | {"comment_id": comment_id, "user_ids": user_ids}
    if replace:
        execute(ctx, "comment_mentions_retire", params)
    execute(ctx, "comment_mentions_set", params)


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


def _live_comment(ctx: TxContext, em: ManageEntity) -> dict:
    acting_user(ctx, em)
    comment = fetch(ctx, "comment_owner", {"comment_id": em.entity_id})
    if comment is None:
        raise Rejected(f"comment {em.entity_id} does not exist or is deleted")
    return comment


@handles("Comment", "Update")
def update(ctx: TxContext, em: ManageEntity) -> None:
    comment = _live_comment(ctx, em)
    if comment["user_id"] != em.user_id:
        raise Rejected(f"only the author of comment {em.entity_id} can edit it")
    body = _body(metadata(em))
    _video_url(metadata(em))
    execute(ctx, "comment_edit", on_chain(ctx) | {"comment_id": em.entity_id, "text": body.replace("\x00", "")})
    # Named mentions replace the set; an absent or empty list keeps it (the ETL's rule: mentions change only
    # when the edit names at least one).
    _write_mentions(ctx, em.entity_id, _mentions(metadata(em)), replace=True)


@handles("Comment", "Delete")
def delete(ctx: TxContext, em: ManageEntity) -> None:
    comment = _live_comment(ctx, em)
    if em.user_id not in (comment["user_id"], comment["entity_owner_id"]):
        owner = "event's" if comment["entity_type"] == "Event" else "track's"
        raise Rejected(f"only the author of comment {em.entity_id} or the {owner} owner can delete it")
    execute(ctx, "comment_delete", on_chain(ctx) | {"comment_id": em.entity_id})


REACTIONS = {"table": "comment_reactions", "item": "comment_id"}
REPORTS = {"table": "comment_reports", "item": "comment_id"}
MUTES = {"table": "muted_users", "item": "muted_user_id"}


def _pair(ctx: TxContext, em: ManageEntity, names: dict, live: bool, what: str) -> None:
    """Do (live) or undo an in-place pair row: no second while one is live, no undo without one."""
    key = {"item_id": em.entity_id, "user_id": em.user_id}
    current = fetch(ctx, "pair_current", key, **names)
    active = current is not None and not current["is_delete"]
    if live and active:
        raise Rejected(f"user {em.user_id} already {what} {em.entity_id}")
    if not live and not active:
        raise Rejected(f"user {em.user_id} has not {what} {em.entity_id}")
    execute(ctx, "pair_upsert", key | on_chain(ctx) | {"is_delete": not live}, **names)


@handles("Comment", "React")
def react(ctx: TxContext, em: ManageEntity) -> None:
    _live_comment(ctx, em)
    _pair(ctx, em, REACTIONS, True, "reacted to comment")


@handles("Comment", "Unreact")
def unreact(ctx: TxContext, em: ManageEntity) -> None:
    acting_user(ctx, em)
    _pair(ctx, em, REACTIONS, False, "reacted to comment")


@handles("Comment", "Report")
def report(ctx: TxContext, em: ManageEntity) -> None:
    # The ETL checks neither that the comment exists nor that it is live: a report is kept as sent.
    acting_user(ctx, em)
    _pair(ctx, em, REPORTS, True, "reported comment")


def _mute(ctx: TxContext, em: ManageEntity, live: bool) -> None:
    acting_user(ctx, em)
    if live:
        if em.entity_id == em.user_id:
            raise Rejected(f"user {em.user_id} cannot mute themselves")
        if not fetch(ctx, "user_exists_current", {"user_id": em.entity_id})["exists"]:
            raise Rejected(f"muted user {em.entity_id} does not exist")
    _pair(ctx, em, MUTES, live, "muted user")


@handles("MutedUser", "Mute")
def mute(ctx: TxContext, em: ManageEntity) -> None:
    _mute(ctx, em, True)


@handles("MutedUser", "Unmute")
def unmute(ctx: TxContext, em: ManageEntity) -> None:
    _mute(ctx, em, False)


def _notification_setting(ctx: TxContext, em: ManageEntity, muted: bool) -> None:
    """The ETL's upsertCommentNotificationSetting: the row of (user, entity) takes the new state, whether or not
    the entity exists (no check there either) and whatever it was. The ETL stores every such row as a
    'Comment' setting, its Track Mute too, so the API's read of a track's setting (entity_type 'Track') never
    finds one; ours keeps the entity's own type, as the legacy indexer did, so the setting is served."""
    acting_user(ctx, em)
    if em.entity_id <= 0:
        raise Rejected(f"{em.entity_type.lower()} id {em.entity_id} is not an id")
    execute(ctx, "comment_notification_set", on_chain(ctx) | {
        "user_id": em.user_id, "entity_id": em.entity_id, "entity_type": em.entity_type, "is_muted": muted})


@handles("Track", "Mute")
def mute_track_notifications(ctx: TxContext, em: ManageEntity) -> None:
    _notification_setting(ctx, em, True)


@handles("Track", "Unmute")
def unmute_track_notifications(ctx: TxContext, em: ManageEntity) -> None:
    _notification_setting(ctx, em, False)


@handles("Comment", "Mute")
def mute_comment_notifications(ctx: TxContext, em: ManageEntity) -> None:
    _notification_setting(ctx, em, True)


@handles("Comment", "Unmute")
def unmute_comment_notifications(ctx: TxContext, em: ManageEntity) -> None:
    _notification_setting(ctx, em, False)
