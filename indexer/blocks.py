"""Blocks as the core node's JSON API sends them (protojson: lowerCamelCase names, int64 as strings,
RFC 3339 timestamps), parsed into plain values.

A block without a usable height, hash or time cannot be indexed in order, so it raises MalformedBlock and the
indexer retries it rather than skipping it. Inside a block, anything wrong with one transaction or one play
is that item's problem alone: it is parsed as far as possible and judged by the processor that owns it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

# The oneof members of SignedTransaction (core.v1 types.proto) this indexer writes, and the ones it knows
# and deliberately ignores (validators, SLA, storage proofs...). Anything else is an unknown kind.
PLAYS = "plays"
MANAGE_ENTITY = "manageEntity"
# ManageEntityLegacyMigration: genesis-writer's replay of the legacy Discovery state onto a new chain, the same
# eight fields as manageEntity, applied under the migration policy (entities/__init__.py).
MANAGE_ENTITY_MIGRATION = "manageEntityMigration"
ENTITY_KINDS = frozenset({MANAGE_ENTITY, MANAGE_ENTITY_MIGRATION})
IGNORED_KINDS = frozenset({
    "validatorRegistration", "slaRollup", "validatorDeregistration", "storageProof",
    "storageProofVerification", "attestation", "release", "reward", "fileUpload", "rewardPool",
})
_NOT_KINDS = frozenset({"signature", "requestId"})

_RFC3339 = re.compile(
    r"^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|z|[+-]\d{2}:\d{2})$")
INT32_MAX = 2**31 - 1


class MalformedBlock(ValueError):
    """The block itself is unusable (no height, hash or time): it cannot be indexed or skipped in order."""


def parse_time(value: Any) -> datetime | None:
    """An RFC 3339 timestamp as naive UTC (the tables' convention), or None if it is not one."""
    if not isinstance(value, str):
        return None
    # Fast path for what protojson writes: UTC with "Z" and 0, 3 or 6 fraction digits (a backfill parses
    # one timestamp per play).
    if (len(value) in (20, 24, 27) and value[-1] == "Z" and value[10] == "T" and value[13] == value[16] == ":"
            and (len(value) == 20 or value[19] == ".")):
        try:
            return datetime.fromisoformat(value[:-1])
        except ValueError:
            pass
    match = _RFC3339.match(value)
    if not match:
        return None
    day, clock, fraction, offset = match.groups()
    micros = (fraction or "").ljust(6, "0")[:6]
    offset = "+00:00" if offset in ("Z", "z") else offset
    try:
        moment = datetime.fromisoformat(f"{day}T{clock}.{micros}{offset}")
    except ValueError:
        return None
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


_ZONELESS = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)?$")


def parse_loose_time(value: Any) -> datetime | None:
    """A time in any form the go-openaudio ETL's parseReleaseDate reads (RFC 3339 with or without fraction,
    "2006-01-02T15:04:05", "2006-01-02 15:04:05" with or without a zone, "2006-01-02"; zoneless means UTC), as
    naive UTC; None for anything else."""
    moment = parse_time(value)
    if moment is None and isinstance(value, str) and _ZONELESS.match(value):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None
    return moment


def format_time(moment: datetime) -> str:
    """Naive UTC -> RFC 3339 as protojson writes it."""
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if moment.microsecond:
        text += f".{moment.microsecond:06d}".rstrip("0")
    return text + "Z"


def parse_int64(value: Any) -> int | None:
    """protojson int64: a decimal string (or a JSON number); None when it is neither."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,19}", value):
        return int(value)
    return None


def parse_id(value: Any) -> int | None:
    """A positive int32 id from a string or number, as the tables' integer columns hold; else None."""
    number = parse_int64(value)
    return number if number is not None and 0 < number <= INT32_MAX else None


@dataclass(frozen=True)
class Transaction:
    hash: str
    index: int
    kind: str  # the oneof member present ("plays", "manageEntity", ...), or "" when there is none
    body: Any  # that member's JSON value
    signature: str
    timestamp: datetime | None


@dataclass(frozen=True)
class Block:
    chain_id: str
    height: int
    hash: str
    timestamp: datetime
    proposer: str = ""
    transactions: list[Transaction] = field(default_factory=list)


