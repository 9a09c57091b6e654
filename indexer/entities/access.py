"""Who may stream a track, as the ETL's applyAccessNormalization writes it after a Track Create or Update:
`allowed_api_keys` (the API keys a gated stream may be requested with) lowercased, and `access_authorities`
(the wallets that sign stream access for programmable distribution) trimmed. A key the transaction does not
send leaves its column as it was; an explicit null clears it.

access_authorities is read from the envelope's root ({"cid", "access_authorities", "data"}) when the root has
it, because that is the list core enforces (it registers those wallets as the track's management keys); the
payload's copy counts only when the root has none, for clients that predate root support."""

from __future__ import annotations

from typing import Any

from openaudio_api.indexer.blocks import ManageEntity
from openaudio_api.indexer.entities import TxContext
from openaudio_api.indexer.entities.common import execute

_UNCHANGED = object()


def _api_keys(meta: dict) -> Any:
    if "allowed_api_keys" not in meta:
        return _UNCHANGED
    raw = meta["allowed_api_keys"]
    # Not a list (null included) clears the column, as the ETL writes its nil slice.
    if not isinstance(raw, list):
        return None
    return [key.lower() for key in raw if isinstance(key, str)]


def _authorities(source: dict) -> Any:
    if "access_authorities" not in source:
        return _UNCHANGED
    raw = source["access_authorities"]
    if raw is None:
        return None
    # A non-list is ignored, unlike allowed_api_keys: the column keeps its value.
    if not isinstance(raw, list):
        return _UNCHANGED
    return [wallet.strip() for wallet in raw if isinstance(wallet, str)]


def normalize(ctx: TxContext, em: ManageEntity, meta: dict) -> None:
    root = em.envelope if em.envelope is not None and "access_authorities" in em.envelope else meta
    for column, value in (("allowed_api_keys", _api_keys(meta)), ("access_authorities", _authorities(root))):
        if value is not _UNCHANGED:
            execute(ctx, "track_access_set", {"track_id": em.entity_id, "value": value}, column=column)
