"""Collaborator invites: the track owner lists collaborators in the track metadata (reconciled on Track
Create, and on Track Update when the key is present); each invitee answers with TrackCollaborator Approve or
Reject (go-openaudio ETL track_collaborators.go / track_collaborator_approve.go). The notification trigger
(db/functions/handle_track_collaborator.sql) turns new pending rows into invites and acceptances into
accept notifications."""

from __future__ import annotations

from typing import Any

from openaudio_api.indexer.blocks import ManageEntity, Rejected, parse_id
from openaudio_api.indexer.entities import TxContext, handles
from openaudio_api.indexer.entities.common import acting_user, execute, fetch, on_chain

MAX_TRACK_COLLABORATORS = 50


def _number(value: Any) -> int | None:
    """A bare JSON number as the ETL reads an id (truncated); strings and the rest are not ids."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        return None
    return parse_id(int(value))


def listed(raw: Any, owner_id: int) -> list[int]:
    """The invitees a metadata list names, as the ETL reads it: JSON numbers or objects with a numeric user_id,
    in order, the owner and duplicates left out, at most 50. Anything else in the list is skipped, and a
    value that is not a list names nobody. Invitees need not exist (the ETL does not check)."""
    if not isinstance(raw, list):
        return []
    out: list[int] = []
    for item in raw:
        user_id = _number(item.get("user_id") if isinstance(item, dict) else item)
        if user_id is not None and user_id != owner_id and user_id not in out:
            out.append(user_id)
    return out[:MAX_TRACK_COLLABORATORS]


def reconcile(ctx: TxContext, track_id: int, owner_id: int, raw: Any) -> None:
    """Unlisted invitees are removed; new ones are invited pending; the others keep their status, so a
    rejected collaborator listed again stays rejected."""
    invitees = listed(raw, owner_id)
    execute(ctx, "collaborators_remove_unlisted", {"track_id": track_id, "user_ids": invitees})
    if invitees:
        execute(ctx, "collaborators_invite", on_chain(ctx) | {"track_id": track_id, "owner_id": owner_id,
                                                              "user_ids": invitees})


def _answer(ctx: TxContext, em: ManageEntity, status: str) -> None:
    acting_user(ctx, em)
    invite = fetch(ctx, "collaborator_invite", {"track_id": em.entity_id, "user_id": em.user_id})
    if invite is None:
        raise Rejected(f"no collaborator invite for user {em.user_id} on track {em.entity_id}")
    if invite["status"] != "pending":
        raise Rejected(f"collaborator invite for user {em.user_id} on track {em.entity_id} is not pending "
                       f"(it is {invite['status']})")
    execute(ctx, "collaborator_answer", {"track_id": em.entity_id, "user_id": em.user_id, "status": status,
                                         "at": ctx.block_time})


@handles("TrackCollaborator", "Approve")
def approve(ctx: TxContext, em: ManageEntity) -> None:
    _answer(ctx, em, "accepted")


@handles("TrackCollaborator", "Reject")
def reject(ctx: TxContext, em: ManageEntity) -> None:
    _answer(ctx, em, "rejected")
