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
# Limits in bytes of UTF-8, as Go's len() counts.
HANDLE_MAX = 30
NAME_MAX = 32
BIO_MAX = 256
DESCRIPTION_MAX = 2500

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
