"""Database rows -> the spec's objects. Ids are hashed here and nowhere else."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from decimal import Decimal

from openaudio_api import ids

# Where images are served from; upstream signs these against a rendezvous-chosen content node.
CONTENT_BASE_URL = os.environ.get("CONTENT_BASE_URL", "").rstrip("/")
_WEI_PER_AUDIO = Decimal(10) ** 18
_SOL_TO_WEI = Decimal(10) ** 10


def time_text(value: datetime | None) -> str | None:
    """Go's time.Time JSON form, which upstream emits: RFC 3339, trailing fraction zeros trimmed, UTC as Z."""
    if value is None:
        return None
    if value.tzinfo is not None:
        if value.tzinfo is not timezone.utc:  # psycopg's timestamptz in a UTC session already is
            value = value.astimezone(timezone.utc)
        value = value.replace(tzinfo=None)
    # isoformat (C, half strftime's cost; a page of 20 tracks formats some 40 times) pads the year to four
    # digits as Go does ("0001-01-01T00:00:00Z", Go's zero time), and writes the fraction as six digits.
    if value.microsecond:
        return value.isoformat().rstrip("0") + "Z"
    return value.isoformat() + "Z"


def _image(cid: str | None, sizes: tuple[str, ...]) -> dict | None:
    # A value starting with "{" is a legacy JSON blob, not a cid; upstream ignores it.
    if not cid or cid.startswith("{"):
        return None
    image = {size: f"{CONTENT_BASE_URL}/content/{cid}/{size}.jpg" for size in sizes}
    image["mirrors"] = []
    return image


def square_image(sizes_cid: str | None, legacy_cid: str | None) -> dict | None:
    return _image(sizes_cid, ("150x150", "480x480", "1000x1000")) or _image(
        legacy_cid, ("150x150", "480x480", "1000x1000")
    )


