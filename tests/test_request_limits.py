"""Requests at the HTTP parser's limits, through `openaudio-api serve` as operators run it: a query string
that reaches the app is answered by the app (JSON); a request target beyond httptools' 65,535 bytes, which
the parser refuses before any app sees it, still gets the API's JSON error shape, not uvicorn's plain text."""

from __future__ import annotations

import contextlib
import json
import socket

import pytest

from openaudio_api.protocol import ERROR
from tests.samples import LiveServer


def _raw_get(server: LiveServer, target: str) -> tuple[int, dict[str, str], bytes]:
    reply = b""
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        # The server may answer and close before it has read the whole request: a reset then is expected.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        with contextlib.suppress(ConnectionResetError):
            while chunk := sock.recv(65536):
                reply += chunk
    head, _, body = reply.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in header_lines)
    if headers.get("transfer-encoding") == "chunked":  # one chunk is all these small bodies need
        body = body.split(b"\r\n", 1)[1].rsplit(b"\r\n0\r\n", 1)[0]
    return int(status_line.split()[1]), headers, body


@pytest.mark.parametrize("serve_args", [[], ["--workers", "2"]], ids=["one worker", "two workers"])
def test_long_request_targets_get_the_json_error_shape(db_url, tmp_path, serve_args):
    server = LiveServer(db_url, tmp_path / "server.log", serve_args=serve_args)
    try:
        prefix = "/v1/tracks/search?query="
        # The longest target the parser takes reaches the app, which answers it.
        status, headers, body = _raw_get(server, prefix + "a" * (65535 - len(prefix)))
        assert (status, headers["content-type"], json.loads(body)) == (200, "application/json", {"data": []})
        # One byte more, and more: refused by the parser, in the API's shape. (Sizes the server reads whole
        # before it answers and closes: unread bytes would reset the connection and could eat the answer.)
        for extra in (1, 10_000):
            status, headers, body = _raw_get(server, prefix + "a" * (65535 - len(prefix) + extra))
            assert (status, headers["content-type"], json.loads(body)) == (400, "application/json", ERROR)
        # A malformed request line, too.
        status, headers, body = _raw_get(server, "/v1/tracks bad")
        assert (status, json.loads(body)) == (400, ERROR)
    finally:
        server.stop()


def test_without_httptools_the_h11_protocol_answers_in_the_same_shape():
    """Where httptools is missing, uvicorn's "auto" takes h11, and so do we: its refusals are JSON too."""
    import threading

    import uvicorn

    from openaudio_api.protocol import JsonErrorH11Protocol
    from tests.samples import free_port

    async def app(scope, receive, send):  # never reached by these requests
        raise AssertionError(scope)

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, http=JsonErrorH11Protocol,
                                           lifespan="off", log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            thread.join(0.05)
        live = type("Live", (), {"port": port})()
        for target in ("/v1/tracks bad", "/v1/tracks?a=\x01 HTTP/1.1"):  # malformed request lines
            status, headers, body = _raw_get(live, target)
            assert (status, headers["content-type"], json.loads(body)) == (400, "application/json", ERROR)
    finally:
        server.should_exit = True
        thread.join(10)
