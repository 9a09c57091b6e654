"""The curated track lists (latest, most loved, best new releases, under the radar, remixables, recent
premium, most shared), popular genres, track access info and download counts (issue 19)."""

from datetime import datetime, timedelta, timezone

import pytest

from openaudio_api import ids
from openaudio_api.jobs.processors.curated_lists import REFRESH_SECONDS
from tests import factory
from tests.challenges import NOW, run_jobs

JOB = ["curated_lists"]
USDC = {"usdc_purchase": {"price": 100, "splits": [{"user_id": 1, "percentage": 100}]}}


def refresh(url: str, now: datetime = NOW):
    return run_jobs(url, only=JOB, now=now)


def listed(client, path: str, viewer: int | None = None, **params) -> list[int]:
    if viewer:
        params["user_id"] = ids.encode(viewer)
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    return [t["track_id"] for t in r.json()["data"]]


def real_now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


@pytest.fixture
def people(conn):
    for uid in range(1, 8):
        factory.user(conn, uid)
    return conn


# --- latest -------------------------------------------------------------------------------------------


def test_latest_newest_first_listed_only_and_by_genre(client, people):
    conn = people
    at = datetime(2025, 1, 1)
    factory.track(conn, 10, 1, created_at=at)
    factory.track(conn, 11, 2, created_at=at + timedelta(hours=1), genre="Jazz")
    factory.track(conn, 12, 3, created_at=at + timedelta(hours=2))
    factory.track(conn, 13, 3, created_at=at + timedelta(hours=2))  # same time: the higher id first
    factory.track(conn, 14, 1, created_at=at + timedelta(hours=3), is_unlisted=True)
    factory.track(conn, 15, 1, created_at=at + timedelta(hours=3), is_delete=True)
    factory.track(conn, 16, 1, created_at=at + timedelta(hours=3), is_available=False)
    factory.user(conn, 9, is_deactivated=True)
    factory.track(conn, 17, 9, created_at=at + timedelta(hours=4))
    assert listed(client, "/v1/tracks/latest") == [13, 12, 11, 10]
    assert listed(client, "/v1/tracks/latest", viewer=1) == [13, 12, 11, 10]  # not even its owner's unlisted
    assert listed(client, "/v1/full/tracks/latest", limit=2, offset=1) == [12, 11]
    assert listed(client, "/v1/tracks/latest", genre="Jazz") == [11]
    r = client.get("/v1/tracks/latest", params={"offset": 201})
    assert r.status_code == 400 and r.json()["code"] == 400
    track = client.get("/v1/tracks/latest", params={"user_id": ids.encode(1)}).json()["data"][0]
    assert "collaborators" in track and "has_current_user_saved" in track


# --- the followee lists --------------------------------------------------------------------------------


def test_most_loved_counts_followees_saves(client, people):
    conn = people
    for tid, owner in [(10, 5), (11, 5), (12, 6), (13, 6)]:
        factory.track(conn, tid, owner)
    factory.track(conn, 14, 6, is_unlisted=True)
    for uid in (2, 3, 4):
        factory.follow(conn, 1, uid)
    for uid, tid in [(2, 11), (3, 11), (4, 11), (2, 10), (3, 10), (2, 12), (2, 14), (3, 14), (4, 14),
                     (7, 13), (7, 13)]:  # user 7 is not followed
        factory.save(conn, uid, tid)
    assert listed(client, "/v1/full/tracks/most_loved", viewer=1) == [11, 10, 12]
    assert listed(client, "/v1/full/tracks/most_loved", viewer=1, limit=1) == [11]
    assert listed(client, "/v1/full/tracks/most_loved", viewer=6) == []  # follows nobody: not even 14
    assert listed(client, "/v1/full/tracks/most_loved") == []  # anonymous
    assert client.get("/v1/tracks/most_loved", params={"limit": 101}).status_code == 400


def test_best_new_releases_ranks_followees_new_tracks_in_the_window(client, people):
    conn = people
    now = real_now()
    factory.track(conn, 10, 2, created_at=now - timedelta(days=2))
    factory.track(conn, 11, 2, created_at=now - timedelta(days=3))
    factory.track(conn, 12, 3, created_at=now - timedelta(days=20))  # this month, not this week
    factory.track(conn, 13, 3, created_at=now - timedelta(days=200))  # this year
    factory.track(conn, 14, 4, created_at=now - timedelta(days=1))  # not followed
    factory.track(conn, 15, 2, created_at=now - timedelta(days=1), is_unlisted=True)
    factory.follow(conn, 1, 2)
    factory.follow(conn, 1, 3)
    for uid in (5, 6):
        factory.save(conn, uid, 11)
    factory.repost(conn, 7, 11)
    factory.repost(conn, 7, 12)
    assert listed(client, "/v1/full/tracks/best_new_releases", viewer=1, window="week") == [11, 10]
    assert listed(client, "/v1/full/tracks/best_new_releases", viewer=1, window="month") == [11, 12, 10]
    assert listed(client, "/v1/full/tracks/best_new_releases", viewer=1, window="year") == [11, 12, 13, 10]
    missing = client.get("/v1/full/tracks/best_new_releases", params={"user_id": ids.encode(1)})
    assert missing.status_code == 400 and "window" in missing.json()["error"]


