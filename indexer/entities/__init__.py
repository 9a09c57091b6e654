"""ManageEntity: entity changes signed by users (or their managers), applied to the entity tables.

Each (entity_type, action) has one handler, registered with @handles. A handler checks the rules of its
action and raises Rejected for anything not allowed; it runs inside a savepoint, so a rejected transaction
leaves nothing behind and the block goes on. Any other error (a database error, a constraint nobody
expected) propagates and fails the block, which is then retried: never silently skipped.

Post hooks (register_post_hook, "*" as a wildcard entity type) run after a handler succeeded, in the same
savepoint, like the go-openaudio ETL's RegisterPostHook.

A manageEntityMigration transaction (genesis-writer replaying the legacy Discovery state onto a new chain) runs
the same handlers with ctx.migration set, under the ETL's migration policy (its RegisterMigrationOverrides):
no id floors, content limits, reserved handles or wallet/handle uniqueness, since legacy rows predate them;
the legacy row's state (is_delete, is_verified, is_deactivated, its route) comes from the metadata; the
signer must still be entitled to act. Actions the ETL does not override behave as in production.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import psycopg

from openaudio_api.indexer.blocks import ManageEntity, Rejected

log = logging.getLogger("openaudio.indexer.entities")


@dataclass(frozen=True)
class TxContext:
    """Where a transaction sits on chain, and the block transaction to write it in."""

    conn: psycopg.Connection
    chain_id: str
    height: int
    block_hash: str
    block_time: datetime  # naive UTC
    tx_hash: str
    # Addresses allowed to sign User Verify (upstream's verifier wallet); empty: nobody can verify.
    verifiers: frozenset[str] = field(default_factory=frozenset)
    # A manageEntityMigration (genesis replay): the migration policy applies, and block_time is the legacy
    # row's created_at when its metadata carries one.
    migration: bool = False
    # The block's entity-manager block number, which every blocknumber column takes (not the height); None
    # only where no block was claimed (tests driving a handler directly), which then use the height.
    em_block: int | None = None


Handler = Callable[[TxContext, ManageEntity], None]
HANDLERS: dict[tuple[str, str], Handler] = {}
POST_HOOKS: dict[tuple[str, str], list[Handler]] = {}


def handles(entity_type: str, action: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        if (entity_type, action) in HANDLERS:
            raise ValueError(f"{entity_type} {action} already has a handler")
        HANDLERS[(entity_type, action)] = fn
        return fn

    return register


def register_post_hook(entity_type: str, action: str, fn: Handler) -> None:
    POST_HOOKS.setdefault((entity_type, action), []).append(fn)


def apply(ctx: TxContext, em: ManageEntity) -> None:
    """Apply one ManageEntity in a savepoint; Rejected leaves no trace and propagates for counting."""
    _load_handlers()
    handler = HANDLERS.get((em.entity_type, em.action))
    if handler is None:
        raise Rejected(f"unsupported ManageEntity {em.entity_type} {em.action}")
    with ctx.conn.transaction():
        handler(ctx, em)
        for hook in POST_HOOKS.get((em.entity_type, em.action), []) + POST_HOOKS.get(("*", em.action), []):
            hook(ctx, em)


def _load_handlers() -> None:
    # Importing the modules registers their handlers.
    from openaudio_api.indexer.entities import handlers  # noqa: F401