def user(row: dict) -> dict:
    balance = Decimal(row["balance"] or 0)
    associated = Decimal(row["associated_wallets_balance"] or 0)
    sol = Decimal(row["associated_sol_wallets_balance"] or 0)
    waudio = Decimal(row["waudio_balance"] or 0)
    total = balance + associated + (sol + waudio) * _SOL_TO_WEI
    payout = row["spl_usdc_payout_wallet"] or row["usdc_wallet"] or ""
    return {
        "album_count": row["album_count"] or 0,
        "artist_pick_track_id": ids.encode_opt(row["artist_pick_track_id"]),
        "bio": row["bio"],
        "cover_photo": _image(row["cover_photo_sizes"], ("640x", "2000x")) or _image(row["cover_photo"], ("640x", "2000x")),
        "follower_count": row["follower_count"] or 0,
        "followee_count": row["following_count"] or 0,
        "handle": row["handle"] or "",
        "id": ids.encode(row["user_id"]),
        "user_id": row["user_id"],
        "is_verified": row["is_verified"],
        "twitter_handle": row["twitter_handle"],
        "instagram_handle": row["instagram_handle"],
        "tiktok_handle": row["tiktok_handle"],
        "verified_with_twitter": row["verified_with_twitter"],
        "verified_with_instagram": row["verified_with_instagram"],
        "verified_with_tiktok": row["verified_with_tiktok"],
        "website": row["website"],
        "donation": row["donation"],
        "location": row["location"],
        "name": row["name"],
        "playlist_count": row["playlist_count"] or 0,
        "profile_type": row["profile_type"],
        "profile_picture": square_image(row["profile_picture_sizes"], row["profile_picture"]),
        "repost_count": row["repost_count"] or 0,
        "track_count": row["track_count"] or 0,
        "is_deactivated": row["is_deactivated"],
        "is_available": row["is_available"],
        "erc_wallet": row["wallet"],
        "spl_wallet": row["spl_wallet"],
        # Upstream's v1 user names it spl_usdc_wallet, its full user usdc_wallet: clients of either spec read it.
        "spl_usdc_wallet": row["usdc_wallet"],
        "usdc_wallet": row["usdc_wallet"],
        "spl_usdc_payout_wallet": row["spl_usdc_payout_wallet"],
        "supporter_count": row["supporter_count"],
        "supporting_count": row["supporting_count"],
        "wallet": row["wallet"],
        "balance": row["balance"],
        "associated_wallets_balance": row["associated_wallets_balance"],
        "total_balance": str(total),
        "total_audio_balance": int(total // _WEI_PER_AUDIO),
        "payout_wallet": payout,
        "waudio_balance": row["waudio_balance"],
        "associated_sol_wallets_balance": row["associated_sol_wallets_balance"],
        "blocknumber": row["blocknumber"],
        "created_at": time_text(row["created_at"]),
        "is_storage_v2": row["is_storage_v2"],
        "creator_node_endpoint": row["creator_node_endpoint"],
        "current_user_followee_follow_count": row["current_user_followee_follow_count"],
        "does_current_user_follow": row["does_current_user_follow"],
        "does_current_user_subscribe": row["does_current_user_subscribe"],
        "does_follow_current_user": row["does_follow_current_user"],
        "handle_lc": row["handle_lc"],
        "updated_at": time_text(row["updated_at"]),
        "cover_photo_sizes": row["cover_photo_sizes"],
        "cover_photo_cids": None,
        "cover_photo_legacy": None,
        "profile_picture_sizes": row["profile_picture_sizes"],
        "profile_picture_cids": None,
        "profile_picture_legacy": None,
        "has_collectibles": row["has_collectibles"],
        "playlist_library": row["playlist_library"],
        "allow_ai_attribution": row["allow_ai_attribution"],
        "artist_coin_badge": None,
    }


def _followee_actions(items: list[dict], kind: str, type_name: str) -> list[dict]:
    return [
        {
            "user_id": ids.encode(item["user_id"]),
            f"{kind}_item_id": ids.encode(item["item_id"]),
            f"{kind}_type": type_name,
            "created_at": time_text(datetime.fromisoformat(item["created_at"])),
        }
        for item in items
    ]


def _access(row: dict, my_id: int) -> dict:
    """Who may stream and download: the owner always; others per the gate (upstream's rules).

    Only the follow gate can be proven from our tables; tip and purchase gates stay closed to non-owners
    until those tables are indexed.
    """
    if my_id and my_id == row["owner_id"]:
        return {"stream": True, "download": True}

    def passes(conditions: dict | None) -> bool:
        if not conditions:
            return True
        if "follow_user_id" in conditions:
            return bool(row["current_user_follows_owner"])
        return False

    if row["is_stream_gated"]:
        ok = passes(row["stream_conditions"])
        return {"stream": ok, "download": ok}
    if row["is_download_gated"]:
        return {"stream": True, "download": passes(row["download_conditions"])}
    return {"stream": True, "download": True}


_NO_FIELD_VISIBILITY = {k: None for k in ("mood", "tags", "genre", "share", "play_count", "remixes")}


def track(row: dict, users: dict[int, dict], my_id: int) -> dict:
    owner = users[row["owner_id"]]
    slug = row["slug"] or ""
    backlink = None
    if row["album_playlist_id"] is not None:
        backlink = {
            "playlist_id": row["album_playlist_id"],
            "playlist_name": row["album_playlist_name"] or "",
            "permalink": row["album_permalink"],
        }
    return {
        "track_id": row["track_id"],
        "id": ids.encode(row["track_id"]),
        "title": row["title"],
        "description": row["description"],
        "genre": row["genre"],
        "mood": row["mood"],
        "tags": row["tags"],
        "slug": row["slug"],
        "permalink": f"/{owner['handle']}/{slug}",
        "route_id": row["route_id"],
        "user_id": ids.encode(row["owner_id"]),
        "user": owner,
        "artwork": square_image(row["cover_art_sizes"], row["cover_art"]),
        "duration": row["duration"],
        "release_date": time_text(row["release_date"]),
        "create_date": row["create_date"],
        "created_at": time_text(row["created_at"]),
        "updated_at": time_text(row["updated_at"]),
        "blocknumber": row["blocknumber"],
        "play_count": row["play_count"],
        "repost_count": row["repost_count"],
        "favorite_count": row["save_count"],
        "comment_count": row["comment_count"],
        "track_cid": row["track_cid"],
        "preview_cid": row["preview_cid"],
        "orig_file_cid": row["orig_file_cid"],
        "orig_filename": row["orig_filename"],
        "is_original_available": row["is_original_available"],
        "is_downloadable": row["is_downloadable"],
        "is_streamable": not row["is_delete"] and not owner["is_deactivated"],
        "cover_art": row["cover_art"],
        "cover_art_sizes": row["cover_art_sizes"],
        "track_segments": row["track_segments"] or [],
        # Media links are signed by a content node, which this service does not run.
        "stream": None,
        "download": None,
        "preview": None,
        "preview_start_seconds": row["preview_start_seconds"],
        "audio_upload_id": row["audio_upload_id"],
        "bpm": row["bpm"],
        "is_custom_bpm": row["is_custom_bpm"],
        "musical_key": row["musical_key"],
        "is_custom_musical_key": row["is_custom_musical_key"],
        "audio_analysis_error_count": row["audio_analysis_error_count"],
        "is_delete": row["is_delete"],
        "is_available": row["is_available"],
        "is_unlisted": row["is_unlisted"],
        "is_scheduled_release": row["is_scheduled_release"],
        "is_owned_by_user": row["is_owned_by_user"],
        "field_visibility": {**_NO_FIELD_VISIBILITY, **(row["field_visibility"] or {})},
        "comments_disabled": row["comments_disabled"],
        "pinned_comment_id": row["pinned_comment_id"],
        "isrc": row["isrc"],
        "iswc": row["iswc"],
        "license": row["license"],
        "credits_splits": row["credits_splits"],
        "ai_attribution_user_id": row["ai_attribution_user_id"],
        "allowed_api_keys": row["allowed_api_keys"],
        "cover_original_song_title": row["cover_original_song_title"],
        "cover_original_artist": row["cover_original_artist"],
        "parental_warning_type": row["parental_warning_type"],
        "ddex_app": row["ddex_app"],
        "ddex_release_ids": row["ddex_release_ids"],
        "artists": row["artists"],
        "resource_contributors": row["resource_contributors"],
        "indirect_resource_contributors": row["indirect_resource_contributors"],
        "rights_controller": row["rights_controller"],
        "copyright_line": row["copyright_line"],
        "producer_copyright_line": row["producer_copyright_line"],
        "is_stream_gated": row["is_stream_gated"],
        "stream_conditions": row["stream_conditions"],
        "is_download_gated": row["is_download_gated"],
        "download_conditions": row["download_conditions"],
        "access": _access(row, my_id),
        "remix_of": {
            "tracks": [
                {
                    "parent_track_id": ids.encode(parent["parent_track_id"]),
                    "has_remix_author_reposted": parent["has_remix_author_reposted"],
                    "has_remix_author_saved": parent["has_remix_author_saved"],
                    "user": users[parent["parent_owner_id"]],
                }
                for parent in row["remix_parents"]
                if parent["parent_owner_id"] in users
            ]
        },
        "stem_of": row["stem_of"],
        "album_backlink": backlink,
        "playlists_containing_track": row["playlists_containing_track"] or [],
        "playlists_previously_containing_track": row["playlists_previously_containing_track"] or {},
        "has_current_user_reposted": row["has_current_user_reposted"],
        "has_current_user_saved": row["has_current_user_saved"],
        "followee_reposts": _followee_actions(row["followee_reposts"], "repost", "RepostType.track"),
        "followee_favorites": _followee_actions(row["followee_favorites"], "favorite", "SaveType.track"),
        # Users that did not resolve (no aggregate row, ...) are skipped, as upstream.
        "collaborators": [users[i] for i in row["collaborator_ids"] if i in users],
        "pending_collaborators": [users[i] for i in row["pending_collaborator_ids"] if i in users],
    }


def stem(row: dict) -> dict:
    """A stem as upstream's getTrackStems lists it: a file of the parent track, not a full track object."""
    return {
        "id": ids.encode(row["track_id"]),
        "parent_id": ids.encode(row["parent_track_id"]),
        "category": row["category"],
        "cid": row["track_cid"] or "",
        "user_id": ids.encode(row["owner_id"]),
        "blocknumber": row["blocknumber"] or 0,
        "orig_filename": row["orig_filename"],
    }


def grant(row: dict) -> dict:
    return {
        "user_id": ids.encode(row["user_id"]),
        "grantee_address": row["grantee_address"],
        "is_revoked": row["is_revoked"],
        "is_approved": row["is_approved"],
        "created_at": time_text(row["created_at"]),
        "updated_at": time_text(row["updated_at"]),
    }


# --- Events (remix contests, issue 21) ------------------------------------------------------------------


def event(row: dict) -> dict:
    """An event as upstream's FullEvent: ids hashed (an event on no entity has entity_id null, where
    upstream hashes 0), event_data passed through as stored (a value that is no JSON object as {}, the
    object the spec promises)."""
    return {
        "event_id": ids.encode(row["event_id"]),
        "event_type": row["event_type"],
        "user_id": ids.encode(row["user_id"]),
        "entity_type": row["entity_type"],
        "entity_id": ids.encode_opt(row["entity_id"]),
        "end_date": time_text(row["end_date"]),
        "is_deleted": row["is_deleted"],
        "created_at": time_text(row["created_at"]),
        "updated_at": time_text(row["updated_at"]),
        "event_data": row["event_data"] if isinstance(row["event_data"], dict) else {},
    }


# --- Comments (issue 21) ----------------------------------------------------------------------------------

REMOVED_MESSAGE = "[Removed]"  # what upstream shows in place of a deleted comment's text


def comment(row: dict, replies: list[dict] | None = None) -> dict:
    """Upstream's comment (the Go API's FullComment). A deleted comment is served only while it has live
    replies, as a tombstone whose text and mentions are gone. `replies` (the thread's preview) is given for
    a top-level comment and left out of a reply."""
    deleted = row["is_delete"]
    out = {
        "id": ids.encode(row["comment_id"]),
        "entity_type": row["entity_type"],
        "entity_id": ids.encode(row["entity_id"]),
        "user_id": ids.encode(row["user_id"]),
        "message": REMOVED_MESSAGE if deleted else row["text"],
        "mentions": [] if deleted else row["mentions"],
        "track_timestamp_s": row["track_timestamp_s"],
        "react_count": row["react_count"],
        "reply_count": row["reply_count"],
        "is_edited": row["is_edited"],
        "is_current_user_reacted": row["is_current_user_reacted"],
        "is_artist_reacted": row["is_artist_reacted"],
        "is_tombstone": deleted and row["reply_count"] > 0,
        "is_muted": row["is_muted"],
        "created_at": time_text(row["created_at"]),
        "updated_at": time_text(row["updated_at"]),
        "parent_comment_id": row["parent_comment_id"],
    }
    if replies is not None:
        out["replies"] = replies
    return out
# --- Playlists and albums (issue 20) ---------------------------------------------------------------------

def _seconds(value) -> int:
    """A playlist_contents time (unix seconds, sometimes fractional) as the spec's integer; 0 when absent."""
    return int(value) if value is not None else 0


def playlist(row: dict, owner: dict, my_id: int) -> dict:
    """A get_playlists.sql row and its owner's user object as upstream's full playlist (Go's FullPlaylist).

    `tracks` is the hydration's to add (hydrate.playlists(with_tracks=True)); it is absent otherwise."""
    kind = "album" if row["is_album"] else "playlist"
    contents = [
        {"timestamp": _seconds(e["time"]), "track_id": ids.encode(e["track"]),
         "metadata_timestamp": _seconds(e["metadata_time"])}
        for e in row["entries"]
    ]
    # A playlist has one gate, on streaming; downloading follows it (upstream: "download access is the
    # same as stream access"). The track rules of _access apply as they are.
    access = _access({**row, "is_download_gated": False, "download_conditions": None}, my_id)
    return {
        "id": ids.encode(row["playlist_id"]),
        "playlist_id": row["playlist_id"],
        "playlist_name": row["playlist_name"] or "",
        "description": row["description"],
        "permalink": f"/{owner['handle']}/{kind}/{row['slug'] or ''}",
        "slug": row["slug"],
        "user_id": ids.encode(row["playlist_owner_id"]),
        "playlist_owner_id": row["playlist_owner_id"],
        "user": owner,
        "artwork": square_image(row["playlist_image_sizes_multihash"], row["playlist_image_multihash"]),
        "cover_art": row["playlist_image_multihash"],
        "cover_art_sizes": row["playlist_image_sizes_multihash"],
        "cover_art_cids": None,
        "is_album": row["is_album"],
        "is_private": row["is_private"],
        "is_delete": row["is_delete"],
        "is_image_autogenerated": row["is_image_autogenerated"],
        # Not indexed here (no scheduled playlist releases in our tables): never scheduled, no release date.
        "is_scheduled_release": False,
        "release_date": None,
        "parental_warning_type": None,
        "is_stream_gated": row["is_stream_gated"],
        "stream_conditions": row["stream_conditions"],
        "access": access,
        "upc": row["upc"],
        "ddex_app": row["ddex_app"],
        "ddex_release_ids": None,
        "artists": None,
        "copyright_line": None,
        "producer_copyright_line": None,
        "blocknumber": row["blocknumber"] or 0,
        "created_at": time_text(row["created_at"]),
        "updated_at": time_text(row["updated_at"]),
        "playlist_contents": contents,
        "added_timestamps": contents,  # upstream's deprecated twin of playlist_contents
        "track_count": row["track_count"],
        "total_play_count": row["total_play_count"],
        "repost_count": row["repost_count"],
        "favorite_count": row["save_count"],
        "has_current_user_reposted": row["has_current_user_reposted"],
        "has_current_user_saved": row["has_current_user_saved"],
        # Upstream's Go API labels playlist actions with the track types (its note: "some sqlalchemy bs").
        "followee_reposts": _followee_actions(row["followee_reposts"], "repost", "RepostType.track"),
        "followee_favorites": _followee_actions(row["followee_favorites"], "favorite", "SaveType.track"),
    }


def playlist_access_info(row: dict, my_id: int) -> dict:
    """getPlaylistAccessInfo: who owns the playlist, its gate, and what the viewer may do (upstream's
    track_access_info shape, which the playlist operation shares)."""
    return {
        "user_id": ids.encode(row["playlist_owner_id"]),
        "blocknumber": row["blocknumber"] or 0,
        "is_stream_gated": row["is_stream_gated"],
        "stream_conditions": row["stream_conditions"],
        "is_download_gated": False,
        "download_conditions": None,
        "access": _access({**row, "is_download_gated": False, "download_conditions": None}, my_id),
    }


def reaction(row: dict) -> dict:
    """A get_reactions.sql row as upstream's full reaction: the value as text, the tip's sender as a hashid."""
    return {"reaction_value": str(row["reaction_value"]), "reaction_type": row["reaction_type"],
            "sender_user_id": ids.encode(row["sender_user_id"]), "reacted_to": row["reacted_to"]}
