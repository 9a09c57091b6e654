"""Tip Update: a tip's receiver reacts to it (reaction_value 1..4), as go-openaudio's ETL indexes it (its
tipReactionHandler): the signer acts for the user, metadata names the tip's signature (reacted_to), the tip
must be one the user received (user_tips), and the reaction is stored with the tip sender's wallet.

Tips themselves are Solana transfers, which upstream indexes from Solana, not from the core chain; no writer
fills user_tips here yet, so until one does every reaction is refused as answering no known tip."""

from __future__ import annotations

from openaudio_api.indexer.blocks import ManageEntity, Rejected
from openaudio_api.indexer.entities import TxContext, handles
from openaudio_api.indexer.entities.common import INT, acting_user, execute, fetch, metadata, on_chain


@handles("Tip", "Update")
def react(ctx: TxContext, em: ManageEntity) -> None:
    acting_user(ctx, em)
    meta = metadata(em)
    reacted_to = meta.get("reacted_to")
    if not isinstance(reacted_to, str) or not reacted_to:
        raise Rejected("reacted_to is required")
    if meta.get("reaction_value") is None:
        raise Rejected("reaction_value is required")
    value = INT("reaction_value", meta["reaction_value"])
    if not 1 <= value <= 4:
        raise Rejected("reaction_value must be between 1 and 4")
    tip = fetch(ctx, "tip_answered", {"reacted_to": reacted_to, "user_id": em.user_id})
    if tip is None or not tip["sender_wallet"]:
        raise Rejected(f"tip with signature {reacted_to} for user {em.user_id} not found")
    execute(ctx, "insert_reaction", on_chain(ctx) | {
        "reaction_value": value, "sender_wallet": tip["sender_wallet"], "reacted_to": reacted_to})
