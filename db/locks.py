"""Session-level advisory locks that let one writer act at a time across machines (the jobs runner; the indexer,
per chain). The lock is taken on the very connection the writer works on, so it goes with that session: a
writer whose connection dies frees it at once, and a reconnected one must take it again.
"""

from __future__ import annotations

import logging
import threading

import psycopg

POLL_SECONDS = 2.0


def wait_for_session_lock(conn: psycopg.Connection, statement: str, params: dict, stop: threading.Event, *,
                          name: str, log: logging.Logger, wait: bool = True, extra: dict | None = None) -> bool:
    """Take the lock that `statement` tries (a pg_try_advisory_lock returning one boolean) on conn; with wait,
    poll until it is free. False when not taken: not waiting, or stop set while waiting."""
    waiting = False
    while not stop.is_set():
        with conn.transaction():  # a lock query on a non-autocommit session must not leave a transaction open
            if conn.execute(statement, params).fetchone()[0]:
                log.info(f"{name} lock acquired", extra=extra)
                return True
        if not wait:
            return False
        if not waiting:
            log.info(f"{name} lock held by another process; waiting", extra=extra)
            waiting = True
        stop.wait(POLL_SECONDS)
    return False


def close_releasing_locks(conn: psycopg.Connection | None) -> None:
    """Close conn after giving back every session lock it holds: a closed connection's backend releases its
    locks only as it exits, a moment after the client has gone, so a writer started right after (a restart,
    the next test) could find its lock still held. A broken session's locks go with it."""
    if conn is None or conn.closed:
        return
    try:
        if not conn.broken:
            if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                conn.rollback()
            conn.execute("SELECT pg_advisory_unlock_all()")
            if not conn.autocommit:
                conn.commit()
    except psycopg.Error:
        pass
    conn.close()
