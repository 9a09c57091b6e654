"""Grant Create, Approve, Reject and Delete (revoke): manager requests, as the go-openaudio ETL (grant_create.go,
grant_revoke.go). A user (user_id) grants an address (metadata grantee_address) the right to act for them;
a user-to-user grant is pending (is_approved NULL) until the grantee's account approves or rejects it
(metadata grantee_address and grantor_user_id). The grantor, or the grantee user, revokes it with Delete.

One row per (grantee, grantor), changed in place (see users.py); db/functions/handle_grant.sql turns the
changes into manager notifications. A grant to a live developer app is approved at once."""

from __future__ import annotations

from openaudio_api.indexer.blocks import ManageEntity, Rejected
from openaudio_api.indexer.entities import TxContext, handles
from openaudio_api.indexer.entities.common import acting_user, execute, fetch, metadata, on_chain

_ADDRESS_LENGTH = 42


def _grantee(em: ManageEntity) -> str:
    address = metadata(em).get("grantee_address")
    if not isinstance(address, str) or not address:
        raise Rejected(f"grantee_address is required for Grant {em.action}")
    return address.lower()


def _grantor(em: ManageEntity) -> int:
    grantor = metadata(em).get("grantor_user_id")
    if isinstance(grantor, bool) or not isinstance(grantor, (int, float)):
        raise Rejected(f"grantor_user_id is required for Grant {em.action}")
    return int(grantor)


def _write(ctx: TxContext, grantee: str, grantor: int, exists: bool, *, is_revoked: bool,
           is_approved: bool | None) -> None:
    execute(ctx, "grant_set" if exists else "grant_insert", on_chain(ctx) | {
        "grantee": grantee, "grantor": grantor, "is_revoked": is_revoked, "is_approved": is_approved})


@handles("Grant", "Create")
def create(ctx: TxContext, em: ManageEntity) -> None:
    acting_user(ctx, em)
    grantee = _grantee(em)
    app = fetch(ctx, "live_developer_app", {"wallet": grantee})["live"]
    if not app and (len(grantee) != _ADDRESS_LENGTH or not fetch(ctx, "wallet_taken", {"wallet": grantee})["taken"]):
        raise Rejected(f"grantee {grantee} is not a developer app or user wallet")
    current = fetch(ctx, "grant_current", {"grantee": grantee, "grantor": em.user_id})
    if current is not None and not current["is_revoked"]:
        raise Rejected(f"an active grant already exists for grantee {grantee} from user {em.user_id}")
    meta = em.metadata or {}
    # A live grant to a user starts pending and unrevoked; a replayed legacy one carries its final state.
    approved = meta.get("is_approved") if ctx.migration and isinstance(meta.get("is_approved"), bool) else (
        True if app else None)
    revoked = ctx.migration and meta.get("is_revoked") is True
    _write(ctx, grantee, em.user_id, current is not None, is_revoked=revoked, is_approved=approved)


def _answer(ctx: TxContext, em: ManageEntity, approve: bool) -> None:
    # Signed by the grantee's account (em.user_id), naming the grant by its grantee address and grantor.
    acting_user(ctx, em)
    grantee, grantor = _grantee(em), _grantor(em)
    current = fetch(ctx, "grant_current", {"grantee": grantee, "grantor": grantor})
    if current is None:
        raise Rejected(f"grant not found for grantee {grantee} from user {grantor}")
    if current["is_revoked"]:
        raise Rejected("grant is already revoked")
    if current["is_approved"]:
        raise Rejected("grant is already approved")
    # A rejection is recorded as not approved and revoked, as the ETL does.
    _write(ctx, grantee, grantor, True, is_revoked=not approve, is_approved=approve)


@handles("Grant", "Approve")
def approve(ctx: TxContext, em: ManageEntity) -> None:
    _answer(ctx, em, True)


@handles("Grant", "Reject")
def reject(ctx: TxContext, em: ManageEntity) -> None:
    _answer(ctx, em, False)


@handles("Grant", "Delete")
def revoke(ctx: TxContext, em: ManageEntity) -> None:
    grantee = _grantee(em)
    current = fetch(ctx, "grant_current", {"grantee": grantee, "grantor": em.user_id})
    if current is None or current["is_revoked"]:
        raise Rejected(f"no active grant for grantee {grantee} from user {em.user_id}")
    try:
        acting_user(ctx, em)  # the grantor (or their manager)
    except Rejected:
        # ...or the grantee user, giving up managing the account.
        manager = fetch(ctx, "active_user_by_wallet", {"wallet": grantee})
        if manager is None:
            raise
        acting_user(ctx, ManageEntity(manager["user_id"], em.entity_type, em.entity_id, em.action, em.metadata,
                                      em.signer, em.nonce))
    _write(ctx, grantee, em.user_id, True, is_revoked=True, is_approved=current["is_approved"])
