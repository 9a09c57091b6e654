import pytest

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
