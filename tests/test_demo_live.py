"""The live demo on a later day: `serve --demo`'s data set (the default size and seed) seeded as of a fixed
now, its jobs run as serve --demo runs them, then `openaudio-api jobs --once` minutes or days later. Through the
API, as a user would see it on that day: trending week, month and underground have tracks, user 1's first
notification page has notifications, user 1 has rewards and their notifications.

"That day" is the database's clock: the first notification page reaches back 90 days from now() and the
challenges read now() too, so each test's database answers now() with the day it plays (frozen_clock), and
the test passes or fails the same whatever day it runs on.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict

from openaudio_api import ids
from openaudio_api.demo import jobs as demo_jobs
from openaudio_api.demo import seed as seeding
from tests import factory
from tests.challenges import run_jobs
from tests.conftest import TEMPLATE, _recreate, make_client

# A Tuesday, later than any day this was written on: the demo must not depend on the machine's clock.
NOW = datetime(2027, 6, 1, 12, 0, 0)
DEMO = seeding.SeedSize(now=NOW)  # what serve --demo seeds, pinned
REWARDS = {"challenge_reward", "claimable_reward", "reward_in_cooldown", "trending", "trending_underground",
           "tastemaker"}


def frozen_clock(url: str, at: datetime) -> None:
    """Make now() in new sessions of this database return `at` (UTC): a function of that name in a schema
    searched before pg_catalog (PostgreSQL searches pg_catalog first only when the path does not name it)."""
    name = conninfo_to_dict(url)["dbname"]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA IF NOT EXISTS frozen_clock")
        conn.execute(f"CREATE OR REPLACE FUNCTION frozen_clock.now() RETURNS timestamptz LANGUAGE sql IMMUTABLE "
                     f"AS $$ SELECT timestamptz '{at.isoformat()}+00' $$")
        conn.execute(f'ALTER DATABASE "{name}" SET search_path = frozen_clock, pg_catalog, "$user", public')


@pytest.fixture(scope="module")
def seeded_demo(server_url, template_url):
    """The demo as serve --demo leaves it: seeded as of NOW, its jobs run as of NOW (demo/jobs.py)."""
    name = f"oa_demo_{uuid.uuid4().hex[:10]}"
    url = _recreate(server_url, name, template=TEMPLATE)
    seeding.seed(url, DEMO, progress=False)
    assert demo_jobs.catch_up(url, NOW)
    yield name
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def demo_at(server_url, seeded_demo):
    """A copy of the seeded demo, as it is after `jobs --once` runs `later` after NOW, on that day's clock."""
    names = []

    def at(later: timedelta) -> str:
        names.append(f"oa_demo_{uuid.uuid4().hex[:10]}")
        url = _recreate(server_url, names[-1], template=seeded_demo)
        if later:
            run_jobs(url, now=NOW + later)
        frozen_clock(url, NOW + later)
        return url

    yield at
    with psycopg.connect(server_url, autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def trending(client, path: str, **params) -> list[dict]:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()["data"]


def first_page(client, user_id: int) -> list[dict]:
    headers = factory.signature_headers(user_id, key=seeding.private_key(user_id, DEMO.seed))
    response = client.get(f"/v1/notifications/{ids.encode(user_id)}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["data"]["notifications"]


# serve --demo itself (0), a jobs run minutes after, the next day, and the last day every list is still full.
@pytest.mark.parametrize("later", [timedelta(0), timedelta(minutes=5), timedelta(days=1),
                                   timedelta(days=seeding.FRESH_DAYS)], ids=["seeded", "5min", "1day", "fresh_days"])
def test_the_demo_is_live_on_the_day_and_after(demo_at, later):
    with make_client(demo_at(later)) as client:
        assert trending(client, "/v1/tracks/trending", time="week")
        assert trending(client, "/v1/tracks/trending", time="month")
        assert trending(client, "/v1/tracks/trending/underground")
        notifications = first_page(client, 1)
        assert notifications
        assert REWARDS & {n["type"] for n in notifications}, [n["type"] for n in notifications]
        challenges = client.get(f"/v1/users/{ids.encode(1)}/challenges").json()["data"]
        assert any(c["is_complete"] for c in challenges)


def test_last_fridays_trending_rewards_are_there(demo_at):
    """Seeded on a Tuesday, the demo has the week's trending winners of the Friday before (2027-05-28)."""
    url = demo_at(timedelta(0))
    with psycopg.connect(url) as conn:
        winners = conn.execute("SELECT challenge_id, user_id FROM user_challenges WHERE specifier LIKE '2027-05-28:%' "
                               "AND is_complete ORDER BY challenge_id, specifier").fetchall()
    assert [c for c, _ in winners] == ["tt"] * 10 + ["tut"] * 10
    challenge, winner = winners[0]
    with make_client(url) as client:
        rows = client.get(f"/v1/users/{ids.encode(winner)}/challenges").json()["data"]
        assert any(c["challenge_id"] == "tt" and c["is_complete"] for c in rows)
        assert "trending" in {n["type"] for n in first_page(client, winner)}


def test_a_week_after_the_week_is_empty_and_month_and_notifications_are_not(demo_at):
    """The documented limit: nothing is played after the seed, so once the jobs run 7 days later the week
    window holds no activity (month: 30 days); notifications still reach back 90 days."""
    url = demo_at(timedelta(days=7))
    with make_client(url) as client:
        assert trending(client, "/v1/tracks/trending", time="week") == []
        assert trending(client, "/v1/tracks/trending/underground") == []
        assert trending(client, "/v1/tracks/trending", time="month")
        assert first_page(client, 1)
    ended, days = seeding.activity_age(url)
    assert ended < NOW and 7 < days < 7.1  # what serve --demo's stale warning reads


@pytest.mark.parametrize("listing", seeding.TRENDING_LASTS)
def test_each_trending_list_lasts_until_its_window_slides_past_the_activity(demo_at, listing):
    """What serve --demo's stale warning and the docs state, to the minute."""
    path, params = (("/v1/tracks/trending/underground", {}) if listing == "underground"
                    else ("/v1/tracks/trending", {"time": listing}))
    lasts = seeding.TRENDING_LASTS[listing]
    for later, listed in ((lasts - timedelta(minutes=1), True), (lasts, False)):
        with make_client(demo_at(later)) as client:
            assert bool(trending(client, path, **params)) is listed, later
