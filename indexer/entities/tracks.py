"""Track Create, Update and Delete. Rows change in place (see users.py for why)."""

from __future__ import annotations

from typing import Any

from psycopg.types.json import Jsonb

from openaudio_api.indexer.blocks import ManageEntity, Rejected, parse_id
from openaudio_api.indexer.entities import TxContext, access, collaborators, handles, prices, routes, rules, slugs
from openaudio_api.indexer.entities.common import (BOOL, ID, INT, JSON, NUMBER, TEXT, TIME, Field, acting_user, defaults,
                                     execute, fetch, jsonable, metadata, migrated_flag, migrated_route, on_chain,
                                     values)

FIELDS = (
    Field("title", TEXT), Field("description", TEXT), Field("genre", TEXT), Field("mood", TEXT),
    Field("tags", TEXT), Field("license", TEXT), Field("isrc", TEXT), Field("iswc", TEXT),
    Field("create_date", TEXT), Field("release_date", TIME), Field("is_unlisted", BOOL, False),
    Field("is_scheduled_release", BOOL, False), Field("duration", INT, 0), Field("track_cid", TEXT),
    Field("preview_cid", TEXT), Field("preview_start_seconds", NUMBER), Field("orig_file_cid", TEXT),
    Field("orig_filename", TEXT), Field("is_original_available", BOOL, False), Field("audio_upload_id", TEXT),
    Field("cover_art", TEXT), Field("cover_art_sizes", TEXT), Field("is_downloadable", BOOL, False),
    Field("field_visibility", JSON), Field("remix_of", JSON), Field("stem_of", JSON),
    Field("track_segments", JSON, []), Field("is_stream_gated", BOOL, False), Field("stream_conditions", JSON),
    Field("is_download_gated", BOOL, False), Field("download_conditions", JSON), Field("bpm", NUMBER),
    Field("musical_key", TEXT), Field("is_custom_bpm", BOOL, False), Field("is_custom_musical_key", BOOL, False),
    Field("comments_disabled", BOOL, False), Field("ai_attribution_user_id", ID),
    Field("cover_original_song_title", TEXT), Field("cover_original_artist", TEXT),
    Field("parental_warning_type", TEXT), Field("no_ai_use", BOOL, False), Field("ddex_app", TEXT),
)


def _title(meta: dict) -> str:
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        raise Rejected("a track needs a title")
    return title


def _parent_ids(name: str, value: Any) -> list[int]:
    """The parent track ids named by remix_of {"tracks": [{"parent_track_id": N}]} or stem_of
    {"parent_track_id": N}, in order."""
    if name == "remix_of":
        items = value.get("tracks") if isinstance(value, dict) else None
        items = items if isinstance(items, list) else []
    else:
        items = [value] if isinstance(value, dict) else []
    return [p for p in (parse_id(i.get("parent_track_id")) if isinstance(i, dict) else None for i in items)
            if p is not None]


def _parents(ctx: TxContext, track_id: int, name: str, value: Any) -> None:
    """remix_of -> remixes; stem_of -> stems. Only current parents other than the track itself are linked;
    the metadata itself is kept as sent."""
    parents = [p for p in _parent_ids(name, value) if p != track_id]
    table = "remixes" if name == "remix_of" else "stems"
    execute(ctx, "parents_clear", {"track_id": track_id}, parents=table)
    execute(ctx, "parents_link", {"track_id": track_id, "parent_ids": parents}, parents=table)


def _subscribe_to_contest(ctx: TxContext, em: ManageEntity, meta: dict) -> None:
    """A remix submitted to a running remix contest (on its first parent) subscribes its creator to the
    contest, as the ETL's autoSubscribeToContestOnSubmission; not a stem, not the contest's host. Not in a
    genesis replay: the legacy subscriptions are replayed as they were (see social.py)."""
    if ctx.migration or isinstance(meta.get("stem_of"), dict):
        return
    parents = _parent_ids("remix_of", meta.get("remix_of"))
    contest = fetch(ctx, "contest_open_for", {"track_id": parents[0], "at": ctx.block_time}) if parents else None
    if contest is None or contest["user_id"] == em.user_id:
        return
    execute(ctx, "contest_subscribe", on_chain(ctx) | {"user_id": em.user_id, "event_id": contest["event_id"]})


