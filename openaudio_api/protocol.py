"""uvicorn's HTTP protocol with the API's error shape for the requests its parser refuses.

A request the HTTP parser cannot take never reaches the app: with httptools (uvicorn's choice when it is
installed, as here) a request target over 65,535 bytes, or a malformed request line or header; with h11, a
request head over its size limit. uvicorn answers those with a plain-text 400 "Invalid HTTP request
received."; these subclasses answer the same 400 as {"code": 400, "error": ...}, like every other refusal.
Longer query strings than that cannot be served by any means, so the message names the limit.
"""

from __future__ import annotations

import h11
import orjson
from uvicorn.protocols.http.h11_impl import H11Protocol

ERROR = {"code": 400, "error": "invalid HTTP request: malformed, or its request target or headers are too long "
                               "(the request target may be at most 65535 bytes)"}
_BODY = orjson.dumps(ERROR)
_HEADERS = [(b"content-type", b"application/json"), (b"content-length", str(len(_BODY)).encode()),
            (b"connection", b"close")]


class JsonErrorH11Protocol(H11Protocol):
    def send_400_response(self, msg: str) -> None:
        for event in (h11.Response(status_code=400, headers=_HEADERS, reason=b"Bad Request"),
                      h11.Data(data=_BODY), h11.EndOfMessage()):
            self.transport.write(self.conn.send(event))
        self.transport.close()


try:
    from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol
except ImportError:  # no httptools: uvicorn's "auto" would take h11
    HTTP_PROTOCOL: type = JsonErrorH11Protocol
else:
    class JsonErrorHttpToolsProtocol(HttpToolsProtocol):
        def send_400_response(self, msg: str) -> None:
            head = [STATUS_LINE[400]]
            head += [name + b": " + value + b"\r\n" for name, value in self.server_state.default_headers]
            head += [name + b": " + value + b"\r\n" for name, value in _HEADERS]
            self.transport.write(b"".join(head) + b"\r\n" + _BODY)
            self.transport.close()

    # For uvicorn's `http` setting, chosen as its "auto" does; module-level, so worker processes unpickle it.
    HTTP_PROTOCOL = JsonErrorHttpToolsProtocol
