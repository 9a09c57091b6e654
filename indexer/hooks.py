"""Extension points run inside the indexer's database transaction (go-openaudio ETL's RegisterPlaysHook).

A plays hook sees the plays that this batch really inserted into etl_plays (never a replayed one): they are
in the temporary table named by PlaysParams.table. Unlike the ETL, a hook's error is not swallowed: it
fails the batch, which is rolled back and retried, so a play can never be in etl_plays without its hooks'
rows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import psycopg


@dataclass
class PlaysParams:
    conn: psycopg.Connection
    table: str  # temporary table of the newly inserted etl_plays rows (same columns)
    chain_id: str
    first_height: int
    last_height: int
    log: logging.Logger
    skipped: list[tuple[int, str, int, str]] = field(default_factory=list)  # (height, tx_hash, play_index, why)


PlaysHook = Callable[[PlaysParams], None]
PLAYS_HOOKS: list[PlaysHook] = []


def register_plays_hook(hook: PlaysHook) -> PlaysHook:
    """Run hook for every batch of new plays, in registration order."""
    if hook not in PLAYS_HOOKS:
        PLAYS_HOOKS.append(hook)
    return hook
