"""The search oracles' reading of the typo rule (docs/search.md, db/functions/search_fuzzy.sql), written from
the rule, not from the SQL: a whole word of 3 to 24 letters that no word of the field is also matches
the field's words one edit away; a last word that no word of the field begins also matches the words that
begin a string of three letters or more one edit away from it (each such string's first 8 words in key
order). At most 8 words each, the commonest first (search_words' counts), then by key. The field's words are
its search_vocabulary rows, as the server reads them."""

from __future__ import annotations

import bisect
import re

LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"
MOST = 8
_PLAIN = re.compile(r"[a-z0-9]{3,24}")


def one_edit(term: str) -> set[str]:
    """Every string one deletion, replacement, insertion or swap of neighbours away from term."""
    out = set()
    for i in range(len(term) + 1):
        head, tail = term[:i], term[i:]
        out.update(head + c + tail for c in LETTERS)
        if tail:
            out.add(head + tail[1:])
            out.update(head + c + tail[1:] for c in LETTERS)
        if len(tail) >= 2:
            out.add(head + tail[1] + tail[0] + tail[2:])
    out.discard(term)
    return out


class Typos:
    def __init__(self, conn, field: str):
        rows = conn.execute("SELECT word FROM search_vocabulary WHERE field = %s", (field,)).fetchall()
        self.vocabulary = sorted(next(iter(r.values())) if isinstance(r, dict) else r[0] for r in rows)
        self.known = set(self.vocabulary)
        counts = conn.execute("SELECT term, max(docs) AS docs FROM search_words WHERE kind = %s GROUP BY term",
                              (field,)).fetchall()
        self.docs = {(r["term"] if isinstance(r, dict) else r[0]): (r["docs"] if isinstance(r, dict) else r[1])
                     for r in counts}

    def _begun(self, prefix: str, most: int | None = None) -> list[str]:
        i = bisect.bisect_left(self.vocabulary, prefix)
        found = []
        while i < len(self.vocabulary) and self.vocabulary[i].startswith(prefix) and (most is None or
                                                                                       len(found) < most):
            found.append(self.vocabulary[i])
            i += 1
        return found

    def _best(self, found: set[str]) -> list[str]:
        return sorted(found, key=lambda w: (self.docs.get(w) is None, -(self.docs.get(w) or 0), w))[:MOST]

    def whole(self, word: str) -> list[str]:
        if not _PLAIN.fullmatch(word) or word in self.known:
            return []
        return self._best({v for v in one_edit(word) if v in self.known})

    def prefix(self, prefix: str) -> list[str]:
        if not _PLAIN.fullmatch(prefix) or self._begun(prefix, 1):
            return []
        return self._best({w for v in one_edit(prefix) if len(v) >= 3 for w in self._begun(v, MOST)})


class Query:
    """A query's words as search reads them: each whole word with its typo alternatives, the prefix with its
    own (none when a whole word begins it: handlers/search.py text_terms), and the tsquery ranked by."""

    def __init__(self, typos: Typos, words: list[str], terms: dict):
        self.words = words
        self.whole = [[w, *typos.whole(w)] for w in terms["words"]]
        self.near = typos.prefix(terms["prefix"]) if terms["prefix"] else []
        parts = [" | ".join(ws) for ws in self.whole]
        if words:  # the prefix a whole word begins (no terms["prefix"]) stays in the tsquery, unexpanded
            parts.append(" | ".join([f"{words[-1]}:*", *self.near]))
        self.tsquery = " & ".join(f"( {p} )" if " | " in p else p for p in parts)

    def matches(self, mine: list[str]) -> bool:
        if not self.words:
            return True
        return (all(any(w in mine for w in ws) for ws in self.whole)
                and any(t.startswith(self.words[-1]) or t in self.near for t in mine))
