"""Named queries: <folder>/<name>.sql, read once and kept. db/queries holds the API's; the indexer and the
jobs keep theirs next to their code and load them through loader().

Plans: the API runs each named query as a prepared statement kept per connection and planned generically
(db/pool.py), so PostgreSQL plans it once per connection instead of on every call; planning was 81% of the
database's time per request with custom plans. A query whose generic plan is measurably worse than planning
it for its values says so on a line of its own, `-- plan: custom`, and is then planned on every call.

A name "base@variant" is base.sql with its /*@slot*/ markers replaced by the text of base@variant.sql: the
same statement with parts swapped (e.g. the owner-only or the credit-widened source of a profile), without a
second copy of the rest. A base with one marker takes the variant's whole text; a base with several takes one
section of the variant per marker, each headed by a line `--@slot` (lines before the first are its comment).
A section whose whole text is `--< other_variant` takes that slot's text from base@other_variant, so two
variants that differ in one slot share the other without a copy.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Callable

QUERY_DIR = Path(__file__).resolve().parent / "queries"
_SLOT = re.compile(r"/\*@(\w+)\*/")
_SECTION = re.compile(r"^--@(\w+)[ \t]*\n", re.MULTILINE)
_BORROWED = re.compile(r"--< (\w+)")


def _sections(name: str, variant: str, slots: list[str]) -> dict[str, str]:
    """The text for each of the base's slots: the variant's whole text for a single slot, else its sections."""
    if len(slots) == 1 and not _SECTION.search(variant):
        return {slots[0]: variant.strip("\n")}
    parts = _SECTION.split(variant)[1:]
    sections = {parts[i]: parts[i + 1].strip("\n") for i in range(0, len(parts), 2)}
    if sorted(sections) != sorted(slots) or len(slots) != len(set(slots)):
        raise ValueError(f"{name}: the variant's sections {sorted(sections)} must be the base's slots {slots}, "
                         f"each once")
    return sections


def loader(folder: Path) -> Callable[[str], str]:
    @cache
    def sql(name: str) -> str:
        text = (folder / f"{name.split('@')[0]}.sql").read_text()
        if "@" not in name:
            return text
        slots = _SLOT.findall(text)
        if not slots:
            raise ValueError(f"{name}: the base query has no /*@slot*/ marker")
        sections = _sections(name, (folder / f"{name}.sql").read_text(), slots)
        for slot, body in sections.items():
            if borrowed := _BORROWED.fullmatch(body.strip()):
                lender = (folder / f"{name.split('@')[0]}@{borrowed.group(1)}.sql").read_text()
                sections[slot] = _sections(name, lender, slots)[slot]
        return _SLOT.sub(lambda m: sections[m.group(1)], text)

    return sql


sql = loader(QUERY_DIR)
_CUSTOM = re.compile(r"^-- plan: custom\b", re.MULTILINE)


@cache
def prepared(name: str) -> bool:
    """Whether the API runs this named query as a generic prepared statement (see the module docstring)."""
    return not _CUSTOM.search(sql(name))
