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

import hashids
from hashids import Hashids

_SALT, _MIN_LENGTH = "azowernasdfoia", 5
_hashids = Hashids(salt=_SALT, min_length=_MIN_LENGTH)
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


# One id, hashids' own steps with its one costly step read from a table. hashids shuffles its alphabet for a
# number by a salt made of the lottery character (one of the alphabet's, chosen by n % 100), the salt and the
# alphabet: a pure-Python shuffle that was most of the 10-15 us an id cost. For a single number that shuffle
# depends on the lottery character alone, so the alphabet's few dozen shuffles are made once, here, by
# hashids' own function; the rest (the number in that alphabet, the guards, the padding to the minimum
# length) is hashids' code as it is. tests/test_ids.py compares both ways over every small id and a sample of
# all 32-bit ones, and the decoding of hashids, multi-number hashids and junk.
_ALPHABET, _SEPARATORS, _GUARDS = _hashids._alphabet, _hashids._separators, _hashids._guards
_SHUFFLED = {lottery: hashids._reorder(_ALPHABET, (lottery + _SALT + _ALPHABET)[:len(_ALPHABET)])
             for lottery in _ALPHABET}


def _encode_one(n: int) -> str:
    values_hash = n % 100
    lottery = _ALPHABET[values_hash % len(_ALPHABET)]
    alphabet = _SHUFFLED[lottery]
    encoded = lottery + hashids._hash(n, alphabet)  # a single number: no separator stays
    if len(encoded) >= _MIN_LENGTH:
        return encoded
    return hashids._ensure_length(encoded, _MIN_LENGTH, alphabet, _GUARDS, values_hash)


def _decode_one(value: str) -> tuple[int, ...]:
    """hashids' decode (its numbers, or () for no hashid) with the table's alphabet when `value` holds one
    number; several numbers go to hashids itself."""
    parts = tuple(hashids._split(value, _GUARDS))
    core = parts[1] if 2 <= len(parts) <= 3 else parts[0]
    if not core or core[0] not in _SHUFFLED or any(c in _SEPARATORS for c in core[1:]):
        return _hashids.decode(value)
    try:
        n = hashids._unhash(core[1:], _SHUFFLED[core[0]])
    except ValueError:  # a character outside the alphabet: hashids answers ()
        return ()
    # hashids checks a decoding by encoding it again.
    return (n,) if _encode_one(n) == value else ()


# A response hashes the same ids over and over (a user's id on each of their challenge rows, an owner on each
# of their tracks): a profile of getUserChallenges under load spent 30% of its CPU in hashids. Bounded, so a
# worker's memory stays flat: 32,768 entries are a few MiB.
@lru_cache(maxsize=32_768)
def encode(n: int) -> str:
    # hashids encodes only non-negative integers ('' for others), as upstream's ids are.
    return _encode_one(n) if isinstance(n, int) and n >= 0 else _hashids.encode(n)


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
            numbers = _decode_one(value)
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
