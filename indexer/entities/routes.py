"""The current route (permalink slug) of a track or playlist, kept in track_routes / playlist_routes.

A new title gets a new current route; the old one stays, not current, so old links still resolve and its
slug stays taken for that owner (upstream's update_track_routes_table / update_playlist_routes_table)."""

from __future__ import annotations

from openaudio_api.indexer.entities import TxContext
from openaudio_api.indexer.entities import slugs
from openaudio_api.indexer.entities.common import execute, fetch, on_chain


def name(ctx: TxContext, kind: str, record_id: int, owner_id: int, title: str, given: dict | None = None) -> None:
    """kind: "track" or "playlist". given: a route carried as is (slug, title_slug, collision_id), a replayed
    legacy one."""
    where = {"routes": f"{kind}_routes", "record": f"{kind}_id"}
    key = {"record_id": record_id, "owner_id": owner_id}
    if given is not None:
        execute(ctx, "route_retire", key, **where)
        execute(ctx, "route_insert", key | on_chain(ctx) | given, **where)
        return
    current = fetch(ctx, "route_current", key, **where)
    if current is not None and current["title_slug"] == slugs.sanitize_slug(title, record_id):
        return
    execute(ctx, "route_retire", key, **where)
    highest = fetch(ctx, "route_max_collision", key | {"title_slug": slugs.sanitize_slug(title, record_id)},
                    **where)["highest"]
    title_slug, slug, collision_id = slugs.choose(
        title, record_id, highest, lambda s: fetch(ctx, "route_taken", key | {"slug": s}, **where)["taken"])
    execute(ctx, "route_insert", key | on_chain(ctx) | {"slug": slug, "title_slug": title_slug,
                                                        "collision_id": collision_id}, **where)
