"""Named queries: <folder>/<name>.sql, read once and kept. db/queries holds the API's; the indexer and the
jobs keep theirs next to their code and load them through loader().

Plans: the API runs each named query as a prepared statement kept per connection and planned generically
(db/pool.py), so PostgreSQL plans it once per connection instead of on every call; planning was 81% of the
database's time per request with custom plans. A query whose generic plan is measurably worse than planning
it for its values says so on a line of its own, `-- plan: custom`, and is then planned on every call.

A name "base@variant" is base.sql with its one /*@slot*/ marker replaced by the text of base@variant.sql:
the same statement with one part swapped (e.g. the owner-only or the credit-widened source of a profile),
without a second copy of the rest.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Callable

QUERY_DIR = Path(__file__).resolve().parent / "queries"
_SLOT = re.compile(r"/\*@\w+\*/")


def loader(folder: Path) -> Callable[[str], str]:
    @cache
    def sql(name: str) -> str:
        text = (folder / f"{name.split('@')[0]}.sql").read_text()
        if "@" not in name:
            return text
        part = (folder / f"{name}.sql").read_text().strip("\n")
        filled, count = _SLOT.subn(lambda _: part, text)
        if count != 1:
            raise ValueError(f"{name}: the base query must have exactly one /*@slot*/ marker, found {count}")
        return filled

    return sql


sql = loader(QUERY_DIR)
_CUSTOM = re.compile(r"^-- plan: custom\b", re.MULTILINE)


@cache
def prepared(name: str) -> bool:
    """Whether the API runs this named query as a generic prepared statement (see the module docstring)."""
    return not _CUSTOM.search(sql(name))
