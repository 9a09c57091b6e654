"""User Create, Update and Verify.

Rows change in place: the user's one current row takes the new values, blocknumber, blockhash, txhash and
updated_at of the transaction that changed it. Upstream's legacy indexer wrote a new version per change and
marked the old one not current; every read here (and upstream's) looks only at is_current rows, the history
lives on chain, and in-place rows make an indexed database equal, row for row, to the seeded one. The
statement triggers count an UPDATE as its old row out and its new row in, so either way is counted right.
"""

from __future__ import annotations

from openaudio_api.indexer.blocks import ManageEntity, Rejected
from openaudio_api.indexer.entities import TxContext, handles, rules
from openaudio_api.indexer.entities.common import (BOOL, ID, JSON, TEXT, Field, acting_user, check_handle, defaults, execute,
                                     fetch, jsonable, metadata, migrated_flag, on_chain, values)

# What a User Create takes (the ETL's insert: the profile, nothing a client may only set later).
CREATE_FIELDS = (
    Field("name", TEXT), Field("bio", TEXT), Field("location", TEXT),
    Field("profile_picture", TEXT), Field("profile_picture_sizes", TEXT),
    Field("cover_photo", TEXT), Field("cover_photo_sizes", TEXT),
    Field("twitter_handle", TEXT), Field("instagram_handle", TEXT), Field("tiktok_handle", TEXT),
    Field("website", TEXT), Field("donation", TEXT), Field("spl_usdc_payout_wallet", TEXT),
)
# Only an Update sets these; a replayed legacy account carries its final state, so a migration Create reads
# them too (the ETL's migratedUserCreate), creator_node_endpoint aside.
UPDATE_ONLY_FIELDS = (
    Field("artist_pick_track_id", ID), Field("allow_ai_attribution", BOOL, False), Field("playlist_library", JSON),
    Field("is_deactivated", BOOL, False),
)
FIELDS = CREATE_FIELDS + UPDATE_ONLY_FIELDS + (Field("creator_node_endpoint", TEXT),)
# Only the verifier sets these (User Verify); in any other metadata they are ignored, as upstream.
VERIFIED_FIELDS = (
    Field("is_verified", BOOL, False), Field("twitter_handle", TEXT), Field("instagram_handle", TEXT),
    Field("tiktok_handle", TEXT), Field("verified_with_twitter", BOOL, False),
    Field("verified_with_instagram", BOOL, False), Field("verified_with_tiktok", BOOL, False),
)


@handles("User", "Create")
def create(ctx: TxContext, em: ManageEntity) -> None:
    # No metadata, or a guest account's {"cid": null, "data": null}: a user without a handle or profile.
    meta = em.metadata or {}
    handle = meta.get("handle") if isinstance(meta.get("handle"), str) and meta.get("handle") else None
    if not ctx.migration:
        if em.entity_id != em.user_id:
            raise Rejected(f"User Create: entity_id {em.entity_id} is not the user_id {em.user_id}")
        rules.check_floor("user", em.user_id, rules.USER_ID_FLOOR)
        rules.check_length(meta, "bio", rules.BIO_MAX)
        rules.check_length(meta, "name", rules.NAME_MAX)
        if handle is not None:
            rules.check_handle_form(handle)
    if fetch(ctx, "user_exists", {"user_id": em.user_id})["exists"]:
        raise Rejected(f"user {em.user_id} already exists")
    # A replayed legacy state may hold duplicates that predate the uniqueness rules: it is the truth.
    if not ctx.migration:
        if fetch(ctx, "wallet_taken", {"wallet": em.signer})["taken"]:
            raise Rejected(f"wallet {em.signer} is already another user's")
        if handle is not None:
            check_handle(ctx, handle, em.user_id)
    fields = CREATE_FIELDS + UPDATE_ONLY_FIELDS if ctx.migration else CREATE_FIELDS
    row = defaults(FIELDS) | values(meta, fields)
    execute(ctx, "insert_user", row | on_chain(ctx) | {
        "user_id": em.user_id, "handle": handle, "wallet": em.signer,
        "is_verified": migrated_flag(ctx, em, "is_verified")})


@handles("User", "Update")
def update(ctx: TxContext, em: ManageEntity) -> None:
    if em.entity_id != em.user_id:
        raise Rejected(f"User Update: entity_id {em.entity_id} is not the user_id {em.user_id}")
    acting_user(ctx, em)
    meta = metadata(em)
    rules.check_length(meta, "bio", rules.BIO_MAX)
    rules.check_length(meta, "name", rules.NAME_MAX)
    current = jsonable(fetch(ctx, "current_user", {"user_id": em.user_id}), FIELDS)
    changes = values(meta, FIELDS)
    handle = meta.get("handle")
    if isinstance(handle, str) and handle and handle != current["handle"]:
        changes["handle"] = check_handle(ctx, handle, em.user_id)
    execute(ctx, "update_user", current | changes | on_chain(ctx))


@handles("User", "Verify")
def verify(ctx: TxContext, em: ManageEntity) -> None:
    # Signed by the verifier (upstream's verifier wallet), never by the user, so no acting-user check.
    if em.signer not in ctx.verifiers:
        raise Rejected(f"signer {em.signer} is not a verifier")
    current = fetch(ctx, "current_user", {"user_id": em.entity_id})
    if current is None:
        raise Rejected(f"user {em.entity_id} does not exist")
    changes = {"is_verified": True} | values(em.metadata or {}, VERIFIED_FIELDS)
    execute(ctx, "update_user", jsonable(current, FIELDS) | changes | on_chain(ctx))
