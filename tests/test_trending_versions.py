"""Issue 19's trending variants: the versioned lists (pnagD and AnlGe, both refreshed by the trending job),
trending ids, the weekly winners the rewards job stored, trending tracks for sale in USDC, recommended
tracks (overall and per listener) and feeling lucky."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from openaudio_api import ids
from tests import factory
from tests.challenges import run_jobs
from tests.test_trending import NOW, artist, played, refresh, scores, trending

USDC = {"usdc_purchase": {"price": 100, "splits": []}}
BAD_VERSION = {"code": 400, "error": "Oh no! Bad path parameter version."}


def listed(client, path: str, **params) -> list[int]:
    return trending(client, path, **params)


# ------------------------------------------------------------------------------------------- versions

@pytest.fixture
def audiences(conn, db_url):
    """Two fresh tracks with equal activity, one by an artist with 10,000 followers: pnagD ties them (higher
    id first), AnlGe lifts the followed artist's."""
    artist(conn, 1, followers=10_000)
    artist(conn, 2, followers=0)
    played(conn, 101, 1, 10)
    played(conn, 102, 2, 10)
    refresh(db_url)
    return conn


def test_the_job_scores_every_version_each_by_its_own_formula(audiences):
    anlge = dict(audiences.execute("SELECT track_id, score FROM track_trending_scores WHERE version = 'AnlGe' "
                                   "AND time_range = 'week'").fetchall())
    assert scores(audiences, "week") == pytest.approx({101: 10.0, 102: 10.0})
    assert anlge == pytest.approx({101: 10.0 * 5.000043, 102: 10.0}, rel=1e-5)  # 1 + log10(10,001)


def test_versioned_trending_ranks_by_that_version(audiences, client):
    assert listed(client, "/v1/tracks/trending/pnagD") == [102, 101] == listed(client, "/v1/tracks/trending")
    assert listed(client, "/v1/tracks/trending/AnlGe") == [101, 102]
    assert listed(client, "/v1/full/tracks/trending/AnlGe", genre="Electronic", time="week") == [101, 102]
    assert listed(client, "/v1/tracks/trending/AnlGe", genre="Jazz") == []


def test_versioned_underground_ranks_by_that_version(conn, db_url, client):
    artist(conn, 1, followers=5000)
    for n in range(20):  # the global top 20, excluded from underground
        played(conn, 1001 + n, 1, 100)
    artist(conn, 3, followers=1000)
    artist(conn, 4)
    played(conn, 1101, 3, 10)
    played(conn, 1102, 4, 10)
    refresh(db_url)
    assert listed(client, "/v1/tracks/trending/underground/pnagD") == [1102, 1101]
    assert listed(client, "/v1/full/tracks/trending/underground/AnlGe") == [1101, 1102]
    assert listed(client, "/v1/tracks/trending/underground/AnlGe", limit=1, offset=1) == [1102]


@pytest.mark.parametrize("path", ["/v1/tracks/trending/nope", "/v1/tracks/trending/underground/pnagd",
                                  "/v1/tracks/trending/ids/EJ57D", "/v1/tracks/usdc-purchase/x",
                                  "/v1/full/tracks/recommended/ML51L"])
