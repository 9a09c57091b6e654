"""GET /v1/tracks/{track_id}/remixes, /remixing, /stems and /top_listeners: the remix graph, stems and
listeners of one track."""

from datetime import timedelta

import pytest

from openaudio_api import ids
from tests import factory
from tests.factory import BASE


def stem(conn, track_id: int, parent: int, owner: int, category: str = "bass", **extra) -> None:
    """A stem as the indexer stores it: a track whose stem_of names its parent, and a stems row."""
    factory.track(conn, track_id, owner, stem_of={"category": category, "parent_track_id": parent},
                  track_cid=f"Qm{track_id}", orig_filename=f"stem{track_id}.wav", blocknumber=track_id, **extra)
    conn.execute("INSERT INTO stems (parent_track_id, child_track_id) VALUES (%s, %s)", (parent, track_id))


@pytest.fixture
def graph(conn):
    for uid in range(1, 7):
        factory.user(conn, uid)
    factory.track(conn, 10, 1, title="Original")
    factory.track(conn, 11, 1, title="Second Original")
    # Remixes of 10, created an hour apart (20 oldest), each by another artist.
    for n, (tid, owner) in enumerate([(20, 2), (21, 3), (22, 4), (23, 5)]):
        factory.track(conn, tid, owner, created_at=BASE + timedelta(days=10, hours=n))
        factory.remix(conn, 10, tid)
    factory.remix(conn, 11, 22)
    factory.track(conn, 24, 5, is_unlisted=True, created_at=BASE + timedelta(days=11))
    factory.remix(conn, 10, 24)
    factory.track(conn, 25, 5, is_delete=True, created_at=BASE + timedelta(days=11))
    factory.remix(conn, 10, 25)
    return conn


def ids_of(tracks):
    return [t["track_id"] for t in tracks]


def remixes(client, tid, **params):
    r = client.get(f"/v1/tracks/{tid}/remixes", params=params)
    assert r.status_code == 200, r.text
    return r.json()["data"]


def test_remixes_page_count_and_sorts(client, graph):
    conn = graph
    page = remixes(client, 10)
    assert page["count"] == 4  # the unlisted and the deleted remix are not listed
    assert ids_of(page["tracks"]) == [23, 22, 21, 20]
    assert page["tracks"][0]["remix_of"]["tracks"][0]["parent_track_id"] == ids.encode(10)
    assert ids_of(remixes(client, 10, limit=2, offset=1)["tracks"]) == [22, 21]
    past = remixes(client, 10, offset=10)
    assert (past["count"], past["tracks"]) == (4, [])  # the count survives a page past the end
    for uid in (3, 4, 6):
        factory.save(conn, uid, 20)
    factory.save(conn, 3, 21)
    assert ids_of(remixes(client, 10, sort_method="likes")["tracks"]) == [20, 21, 23, 22]
    factory.plays(conn, 22, 5)
    factory.plays(conn, 21, 2)
    assert ids_of(remixes(client, 10, sort_method="plays")["tracks"]) == [22, 21, 23, 20]


def test_remix_filters(client, graph):
    conn = graph
    factory.save(conn, 1, 21)      # the parent's owner saves one remix and reposts another: cosigns
    factory.repost(conn, 1, 23)
    factory.save(conn, 2, 22)      # someone else's save is no cosign
    cosigned = remixes(client, 10, only_cosigns="true")
    assert (cosigned["count"], ids_of(cosigned["tracks"])) == (2, [23, 21])
    assert remixes(client, 10, only_contest_entries="true") == {"count": 0, "tracks": []}
    # A contest on 10 from day 10 + 30 min to day 10 + 2.5 h takes the remixes made in between.
    factory.remix_contest(conn, 1, 1, entity_id=10, created_at=BASE + timedelta(days=10, minutes=30),
                          end_date=BASE + timedelta(days=10, hours=2, minutes=30))
    entries = remixes(client, 10, only_contest_entries="true")
    assert (entries["count"], ids_of(entries["tracks"])) == (2, [22, 21])
    both = remixes(client, 10, only_contest_entries="true", only_cosigns="true")
    assert ids_of(both["tracks"]) == [21]


def test_remix_parents(client, graph):
    conn = graph
    r = client.get("/v1/tracks/22/remixing")
    assert r.status_code == 200
    assert ids_of(r.json()["data"]) == [11, 10]  # newest parent first
    assert client.get("/v1/tracks/22/remixing", params={"limit": 1, "offset": 1}).json()["data"][0]["track_id"] == 10
    assert client.get("/v1/tracks/10/remixing").json()["data"] == []
    conn.execute("UPDATE tracks SET is_unlisted = true WHERE track_id = 11")
    assert ids_of(client.get("/v1/tracks/22/remixing").json()["data"]) == [10]
    conn.execute("UPDATE tracks SET is_stream_gated = true WHERE track_id = 22")
    assert client.get("/v1/tracks/22/remixing").json()["data"] == []  # as upstream


