"""The outermost request middleware: a request id on every response, the named queries a request ran,
and one structured access-log line per request."""

from __future__ import annotations

import logging
import random
import re
import time

from openaudio_api.db.pool import request_queries
from openaudio_api import auth, ids, logs
from openaudio_api.errors import ApiError
from openaudio_api.operations import query_lists

log = logging.getLogger("openaudio.access")
access = logs.InfoLines("openaudio.access")
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


# The version (4) and variant (10xx) bits of a random UUID, as uuid.uuid4 sets them.
_UUID4_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
_UUID4_SET = (0x4000 << 64) | (0x8000 << 48)


def new_request_id() -> str:
    """A random UUID in uuid4's form, from the random module rather than os.urandom: a request id needs to be
    unique, not unguessable, and this is a third of uuid4()'s cost (a system call and a UUID object) on every
    request. The module's generator is reseeded in a forked child, so workers do not repeat each other."""
    h = "%032x" % (random.getrandbits(128) & _UUID4_CLEAR | _UUID4_SET)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


class RequestContextMiddleware:
    def __init__(self, app, metrics=None):
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _VALID_REQUEST_ID.fullmatch(incoming) else new_request_id()
        queries: list[str] = []
        # connexion's router records the operationId in scope["extensions"] of its own shallow copy of the
        # scope; a dict placed here first is the one it fills, so the operation is visible here afterwards.
        scope.setdefault("extensions", {})
        token = request_queries.set(queries)
        started = time.perf_counter()
        status = 500

        async def send_with_headers(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers") or [])
                headers.append((b"x-request-id", request_id.encode()))
                headers.append((b"x-query-count", str(len(queries)).encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            request_queries.reset(token)
            elapsed = time.perf_counter() - started
            if self.metrics is not None:
                self.metrics.observe(scope, status, elapsed)
            access.info(
                "request",
                {
                    "request_id": request_id,
                    "method": scope.get("method"),
                    "path": scope.get("path"),
                    "status": status,
                    "ms": round(elapsed * 1000, 2),
                    "queries": len(queries),
                },
            )


class SignatureAuthMiddleware:
    """Upstream's global rule: a request whose user_id (my id) is not 0 is served only when it is signed by
    that user's wallet or an approved manager's; otherwise 403. It also records who signed the request,
    for operations private to a path user (web.require_user)."""

    def __init__(self, app, skip_check: bool = False):
        self.app = app
        self.skip_check = skip_check

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # The last value of each name, as a dict of parse_qsl's pairs would hold.
        query = {name: values[-1] for name, values in query_lists(scope).items()}
        headers = dict(scope.get("headers") or [])
        message, signature = headers.get(b"encoded-data-message"), headers.get(b"encoded-data-signature")
        # An empty header counts as absent: generated clients send every declared scheme, empty or not.
        if not message or not signature:
            raw_message = query.get("user_data")
            # Percent-decoded as UTF-8 by parse_qsl; clients sign the message's UTF-8 bytes.
            message = raw_message.encode("utf-8", "surrogatepass") if raw_message is not None else None
            signature_text = query.get("user_signature")
        else:
            signature_text = signature.decode("latin-1")
        wallet = auth.recover_wallet(message, signature_text)
        my_id = ids.decode_my_id(query.get("user_id"))
        token = auth.signer.set(wallet)
        try:
            if my_id and self.skip_check:
                log.warning("auth check skipped", extra={"my_id": my_id, "wallet": wallet})
            elif my_id:
                state = scope["state"]
                if not await state["authorizer"].may_act_as(state["db"], my_id, wallet):
                    raise ApiError(
                        403, f"You are not authorized to make this request authedWallet={wallet or ''} myId={my_id}")
            await self.app(scope, receive, send)
        finally:
            auth.signer.reset(token)