def _owned_track(ctx: TxContext, em: ManageEntity) -> dict:
    owner = acting_user(ctx, em)
    track = fetch(ctx, "current_track", {"track_id": em.entity_id})
    if track is None:
        raise Rejected(f"track {em.entity_id} does not exist")
    if track["owner_id"] != em.user_id:
        raise Rejected(f"track {em.entity_id} is not owned by user {em.user_id}")
    if track["is_delete"]:
        raise Rejected(f"track {em.entity_id} is deleted")
    return jsonable(track, FIELDS) | {"handle": owner["handle"]}


def _genre(ctx: TxContext, meta: dict) -> dict:
    """The metadata with its genre in canonical spelling; outside a migration it must then be on the list."""
    genre = meta.get("genre")
    if not isinstance(genre, str) or not genre:
        return meta
    meta = meta | {"genre": rules.normalize_genre(genre)}
    if not ctx.migration:
        rules.check_genre(meta["genre"])
    return meta


def _content_rules(ctx: TxContext, meta: dict) -> dict:
    if not ctx.migration:
        rules.check_length(meta, "description", rules.DESCRIPTION_MAX)
        rules.check_access_conditions(meta)
    return _genre(ctx, meta)


def _new_track_values(row: dict, ctx: TxContext) -> dict:
    """What the ETL's insert makes of a new track's values (a replayed legacy row keeps its own): the release
    date defaults to the block time (releaseDateOrDefault), only a known musical key, a bpm other than 0 and a
    positive duration are kept, and track_segments always starts empty."""
    return {
        "release_date": row["release_date"] or ctx.block_time,
        "musical_key": row["musical_key"] if row["musical_key"] in rules.MUSICAL_KEYS else None,
        "bpm": row["bpm"] or None,
        "duration": max(row["duration"] or 0, 0),
        "track_segments": Jsonb([]),
    }


@handles("Track", "Create")
def create(ctx: TxContext, em: ManageEntity) -> None:
    if not ctx.migration:
        rules.check_floor("track", em.entity_id, rules.TRACK_ID_FLOOR)
    meta = metadata(em)
    owner_id = meta.get("owner_id")
    if isinstance(owner_id, bool) or not isinstance(owner_id, (int, float)) or int(owner_id) != em.user_id:
        raise Rejected(f"Track Create: owner_id {owner_id!r} is not the user_id {em.user_id}")
    meta = _content_rules(ctx, meta)
    owner = acting_user(ctx, em)
    if em.entity_id <= 0 or fetch(ctx, "track_exists", {"track_id": em.entity_id})["exists"]:
        raise Rejected(f"track {em.entity_id} already exists or is not a track id")
    title = _title(meta)
    row = defaults(FIELDS) | values(meta, FIELDS) | on_chain(ctx)
    if not ctx.migration:
        row |= _new_track_values(row, ctx)
    execute(ctx, "insert_track", row | {"track_id": em.entity_id, "owner_id": em.user_id,
                                        "is_delete": migrated_flag(ctx, em, "is_delete"),
                                        "route_id": slugs.route_id(title, owner["handle"] or "")})
    routes.name(ctx, "track", em.entity_id, em.user_id, title, migrated_route(ctx, em))
    for name in ("remix_of", "stem_of"):
        if name in meta:
            _parents(ctx, em.entity_id, name, meta[name])
    # Create always reconciles: no key means no collaborators.
    collaborators.reconcile(ctx, em.entity_id, em.user_id, meta.get("collaborators"))
    _subscribe_to_contest(ctx, em, meta)
    prices.record_track_price(ctx, em.entity_id, meta)
    access.normalize(ctx, em, meta)


@handles("Track", "Update")
def update(ctx: TxContext, em: ManageEntity) -> None:
    track = _owned_track(ctx, em)
    meta = _content_rules(ctx, rules.mutable(metadata(em), rules.IMMUTABLE_TRACK_FIELDS))
    changes = values(meta, FIELDS)
    if "title" in meta:
        title = _title(meta)
        changes["route_id"] = slugs.route_id(title, track["handle"])
        routes.name(ctx, "track", em.entity_id, em.user_id, title)
    execute(ctx, "update_track", track | changes | on_chain(ctx))
    for name in ("remix_of", "stem_of"):
        if name in meta:
            _parents(ctx, em.entity_id, name, meta[name])
    if "collaborators" in meta:
        collaborators.reconcile(ctx, em.entity_id, em.user_id, meta["collaborators"])
    prices.record_track_price(ctx, em.entity_id, meta)
    access.normalize(ctx, em, meta)


@handles("Track", "Delete")
def delete(ctx: TxContext, em: ManageEntity) -> None:
    execute(ctx, "update_track", _owned_track(ctx, em) | {"is_delete": True} | on_chain(ctx))