def test_hidden_or_missing_track_is_404_on_every_list(client, graph):
    conn = graph
    conn.execute("UPDATE tracks SET is_unlisted = true WHERE track_id = 10")
    for path in ("remixes", "remixing", "stems", "top_listeners"):
        for tid in ("10", "999"):
            r = client.get(f"/v1/tracks/{tid}/{path}")
            assert (r.status_code, r.json()) == (404, {"code": 404, "error": "track not found"}), path
        r = client.get(f"/v1/tracks/10/{path}", params={"user_id": ids.encode(1)},
                       headers=factory.signature_headers(1))
        assert r.status_code == 200, (path, r.text)  # its owner sees it
        r = client.get(f"/v1/tracks/zzzz!/{path}")
        assert (r.status_code, r.json()["error"]) == (400, "invalid trackId"), path


def test_stems(client, graph):
    conn = graph
    stem(conn, 31, 10, 1, "vocals")
    stem(conn, 30, 10, 1, "bass")
    stem(conn, 32, 10, 1, "drums", is_delete=True)
    stem(conn, 33, 10, 1, "other", is_unlisted=True)
    r = client.get("/v1/tracks/10/stems")
    assert r.status_code == 200
    assert r.json()["data"] == [
        {"id": ids.encode(30), "parent_id": ids.encode(10), "category": "bass", "cid": "Qm30",
         "user_id": ids.encode(1), "blocknumber": 30, "orig_filename": "stem30.wav"},
        {"id": ids.encode(31), "parent_id": ids.encode(10), "category": "vocals", "cid": "Qm31",
         "user_id": ids.encode(1), "blocknumber": 31, "orig_filename": "stem31.wav"},
    ]
    mine = client.get("/v1/tracks/10/stems", params={"user_id": ids.encode(1)}, headers=factory.signature_headers(1))
    assert [s["category"] for s in mine.json()["data"]] == ["bass", "vocals", "other"]  # its owner sees the unlisted stem
    assert client.get("/v1/tracks/11/stems").json()["data"] == []
    conn.execute("UPDATE tracks SET is_delete = true WHERE track_id = 10")
    assert client.get("/v1/tracks/10/stems").json()["data"] == []  # a deleted track lists no stems


def test_top_listeners_count_distinct_hours(client, graph):
    conn = graph
    factory.plays(conn, 10, 5, user_id=2, at=BASE)                        # 5 plays in one hour: 1
    factory.plays(conn, 10, 1, user_id=3, at=BASE)
    factory.plays(conn, 10, 1, user_id=3, at=BASE + timedelta(hours=1))
    factory.plays(conn, 10, 1, user_id=3, at=BASE + timedelta(hours=5))  # 3 hours
    factory.plays(conn, 10, 1, user_id=4, at=BASE + timedelta(minutes=59))
    factory.plays(conn, 10, 1, user_id=4, at=BASE + timedelta(hours=2))  # 2 hours
    factory.plays(conn, 10, 9)                                             # anonymous: nobody's
    factory.plays(conn, 11, 4, user_id=5, at=BASE)                         # another track
    r = client.get("/v1/tracks/10/top_listeners")
    assert r.status_code == 200
    got = [(row["user"]["user_id"], row["count"]) for row in r.json()["data"]]
    assert got == [(3, 3), (4, 2), (2, 1)]
    factory.plays(conn, 10, 1, user_id=1, at=BASE)  # a tie with user 2 goes to the lower id
    page = client.get("/v1/tracks/10/top_listeners", params={"limit": 2, "offset": 2}).json()["data"]
    assert [(row["user"]["user_id"], row["count"]) for row in page] == [(1, 1), (2, 1)]


def test_listener_counts_match_the_plays_they_count(conn):
    """The trigger-kept counts equal a count of distinct hours over the plays themselves, however the plays
    arrive (one statement with many listeners and hours, then more rows for the same hours)."""
    for uid in (1, 2, 3):
        factory.user(conn, uid)
    factory.track(conn, 10, 1)
    conn.execute("INSERT INTO plays (user_id, play_item_id, created_at, source) "
                 "SELECT 1 + n %% 3, 10, %s + n * interval '17 minutes', 'relay' FROM generate_series(1, 400) n",
                 (BASE,))
    conn.execute("INSERT INTO plays (user_id, play_item_id, created_at, source) "
                 "SELECT 1 + n %% 2, 10, %s + n * interval '23 minutes', 'relay' FROM generate_series(1, 300) n",
                 (BASE,))
    expected = conn.execute("SELECT user_id, count(DISTINCT date_trunc('hour', created_at)) FROM plays "
                            "WHERE user_id IS NOT NULL GROUP BY 1 ORDER BY 1").fetchall()
    assert conn.execute("SELECT user_id, listen_hours FROM track_listeners ORDER BY 1").fetchall() == expected