def test_under_the_radar_is_the_followees_track_feed(client, people):
    conn = people
    at = datetime(2025, 1, 1)
    factory.track(conn, 10, 2, created_at=at)
    factory.track(conn, 11, 3, created_at=at + timedelta(hours=1))
    factory.track(conn, 12, 5, created_at=at)  # by someone not followed, reposted by a followee
    factory.track(conn, 13, 5, created_at=at, is_unlisted=True)
    factory.follow(conn, 1, 2)
    factory.follow(conn, 1, 3)
    factory.engagement(conn, "repost", 2, 12, created_at=at + timedelta(hours=2))
    factory.engagement(conn, "repost", 3, 13, created_at=at + timedelta(hours=3))
    factory.engagement(conn, "repost", 3, 10, created_at=at + timedelta(hours=4))  # 10 again, later
    assert listed(client, "/v1/full/tracks/under_the_radar", viewer=1) == [10, 12, 11]
    assert listed(client, "/v1/full/tracks/under_the_radar", viewer=1, filter="original") == [11, 10]
    assert listed(client, "/v1/full/tracks/under_the_radar", viewer=1, filter="repost") == [10, 12]
    assert listed(client, "/v1/full/tracks/under_the_radar", viewer=1, limit=1, offset=1) == [12]
    assert listed(client, "/v1/full/tracks/under_the_radar", tracks_only="true") == []


# --- the precomputed lists -----------------------------------------------------------------------------


def stem(conn, track_id: int, parent: int, owner: int, **extra) -> None:
    factory.track(conn, track_id, owner, stem_of={"category": "bass", "parent_track_id": parent}, **extra)
    conn.execute("INSERT INTO stems (parent_track_id, child_track_id) VALUES (%s, %s)", (parent, track_id))


def test_remixables_are_tracks_with_stems_by_decayed_engagement(client, people, db_url):
    conn = people
    factory.track(conn, 10, 1, created_at=NOW - timedelta(days=1))  # new: its engagement counts ~1000x
    factory.track(conn, 11, 2, created_at=NOW - timedelta(days=120))  # old: decayed to 1/1000
    factory.track(conn, 12, 3, created_at=NOW - timedelta(days=1))  # no stems
    factory.track(conn, 13, 3, created_at=NOW - timedelta(days=1), is_stream_gated=True,
                  stream_conditions={"follow_user_id": 3})
    factory.track(conn, 14, 3, created_at=NOW - timedelta(days=1))  # its only stem is unlisted
    for n, parent in enumerate([10, 11, 13], start=20):
        stem(conn, n, parent, 1)
    stem(conn, 24, 14, 3, is_unlisted=True)
    factory.save(conn, 4, 10)
    for uid in (4, 5, 6, 7):
        factory.save(conn, uid, 11)
        factory.save(conn, uid, 12)
    assert listed(client, "/v1/full/tracks/remixables") == []  # nothing until the job ran
    refresh(db_url)
    assert listed(client, "/v1/full/tracks/remixables") == [10, 11]
    assert listed(client, "/v1/full/tracks/remixables", limit=1) == [10]
    conn.execute("UPDATE tracks SET is_unlisted = true WHERE track_id = 10")  # since the refresh
    assert listed(client, "/v1/full/tracks/remixables", viewer=1) == [11]  # not even to its owner


def test_recent_premium_newest_per_artist_in_the_last_month(client, people, db_url):
    conn = people
    factory.track(conn, 10, 1, created_at=NOW - timedelta(days=1), stream_conditions=USDC, is_stream_gated=True)
    factory.track(conn, 11, 1, created_at=NOW - timedelta(days=2), stream_conditions=USDC, is_stream_gated=True)
    factory.track(conn, 12, 2, created_at=NOW - timedelta(hours=1), download_conditions=USDC,
                  is_download_gated=True)
    factory.track(conn, 13, 3, created_at=NOW - timedelta(days=40), stream_conditions=USDC, is_stream_gated=True)
    factory.track(conn, 14, 4, created_at=NOW - timedelta(days=1), stream_conditions={"follow_user_id": 1},
                  is_stream_gated=True)
    factory.track(conn, 15, 5, created_at=NOW - timedelta(days=1), stream_conditions=USDC, is_unlisted=True)
    refresh(db_url)
    assert listed(client, "/v1/tracks/recent-premium") == [12, 10]
    assert listed(client, "/v1/full/tracks/recent-premium", limit=1, offset=1) == [10]


