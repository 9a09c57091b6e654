"""Route slugs of tracks and playlists, as upstream's entity manager makes them (discovery-provider
helpers.sanitize_slug / create_track_route_id and generate_slug_and_collision_id). The indexer and the demo
seed both name routes through here, so a seeded database and an indexed one agree on every permalink."""

from __future__ import annotations

import re
from collections.abc import Callable

from openaudio_api import ids

_SLUG_STRIP = re.compile(r"!|%|#|\$|&|'|\(|\)|\*|\+|,|/|:|;|=|\?|@|\[|\]|\x00|\^|\.|\{|\}|\"")
# route_id predates the slug rules and keeps fewer of them: upstream never migrated it.
_ROUTE_ID_STRIP = re.compile(r"!|%|#|\$|&|'|\(|\)|\*|\+|,|/|:|;|=|\?|@|\[|\]|\x00")


def sanitize_slug(title: str, record_id: int, collision_id: int = 0) -> str:
    """"My Awesome Track!" -> "my-awesome-track" ("...-2" with collision_id 2). A title with nothing left
    after sanitising is named by its hashed id."""
    slug = _SLUG_STRIP.sub("", title.encode("utf-8", "ignore").decode("utf-8", "ignore"))
    slug = re.sub(r"-+", "-", re.sub(r"\s+", "-", slug.strip())).lower()
    slug = slug or ids.encode(record_id)
    return f"{slug}-{collision_id}" if collision_id > 0 else slug


def route_id(title: str, handle: str) -> str:
    """tracks.route_id: "<handle>/<title>", lowercased, without the characters URLs cannot carry."""
    title = _ROUTE_ID_STRIP.sub("", title.encode("utf-8", "ignore").decode("utf-8", "ignore"))
    title = re.sub(r"-+", "-", re.sub(r"\s+", "-", title)).lower()
    return f"{handle.lower()}/{title}"


def choose(title: str, record_id: int, max_collision_id: int | None,
           taken: Callable[[str], bool]) -> tuple[str, str, int]:
    """(title_slug, slug, collision_id) of a new route of this owner. max_collision_id: the highest
    collision_id among the owner's routes with the same title slug (None when there are none); taken: does
    the owner already have a route with this slug. A title ending in a number can collide with another
    title's numbered slug ("Track 1" vs the second "Track"), hence the loop until a free slug."""
    title_slug = slug = sanitize_slug(title, record_id)
    collision_id = max_collision_id or 0
    colliding = max_collision_id is not None or taken(slug)
    while colliding:
        collision_id += 1
        slug = sanitize_slug(title, record_id, collision_id)
        colliding = taken(slug)
    return title_slug, slug, collision_id


class OwnerRoutes:
    """Routes known in memory (the seed writes them without a database to ask)."""

    def __init__(self) -> None:
        self._max: dict[tuple[int, str], int] = {}
        self._slugs: set[tuple[int, str]] = set()

    def add(self, owner_id: int, title: str, record_id: int) -> tuple[str, str, int]:
        title_slug, slug, collision_id = choose(
            title, record_id, self._max.get((owner_id, sanitize_slug(title, record_id))),
            lambda s: (owner_id, s) in self._slugs)
        self._max[(owner_id, title_slug)] = max(collision_id, self._max.get((owner_id, title_slug), 0))
        self._slugs.add((owner_id, slug))
        return title_slug, slug, collision_id
