import re
import string

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from openaudio_api import ids

# Upstream's vectors (fact sheet §1): salt azowernasdfoia, min length 5, default alphabet.
VECTORS = {0: "GeYrn", 1: "7eP5n", 2: "ML51L", 3: "lebQD", 4: "ELKzn", 10: "BDNxn", 44: "eYorL", 100: "eYZmn",
           111: "D91oD", 222: "n0AML", 500: "eYake", 700: "eYjpn", 701: "ePBpL", 702: "L5wMe", 703: "ebWXn",
           1234: "D2Wde", 128608: "WQ2P9", 190321: "4W2ay"}


@pytest.mark.parametrize("number,hashid", VECTORS.items())
def test_upstream_vectors(number, hashid):
    assert ids.encode(number) == hashid
    assert ids.decode(hashid) == number


@pytest.mark.parametrize("text,expected", [
    ("123", 123), ("-5", -5), ("+7", 7), ("0", 0),
    ("", None), (None, None), ("not-a-hashid!", None), ("7eP5", None), ("zzzzzzzzzz", None),
    ("99999999999", None),  # beyond PostgreSQL integer: can name no row
    (" 12", None), ("1_000", None),
])
def test_decode_rules(text, expected):
    assert ids.decode(text) == expected


@pytest.mark.parametrize("text,expected", [("7eP5n", 1), ("12", 12), ("garbage!", 0), ("0", 0), ("-3", 0), (None, 0)])
def test_my_id_is_anonymous_when_undecodable(text, expected):
    assert ids.decode_my_id(text) == expected


# ------------------------------------------------------------------------------ the spec's path id pattern
# Path ids (openapi/swagger-v1.yaml, ids.PATH_ID_PATTERN) are judged twice: by request validation against
# the pattern (400 "invalid userId" when it fails) and then by ids.decode in the handler (an id that names
# no row when it decodes to nothing). The pattern must never refuse what decodes to an id, and must admit
# exactly the decimals that do; a hashid-shaped string is admitted whether or not its checksum holds (no
# pattern can state one), and the handler then finds it names nothing.

PATH_ID = re.compile(ids.PATH_ID_PATTERN)
HASHIDS_ALPHABET = string.ascii_letters + string.digits


def _admitted(value: str) -> bool:
    # JSON Schema patterns are ECMA 262, where `$` is the end of the string (Python's `$` also matches
    # before a final newline): fullmatch is the spec's meaning.
    return PATH_ID.fullmatch(value) is not None


decimals = st.builds(
    lambda sign, zeros, n: f"{sign}{'0' * zeros}{n}", st.sampled_from(["", "+", "-"]), st.integers(0, 3),
    st.one_of(st.integers(0, 2**33), st.sampled_from([0, 1, 9, 10, 2**31 - 1, 2**31, 2**31 + 1, 10**9,
                                                       10**9 - 1, 10**10, 2147483639, 2147483640, 2147483650])))
hashids = st.lists(st.integers(0, 2**40), min_size=1, max_size=3).map(lambda numbers: ids._hashids.encode(*numbers))
mutated = st.builds(lambda h, i, c: h[:i % len(h)] + c + h[i % len(h) + 1:], hashids, st.integers(0, 20),
                    st.sampled_from(list(HASHIDS_ALPHABET) + ["!", "-", " ", "\n", "é", "٣"]))
candidates = st.one_of(decimals, hashids, mutated, st.text(max_size=12),
                       st.text(alphabet=HASHIDS_ALPHABET, max_size=9), st.from_regex(ids.PATH_ID_PATTERN))


@settings(max_examples=3000, deadline=None)
@given(value=candidates)
@example(value="GeYrn")  # the hashid of 0: admitted, names nothing
@example(value="-2147483648")
@example(value="2147483648")
@example(value="0000")
@example(value="12345")
@example(value="1234a")
@example(value="7eP5n\n")
def test_the_path_id_pattern_admits_every_id_and_exactly_the_decimal_ones(value):
    number = ids.decode(value)
    if number:  # the server looks this id up: the spec must call it valid
        assert _admitted(value), value
    if re.fullmatch(r"[+-]?[0-9]+", value):
        assert _admitted(value) == bool(number), value  # decimals: exactly the nonzero 32-bit ones
    elif _admitted(value):
        # Hashid-shaped: hashids' own alphabet, at least its minimum length of 5.
        assert len(value) >= 5 and set(value) <= set(HASHIDS_ALPHABET), value
    else:
        assert not number, value


def _hashids_says(value: str):
    """What the hashids library itself decodes `value` to (or the exception it raises)."""
    try:
        return ids._hashids.decode(value)
    except Exception as error:  # noqa: BLE001 - compared, not handled
        return type(error)


def _we_say(value: str):
    try:
        return ids._decode_one(value)
    except Exception as error:  # noqa: BLE001
        return type(error)


def test_the_table_driven_encoding_is_hashids_own():
    """ids._encode_one (hashids with its per-lottery alphabet shuffles made once) against the library: every id
    below 20,000 (the padded short ones among them) and a sample of all 32-bit ones."""
    import random

    rng = random.Random(16)
    for n in [*range(20_000), *(rng.randrange(2**31) for _ in range(20_000)), 2**31 - 1, 2**31, 2**40]:
        assert ids._encode_one(n) == ids._hashids.encode(n), n


def test_the_table_driven_decoding_is_hashids_own():
    """ids._decode_one against the library: hashids of one and of two numbers, each cut short and lengthened
    by a character, and strings of the alphabet and beyond, of every length to 12."""
    import random

    rng = random.Random(61)
    one = [ids._hashids.encode(rng.randrange(2**31)) for _ in range(3_000)]
    two = [ids._hashids.encode(rng.randrange(10**4), rng.randrange(10**4)) for _ in range(1_000)]
    junk = ["".join(rng.choice(string.ascii_letters + string.digits + "é_-") for _ in range(rng.randint(1, 12)))
            for _ in range(10_000)]
    for value in [*one, *two, *junk, *(v[:-1] for v in one), *(v + "a" for v in one), "", "aaaaa", "7eP5n"]:
        assert _we_say(value) == _hashids_says(value), value
    assert sum(bool(_we_say(v)) for v in one) == len(one) and all(len(_we_say(v)) == 2 for v in two)
