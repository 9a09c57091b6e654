"""What every entity handler shares: its queries, the acting user and signer check, where the transaction
sits on chain, and metadata values checked against the column they go to."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from psycopg import sql as pgsql
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from openaudio_api.db.queries import loader
from openaudio_api.indexer.blocks import ManageEntity, Rejected, parse_id, parse_loose_time
from openaudio_api.indexer.entities import TxContext, rules

sql = loader(Path(__file__).parent / "sql")


def query(name: str, **identifiers: str) -> pgsql.Composable:
    """A named statement; {name} markers in its text are filled with the given table or column names (for
    statements that are the same on several tables, e.g. track and playlist routes)."""
    text = sql(name)
    if not identifiers:
        return pgsql.SQL(text)
    return pgsql.SQL(text).format(**{k: pgsql.Identifier(v) for k, v in identifiers.items()})


def fetch(ctx: TxContext, name: str, params: dict, **identifiers: str) -> dict | None:
    with ctx.conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(query(name, **identifiers), params).fetchone()


def execute(ctx: TxContext, name: str, params: dict, **identifiers: str) -> int:
    return ctx.conn.execute(query(name, **identifiers), params).rowcount


def on_chain(ctx: TxContext) -> dict:
    """The columns every written row takes from its transaction."""
    blocknumber = ctx.em_block if ctx.em_block is not None else ctx.height
    return {"blockhash": ctx.block_hash, "blocknumber": blocknumber, "txhash": ctx.tx_hash, "at": ctx.block_time}


def acting_user(ctx: TxContext, em: ManageEntity) -> dict:
    """The current row of em.user_id, once the signer is proven to act for them (upstream validate_signer:
    the user's wallet, or the grantee of a current, approved, unrevoked grant whose grantee is not a
    deactivated user). Being deactivated does not stop a user acting, as upstream (ValidateSigner has no
    such rule): that is how a deactivated user reactivates, with User Update {"is_deactivated": false}."""
    user = fetch(ctx, "acting_user", {"user_id": em.user_id, "signer": em.signer})
    if user is None:
        raise Rejected(f"user {em.user_id} does not exist")
    if not user["signer_allowed"]:
        raise Rejected(f"signer {em.signer} is neither the wallet of user {em.user_id} nor an approved manager")
    return user


def migrated_flag(ctx: TxContext, em: ManageEntity, key: str, default: bool = False) -> bool:
    """A state flag of a replayed legacy row (is_delete, is_verified...); outside a migration always the
    default, since a client cannot create an already deleted or verified row."""
    value = (em.metadata or {}).get(key) if ctx.migration else None
    return value if isinstance(value, bool) else default


def migrated_route(ctx: TxContext, em: ManageEntity) -> dict | None:
    """The route a replayed legacy track or playlist carries (route_slug, route_title_slug,
    route_collision_id): legacy slugs cannot be regenerated from the title, so they are taken as sent. None:
    generate it as for a new one."""
    meta = em.metadata or {}
    slug = meta.get("route_slug") if ctx.migration else None
    if not isinstance(slug, str) or not slug:
        return None
    title_slug = meta.get("route_title_slug")
    collision = meta.get("route_collision_id")
    return {"slug": slug, "title_slug": title_slug if isinstance(title_slug, str) and title_slug else slug,
            "collision_id": int(collision) if isinstance(collision, (int, float)) and not isinstance(collision, bool)
            else 0}


def metadata(em: ManageEntity) -> dict:
    if em.metadata is None:
        raise Rejected(f"{em.entity_type} {em.action} needs a JSON object as metadata")
    return em.metadata


# ------------------------------------------------------------------------------------ metadata fields

def _text(key: str, value: Any) -> str:
    if not isinstance(value, str):
        raise Rejected(f"{key} must be a string")
    # PostgreSQL text cannot hold NUL; upstream stripped it too.
    return value.replace("\x00", "")


def _bool(key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise Rejected(f"{key} must be true or false")
    return value


def _int(key: str, value: Any) -> int:
    # A JSON number is truncated, as the ETL's MetadataInt64 does (a duration of 212.7 is 212).
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value \
            or not -2**31 <= value < 2**31:
        raise Rejected(f"{key} must be an integer")
    return int(value)


def _number(key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Rejected(f"{key} must be a number")
    return float(value)


def _id(key: str, value: Any) -> int:
    number = parse_id(value)
    if number is None:
        raise Rejected(f"{key} must be an id")
    return number


def _json(key: str, value: Any) -> Jsonb:
    return Jsonb(value)


def _time(key: str, value: Any) -> datetime:
    # Every form the ETL's parseReleaseDate reads; zoneless dates ("2024-05-01", "2024-05-01 10:00:00") are UTC.
    moment = parse_loose_time(value)
    if moment is None:
        raise Rejected(f"{key} must be a time")
    return moment


TEXT, BOOL, INT, NUMBER, ID, JSON, TIME = _text, _bool, _int, _number, _id, _json, _time


@dataclass(frozen=True)
class Field:
    key: str  # the metadata key, which is also the column
    kind: Any  # one of the converters above
    default: Any = None  # on create, when the key is absent (the column default, for NOT NULL columns)


def values(meta: dict, fields: Iterable[Field]) -> dict:
    """{column: value} for the fields present in the metadata; null clears a column (a NOT NULL one goes
    back to its default). A value of the wrong type is left out, not the transaction: the ETL's metadata
    getters ignore it the same way (a release date it cannot parse, a duration of "long")."""
    out = {}
    for f in fields:
        if f.key in meta:
            raw = meta[f.key]
            if raw is None:
                out[f.key] = Jsonb(f.default) if f.kind is JSON and f.default is not None else f.default
                continue
            try:
                out[f.key] = f.kind(f.key, raw)
            except Rejected:
                continue
    return out


def defaults(fields: Iterable[Field]) -> dict:
    return {f.key: Jsonb(f.default) if f.kind is JSON and f.default is not None else f.default for f in fields}


def jsonable(row: dict, fields: Iterable[Field]) -> dict:
    """A fetched row's JSON columns wrapped again, so the row can be written back as it was."""
    return {**row, **{f.key: Jsonb(row[f.key]) for f in fields if f.kind is JSON and row.get(f.key) is not None}}


def check_handle(ctx: TxContext, handle: str, user_id: int) -> str:
    """A new handle as the ETL's ValidateHandle takes it (lowercased: [a-z0-9_.], at most 30, not reserved), and
    not another current user's. Stored as sent; handle_lc is its lowercase."""
    rules.check_handle_form(handle)
    if fetch(ctx, "handle_taken", {"handle": handle, "user_id": user_id})["taken"]:
        raise Rejected(f"handle {handle} is already taken")
    return handle


def dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))
