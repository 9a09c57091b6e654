"""Notification groups as upstream's Go API shapes them (v1_notifications.go, the newer version).

The grouping, cursor, seen windows and filters are SQL (db/queries/get_notifications.sql); this module is
the post-processing upstream does in Go on each group: the specifier sort, the related-id mining, and the
per-action rewrites (HashifyJson, type lowercasing, amount padding, ...). Ids are hashed here (HashifyJson)
and in serialize.py, nowhere else.
"""

from __future__ import annotations

import re
from typing import Any

from openaudio_api import ids

# The `types` whitelist: upstream's snapshot list with the newer API's additions (track_collaborator_invite and
# track_collaborator_accept after approve_manager_request; fan_remix_contest_submission, fan_club_text_post,
# remix_contest_update), in upstream's order, minus `trending_playlist`: this product has no trending
# playlist reward, so no such notification exists. The spec's `types` enum and `notification` oneOf list the
# same names (tests/test_notifications.py checks that they agree).
WHITELIST: tuple[str, ...] = (
    "announcement", "follow", "repost", "save", "remix", "cosign", "create", "tip_receive", "tip_send",
    "challenge_reward", "repost_of_repost", "save_of_repost", "tastemaker", "reaction", "supporter_dethroned",
    "supporter_rank_up", "supporting_rank_up", "milestone", "track_added_to_playlist", "tier_change", "trending",
    "trending_underground", "usdc_purchase_buyer", "usdc_purchase_seller", "track_added_to_purchased_album",
    "request_manager", "approve_manager_request", "track_collaborator_invite", "track_collaborator_accept",
    "claimable_reward", "comment", "comment_thread", "comment_mention", "comment_reaction",
    "listen_streak_reminder", "fan_remix_contest_started", "fan_remix_contest_ended",
    "fan_remix_contest_ending_soon", "fan_remix_contest_winners_selected", "fan_remix_contest_submission",
    "artist_remix_contest_ended", "artist_remix_contest_ending_soon", "artist_remix_contest_submissions",
    "fan_club_text_post", "remix_contest_update",
)

# Never returned, even when asked for (upstream's list: no client support, deprecated, or broken). Only
# `remix` is also in the whitelist: asking for it is valid and returns nothing.
EXCLUDED: frozenset[str] = frozenset({
    "usdc_transfer", "usdc_withdrawal", "reward_in_cooldown", "milestone_follower_count",
    "remix_contest_started", "remix_contest_ending_soon", "claimble_reward", "remix",
})


def selectable_types(requested: list[str] | None) -> list[str]:
    """The types a request may return. Without `types`, every whitelisted type (upstream returned any type
    not excluded, even ones its spec cannot describe; we return only the ones our spec's oneOf knows)."""
    wanted = dict.fromkeys(requested) if requested else WHITELIST
    return [t for t in wanted if t in WHITELIST and t not in EXCLUDED]


# ------------------------------------------------------------------------------------------ HashifyJson

# Upstream's regex matches `"<key>": <value>` where key is `\w+_id`, `id` or `specifier` (ASCII \w) and the
# value is an unquoted or quoted run of ASCII digits.
_HASHED_KEY = re.compile(r"[0-9A-Za-z_]+_id|id|specifier")
_DIGITS = re.compile(r"[0-9]+")
_SKIPPED_KEYS = frozenset({"special_id"})
_INT64_MAX = 2**63 - 1  # upstream's strconv.Atoi fails (and leaves the value alone) beyond this


