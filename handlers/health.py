"""Operations tagged `health`: is the database reachable and migrated to what this code expects."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from pathlib import PurePosixPath

import psycopg
from psycopg_pool import PoolTimeout
from starlette.responses import Response

from openaudio_api.db.migrate import schema_version
from openaudio_api.db.pool import Database
from openaudio_api import __version__
from openaudio_api.web import database, respond, state

EXPECTED_SCHEMA = schema_version()


def _instant(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:  # the tables' naive timestamps are UTC
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


async def _indexer(db: Database) -> list[dict]:
    rows = await db.fetch_all("health_indexer", primary=True)
    return [{**row, "block_time": _instant(row["block_time"]), "last_error_at": _instant(row["last_error_at"]),
             "updated_at": _instant(row["updated_at"])} for row in rows]


async def _jobs(db: Database) -> list[dict]:
    rows = await db.fetch_all("health_jobs", primary=True)
    return [{**row, **{key: _instant(row[key]) for key in ("last_started_at", "last_success_at", "last_error_at")}}
            for row in rows]


async def health(db: Database, started: float) -> Response:
    indexer: list[dict] = []
    jobs: list[dict] = []
    report = {"reachable": False, "schema_version": None, "migrations_applied": 0, "latency_ms": None, "error": None}
    begun = time.perf_counter()
    try:
        row = await db.fetch_one("health", primary=True)
    except psycopg.errors.UndefinedTable:
        report["reachable"] = True
        report["latency_ms"] = round((time.perf_counter() - begun) * 1000, 2)
        report["error"] = f"database is not migrated; this code expects {EXPECTED_SCHEMA}"
    except (psycopg.Error, PoolTimeout) as exc:
        report["error"] = f"{type(exc).__name__}: {exc}".strip()[:500]
    else:
        report["reachable"] = True
        report["latency_ms"] = round((time.perf_counter() - begun) * 1000, 2)
        report["migrations_applied"] = row["files_applied"]
        if row["newest_migration"]:
            report["schema_version"] = PurePosixPath(row["newest_migration"]).stem
        if report["schema_version"] != EXPECTED_SCHEMA:
            report["error"] = f"schema is at {report['schema_version']}, this code expects {EXPECTED_SCHEMA}"
        else:
            try:
                indexer = await _indexer(db)
                jobs = await _jobs(db)
            except (psycopg.Error, PoolTimeout) as exc:
                report["error"] = f"{type(exc).__name__}: {exc}".strip()[:500]
    healthy = report["reachable"] and report["error"] is None
    body = {
        "healthy": healthy,
        "database": report,
        "indexer": indexer,
        "jobs": jobs,
        "version": __version__,
        "uptime_seconds": round(time.time() - started, 3),
    }
    return respond(body, 200 if healthy else 503)


async def get_health_check(**_):
    return await health(database(), state()["started"])