def _transaction(raw: Any, index: int, block_hash: str) -> Transaction:
    if not isinstance(raw, dict):
        return Transaction(f"{block_hash}:{index}", index, "", None, "", None)
    signed = raw.get("transaction") if isinstance(raw.get("transaction"), dict) else {}
    present = [k for k, v in signed.items() if k not in _NOT_KINDS and v is not None]
    kind = present[0] if len(present) == 1 else ("" if not present else "+".join(sorted(present)))
    tx_hash = raw.get("hash") if isinstance(raw.get("hash"), str) and raw.get("hash") else f"{block_hash}:{index}"
    return Transaction(
        hash=tx_hash, index=index, kind=kind, body=signed.get(kind) if kind in signed else None,
        signature=signed.get("signature") if isinstance(signed.get("signature"), str) else "",
        timestamp=parse_time(raw.get("timestamp")),
    )


def parse_block(raw: Any) -> Block:
    """A protojson Block (the value of GetBlockResponse.block). Height -1 (not produced yet) is returned as
    is; callers check it."""
    if not isinstance(raw, dict):
        raise MalformedBlock(f"a block must be a JSON object, not {type(raw).__name__}")
    height = parse_int64(raw.get("height"))
    if height is None:
        raise MalformedBlock(f"block height {raw.get('height')!r} is not an int64")
    if height < 0:
        return Block(str(raw.get("chainId") or ""), height, "", datetime.min)
    block_hash = raw.get("hash")
    if not isinstance(block_hash, str) or not block_hash:
        raise MalformedBlock(f"block {height} has no hash")
    moment = parse_time(raw.get("timestamp"))
    if moment is None:
        raise MalformedBlock(f"block {height} has no RFC 3339 timestamp: {raw.get('timestamp')!r}")
    txs = raw.get("transactions") or []
    if not isinstance(txs, list):
        raise MalformedBlock(f"block {height}: transactions is not a list")
    return Block(
        chain_id=str(raw.get("chainId") or ""), height=height, hash=block_hash, timestamp=moment,
        proposer=str(raw.get("proposer") or ""),
        transactions=[_transaction(tx, i, block_hash) for i, tx in enumerate(txs)],
    )


@dataclass(frozen=True)
class ManageEntity:
    """A ManageEntityLegacy transaction with its fields checked. Metadata is the parsed JSON object (unwrapped
    from {cid, data}) or None when absent or not an object; envelope is the {cid, data, ...} object it was
    unwrapped from (None when the metadata came bare), for the few keys the protocol reads at its root."""

    user_id: int
    entity_type: str
    entity_id: int
    action: str
    metadata: dict | None
    signer: str
    nonce: str
    envelope: dict | None = None


class Rejected(ValueError):
    """A transaction that is well-formed but not allowed, or not well-formed: skipped, counted and logged,
    never a failed block."""


def _json_object(text: Any) -> Any:
    if isinstance(text, dict):
        return text
    if isinstance(text, str) and text.strip():
        try:
            return json.loads(text)
        except ValueError:
            return None
    return None


def _unwrap(parsed: Any) -> dict | None:
    # The ETL unwraps {"data": {...}} whether or not a cid comes with it; a guest account's create is
    # literally {"cid": null, "data": null}: no fields at all.
    if isinstance(parsed, dict) and isinstance(parsed.get("data"), dict):
        parsed = parsed["data"]
    elif isinstance(parsed, dict) and "cid" in parsed and parsed.get("data", None) is None:
        parsed = {}
    return parsed if isinstance(parsed, dict) else None


def parse_manage_entity(body: Any) -> ManageEntity:
    if not isinstance(body, dict):
        raise Rejected("manageEntity is not an object")
    user_id = parse_id(body.get("userId"))
    entity_id = parse_int64(body.get("entityId"))
    if user_id is None:
        raise Rejected(f"userId {body.get('userId')!r} is not a user id")
    if entity_id is None or not 0 <= entity_id <= INT32_MAX:
        raise Rejected(f"entityId {body.get('entityId')!r} is not an id")
    entity_type, action = body.get("entityType"), body.get("action")
    if not isinstance(entity_type, str) or not entity_type or not isinstance(action, str) or not action:
        raise Rejected("entityType and action are required")
    signer = body.get("signer")
    if not isinstance(signer, str) or not re.fullmatch(r"0x[0-9a-fA-F]{40}", signer):
        raise Rejected(f"signer {signer!r} is not an address")
    parsed = _json_object(body.get("metadata"))
    envelope = parsed if isinstance(parsed, dict) and "data" in parsed else None
    return ManageEntity(user_id=user_id, entity_type=entity_type, entity_id=entity_id, action=action,
                        metadata=_unwrap(parsed), signer=signer.lower(), nonce=str(body.get("nonce") or ""),
                        envelope=envelope)
