"""Runtime configuration, read once from the environment (CLI flags override it)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from openaudio_api import openapi

# The contract ships inside the package (openapi/ is the package openaudio_api.openapi, pyproject.toml), so
# an installed wheel finds it wherever it runs.
SPEC_FILE = Path(openapi.__file__).resolve().parent / "swagger-v1.yaml"


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw not in (None, "") else default


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    return float(raw) if raw not in (None, "") else default


def _flag(name: str) -> bool:
    return os.environ.get(name, "").lower() in ("1", "true", "yes")


@dataclass(frozen=True)
class Config:
    # None means: start (or attach to) the embedded PostgreSQL in data_dir.
    database_url: str | None = None
    read_replica_urls: tuple[str, ...] = ()
    data_dir: Path = field(default_factory=lambda: Path.cwd() / ".data")
    host: str = "127.0.0.1"
    port: int = 5000
    pool_min: int = 2
    pool_max: int = 10
    # Seconds a request may wait for a pooled connection before it is answered 503.
    pool_timeout: float = 5.0
    # Milliseconds a read statement may run before PostgreSQL cancels it.
    statement_timeout_ms: int = 10_000
    validate_responses: bool = False
    # Development only: serve any "my id" without a signature. Logged loudly when on.
    skip_auth_check: bool = False
    # How long a "may this wallet act as this user" answer is reused (a revoked grant lasts this long).
    auth_cache_seconds: float = 10.0
    # Seconds SIGTERM waits for requests in flight before cancelling them: under an orchestrator's grace period
    # (Kubernetes: 30 s), so the pools still close and the embedded database still stops before a SIGKILL.
    shutdown_timeout: float = 20.0

    @classmethod
    def from_env(cls, **overrides) -> "Config":
        replicas = tuple(
            u.strip() for u in os.environ.get("READ_REPLICA_URLS", "").split(",") if u.strip()
        )
        cfg = cls(
            database_url=os.environ.get("DATABASE_URL") or None,
            read_replica_urls=replicas,
            data_dir=Path(os.environ.get("OPENAUDIO_DATA_DIR") or Path.cwd() / ".data"),
            host=os.environ.get("HOST", "127.0.0.1"),
            port=_int("PORT", 5000),
            pool_min=_int("DB_POOL_MIN", 2),
            pool_max=_int("DB_POOL_MAX", 10),
            pool_timeout=_float("DB_POOL_TIMEOUT", 5.0),
            statement_timeout_ms=_int("DB_STATEMENT_TIMEOUT_MS", 10_000),
            validate_responses=_flag("VALIDATE_RESPONSES"),
            skip_auth_check=_flag("SKIP_AUTH_CHECK"),
            auth_cache_seconds=_float("AUTH_CACHE_SECONDS", 10.0),
            shutdown_timeout=_float("SHUTDOWN_TIMEOUT", 20.0),
        )
        return replace(cfg, **{k: v for k, v in overrides.items() if v is not None})
