"""Signed requests: who signed this request, and may that wallet act as "my id".

Clients sign a message with their wallet key (Ethereum personal_sign, EIP-191) and send it as the
Encoded-Data-Message / Encoded-Data-Signature headers, or the user_data / user_signature query parameters.
Recovery is eth-account's; nothing here is hand-written cryptography.

A wallet may act as a user when it is that user's wallet, or the grantee of an approved, unrevoked grant
from that user (a manager). Answers are cached per (user, wallet) for AUTH_CACHE_SECONDS, so a revoked
grant or a changed wallet takes effect within that time.
"""

from __future__ import annotations

import contextvars
import logging
import time
from collections import OrderedDict
from functools import lru_cache

from eth_account import Account
from eth_account.messages import encode_defunct

from openaudio_api.db.pool import Database

log = logging.getLogger("openaudio.auth")

_CACHE_SIZE = 50_000

# The wallet that signed the current request, or None; set by the auth middleware.
signer: contextvars.ContextVar[str | None] = contextvars.ContextVar("signer", default=None)


@lru_cache(maxsize=8192)
def recover_wallet(message: bytes | None, signature: str | None) -> str | None:
    """The lowercase 0x address that signed message, or None for anything that is not a valid signature."""
    if not message or not signature:
        return None
    text = signature[2:] if signature[:2] in ("0x", "0X") else signature
    if len(text) != 130:
        return None
    try:
        raw = bytes.fromhex(text)
    except ValueError:
        return None
    v = raw[64] - 27 if raw[64] >= 27 else raw[64]
    if v not in (0, 1):
        return None
    r, s = int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:64], "big")
    try:
        address = Account.recover_message(encode_defunct(primitive=message), vrs=(v, r, s))
    except Exception:  # out-of-range r/s, point not on the curve, ...: not a signature
        return None
    return address.lower()


class Authorizer:
    """Answers "may this wallet act as this user", with a bounded, time-limited cache."""

    def __init__(self, ttl_seconds: float, max_entries: int = _CACHE_SIZE):
        self.ttl = ttl_seconds
        self.max_entries = max_entries
        self._cache: OrderedDict[tuple[int, str], tuple[bool, float]] = OrderedDict()

    async def may_act_as(self, db: Database, user_id: int, wallet: str | None) -> bool:
        if not wallet or user_id <= 0:
            return False
        key = (user_id, wallet)
        hit = self._cache.get(key)
        now = time.monotonic()
        if hit and hit[1] > now:
            return hit[0]
        row = await db.fetch_one("authorize_wallet", {"user_id": user_id, "wallet": wallet})
        allowed = bool(row and row["authorized"])
        if self.ttl > 0:
            self._cache[key] = (allowed, now + self.ttl)
            self._cache.move_to_end(key)
            while len(self._cache) > self.max_entries:
                self._cache.popitem(last=False)
        return allowed


def credential_present(value: str, required_scopes=None) -> dict | None:
    """connexion's check for the signature schemes: it only proves that a credential was sent (else 401).
    Whether it is a valid signature, and for whom, is SignatureAuthMiddleware's and require_user's job."""
    return {"sub": "signed"} if value else None