def share(conn, track_id: int, user_id: int, at: datetime, n: int = 1) -> None:
    for _ in range(n):
        conn.execute("INSERT INTO shares (user_id, share_item_id, share_type, created_at, txhash) "
                     "VALUES (%s, %s, 'track', %s, gen_random_uuid()::text)", (user_id, track_id, at))


def test_most_shared_by_time_range(client, people, db_url):
    conn = people
    for tid in (10, 11, 12, 13):
        factory.track(conn, tid, 1)
    factory.track(conn, 14, 1, is_unlisted=True)
    share(conn, 10, 2, NOW - timedelta(days=1), n=2)
    share(conn, 11, 2, NOW - timedelta(days=10), n=3)
    share(conn, 12, 2, NOW - timedelta(days=100), n=4)
    share(conn, 13, 2, NOW - timedelta(days=1))
    share(conn, 14, 2, NOW - timedelta(days=1), n=9)
    conn.execute("INSERT INTO shares (user_id, share_item_id, share_type, created_at, txhash) "
                 "VALUES (2, 13, 'playlist', %s, 'p1'), (3, 13, 'playlist', %s, 'p2')", (NOW, NOW))
    refresh(db_url)
    assert listed(client, "/v1/tracks/most-shared") == [10, 13]
    assert listed(client, "/v1/tracks/most-shared", time_range="month") == [11, 10, 13]
    assert listed(client, "/v1/tracks/most-shared", time_range="allTime") == [12, 11, 10, 13]
    assert listed(client, "/v1/tracks/most-shared", time_range="allTime", limit=2, offset=1) == [11, 10]
    assert client.get("/v1/tracks/most-shared", params={"time_range": "year"}).status_code == 400


def test_the_job_refreshes_once_per_interval_and_rewrites_the_same_rows(conn, people, db_url):
    factory.track(conn, 10, 1)
    share(conn, 10, 2, NOW - timedelta(days=1))
    refresh(db_url)
    first = conn.execute("SELECT * FROM curated_track_lists ORDER BY list, rank").fetchall()
    assert first == [("most_shared:allTime", 1, 10, 1.0), ("most_shared:month", 1, 10, 1.0),
                     ("most_shared:week", 1, 10, 1.0)]
    share(conn, 10, 3, NOW)
    refresh(db_url, NOW + timedelta(seconds=REFRESH_SECONDS - 1))  # inside the interval: nothing
    assert conn.execute("SELECT * FROM curated_track_lists ORDER BY list, rank").fetchall() == first
    refresh(db_url, NOW + timedelta(seconds=REFRESH_SECONDS))
    refresh(db_url, NOW + timedelta(seconds=2 * REFRESH_SECONDS))  # again: the same rows, not twice
    assert conn.execute("SELECT list, rank, score FROM curated_track_lists ORDER BY list, rank").fetchall() == [
        ("most_shared:allTime", 1, 2.0), ("most_shared:month", 1, 2.0), ("most_shared:week", 1, 2.0)]


# --- popular genres ------------------------------------------------------------------------------------


def genres(client, **params) -> list[tuple[str, int]]:
    r = client.get("/v1/genres/popular", params=params)
    assert r.status_code == 200, r.text
    return [(g["name"], g["count"]) for g in r.json()["data"]]


