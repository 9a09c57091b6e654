"""Applies db/migrations/NNNN_*.sql then db/functions/*.sql, in name order, then the data syncs of
db/catalog (each a statement fed one JSON file, e.g. the challenges catalog from challenges.json).

Every file is idempotent by rule (IF NOT EXISTS, CREATE OR REPLACE), so a file whose checksum changed is
simply run again; an unchanged file is skipped. An advisory lock serialises concurrent runners: the second
one waits, then finds everything applied and does nothing.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import psycopg

log = logging.getLogger("openaudio.db.migrate")

DB_DIR = Path(__file__).resolve().parent
PASSES = ("migrations", "functions")
# name of a sync statement in db/catalog -> the JSON file it is fed as %(catalog)s
CATALOG_SYNCS = {"sync_challenges.sql": "challenges.json"}
# Any constant works as long as every runner uses the same one.
MIGRATION_LOCK_KEY = 7_351_220_418

_BOOKKEEPING = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    file_name  text PRIMARY KEY,
    checksum   text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)
"""


@dataclass(frozen=True)
class SqlFile:
    name: str  # e.g. "migrations/0001_schema.sql"
    path: Path
    data: Path | None = None  # a JSON file the statement reads as %(catalog)s

    @property
    def text(self) -> str:
        return self.path.read_text()

    @property
    def params(self) -> dict | None:
        return {"catalog": self.data.read_text()} if self.data else None

    @property
    def checksum(self) -> str:
        # Re-indenting or re-wrapping must not re-run a file; any other edit, even inside a string, does.
        text = self.text + (self.data.read_text() if self.data else "")
        return hashlib.sha256(re.sub(r"\s+", " ", text).strip().encode()).hexdigest()


def sql_files(root: Path = DB_DIR) -> list[SqlFile]:
    files = []
    for folder in PASSES:
        for path in sorted((root / folder).glob("*.sql")):
            files.append(SqlFile(f"{folder}/{path.name}", path))
    for statement, data in CATALOG_SYNCS.items():
        if (root / "catalog" / statement).exists():
            files.append(SqlFile(f"catalog/{statement}", root / "catalog" / statement, root / "catalog" / data))
    return files


def schema_version(root: Path = DB_DIR) -> str:
    """The newest migration the code knows: what a fully migrated database reports."""
    names = [f.name for f in sql_files(root) if f.name.startswith("migrations/")]
    return Path(names[-1]).stem if names else ""


def migrate(url: str, root: Path = DB_DIR) -> list[str]:
    """Bring the database at url up to date; return the files that were run."""
    ran: list[str] = []
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK_KEY,))
        try:
            conn.execute(_BOOKKEEPING)
            applied = dict(conn.execute("SELECT file_name, checksum FROM schema_migrations").fetchall())
            for f in sql_files(root):
                checksum = f.checksum
                if applied.get(f.name) == checksum:
                    continue
                if f.name in applied:
                    log.warning("re-running changed file %s", f.name)
                with conn.transaction():
                    conn.execute(f.text, f.params)
                    conn.execute(
                        """INSERT INTO schema_migrations (file_name, checksum) VALUES (%s, %s)
                           ON CONFLICT (file_name) DO UPDATE
                           SET checksum = EXCLUDED.checksum, applied_at = now()""",
                        (f.name, checksum),
                    )
                ran.append(f.name)
                log.info("applied %s", f.name)
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK_KEY,))
    return ran
