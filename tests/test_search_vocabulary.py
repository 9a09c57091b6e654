"""search_query (db/functions/search_vocabulary.sql): a prefix replaced by the words it begins finds exactly
what the prefix finds, in every field, for every prefix of every word the data holds, whatever the words look
like (punctuation, quotes, backslashes, digits, other scripts); and a word written later is found at once."""

from __future__ import annotations

import random

import pytest

from tests import factory

# Words as titles, tags, names and handles carry them: the parser keeps some whole (hosts, versions,
# hyphenated compounds besides their parts), and quoting must survive quotes and backslashes.
ODD = ("spark", "sparkle", "sparks", "spar", "spark-le", "it's", "o'neil", "back\\slash", "spark.com", "v1.2.3",
       "123", "abc123", "ñandú", "日本", "x_y", "sp", "s")
PLAIN = ("midnight", "mirror", "mist", "echo", "ember", "emblem", "tide", "tidal", "sun")

MATCHES = {
    "t": "SELECT track_id FROM track_search WHERE (title_words || artist_words) @@ {q} ORDER BY 1",
    "g": "SELECT track_id FROM track_search WHERE tag_words @@ {q} ORDER BY 1",
    "u": "SELECT user_id FROM user_search WHERE words @@ {q} ORDER BY 1",
    "p": "SELECT playlist_id FROM playlist_search WHERE (words || artist_words) @@ {q} ORDER BY 1",
}


def _seed(conn, rng: random.Random) -> None:
    words = ODD + PLAIN
    for u in range(1, 9):
        factory.user(conn, u, name=" ".join(rng.sample(words, 2)), handle=f"{rng.choice(PLAIN)}{u}")
    for t in range(1, 61):
        factory.track(conn, t, 1 + t % 8, title=" ".join(rng.sample(words, rng.randint(1, 3))) + f" {t}",
                      tags=",".join(rng.sample(words, 2)))
    for p in range(1, 16):
        factory.playlist(conn, p, 1 + p % 8, playlist_name=" ".join(rng.sample(words, 2)))


def _same(conn, field: str, words: list[str], prefix: str) -> int:
    tsquery = " & ".join([*words, f"{prefix}:*"])
    given = (field, tsquery, prefix)
    expanded_query = "search_query(%s, to_tsquery('simple', %s), %s)"
    expanded = conn.execute(MATCHES[field].format(q=expanded_query), given).fetchall()
    plain = conn.execute(MATCHES[field].format(q="to_tsquery('simple', %s)"), (tsquery,)).fetchall()
    assert expanded == plain, (field, tsquery, conn.execute(f"SELECT {expanded_query}::text", given).fetchone())
    return len(plain)


def test_the_words_a_prefix_begins_find_what_the_prefix_finds(conn):
    _seed(conn, random.Random(35))
    prefixes = {w.lower()[:n] for w in ODD + PLAIN for n in range(1, len(w) + 1)} - {""}
    prefixes = {p for p in prefixes if p.replace("_", "").isalnum()}  # \w+, as handlers/search.py reads text
    found = 0
    for field in MATCHES:
        for prefix in sorted(prefixes):
            found += _same(conn, field, [], prefix) > 0
            found += _same(conn, field, ["tide"], prefix) > 0
    assert found > 100  # the prefixes found something, the comparison was not of empty sets


@pytest.mark.parametrize("prefix", ["spa", "spark", "mi", "e"])
def test_the_words_replace_the_prefix_only_when_they_are_few(conn, prefix):
    _seed(conn, random.Random(35))
    query = conn.execute("SELECT search_query('t', to_tsquery('simple', %s), %s)::text",
                         (f"{prefix}:*", prefix)).fetchone()[0]
    begun = conn.execute("""SELECT count(*) FROM search_vocabulary
                            WHERE field = 't' AND starts_with(word, %s)""", (prefix,)).fetchone()[0]
    assert (":*" in query) == (not 1 <= begun <= 4), (query, begun)


def test_a_word_written_later_is_found_at_once(conn):
    factory.user(conn, 1)
    factory.track(conn, 1, 1, title="ember")
    assert _same(conn, "t", [], "emb") == 1
    factory.track(conn, 2, 1, title="emblem")  # a word the vocabulary had not seen
    assert _same(conn, "t", [], "emb") == 2
    conn.execute("UPDATE tracks SET title = 'embers' WHERE track_id = 1")
    assert _same(conn, "t", [], "embe") == 1


def test_no_text_is_no_query(conn):
    assert conn.execute("SELECT search_query('t', NULL, NULL)").fetchone()[0] is None
