"""Track Download and Share (Track, Playlist, Album), as the ETL keeps them: one row per
transaction. Downloads carry the listener's place (metadata city, region, country) and credit a stem's parent."""

from __future__ import annotations

from openaudio_api.indexer.blocks import ManageEntity, Rejected, parse_id
from openaudio_api.indexer.entities import TxContext, handles
from openaudio_api.indexer.entities.common import acting_user, execute, fetch, on_chain


def _place(em: ManageEntity, key: str) -> str | None:
    value = (em.metadata or {}).get(key)
    return value if isinstance(value, str) and value else None


@handles("Track", "Download")
def download(ctx: TxContext, em: ManageEntity) -> None:
    acting_user(ctx, em)
    track = fetch(ctx, "current_track", {"track_id": em.entity_id})
    if track is None:
        raise Rejected(f"track {em.entity_id} does not exist")
    stem_of = track["stem_of"]
    parent = parse_id(stem_of.get("parent_track_id")) if isinstance(stem_of, dict) else None
    execute(ctx, "insert_track_download", on_chain(ctx) | {
        "parent_track_id": parent or em.entity_id, "track_id": em.entity_id, "user_id": em.user_id,
        **{k: _place(em, k) for k in ("city", "region", "country")}})


def _share(ctx: TxContext, em: ManageEntity) -> None:
    # The share type is the entity type, as the ETL reads it (an album shared as a Playlist is a playlist
    # share); a playlist or album is looked up among playlists.
    acting_user(ctx, em)
    share_type = em.entity_type.lower()
    if share_type == "track":
        found = fetch(ctx, "track_exists", {"track_id": em.entity_id})["exists"]
    else:
        found = fetch(ctx, "current_playlist", {"playlist_id": em.entity_id}) is not None
    if not found:
        raise Rejected(f"{share_type} {em.entity_id} does not exist")
    execute(ctx, "insert_share", on_chain(ctx) | {"user_id": em.user_id, "item_id": em.entity_id,
                                                  "share_type": share_type})


for _entity in ("Track", "Playlist", "Album"):
    handles(_entity, "Share")(_share)
