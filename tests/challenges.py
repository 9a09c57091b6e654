"""Helpers for the jobs tests: run processors in-process at a chosen time, and read what they wrote."""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Callable

import psycopg
from psycopg.rows import dict_row

from openaudio_api.jobs.engine import Processor, Tick, load_challenge
from openaudio_api.jobs.runner import JobsRunner, Outcome

# A Wednesday, so a test that does not care about the week is not near a boundary.
NOW = datetime(2025, 6, 11, 12, 0, 0)


def run_jobs(url: str, only: list[str] | None = None, now: datetime = NOW) -> list[Outcome]:
    """One tick (of the named jobs, or all), as `openaudio-api jobs --once` runs it. Fails on a job error."""
    runner = JobsRunner(url)
    assert runner.acquire(wait=False), "another jobs runner holds the lock"
    try:
        outcomes = runner.tick(now=now, only=only)
    finally:
        runner.close()
    errors = [(o.name, o.error) for o in outcomes if o.error]
    assert not errors, errors
    return outcomes


def rows(conn, challenge_id: str | None = None) -> list[dict]:
    """user_challenges rows (of one challenge, or all), in key order."""
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            "SELECT challenge_id, user_id, specifier, is_complete, current_step_count, amount, "
            "completed_blocknumber, created_at, completed_at FROM user_challenges "
            "WHERE %(c)s::text IS NULL OR challenge_id = %(c)s ORDER BY challenge_id, specifier",
            {"c": challenge_id}).fetchall()


def progress(conn, challenge_id: str) -> dict[str, tuple]:
    """specifier -> (user_id, current_step_count, is_complete, amount) of one challenge."""
    return {r["specifier"]: (r["user_id"], r["current_step_count"], r["is_complete"], r["amount"])
            for r in rows(conn, challenge_id)}


def state(conn) -> tuple:
    """Everything the jobs write, to compare before and after a second run."""
    tables = ["user_challenges", "notification", "indexing_checkpoints", "challenge_listen_streak",
              "challenge_profile_completion", "trending_results", "track_trending_scores",
              "playlist_trending_scores"]
    return tuple(sorted(map(repr, conn.execute(f"SELECT * FROM {t}").fetchall())) for t in tables)


def race(url: str, processor: Processor, meanwhile: Callable[[], None]) -> None:
    """Two transactions of one processor at once, the runner lock bypassed: the first runs and stays open,
    meanwhile() adds source rows, a second (a real tick) starts and must wait for the first; then the first
    commits and the second finishes. The caller checks that the caps held."""
    first = psycopg.connect(url)
    try:
        first.execute("SET TIME ZONE 'UTC'")
        processor.run(Tick(first, NOW, load_challenge(first, processor.challenge_id)))  # not committed yet
        meanwhile()
        second = threading.Thread(target=run_jobs, args=(url, [processor.name]))
        second.start()
        second.join(0.5)
        assert second.is_alive()  # waiting for the first transaction
        first.commit()
        second.join(30)
        assert not second.is_alive()
    finally:
        first.close()
