"""Public ids: hashids exactly as upstream (salt, minimum length 5, default alphabet).

Ids are hashed here and nowhere else. Decoding follows upstream's DecodeHashId: a base-10 integer string is
taken as that integer, anything else goes through hashids, and only the first number counts.

PATH_ID_PATTERN is what the spec declares for path ids (tests/test_ids.py holds the two together): a
nonzero 32-bit decimal (sign and leading zeros allowed, as DecodeHashId's Atoi takes them), or a string
shaped like a hashid (5 or more letters and digits, not all digits, since those are read as a decimal).
Whether such a string really is a hashid is a checksum that no pattern can state, so a well-formed string
that decodes to no id is an id that names nothing (see openaudio_api.web.path_id), not a malformed one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from hashids import Hashids

_hashids = Hashids(salt="azowernasdfoia", min_length=5)
_DECIMAL = re.compile(r"[+-]?[0-9]+")
# Our id columns are PostgreSQL integers; a larger id cannot name a row, and must not reach the database.
INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
# No row has a negative id (the indexer stores ids from 0 up) and no viewer is one (decode_my_id is >= 0).
NAMES_NOTHING = INT32_MIN

# 1 to 2147483647 (the last alternatives spell out the 10-digit numbers up to it); -2147483648 on its own.
_NONZERO_INT32 = (r"[+-]?0*(?:[1-9][0-9]{0,8}|1[0-9]{9}|20[0-9]{8}|21[0-3][0-9]{7}|214[0-6][0-9]{6}"
                  r"|2147[0-3][0-9]{5}|21474[0-7][0-9]{4}|214748[0-2][0-9]{3}|2147483[0-5][0-9]{2}"
                  r"|21474836[0-3][0-9]|214748364[0-7])|-0*2147483648")
# At least 5 characters of the hashids alphabet, one of them a letter (placed after 0 to 4+ digits).
_HASHID_SHAPE = (r"[A-Za-z][A-Za-z0-9]{4,}|[0-9][A-Za-z][A-Za-z0-9]{3,}|[0-9]{2}[A-Za-z][A-Za-z0-9]{2,}"
                 r"|[0-9]{3}[A-Za-z][A-Za-z0-9]+|[0-9]{4,}[A-Za-z][A-Za-z0-9]*")
PATH_ID_PATTERN = f"^(?:{_NONZERO_INT32}|{_HASHID_SHAPE})$"


# hashids is pure Python (tens of microseconds an id) and a response hashes the same ids over and over (a
# user's id on each of their challenge rows, an owner on each of their tracks): a profile of
# getUserChallenges under load spent 30% of its CPU here. Bounded, so a worker's memory stays flat: 32,768
# entries are a few MiB.
@lru_cache(maxsize=32_768)
def encode(n: int) -> str:
    return _hashids.encode(n)


def encode_opt(n: int | None) -> str | None:
    return None if n is None else encode(n)


def decode(value: str | None) -> int | None:
    """The integer an id string names, or None when it names none."""
    if not value:
        return None
    # Decoding re-encodes to check the id, so it costs twice an encode; ids people request repeat (a
    # profile, its viewer's my id). Only id-sized strings are cached: a long junk string is decoded once.
    return _decode(value) if len(value) <= 16 else _decode.__wrapped__(value)


@lru_cache(maxsize=32_768)
def _decode(value: str) -> int | None:
    if _DECIMAL.fullmatch(value):
        n = int(value)
    else:
        try:
            numbers = _hashids.decode(value)
        except Exception:  # hashids raises on some malformed inputs instead of returning ()
            return None
        if not numbers:
            return None
        n = numbers[0]
    return n if INT32_MIN <= n <= INT32_MAX else None


def decode_my_id(value: str | None) -> int:
    """The requesting user from the user_id query parameter: 0 (anonymous) when it names nobody."""
    n = decode(value)
    return n if n and n > 0 else 0
