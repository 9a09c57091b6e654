"""Test fixtures: real PostgreSQL (embedded by default, DATABASE_URL when set), one fresh database per test
cloned from a migrated template, and an app client that validates every response against the spec."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import make_conninfo

from openaudio_api.demo import seed as seeding
from openaudio_api.db.migrate import migrate
from openaudio_api.app import create_app
from openaudio_api.config import Config

TEMPLATE = "oa_test_template"
SEEDED = "oa_test_seeded"
# Small enough to seed in a second or two, large enough for every operation to have data. Its activity ends at
# PINNED_NOW, so the rows (and the dates tests read in them) are the same whatever day the tests run.
SEED_SIZE = seeding.SeedSize(users=120, tracks=600, plays=6_000, follows_per_user=6, seed=7, now=seeding.PINNED_NOW)


def database_url(server_url: str, dbname: str) -> str:
    return make_conninfo(server_url, dbname=dbname)


@pytest.fixture(scope="session")
def server_url():
    """A PostgreSQL server we may create databases on."""
    if os.environ.get("DATABASE_URL"):
        yield os.environ["DATABASE_URL"]
        return
    from openaudio_api.db import embedded

    # Not under pytest's basetemp: pytest prunes old run folders, which would delete the cluster of a
    # concurrent test run.
    folder = Path(tempfile.mkdtemp(prefix="openaudio-test-pg-"))
    try:
        yield embedded.start(folder)
    finally:
        embedded.release()
        shutil.rmtree(folder, ignore_errors=True)


def _recreate(server_url: str, name: str, template: str | None = None) -> str:
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return database_url(server_url, name)


@pytest.fixture(scope="session")
def template_url(server_url):
    url = _recreate(server_url, TEMPLATE)
    migrate(url)
    return url


@pytest.fixture(scope="session")
def seeded_url(server_url, template_url):
    """A migrated database with the deterministic demo data set; tests must only read it."""
    url = _recreate(server_url, SEEDED, template=TEMPLATE)
    seeding.seed(url, SEED_SIZE, progress=False)
    add_sample_trending(url)
    return url


SAMPLE = "oa_test_sample"


@pytest.fixture(scope="session")
def sample_url(server_url, template_url):
    """The seeded data set (same SEED_SIZE, same rows as seeded_url) plus manager grants, so that every
    operation, getManagers included, answers with non-empty data. For the drift and SDK tests; read only."""
    url = _recreate(server_url, SAMPLE, template=TEMPLATE)
    seeding.seed(url, SEED_SIZE, progress=False)
    add_sample_grants(url)
    add_sample_trending(url)
    add_sample_challenges(url)
    add_sample_stems(url)
    add_sample_playlists(url)
    return url


def add_sample_grants(url: str) -> None:
    """User 2 is managed by user 3 (approved), user 4 (pending: is_approved null) and user 5 (revoked)."""
    with psycopg.connect(url, autocommit=True) as conn:
        for manager, approved, revoked in ((3, True, False), (4, None, False), (5, True, True)):
            conn.execute(
                "INSERT INTO grants (grantee_address, user_id, is_revoked, is_current, is_approved, created_at, "
                "updated_at, txhash) SELECT wallet, 2, %s, true, %s, timestamp '2025-01-02', "
                "timestamp '2025-01-02', %s FROM users WHERE user_id = %s",
                (revoked, approved, f"0xsamplegrant{manager}", manager))


def add_sample_trending(url: str) -> None:
    """Trending scores as the jobs would compute them at the end of the seeded data's span, so the trending
    operations answer with tracks."""
    from openaudio_api.jobs.engine import processor_sql

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(processor_sql("trending_scores_refresh"), {"now": SEED_SIZE.now})


def add_sample_stems(url: str) -> None:
    """The seed uploads no stems: the lowest public track gets two, as the indexer stores them (stem tracks
    whose stem_of names the parent, and stems rows), so getTrackStems has something to list."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("""
            WITH parent AS (
                SELECT track_id, owner_id, (SELECT max(track_id) FROM tracks) AS top FROM tracks
                WHERE is_current AND NOT is_unlisted AND NOT is_delete ORDER BY track_id LIMIT 1
            ), stem AS (
                INSERT INTO tracks (track_id, is_current, is_delete, owner_id, title, genre, stem_of, track_cid,
                                    orig_filename, blocknumber, created_at, updated_at, txhash)
                SELECT p.top + n, true, false, p.owner_id, 'Stem ' || n, 'Electronic',
                       jsonb_build_object('category', c, 'parent_track_id', p.track_id), 'QmSampleStem' || n,
                       'stem' || n || '.wav', 1, timestamp '2025-01-02', timestamp '2025-01-02', '0xsamplestem' || n
                FROM parent p, (VALUES (1, 'bass'), (2, 'vocals')) AS v(n, c)
                RETURNING track_id, (stem_of->>'parent_track_id')::int AS parent_track_id
            )
            INSERT INTO stems (parent_track_id, child_track_id) SELECT parent_track_id, track_id FROM stem""")


# The sample database's playlists (bench/sql/add_playlists.sql at a small size): user 5 owns 25 of them and
# playlist 1 lists 300 tracks.
SAMPLE_PLAYLISTS = {"playlists": 60, "collector": 5, "collected": 25, "big": 300, "fans": 20,
                    "users": SEED_SIZE.users, "tracks": SEED_SIZE.tracks}


def add_sample_playlists(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute((Path(__file__).parents[1] / "bench" / "sql" / "add_playlists.sql").read_text(),
                      SAMPLE_PLAYLISTS)
        conn.execute("ANALYZE")


def add_sample_challenges(url: str) -> None:
    """User 2 has challenge progress: u complete and undisbursed, p complete and disbursed, two c rows, a
    trending win; the trigger adds its reward notifications."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("""
            INSERT INTO user_challenges (challenge_id, user_id, specifier, is_complete, current_step_count, amount,
                                         completed_blocknumber, created_at, completed_at)
            VALUES ('u', 2, '2', true, 3, 1, 100, '2025-01-03', '2025-01-03'),
                   ('p', 2, '2', true, 7, 1, 101, '2025-01-03', '2025-01-03'),
                   ('c', 2, '2:2025-1', true, 1, 1, NULL, '2025-01-03', '2025-01-03'),
                   ('c', 2, '2:2025-2', true, 1, 1, 102, '2025-01-10', '2025-01-10'),
                   ('tt', 2, '2025-01-03:1', true, 0, 1000, 103, '2025-01-03', '2025-01-03'),
                   ('p1', 2, '2', false, 40, 25, NULL, '2025-01-03', NULL)""")
        conn.execute("INSERT INTO challenge_disbursements (challenge_id, user_id, specifier, signature, slot, amount) "
                     "VALUES ('p', 2, '2', '0xsampledisbursement', 1, '100000000')")


def _scratch_database(server_url: str, template: str | None):
    name = f"oa_test_{uuid.uuid4().hex[:12]}"
    yield _recreate(server_url, name, template=template)
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def db_url(server_url, template_url):
    """A fresh, migrated, empty database for this test alone."""
    yield from _scratch_database(server_url, TEMPLATE)


@pytest.fixture
def empty_db_url(server_url):
    """A fresh database that was never migrated, for this test alone."""
    yield from _scratch_database(server_url, None)


@pytest.fixture
def conn(db_url):
    with psycopg.connect(db_url, autocommit=True) as connection:
        yield connection


def make_client(url: str):
    config = Config(database_url=url, pool_min=1, pool_max=4, pool_timeout=3.0)
    # Response validation on: every response the tests see must conform to the spec.
    return create_app(config, validate_responses=True).test_client()


class SigningClient:
    """The app's test client, signing each request as the user it names in user_id, as a real client
    would. Tests of the signature rules themselves use raw_client."""

    def __init__(self, client):
        self.raw = client

    def get(self, url, params=None, headers=None, **kwargs):
        from openaudio_api import ids
        from tests import factory

        pairs = params.items() if isinstance(params, dict) else (params or [])
        viewer = next((ids.decode_my_id(str(v)) for k, v in pairs if k == "user_id"), 0)
        if viewer and headers is None:
            headers = factory.signature_headers(viewer)
        return self.raw.get(url, params=params, headers=headers, **kwargs)


@pytest.fixture
def raw_client(db_url):
    with make_client(db_url) as c:
        yield c


@pytest.fixture
def client(raw_client):
    return SigningClient(raw_client)


@pytest.fixture(scope="module")
def seeded_client(seeded_url):
    with make_client(seeded_url) as c:
        yield c


LARGE = "oa_test_large"
# Large enough that the planner prefers a sequential scan wherever an index is missing.
LARGE_SIZE = seeding.SeedSize(users=20_000, tracks=200_000, plays=200_000, follows_per_user=3,
                              reposts_per_track=1, saves_per_track=1, seed=11, now=seeding.PINNED_NOW)


@pytest.fixture(scope="session")
def large_url(server_url, template_url):
    url = _recreate(server_url, LARGE, template=TEMPLATE)
    seeding.seed(url, LARGE_SIZE, progress=False)
    return url
