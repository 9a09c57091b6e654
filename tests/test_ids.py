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
