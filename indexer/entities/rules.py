"""The go-openaudio ETL's validation rules for new entities (user_create.go, track_create.go and its
validation file): id floors, the handle's form, content limits and the genre list. A genesis replay
(manageEntityMigration) applies none of them but the genre's normalization: legacy rows predate them."""

from __future__ import annotations

import re
from typing import Any

from openaudio_api.indexer.blocks import Rejected

# New chain entities start above the legacy ids (UserIDOffset, TrackIDOffset), so they never meet a
# migrated row.
USER_ID_FLOOR = 3_000_000
TRACK_ID_FLOOR = 2_000_000
PLAYLIST_ID_FLOOR = 400_000
# The ETL also defines CommentIDOffset (4,000,000) but no handler checks it (only its tests use it as a base):
# a comment id has no floor.
# Limits in bytes of UTF-8, as Go's len() counts.
HANDLE_MAX = 30
NAME_MAX = 32
BIO_MAX = 256
DESCRIPTION_MAX = 2500
# In characters (Go's utf8.RuneCountInString), not bytes.
COMMENT_BODY_MAX = 400
VIDEO_URL_MAX = 2000  # a fan-club post's video_url (the ETL reuses apps' redirect URI limit)
# The ETL reads at most this many entries of a comment's `mentions` (getMetadataMentions).
COMMENT_MENTIONS_MAX = 10

# The keys a track's musical_key may hold (the apps indexer's MusicalKey enum, which the ETL mirrors: flats, no
# sharps); any other value leaves the column NULL on Track Create.
MUSICAL_KEYS = frozenset({
    *(f"{note} {mode}" for note in ("A", "B flat", "B", "C", "D flat", "D", "E flat", "E", "F", "G flat", "G",
                                    "A flat") for mode in ("major", "minor")),
    "Silence",
})
# Metadata keys an Update never changes (the ETL strips them before merging): where the row sits on chain, its
# identity and owner, and what only its creating app or the ETL sets.
_IMMUTABLE = frozenset({"blocknumber", "blockhash", "txhash", "created_at", "updated_at", "slot",
                        "metadata_multihash", "is_current", "is_delete"})
IMMUTABLE_TRACK_FIELDS = _IMMUTABLE | {"track_id", "owner_id", "is_available", "ddex_app"}
IMMUTABLE_PLAYLIST_FIELDS = _IMMUTABLE | {"playlist_id", "playlist_owner_id", "is_album", "ddex_app"}

_HANDLE = re.compile(r"[a-z0-9_.]+")
RESERVED_HANDLES = frozenset({
    "admin", "audius", "api", "app", "blog", "contact", "dashboard", "dev", "developer", "docs", "download",
    "explore", "faq", "feed", "help", "home", "jobs", "legal", "library", "login", "logout", "manage", "media",
    "music", "news", "notifications", "oauth", "playlist", "playlists", "premium", "press", "privacy", "profile",
    "register", "search", "settings", "signup", "status", "support", "terms", "track", "tracks", "trending",
    "upload", "user", "users", "verify",
})

GENRES = frozenset({
    "Acoustic", "Alternative", "Ambient", "Audiobooks", "Blues", "Classical", "Comedy", "Country", "Dancehall",
    "Deep House", "Devotional", "Disco", "Downtempo", "Drum & Bass", "Dubstep", "Electro", "Electronic",
    "Experimental", "Folk", "Funk", "Future Bass", "Future House", "Glitch Hop", "Hardstyle", "Hip-Hop/Rap",
    "House", "Hyperpop", "Jazz", "Jersey Club", "Jungle", "Kids", "Latin", "Lo-Fi", "Metal", "Moombahton",
    "Podcasts", "Pop", "Progressive House", "Punk", "R&B/Soul", "Reggae", "Rock", "Soundtrack", "Spoken Word",
    "Tech House", "Techno", "Trance", "Trap", "Tropical House", "Vaporwave", "World",
})
# Community spellings of canonical genres (lowercased, whitespace collapsed), besides the canonical ones.
_GENRE_VARIANTS = {
    **{" ".join(g.lower().split()): g for g in GENRES},
    "hip-hop": "Hip-Hop/Rap", "hiphop": "Hip-Hop/Rap", "hip hop": "Hip-Hop/Rap", "hip hop/rap": "Hip-Hop/Rap",
    "rap": "Hip-Hop/Rap", "r&b": "R&B/Soul", "rnb": "R&B/Soul", "r and b": "R&B/Soul", "r&b soul": "R&B/Soul",
    "drum and bass": "Drum & Bass", "drum&bass": "Drum & Bass", "dnb": "Drum & Bass", "d&b": "Drum & Bass",
    "edm": "Electronic", "electronic dance music": "Electronic", "lofi": "Lo-Fi", "lo fi": "Lo-Fi",
}


