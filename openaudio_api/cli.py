"""The `openaudio-api` command."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import click
import psycopg

from openaudio_api import logs
from openaudio_api.config import Config

log = logging.getLogger("openaudio.cli")


def _database_url(config: Config) -> str:
    if config.database_url:
        return config.database_url
    from openaudio_api.db import embedded

    embedded.exit_cleanly_on_sigterm()
    return embedded.start(config.data_dir)


def _config(database_url, data_dir, **extra) -> Config:
    return Config.from_env(database_url=database_url, data_dir=Path(data_dir) if data_dir else None, **extra)


database_options = [
    click.option("--database-url", envvar="DATABASE_URL", default=None,
                 help="PostgreSQL URL of the primary. Unset: an embedded PostgreSQL in --data-dir."),
    click.option("--data-dir", envvar="OPENAUDIO_DATA_DIR", default=None, type=click.Path(file_okay=False),
                 help="Folder of the embedded PostgreSQL (default ./.data)."),
]


def with_database_options(fn):
    for option in reversed(database_options):
        fn = option(fn)
    return fn


class Cli(click.Group):
    """Turns an unreachable database into one line, not a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except psycopg.OperationalError as exc:
            raise click.ClickException(f"cannot reach the database: {exc}".strip()) from None


@click.group(cls=Cli)
@click.option("--log-level", default="INFO", show_default=True, envvar="LOG_LEVEL")
def main(log_level: str) -> None:
    """OpenAudio discovery API: serve it, migrate its database, seed demo data."""
    logs.configure(log_level)


@main.command()
@with_database_options
def migrate(database_url, data_dir) -> None:
    """Apply db/migrations then db/functions; safe to run twice or from two machines at once."""
    from openaudio_api.db.migrate import migrate as run

    ran = run(_database_url(_config(database_url, data_dir)))
    click.echo(f"applied {len(ran)} file(s)" + "".join(f"\n  {name}" for name in ran))


class UtcTime(click.ParamType):
    """An ISO 8601 time (2027-06-01, 2027-06-01T12:00:00, ...Z or with an offset) as naive UTC, to the second;
    a time without an offset is UTC."""

    name = "ISO_TIME"

    def convert(self, value, param, ctx):
        from datetime import datetime, timezone

        if isinstance(value, datetime):
            return value
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            self.fail(f"{value!r} is not an ISO 8601 time such as 2027-06-01T12:00:00Z", param, ctx)
        if moment.tzinfo is not None:
            moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
        return moment.replace(microsecond=0)


NOW_HELP = ("When the demo's activity ends (UTC, ISO 8601). Default: the moment it is seeded. The same time and "
            "--seed give the same rows.")


def _seed_options(fn):
    fn = click.option("--now", "now", default=None, type=UtcTime(), help=NOW_HELP)(fn)
    fn = click.option("--seed", "seed_value", default=42, show_default=True, help="Random seed.")(fn)
    fn = click.option("--follows-per-user", default=10, show_default=True)(fn)
    fn = click.option("--plays", default=20_000, show_default=True)(fn)
    fn = click.option("--tracks", default=1_000, show_default=True)(fn)
    fn = click.option("--users", default=200, show_default=True)(fn)
    return fn


@main.command()
@with_database_options
@_seed_options
@click.option("--blocks", "blocks_file", default=None, type=click.Path(dir_okay=False, writable=True),
              help="Write the data set as core-chain blocks (JSON lines) to this file instead, for the indexer.")
def seed(database_url, data_dir, users, tracks, plays, follows_per_user, seed_value, now, blocks_file) -> None:
    """Write a deterministic demo data set (users, follows, tracks, plays, reposts, saves, remixes, comments,
    collaborations, then playlists and albums) into an empty database, with COPY; or, with --blocks, as the
    blocks of a demo chain (without the playlists). Its
    activity spans the three years up to --now; the jobs (`openaudio-api jobs`) then compute trending and
    rewards from it."""
    from openaudio_api.demo import seed as seeding
    from openaudio_api.db.migrate import migrate as run

    size = seeding.SeedSize(users=users, tracks=tracks, plays=plays, follows_per_user=follows_per_user,
                            seed=seed_value, now=now).pinned()
    ends = f"activity up to {size.now.isoformat()}Z (--now to reproduce)"
    if blocks_file:
        count = seeding.write_blocks(Path(blocks_file), size)
        click.echo(f"wrote {count} blocks ({users} users, {tracks} tracks, {plays} plays; {ends}) to {blocks_file}")
        click.echo(f"verifier (User Verify signer; give it to the indexer as --verifier): "
                   f"{seeding.verifier_wallet(seed_value)}")
        return
    url = _database_url(_config(database_url, data_dir))
    run(url)
    try:
        seeding.seed(url, size)
    except seeding.NotEmpty as exc:
        raise click.ClickException(str(exc)) from None
    _add_demo_playlists(url, size)
    click.echo(f"seeded {users} users, {tracks} tracks, {plays} plays, "
               f"{seeding.playlist_sizes(size)['playlists']} playlists and albums; {ends}")