def test_an_unknown_version_is_upstreams_400(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert response.json() == BAD_VERSION


def test_the_spec_names_the_versions_the_job_scores():
    from openaudio_api.jobs.processors.trending_scores import VERSIONS
    from tests.spec_walk import load_spec
    declared = load_spec()["components"]["parameters"]["trending_version_path"]["schema"]["enum"]
    assert tuple(declared) == VERSIONS


def test_trending_ids_lists_each_range_under_upstreams_keys(conn, db_url, client):
    artist(conn, 1)
    played(conn, 201, 1, 5)
    played(conn, 202, 1, 20, at=NOW - timedelta(days=10))  # month and all time only
    played(conn, 203, 1, 1, genre="Jazz")
    refresh(db_url)
    response = client.get("/v1/full/tracks/trending/ids")
    assert response.status_code == 200
    enc = lambda *t: [{"id": ids.encode(n)} for n in t]  # noqa: E731
    assert response.json()["data"] == {"week": enc(201, 203), "month": enc(202, 201, 203),
                                       "year": enc(202, 201, 203)}
    paged = client.get("/v1/tracks/trending/ids/AnlGe", params={"limit": 1, "offset": 1, "genre": "Electronic"})
    assert paged.json()["data"] == {"week": [], "month": enc(201), "year": enc(201)}


def test_versioned_lists_keep_the_visibility_rule(conn, db_url, client):
    artist(conn, 1)
    played(conn, 301, 1, 10)
    played(conn, 302, 1, 5)
    refresh(db_url)
    conn.execute("UPDATE tracks SET is_unlisted = true WHERE track_id = 301")
    assert listed(client, "/v1/tracks/trending/AnlGe") == [302]
    assert listed(client, "/v1/tracks/trending/AnlGe", user_id=ids.encode(1)) == [301, 302]
    week = client.get("/v1/tracks/trending/ids/AnlGe").json()["data"]["week"]
    assert week == [{"id": ids.encode(302)}]


# -------------------------------------------------------------------------------------------- winners

FRIDAY = datetime(2025, 6, 13, 12)  # the Friday after NOW


def test_winners_are_the_weeks_stored_ranks_not_a_recomputation(conn, db_url, client):
    artist(conn, 1)
    for n in range(12):
        played(conn, 400 + n, 1, 100 - n, at=FRIDAY - timedelta(hours=1), created_at=FRIDAY - timedelta(days=1))
    run_jobs(db_url, only=["trending_scores", "tt", "tut"], now=FRIDAY)
    top = [400 + n for n in range(10)]
    assert listed(client, "/v1/tracks/trending/winners", week="2025-06-13") == top
    # Later activity reorders trending, never the stored week.
    factory.plays(conn, 411, 5000, at=FRIDAY + timedelta(days=1))
    refresh(db_url, now=FRIDAY + timedelta(days=1, hours=2))
    assert listed(client, "/v1/tracks/trending")[0] == 411
    assert listed(client, "/v1/tracks/trending/winners", week="2025-06-13") == top
    # The nearest stored week on or after the date; after the last one, the last one.
    assert listed(client, "/v1/tracks/trending/winners", week="2025-06-01") == top
    assert listed(client, "/v1/full/tracks/trending/winners", week="2026-01-01") == top
    # Without a date: the latest week before today (the server's clock is well after 2025).
    assert listed(client, "/v1/tracks/trending/winners") == top
    # Underground winners are tut's rows (the same tracks here: the artist has no followers, and the top 20
    # exclusion leaves nothing of 12 tracks, so tut stored none).
    assert listed(client, "/v1/tracks/trending/underground/winners") == []
    # A deleted winner is left out; an unlisted one is shown to its owner only.
    conn.execute("UPDATE tracks SET is_delete = true WHERE track_id = 400")
    conn.execute("UPDATE tracks SET is_unlisted = true WHERE track_id = 401")
    assert listed(client, "/v1/tracks/trending/winners", week="2025-06-13") == top[2:]
    assert listed(client, "/v1/tracks/trending/winners", week="2025-06-13", user_id="1") == top[1:]


def test_underground_winners_read_tuts_rows(conn, client):
    artist(conn, 1)
    for n in range(3):
        factory.track(conn, 500 + n, 1)
    conn.execute("INSERT INTO trending_results (user_id, id, rank, type, version, week) VALUES "
                 "(1, '502', 1, 'UNDERGROUND_TRACKS', 'pnagD', '2025-06-06'), "
                 "(1, '500', 2, 'UNDERGROUND_TRACKS', 'pnagD', '2025-06-06'), "
                 "(1, '501', 1, 'TRACKS', 'pnagD', '2025-06-06')")
    assert listed(client, "/v1/tracks/trending/underground/winners", week="2025-06-06") == [502, 500]
    assert listed(client, "/v1/tracks/trending/winners", week="2025-06-06") == [501]


def test_no_stored_week_is_an_empty_list_and_a_bad_date_a_400(client):
    assert listed(client, "/v1/tracks/trending/winners") == []
    assert listed(client, "/v1/tracks/trending/winners", week="2025-06-13") == []
    for bad in ("last friday", "", "20250613", "2025-02-30"):
        response = client.get("/v1/tracks/trending/winners", params={"week": bad})
        assert response.status_code == 400 and response.json()["code"] == 400, bad


# ------------------------------------------------------------------------------------------------ USDC

def test_usdc_purchase_lists_only_tracks_for_sale(conn, db_url, client):
    artist(conn, 1)
    played(conn, 601, 1, 50)  # free
    played(conn, 602, 1, 10, stream_conditions=USDC)
    played(conn, 603, 1, 20, stream_conditions=USDC, genre="Jazz")
    refresh(db_url)
    assert listed(client, "/v1/tracks/usdc-purchase") == [603, 602]
    assert listed(client, "/v1/full/tracks/usdc-purchase/AnlGe", genre="Jazz", time="month") == [603]
    assert listed(client, "/v1/tracks/usdc-purchase", limit=1, offset=1) == [602]
    # No longer for sale since the last refresh: left out at once.
    conn.execute("UPDATE tracks SET stream_conditions = NULL WHERE track_id = 603")
    assert listed(client, "/v1/tracks/usdc-purchase") == [602]
    conn.execute("UPDATE tracks SET is_unlisted = true WHERE track_id = 602")
    assert listed(client, "/v1/tracks/usdc-purchase") == []
    assert listed(client, "/v1/tracks/usdc-purchase", user_id="1") == [602]


# ----------------------------------------------------------------------------------------- recommended

def test_recommended_is_trending_without_the_exclusion_list(conn, db_url, client):
    artist(conn, 1)
    for n, count in enumerate([30, 20, 10]):
        played(conn, 701 + n, 1, count)
    refresh(db_url)
    assert listed(client, "/v1/tracks/recommended") == [701, 702, 703]
    assert listed(client, "/v1/full/tracks/recommended", exclusion_list=[701, 703]) == [702]
    assert listed(client, "/v1/tracks/recommended/AnlGe", limit=2, exclusion_list=[702]) == [701, 703]
    assert listed(client, "/v1/tracks/recommended", genre="Jazz") == []


# ---------------------------------------------------------------------------------- user recommendations

def test_user_recommendations_come_from_their_genres_and_skip_what_they_heard(conn, db_url, client):
    artist(conn, 1)
    factory.user(conn, 9)  # the listener
    for n in range(6):
        played(conn, 800 + n, 1, 10 + n, genre="Jazz")
    played(conn, 810, 1, 50, genre="Rock")  # not a genre they listen to
    played(conn, 811, 1, 40, genre="Jazz", is_unlisted=True)
    factory.plays(conn, 800, 2, user_id=9, at=NOW - timedelta(hours=2))  # heard: Jazz is their genre
    factory.plays(conn, 805, 1, user_id=9, at=NOW - timedelta(hours=2))
    refresh(db_url)
    got = listed(client, "/v1/users/9/recommended-tracks")
    assert sorted(got) == [801, 802, 803, 804]
    assert len(listed(client, f"/v1/full/users/{ids.encode(9)}/recommended-tracks", limit=2)) == 2
    assert listed(client, "/v1/users/1/recommended-tracks") == []  # never listened
    assert listed(client, "/v1/users/4242/recommended-tracks") == []  # nobody


# ------------------------------------------------------------------------------------------ feeling lucky

def test_feeling_lucky_samples_well_played_listed_tracks(conn, client):
    artist(conn, 1, followers=10)
    artist(conn, 2, followers=1000)
    lucky = []
    for n in range(30):
        owner = 1 + n % 2
        factory.track(conn, 900 + n, owner)
        conn.execute("INSERT INTO aggregate_plays (play_item_id, count) VALUES (%s, %s) "
                     "ON CONFLICT (play_item_id) DO UPDATE SET count = EXCLUDED.count", (900 + n, 250 + n))
        lucky.append(900 + n)
    factory.track(conn, 990, 1)  # 249 plays: below the floor
    conn.execute("INSERT INTO aggregate_plays (play_item_id, count) VALUES (990, 249)")
    factory.track(conn, 991, 2, is_unlisted=True)
    conn.execute("INSERT INTO aggregate_plays (play_item_id, count) VALUES (991, 5000)")
    seen = set()
    for _ in range(5):
        page = listed(client, "/v1/tracks/feeling-lucky", limit=5)
        assert 1 <= len(page) <= 5 and len(set(page)) == len(page)
        seen.update(page)
    assert seen <= set(lucky) and len(seen) > 5  # a different draw each time
    famous = listed(client, "/v1/full/tracks/feeling-lucky", limit=20, min_followers=500, with_users=True)
    assert famous and all(t % 2 == 1 for t in famous)  # odd ids are artist 2's
    assert listed(client, "/v1/tracks/feeling-lucky", min_followers=100_000) == []


def test_feeling_lucky_with_no_candidates_is_empty(client):
    assert listed(client, "/v1/tracks/feeling-lucky") == []
