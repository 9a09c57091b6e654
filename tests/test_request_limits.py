"""Requests at the HTTP parser's limits, through `openaudio-api serve` as operators run it: a query string
that reaches the app is answered by the app (JSON); a request target beyond httptools' 65,535 bytes, which
the parser refuses before any app sees it, still gets the API's JSON error shape, not uvicorn's plain text."""

from __future__ import annotations

import json
import socket

import pytest

from openaudio_api.protocol import ERROR
from tests.samples import LiveServer


def _raw_get(server: LiveServer, target: str) -> tuple[int, dict[str, str], bytes]:
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        reply = b""
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
        # One byte more, and far more: refused by the parser, in the API's shape.
        for extra in (1, 100_000):
            status, headers, body = _raw_get(server, prefix + "a" * (65535 - len(prefix) + extra))
            assert (status, headers["content-type"], json.loads(body)) == (400, "application/json", ERROR)
        # A malformed request line, too.
        status, headers, body = _raw_get(server, "/v1/tracks bad")
        assert (status, json.loads(body)) == (400, ERROR)
    finally:
        server.stop()