@main.command()
@with_database_options
@click.option("--source", required=True, envvar="CORE_NODE_URL",
              help="A core node (http(s)://host, its JSON API) or a file of block JSON lines.")
@click.option("--batch-blocks", default=50, show_default=True, help="Heights per fetch from the source.")
@click.option("--batch-plays", default=None, type=int,
              help="On a backfill, fetches are gathered into one transaction until it holds this many plays "
                   "(default 200,000).")
@click.option("--verifier", "verifiers", multiple=True, envvar="OPENAUDIO_VERIFIERS",
              help="Address allowed to sign User Verify (repeatable; env: space-separated).")
@click.option("--follow/--no-follow", default=None,
              help="Keep polling for new blocks at the end (default: yes for a node, no for a file).")
@click.option("--start-height", type=int, default=None, help="First height when nothing is indexed yet.")
@click.option("--em-block-start", type=int, default=0, show_default=True, envvar="OPENAUDIO_EM_BLOCK_START",
              help="The legacy entity-manager block number the chain continues: its first block with ManageEntity "
                   "transactions gets this + 1 (blocknumber columns, core_indexed_blocks.em_block).")
@click.option("--progress/--no-progress", default=None, help="Progress bar on a backfill (default: on a terminal).")
def index(database_url, data_dir, source, batch_blocks, batch_plays, verifiers, follow, start_height,
          em_block_start, progress) -> None:
    """Index core-chain blocks (plays and entity changes) into the database, exactly once, resuming where the
    last run stopped. SIGTERM or Ctrl-C stops after the batch in hand."""
    import signal
    import sys
    import threading

    from openaudio_api.db.migrate import migrate as run
    from openaudio_api.indexer.runner import BATCH_PLAYS, Indexer
    from openaudio_api.indexer.sources import open_source

    url = _database_url(_config(database_url, data_dir))
    run(url)
    blocks = open_source(source)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    follow = follow if follow is not None else source.startswith(("http://", "https://"))
    progress = progress if progress is not None else sys.stderr.isatty()
    indexer = Indexer(url, blocks, batch_blocks=batch_blocks, batch_plays=batch_plays or BATCH_PLAYS,
                      verifiers=frozenset(verifiers), progress=progress,
                      follow=follow, start_height=start_height, em_block_start=em_block_start, stop=stop)
    stats = indexer.run()
    skipped = ", ".join(f"{n} {kind}" for kind, n in sorted(stats.skipped.items())) or "none"
    click.echo(f"indexed {stats.blocks} blocks ({stats.plays} plays, {stats.entities} entity changes) "
               f"up to height {stats.height}; skipped: {skipped}")


@main.command()
@with_database_options
@click.option("--interval", default=30.0, show_default=True, type=float, envvar="JOBS_INTERVAL",
              help="Seconds between the starts of two ticks.")
@click.option("--once", is_flag=True, help="Run one pass over every processor, then exit.")
@click.option("--only", "only", multiple=True, help="Run only this job (repeatable), e.g. --only u --only e.")
def jobs(database_url, data_dir, interval, once, only) -> None:
    """Run the reward-challenge processors and the trending scores job every --interval seconds. Only one
    runner acts at a time across machines (a PostgreSQL advisory lock); others wait. SIGTERM or Ctrl-C stops
    after the processor in hand."""
    import signal

    from openaudio_api.db.migrate import migrate as run
    from openaudio_api.jobs.registry import PROCESSORS
    from openaudio_api.jobs.runner import JobsRunner

    unknown = set(only) - {p.name for p in PROCESSORS}
    if unknown:
        raise click.BadParameter(f"unknown job(s): {', '.join(sorted(unknown))}", param_hint="--only")
    url = _database_url(_config(database_url, data_dir))
    run(url)
    processors = [p for p in PROCESSORS if not only or p.name in only]
    runner = JobsRunner(url, processors)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: runner.stop.set())
    runner.run(interval=interval, once=once)