def normalize_genre(genre: str) -> str:
    """The canonical spelling of a known genre; anything else title-cased word by word ("" stays "")."""
    key = " ".join(genre.lower().split())
    if not key:
        return ""
    return _GENRE_VARIANTS.get(key) or " ".join(w[:1].upper() + w[1:] for w in key.split())


def check_genre(genre: Any) -> None:
    if isinstance(genre, str) and genre and genre not in GENRES:
        raise Rejected(f"genre {genre!r} is not in the allow list")


def check_floor(what: str, number: int, floor: int) -> None:
    if number < floor:
        raise Rejected(f"{what} id {number} is below the offset {floor}")


def check_length(meta: dict, key: str, limit: int) -> None:
    """A string longer than the limit rejects the transaction; a non-string is ignored elsewhere."""
    value = meta.get(key)
    if isinstance(value, str) and len(value.encode()) > limit:
        raise Rejected(f"{key} exceeds the {limit} character limit")


def check_handle_form(handle: str) -> None:
    lowered = handle.lower()
    if not _HANDLE.fullmatch(lowered):
        raise Rejected(f"handle {handle!r} contains illegal characters")
    if len(lowered.encode()) > HANDLE_MAX:
        raise Rejected(f"handle {handle!r} exceeds the {HANDLE_MAX} character limit")
    if lowered in RESERVED_HANDLES:
        raise Rejected(f"handle {handle!r} is reserved")


def mutable(meta: dict, immutable: frozenset[str]) -> dict:
    """An Update's metadata without the keys it may not change."""
    return {k: v for k, v in meta.items() if k not in immutable}


def _canonical(value: Any) -> Any:
    """A JSON value as Go's json.Marshal compares it: numbers are float64 (1 and 1.0 are one number)."""
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _check_usdc_splits(conditions: Any) -> None:
    if not isinstance(conditions, dict) or "usdc_purchase" not in conditions:
        return
    usdc = conditions["usdc_purchase"]
    if not isinstance(usdc, dict):
        raise Rejected("usdc_purchase must be an object")
    if "splits" not in usdc:
        raise Rejected("usdc_purchase must contain splits")
    splits = usdc["splits"]
    if not isinstance(splits, (list, dict)):
        raise Rejected("usdc_purchase splits must be an array or object")
    if not splits:
        raise Rejected("usdc_purchase splits cannot be empty")


def check_access_conditions(meta: dict) -> None:
    """The ETL's ValidateAccessConditions, when the metadata names any gating key: a stem is never gated,
    USDC purchase conditions carry splits, a gated track has exactly one kind of condition, and a stream-gated
    track is download-gated on the same conditions."""
    keys = ("is_stream_gated", "is_download_gated", "stream_conditions", "download_conditions")
    if not any(k in meta for k in keys):
        return
    stream_gated = meta.get("is_stream_gated") is True
    download_gated = meta.get("is_download_gated") is True
    stream, download = meta.get("stream_conditions"), meta.get("download_conditions")
    if meta.get("stem_of") is not None and (stream_gated or download_gated):
        raise Rejected("stem tracks cannot have stream or download gating")
    _check_usdc_splits(stream)
    _check_usdc_splits(download)
    if stream_gated:
        if not isinstance(stream, dict) or not stream:
            raise Rejected("stream gated track must have stream_conditions")
        if len(stream) != 1:
            raise Rejected("stream_conditions must have exactly one condition type")
        if not download_gated:
            raise Rejected("stream gated track must also be download gated")
        if _canonical(stream) != _canonical(download):
            raise Rejected("stream_conditions must match download_conditions for stream gated tracks")
    elif download_gated:
        if not isinstance(download, dict) or not download:
            raise Rejected("download gated track must have download_conditions")
        if len(download) != 1:
            raise Rejected("download_conditions must have exactly one condition type")