def test_popular_genres_since_any_time(client, people, db_url):
    conn = people
    day = datetime(2025, 6, 10)
    made = [("Jazz", day - timedelta(days=60)), ("Jazz", day - timedelta(days=3)), ("Jazz", day + timedelta(hours=2)),
            ("Rock", day + timedelta(hours=1)), ("Rock", day + timedelta(hours=9)), ("Pop", day - timedelta(days=1)),
            ("Pop", datetime(2025, 5, 20)), ("Pop", datetime(2025, 5, 10)), ("", day)]
    for n, (genre, at) in enumerate(made, start=10):
        factory.track(conn, n, 1, genre=genre, created_at=at)
    factory.track(conn, 30, 1, genre="Rock", created_at=day, is_unlisted=True)
    refresh(db_url)
    assert genres(client) == [("Jazz", 3), ("Pop", 3), ("Rock", 2)]  # ties by name
    assert genres(client, min_count=3) == [("Jazz", 3), ("Pop", 3)]
    assert genres(client, limit=1, offset=2) == [("Rock", 2)]

    def since(at: datetime) -> int:
        return int(at.replace(tzinfo=timezone.utc).timestamp())

    # Since 01:30 on the 10th: only the live part of that day (Jazz at 02:00, Rock at 09:00).
    assert genres(client, start_time=since(day + timedelta(hours=1, minutes=30))) == [("Jazz", 1), ("Rock", 1)]
    # Since the 6th: the whole days after it in June, nothing live.
    assert genres(client, start_time=since(day - timedelta(days=4))) == [("Jazz", 2), ("Rock", 2), ("Pop", 1)]
    # Since May 15th noon: June whole, May's days after the 15th (Pop on the 20th), not the 10th.
    assert genres(client, start_time=since(datetime(2025, 5, 15, 12))) == [("Jazz", 2), ("Pop", 2), ("Rock", 2)]
    assert client.get("/v1/genres/popular", params={"min_count": 0}).status_code == 400


# --- access info ---------------------------------------------------------------------------------------


def test_access_info_gates_and_what_the_viewer_may_do(client, people):
    conn = people
    factory.track(conn, 10, 1, is_stream_gated=True, stream_conditions={"follow_user_id": 1}, blocknumber=77)
    factory.track(conn, 11, 1, is_download_gated=True, download_conditions={"follow_user_id": 1})
    factory.track(conn, 12, 1, is_unlisted=True)
    factory.follow(conn, 2, 1)

    def info(tid, viewer=None):
        params = {"user_id": ids.encode(viewer)} if viewer else {}
        return client.get(f"/v1/tracks/{ids.encode(tid)}/access-info", params=params)

    body = info(10).json()["data"]
    assert body == {"access": {"stream": False, "download": False}, "user_id": ids.encode(1), "blocknumber": 77,
                    "is_stream_gated": True, "stream_conditions": {"follow_user_id": 1},
                    "is_download_gated": False, "download_conditions": None}
    assert info(10, viewer=2).json()["data"]["access"] == {"stream": True, "download": True}
    assert info(11).json()["data"]["access"] == {"stream": True, "download": False}
    assert info(11, viewer=2).json()["data"]["access"] == {"stream": True, "download": True}
    assert info(12).status_code == 404 and info(12).json() == {"code": 404, "error": "track not found"}
    assert info(12, viewer=1).status_code == 200
    assert client.get("/v1/full/tracks/0/access-info").status_code == 400


# --- download counts -----------------------------------------------------------------------------------


def download(conn, parent: int, track: int, n: int) -> None:
    for _ in range(n):
        conn.execute("INSERT INTO track_downloads (txhash, parent_track_id, track_id, created_at) "
                     "VALUES (gen_random_uuid()::text, %s, %s, now())", (parent, track))


def test_download_counts_of_tracks_stems_and_users(client, people):
    conn = people
    factory.track(conn, 10, 1)
    stem(conn, 11, 10, 1)
    factory.track(conn, 12, 1, is_unlisted=True)
    factory.track(conn, 13, 2)
    download(conn, 10, 10, 2)
    download(conn, 10, 11, 3)  # the stem's, filed under its parent
    download(conn, 12, 12, 4)

    def one(tid, viewer=None):
        params = {"user_id": ids.encode(viewer)} if viewer else {}
        r = client.get(f"/v1/tracks/{ids.encode(tid)}/download_count", params=params)
        assert r.status_code == 200, r.text
        return r.json()["data"]

    assert one(10) == {"id": ids.encode(10), "download_count": 5}
    assert one(11) == {"id": ids.encode(11), "download_count": 3}
    assert one(12)["download_count"] == 0 and one(12, viewer=1)["download_count"] == 4
    assert one(99) == {"id": ids.encode(99), "download_count": 0}
    r = client.get("/v1/full/tracks/download_counts",
                   params=[("id", ids.encode(13)), ("id", ids.encode(10)), ("id", "99"), ("id", ids.encode(12))])
    assert r.json()["data"] == [{"id": ids.encode(13), "download_count": 0}, {"id": ids.encode(10), "download_count": 5}]
    assert client.get("/v1/tracks/download_counts").json() == {"data": []}
    total = client.get(f"/v1/users/{ids.encode(1)}/tracks/download_count").json()
    assert total == {"data": 9}
    assert client.get(f"/v1/users/{ids.encode(6)}/tracks/download_count").json() == {"data": 0}