class OneLineUsageError(click.ClickException):
    """A bad option value said in one line, without click's usage block; exit code 2 like its usage errors."""

    exit_code = 2


def _private_key(ctx, param, value: str | None) -> bytes | None:
    if value is None:
        return None
    from eth_account import Account

    try:
        secret = bytes.fromhex(value.removeprefix("0x"))
        Account.from_key(secret)  # 32 bytes and a valid secp256k1 scalar
    except ValueError:
        raise OneLineUsageError("--key must be a secp256k1 private key: 64 hex digits, 0x prefix optional") from None
    return secret


@main.command()
@click.option("--user-id", type=int, help="Sign as this demo user (its key comes from the seed).")
@click.option("--seed", "seed_value", default=42, show_default=True, help="The seed the demo data was made with.")
@click.option("--key", callback=_private_key, help="Sign with this hex private key instead.")
@click.option("--message", default=None, help="The message to sign (default: signature:<unix ms>).")
def sign(user_id, seed_value, key, message) -> None:
    """Print Encoded-Data-Message / Encoded-Data-Signature headers for a signed request. Both lines come from
    one run (each run signs a new message), so save them and give curl the file:

    \b
    openaudio-api sign --user-id 1 > headers.txt
    curl -H @headers.txt http://127.0.0.1:5000/v1/users/1/managers

    Needs no database: the demo keys derive from --user-id and --seed."""
    import time

    from eth_account import Account
    from eth_account.messages import encode_defunct

    from openaudio_api.demo import seed as seeding

    if not key and user_id is None:
        raise click.UsageError("give --user-id (a demo user) or --key")
    secret = key or seeding.private_key(user_id, seed_value)
    message = message or f"signature:{int(time.time() * 1000)}"
    signed = Account.from_key(secret).sign_message(encode_defunct(text=message))
    click.echo(f"Encoded-Data-Message: {message}")
    click.echo(f"Encoded-Data-Signature: 0x{signed.signature.hex().removeprefix('0x')}")


@main.command()
@click.option("--lang", required=True, type=click.Choice(["typescript", "python"]),
              help="typescript: a typescript-fetch package; python: a pydantic v2 package.")
@click.option("--out", required=True, type=click.Path(file_okay=False),
              help="Folder to write the client package into (created if missing).")
@click.option("--spec", default=None,
              help="Generate from this spec file or URL (e.g. https://host/v1/swagger.yaml) instead of the "
                   "bundled contract.")
@click.option("--package-name", default=None,
              help="npm package name (typescript, default openaudio-sdk) or Python package (default openaudio_sdk).")
def sdk(lang, out, spec, package_name) -> None:
    """Generate a client SDK from the API's OpenAPI spec with openapi-generator (needs Java 11+). Needs no
    database: it reads the spec (the bundled one, or --spec)."""
    from openaudio_api import sdk as sdks

    try:
        where = sdks.generate(lang, out, spec=spec or sdks.SPEC_FILE, package_name=package_name)
    except sdks.SdkError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{lang} client written to {where}")


@main.command()
@with_database_options
@click.option("--host", envvar="HOST", default="127.0.0.1", show_default=True)
@click.option("--port", envvar="PORT", default=5000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int, help="API worker processes.")
@click.option("--demo", is_flag=True, help="Seed a small demo data set first, if the database is empty, and run the "
                                         "jobs over it: its activity ends at the moment it is seeded.")
@click.option("--demo-now", default=None, type=UtcTime(),
              help="With --demo: seed and run the jobs as of this time (UTC, ISO 8601) instead of now, for a "
                   "reproducible demo.")
@click.option("--skip-auth-check", is_flag=True, envvar="SKIP_AUTH_CHECK",
              help="DEVELOPMENT ONLY: serve any user_id without a signed request.")
