"""Writing blocks in the core node's protojson shape (the inverse of indexer.blocks): the seed's block file,
replays, tests and benchmarks all build their blocks here."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

import orjson

from openaudio_api.indexer.blocks import format_time


def _hash(*parts: object) -> str:
    return "0x" + hashlib.sha256(":".join(map(str, parts)).encode()).hexdigest()


def track_play(user_id: int | str | None, track_id: int | str, at: datetime, *, signature: str = "",
               city: str = "", region: str = "", country: str = "") -> dict:
    """A TrackPlay; user_id None is an anonymous listen (an empty string on chain)."""
    return {"userId": "" if user_id is None else str(user_id), "trackId": str(track_id),
            "timestamp": format_time(at), "signature": signature, "city": city, "region": region,
            "country": country}


def plays_tx(plays: list[dict], *, tx_hash: str | None = None) -> dict:
    return {"hash": tx_hash or _hash("plays", orjson.dumps(plays)), "transaction": {
        "signature": "", "requestId": "", "plays": {"plays": plays}}}


def manage_entity_tx(user_id: int, entity_type: str, entity_id: int, action: str, signer: str,
                     metadata: dict | str | None = None, *, nonce: str | None = None,
                     tx_hash: str | None = None, migration: bool = False) -> dict:
    """A ManageEntityLegacy transaction; migration: a ManageEntityLegacyMigration (genesis-writer's replay of
    the legacy state), the same fields under the manageEntityMigration member."""
    text = metadata if isinstance(metadata, str) else ("" if metadata is None else orjson.dumps(metadata).decode())
    body = {"userId": str(user_id), "entityType": entity_type, "entityId": str(entity_id), "action": action,
            "metadata": text, "signature": "", "signer": signer, "nonce": nonce or "0"}
    return {"hash": tx_hash or _hash("em", user_id, entity_type, entity_id, action, text, nonce),
            "transaction": {"signature": "", "requestId": "",
                            "manageEntityMigration" if migration else "manageEntity": body}}


def block_hash(height: int, chain_id: str = "openaudio-demo") -> str:
    return _hash("block", chain_id, height)


def block(height: int, at: datetime, transactions: list[dict], *, chain_id: str = "openaudio-demo") -> dict:
    block_hash_ = block_hash(height, chain_id)
    for tx in transactions:
        tx.update(chainId=chain_id, height=str(height), blockHash=block_hash_, timestamp=format_time(at))
    return {"height": str(height), "hash": block_hash_, "chainId": chain_id, "proposer": "",
            "timestamp": format_time(at), "transactions": transactions}


def write(path: str | Path, blocks: Iterable[dict]) -> int:
    """Block JSON lines; returns how many blocks were written."""
    count = 0
    with Path(path).open("wb") as out:
        for value in blocks:
            out.write(orjson.dumps(value))
            out.write(b"\n")
            count += 1
    return count
