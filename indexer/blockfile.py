"""Writing blocks in the core node's protojson shape (the inverse of indexer.blocks): the seed's block file,
replays, tests and benchmarks all build their blocks here, shaped as a node serves them (chain-etl.md §1):
GetBlockResponse lines with currentHeight, lowercase block hashes, bare uppercase transaction hashes,
"transactionv2": null, ManageEntity transactions first, an anonymous listen under the content node's wallet."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

import orjson
from eth_keys import keys

from openaudio_api.indexer.blocks import format_time

# The wallet a content node signs anonymous listens with (its delegate owner wallet, EIP-55): mediorum records
# `userId: req.userId ?? delegateOwnerWallet`. Not an integer, so the plays bridge maps it to an anonymous play.
CONTENT_NODE_WALLET = keys.PrivateKey(hashlib.sha256(b"openaudio-demo:content-node").digest()).public_key \
    .to_checksum_address()


def _digest(*parts: object) -> str:
    return hashlib.sha256(":".join(map(str, parts)).encode()).hexdigest()


def hash_tx(*parts: object) -> str:
    """A transaction hash as CometBFT prints it (sha256, bare uppercase hex), derived from parts."""
    return _digest("tx", *parts).upper()


def eth_signature(*parts: object) -> str:
    """A listen's or an entity change's signature in its on-chain form (0x and 65 bytes of hex), derived from
    parts."""
    digest = _digest("listen", *parts)
    return f"0x{digest}{digest}1b"


def track_play(user_id: int | str | None, track_id: int | str, at: datetime, *, signature: str = "",
               city: str = "", region: str = "", country: str = "",
               content_node: str = CONTENT_NODE_WALLET) -> dict:
    """A TrackPlay; user_id None is an anonymous listen, which the content node records under its wallet."""
    return {"userId": content_node if user_id is None else str(user_id), "trackId": str(track_id),
            "timestamp": format_time(at), "signature": signature, "city": city, "region": region,
            "country": country}


def plays_tx(plays: list[dict], *, tx_hash: str | None = None) -> dict:
    raw = orjson.dumps(plays)
    digest = _digest("mediorum", raw)
    # The content node signs the batch (65 bytes of hex, no 0x); the node hashes the signed bytes.
    return {"hash": tx_hash or hash_tx("plays", raw), "transaction": {
        "signature": f"{digest}{digest}1b", "requestId": "", "plays": {"plays": plays}}}


def manage_entity_tx(user_id: int, entity_type: str, entity_id: int, action: str, signer: str,
                     metadata: dict | str | None = None, *, nonce: str | None = None,
                     tx_hash: str | None = None, migration: bool = False) -> dict:
    """A ManageEntityLegacy transaction; migration: a ManageEntityLegacyMigration (genesis-writer's replay of
    the legacy state), the same fields under the manageEntityMigration member."""
    text = metadata if isinstance(metadata, str) else ("" if metadata is None else orjson.dumps(metadata).decode())
    parts = (user_id, entity_type, entity_id, action, text, nonce)
    # The EIP-712 signature the node recovered `signer` from, and by default the SDK's nonce (a bytes32).
    body = {"userId": str(user_id), "entityType": entity_type, "entityId": str(entity_id), "action": action,
            "metadata": text, "signature": eth_signature("em", *parts), "signer": signer,
            "nonce": nonce or "0x" + _digest("nonce", *parts)}
    return {"hash": tx_hash or hash_tx("em", *parts),
            "transaction": {"signature": "", "requestId": str(uuid.UUID(_digest("request", *parts)[:32])),
                            "manageEntityMigration" if migration else "manageEntity": body}}


def block_hash(height: int, chain_id: str = "openaudio-demo") -> str:
    """A block hash as a node serves it from its store: bare lowercase hex."""
    return _digest("block", chain_id, height)


def _fnv32a(text: str) -> int:
    value = 0x811C9DC5
    for byte in text.encode():
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def _served_key(tx: dict) -> tuple:
    signed = tx.get("transaction") or {}
    manage = signed.get("manageEntity")
    if isinstance(manage, dict):
        return 0, str(manage.get("action", "")).lower() != "create", -_fnv32a(str(signed.get("signature", "")))
    return 1, False, -_fnv32a(str(signed.get("signature", "")))


def served_order(transactions: list[dict]) -> list[dict]:
    """The order GetBlock serves a block's transactions in (the node's sortTransactionResponse, a stable sort):
    ManageEntity first, Create among them first, then by FNV-32a of the signature, descending. Only the
    manageEntity member counts as ManageEntity there; a migration is sorted with the rest. The node leaves a
    play and another kind unordered; here they fall in FNV order too, one of the orders it may serve."""
    return sorted(transactions, key=_served_key)


def block(height: int, at: datetime, transactions: list[dict], *, chain_id: str = "openaudio-demo") -> dict:
    block_hash_ = block_hash(height, chain_id)
    served = served_order(transactions)
    for tx in served:
        tx.update(chainId=chain_id, height=str(height), blockHash=block_hash_, timestamp=format_time(at),
                  transactionv2=None)
    return {"height": str(height), "hash": block_hash_, "chainId": chain_id, "proposer": _digest("proposer")[:40],
            "timestamp": format_time(at), "transactions": served}


def response(value: dict, current_height: int | None = None) -> dict:
    """A Block as the GetBlockResponse a node answers with: currentHeight is the node's tip when it served the
    block (by default the block itself, a node serving its newest)."""
    return {"block": value, "currentHeight": str(current_height if current_height is not None else value["height"])}


def write(path: str | Path, blocks: Iterable[dict], *, current_height: int | None = None) -> int:
    """Block JSON lines, each a GetBlockResponse (a Block is wrapped; current_height: the tip each line names);
    returns how many blocks were written."""
    count = 0
    with Path(path).open("wb") as out:
        for value in blocks:
            out.write(orjson.dumps(value if "block" in value else response(value, current_height)))
            out.write(b"\n")
            count += 1
    return count
