"""Event Create, Update and Delete (remix contests, live events, new releases), as the go-openaudio ETL
(event_create.go, event_update.go). A remix contest hangs off a track its creator owns, which is not itself a
remix and hosts no other running contest; its end_date may only move later. A genesis replay skips the
checks that ask whether a contest may open now (a concluded contest ended in the past).

Event Subscribe/Unsubscribe follow an event (upstream's POST/DELETE /events/{id}/follow send them): one
'Event' subscription per (user, event), changed in place like a user subscription; a deleted event takes no
new follower."""

from __future__ import annotations

from datetime import datetime

from psycopg.types.json import Jsonb

from openaudio_api.indexer.blocks import ManageEntity, Rejected, parse_loose_time
from openaudio_api.indexer.entities import TxContext, handles
from openaudio_api.indexer.entities.common import acting_user, execute, fetch, metadata, migrated_flag, on_chain

EVENT_TYPES = frozenset({"remix_contest", "live_event", "new_release"})
ENTITY_TYPES = frozenset({"track", "collection", "user"})


def _end_date(meta: dict) -> datetime | None:
    raw = meta.get("end_date")
    if raw is None or raw == "":
        return None
    moment = parse_loose_time(raw)
    if moment is None:
        raise Rejected("end_date is not a valid iso format")
    return moment


def _event_data(meta: dict) -> Jsonb | None:
    return Jsonb(meta["event_data"]) if meta.get("event_data") is not None else None


@handles("Event", "Create")
def create(ctx: TxContext, em: ManageEntity) -> None:
    acting_user(ctx, em)
    if fetch(ctx, "event_current", {"event_id": em.entity_id}) is not None:
        raise Rejected(f"event {em.entity_id} already exists")
    meta = metadata(em)
    event_type = meta.get("event_type")
    if event_type not in EVENT_TYPES:
        raise Rejected(f"event_type {event_type!r} is not one of {sorted(EVENT_TYPES)}")
    end_date = _end_date(meta)
    if end_date is None:
        raise Rejected("missing required field: end_date")
    entity_type = meta.get("entity_type") or None
    if entity_type is not None and entity_type not in ENTITY_TYPES:
        raise Rejected(f"entity_type {entity_type!r} is not one of {sorted(ENTITY_TYPES)}")
    raw_id = meta.get("entity_id")
    entity_id = int(raw_id) if isinstance(raw_id, (int, float)) and not isinstance(raw_id, bool) else None
    if event_type == "remix_contest" and (entity_id is None or entity_type is None):
        raise Rejected("for remix competitions, entity_id and entity_type must be provided")
    track = None
    if entity_type == "track" and entity_id is not None:
        track = fetch(ctx, "current_track", {"track_id": entity_id})
        if track is None:
            raise Rejected(f"track {entity_id} does not exist")
        if track["owner_id"] != em.user_id:
            raise Rejected(f"user {em.user_id} is not the owner of track {entity_id}")
    if not ctx.migration:
        if end_date < ctx.block_time:
            raise Rejected("end_date cannot be in the past")
        if event_type == "remix_contest":
            if fetch(ctx, "event_running_contest", {"entity_id": entity_id, "at": ctx.block_time})["running"]:
                raise Rejected(f"an existing remix contest for entity_id {entity_id} already exists")
            if track is not None and track["remix_of"]:
                raise Rejected(f"track {entity_id} is a remix and cannot host a remix contest")
    execute(ctx, "insert_event", on_chain(ctx) | {
        "event_id": em.entity_id, "event_type": event_type, "user_id": em.user_id, "entity_type": entity_type,
        "entity_id": entity_id, "end_date": end_date, "event_data": _event_data(meta),
        "is_deleted": migrated_flag(ctx, em, "is_deleted")})


def _own_event(ctx: TxContext, em: ManageEntity) -> dict:
    acting_user(ctx, em)
    event = fetch(ctx, "event_current", {"event_id": em.entity_id})
    if event is None:
        raise Rejected(f"event {em.entity_id} does not exist")
    if event["user_id"] != em.user_id:
        raise Rejected(f"only the event's owner can change event {em.entity_id}")
    if event["is_deleted"]:
        raise Rejected(f"event {em.entity_id} is deleted")
    return event


@handles("Event", "Update")
def update(ctx: TxContext, em: ManageEntity) -> None:
    event = _own_event(ctx, em)
    meta = metadata(em)
    end_date = _end_date(meta)
    if end_date is not None:
        if event["event_type"] == "remix_contest" and event["end_date"] is not None:
            if end_date < event["end_date"]:
                raise Rejected("end_date cannot be before the current end_date of the remix contest")
        elif end_date < ctx.block_time:
            raise Rejected("end_date cannot be in the past")
    execute(ctx, "update_event", on_chain(ctx) | {"event_id": em.entity_id, "end_date": end_date,
                                                  "event_data": _event_data(meta), "is_deleted": False})


@handles("Event", "Delete")
def delete(ctx: TxContext, em: ManageEntity) -> None:
    _own_event(ctx, em)
    execute(ctx, "update_event", on_chain(ctx) | {"event_id": em.entity_id, "end_date": None,
                                                  "event_data": None, "is_deleted": True})


def _follow(ctx: TxContext, em: ManageEntity, live: bool) -> None:
    acting_user(ctx, em)
    event = fetch(ctx, "event_current", {"event_id": em.entity_id})
    if event is None or (live and event["is_deleted"]):
        raise Rejected(f"event {em.entity_id} does not exist")
    key = {"user_id": em.user_id, "event_id": em.entity_id}
    current = fetch(ctx, "event_subscription_current", key)
    active = current is not None and not current["is_delete"]
    if live and active:
        raise Rejected(f"user {em.user_id} already follows event {em.entity_id}")
    if not live and not active:
        raise Rejected(f"user {em.user_id} does not follow event {em.entity_id}")
    execute(ctx, f"event_subscription_{'insert' if current is None else 'set'}",
            key | on_chain(ctx) | {"is_delete": not live})


@handles("Event", "Subscribe")
def subscribe(ctx: TxContext, em: ManageEntity) -> None:
    _follow(ctx, em, True)


@handles("Event", "Unsubscribe")
def unsubscribe(ctx: TxContext, em: ManageEntity) -> None:
    _follow(ctx, em, False)