def serve(database_url, data_dir, host, port, workers, demo, demo_now, skip_auth_check) -> None:
    """Migrate, then serve the API (Swagger UI at /v1, the spec at /v1/swagger.yaml)."""
    import uvicorn

    from openaudio_api.demo import seed as seeding
    from openaudio_api.db.migrate import migrate as run

    if demo_now and not demo:
        raise click.UsageError("--demo-now only applies with --demo")
    config = _config(database_url, data_dir, host=host, port=port, skip_auth_check=skip_auth_check or None)
    url = _database_url(config)
    run(url)
    if demo and not seeding.is_seeded(url):
        size = seeding.SeedSize(now=demo_now).pinned()
        seeding.seed(url, size)
        _add_demo_playlists(url, size)
        _demo_jobs(url, size.now)
    elif demo:
        _warn_if_stale(url)
    log.info("serving", extra={"host": host, "port": port, "workers": workers, "embedded": not database_url})
    from openaudio_api.protocol import HTTP_PROTOCOL

    common = dict(host=host, port=port, log_config=None, access_log=False, lifespan="on", http=HTTP_PROTOCOL,
                  timeout_graceful_shutdown=config.shutdown_timeout)
    if workers > 1:
        # Workers build the app from the environment; pass our resolved settings down.
        os.environ["OPENAUDIO_DATA_DIR"] = str(config.data_dir)
        if database_url:
            os.environ["DATABASE_URL"] = database_url
        if skip_auth_check:
            os.environ["SKIP_AUTH_CHECK"] = "1"
        _share_metrics_between_workers()
        _exit_zero_after_a_requested_stop()
        uvicorn.run("openaudio_api.asgi:app", workers=workers, **common)
    else:
        from openaudio_api.app import create_app

        app = create_app(config)
        _exit_zero_after_a_requested_stop()
        uvicorn.run(app, **common)


def _add_demo_playlists(url: str, size) -> None:
    """The demo's playlists and albums (not chain data: seed --blocks writes none), before the jobs, which
    score them for trending."""
    import psycopg

    from openaudio_api.demo import seed as seeding

    with psycopg.connect(url, autocommit=True) as conn:
        seeding.add_playlists(conn, seeding.demo_playlists(size))


def _demo_jobs(url: str, now) -> None:
    """Run the jobs over the fresh demo as of its now, so trending, rewards and their notifications are there
    to try (and last Friday's trending rewards: demo/jobs.py)."""
    from openaudio_api.demo import jobs as demo_jobs

    if not demo_jobs.catch_up(url, now):
        log.info("a jobs runner is already at work on this database: it runs the demo's jobs")


def _warn_if_stale(url: str) -> None:
    """The demo's activity stops when it is seeded, so its trending windows empty as the clock moves on (the
    jobs recompute them as of now): say so, and how to get a fresh one, rather than serve empty lists mutely."""
    from openaudio_api.demo import seed as seeding

    ended, days = seeding.activity_age(url)
    if days is not None and days >= seeding.FRESH_DAYS:
        lasts = ", ".join(f"{name} {span.total_seconds() / 86400:.1f}" for name, span in seeding.TRENDING_LASTS.items())
        log.warning("the demo's activity ended %.1f days ago: as the jobs recompute trending as of now, its lists "
                    "empty this many days after it ends: %s; serve --demo with an empty --data-dir (or database) "
                    "seeds a fresh demo", days, lasts, extra={"activity_ended": ended.isoformat()})


def _exit_zero_after_a_requested_stop() -> None:
    """uvicorn stops gracefully on SIGTERM / SIGINT, then raises the signal again for the handler it found
    there: the default one kills the process by the signal (-15), the embedded database's
    exit_cleanly_on_sigterm exits 143, SIGINT ends in a KeyboardInterrupt. A stop that was asked for and
    completed is a success, so the re-raised signal is swallowed and serve returns: exit 0, atexit runs.
    Installed right before uvicorn.run, which puts its own handlers in place as it starts."""
    import signal

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: None)


def _share_metrics_between_workers() -> None:
    """prometheus-client's multiprocess mode: workers keep their request metrics in files of one folder and
    /metrics, on whichever worker answers, sums them all. Workers inherit the variable and read it when they
    import prometheus_client, so it is set before they start. A folder left from an earlier run would add
    its counts to ours: it starts empty."""
    import tempfile

    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not folder:
        folder = os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="openaudio-metrics-")
    for stale in Path(folder).glob("*.db"):
        stale.unlink()
    log.info("metrics shared between workers", extra={"folder": folder})