def _hashed(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _DIGITS.fullmatch(value):
        number = int(value)
    else:
        return value  # "333_444", "180b1ca2", negative or fractional numbers, null, ...: untouched
    if number < 0 or number > _INT64_MAX:
        return value
    return ids.encode(number)


def hashify_json(value: Any) -> Any:
    """Upstream's HashifyJson, over parsed JSON instead of a regex over its text: at every nesting level, the
    value of a key that is exactly `id`, ends in `_id`, or is `specifier` becomes a hashid string when it is
    an integer or an all-digit string. `special_id` is skipped; `*_ids` arrays are not touched (their key
    does not end in `_id`). Returns a new structure."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key not in _SKIPPED_KEYS and _HASHED_KEY.fullmatch(key) and not isinstance(item, (dict, list)):
                out[key] = _hashed(item)
            else:
                out[key] = hashify_json(item)
        return out
    if isinstance(value, list):
        return [hashify_json(item) for item in value]
    return value


# ---------------------------------------------------------------------------------------- action rewrites

_COMMENT_TYPES = frozenset({"comment", "comment_thread", "comment_mention", "comment_reaction"})
# Newer Go API: the SPL -> wei padding applies to these types only (the snapshot padded every type).
_AUDIO_AMOUNT_TYPES = frozenset({"tip_send", "tip_receive", "challenge_reward", "claimable_reward", "reaction"})
_USDC_TYPES = frozenset({"usdc_purchase_buyer", "usdc_purchase_seller"})
_WEI_PADDING = "0000000000"


def _json_text(value: Any) -> str:
    """A JSON value as text, the way upstream's gjson Result.String() gives it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _json_bool(value: Any) -> bool:
    """gjson Result.Bool(): true, a non-zero number, or a string that parses as true."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    if isinstance(value, str):
        return value.strip().lower() in ("1", "t", "true")
    return False


def shape_action(action: dict, notification_type: str, group_id: str) -> dict:
    """One action as upstream emits it: {specifier, type, timestamp, data}, ids hashed, then the rewrites,
    in upstream's order."""
    action = hashify_json(action)
    data = action.get("data")
    if not isinstance(data, dict):
        return action
    if "type" in data and notification_type not in _COMMENT_TYPES:
        data["type"] = _json_text(data["type"]).lower()
    if group_id.startswith("milestone:PLAYLIST_"):
        data["is_album"] = _json_bool(data.get("is_album"))
    if notification_type in _AUDIO_AMOUNT_TYPES:
        for key in ("amount", "tip_amount"):
            if key in data:
                data[key] = _json_text(data[key]) + _WEI_PADDING
    if notification_type in _USDC_TYPES:
        for key in ("amount", "extra_amount"):
            if key in data:
                data[key] = _json_text(data[key])
    if notification_type.startswith("tip_"):
        data["tip_tx_signature"] = _json_text(data.get("tx_signature"))
    return action


# ------------------------------------------------------------------------------------------- related ids

# Newer Go API (collectNotificationRelatedIds): data keys that name users, in upstream's order.
RELATED_USER_KEYS: tuple[str, ...] = (
    "user_id", "follower_user_id", "followee_user_id", "comment_user_id", "entity_user_id", "reacter_user_id",
    "sender_user_id", "receiver_user_id", "dethroned_user_id", "grantee_user_id", "inviter_user_id",
    "collaborator_user_id", "tastemaker_user_id", "tastemaker_item_owner_id", "track_owner_id",
    "parent_track_owner_id", "playlist_owner_id", "buyer_user_id", "seller_user_id",
)
RELATED_TRACK_KEYS: tuple[str, ...] = ("track_id", "parent_track_id")
RELATED_PLAYLIST_KEYS: tuple[str, ...] = ("playlist_id",)
_TYPED_ITEM_KEYS = ("repost_item_id", "save_item_id", "repost_of_repost_item_id", "save_of_repost_item_id")


def _json_int(value: Any) -> int | None:
    """Only JSON numbers count, as upstream (a quoted id is not mined); ids are 32-bit."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 0 < value <= ids.INT32_MAX else None


def related_ids(action: dict) -> tuple[list[int], list[int], list[int]]:
    """The user, track and playlist ids one raw (not yet hashified) action refers to."""
    data = action.get("data")
    if not isinstance(data, dict):
        return [], [], []
    users = [n for n in (_json_int(data.get(k)) for k in RELATED_USER_KEYS) if n]
    tracks = [n for n in (_json_int(data.get(k)) for k in RELATED_TRACK_KEYS) if n]
    playlists = [n for n in (_json_int(data.get(k)) for k in RELATED_PLAYLIST_KEYS) if n]

    def kind(type_key: str) -> list[int] | None:
        """Where an id typed by data[type_key] goes: tracks, playlists (playlist or album), or nowhere."""
        return {"track": tracks, "playlist": playlists, "album": playlists}.get(_json_text(data.get(type_key)).lower())

    # Polymorphic ids, routed by their sibling type.
    for key in _TYPED_ITEM_KEYS:
        if (into := kind("type")) is not None and (n := _json_int(data.get(key))):
            into.append(n)
    for type_key, key in (("tastemaker_item_type", "tastemaker_item_id"), ("content_type", "content_id")):
        if (into := kind(type_key)) is not None and (n := _json_int(data.get(key))):
            into.append(n)
    # An entity id counts as a track only (upstream's rule; a comment's entity is a track).
    if _json_text(data.get("entity_type")).lower() == "track" and (n := _json_int(data.get("entity_id"))):
        tracks.append(n)
    return users, tracks, playlists


# ------------------------------------------------------------------------------------------------ groups

def shape_groups(rows: list[dict]) -> tuple[list[dict], list[int], list[int], list[int]]:
    """Rows of get_notifications -> (notification groups, related user, track and playlist ids).

    Per group: actions come from SQL newest first; they are re-sorted by their raw specifier (ascending,
    as text, before hashing; Python's sort is stable where upstream's was not); the first action after the
    sort is mined for related ids (upstream reads one action per group); then each action is rewritten.
    """
    groups: list[dict] = []
    user_ids: dict[int, None] = {}
    track_ids: dict[int, None] = {}
    playlist_ids: dict[int, None] = {}
    for row in rows:
        actions = sorted(row["actions"], key=lambda a: str(a.get("specifier", "")))
        if actions:
            users, tracks, playlists = related_ids(actions[0])
            user_ids.update(dict.fromkeys(users))
            track_ids.update(dict.fromkeys(tracks))
            playlist_ids.update(dict.fromkeys(playlists))
        groups.append({
            "type": row["type"],
            "group_id": row["group_id"],
            "is_seen": row["is_seen"],
            "seen_at": row["seen_at"],
            "actions": [shape_action(a, row["type"], row["group_id"]) for a in actions],
        })
    return groups, list(user_ids), list(track_ids), list(playlist_ids)
