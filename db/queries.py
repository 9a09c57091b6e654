"""Named queries: <folder>/<name>.sql, read once and kept. db/queries holds the API's; the indexer and the
jobs keep theirs next to their code and load them through loader().

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
