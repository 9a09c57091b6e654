"""Events (remix contests) end to end: what the indexer writes for comments on an event and for following
one (applied as the runner applies them, tests/test_entities.py's Chain), and what the event reads answer
(bodies, orders, filters, who may see what)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from openaudio_api import ids
from tests import factory
from tests.test_entities import T, Chain, api, chain, get  # noqa: F401 (fixtures)

NOW = datetime.utcnow()


def iso(moment: datetime) -> str:
    return moment.isoformat() + "Z"


def contest(chain: Chain, event_id: int, host: int, track_id: int, end: datetime, **data) -> int:
    chain.send(host, "Event", event_id, "Create", {"event_type": "remix_contest", "entity_type": "track",
                                                   "entity_id": track_id, "end_date": iso(end),
                                                   "event_data": data})
    return event_id


def h(n: int) -> str:
    return ids.encode(n)


def answer(api, path: str, viewer: int | None = None, **params):
    if viewer:
        params["user_id"] = h(viewer)
    response = api.get(path, params=params, headers=factory.signature_headers(viewer) if viewer else None)
    return response.status_code, response.json()


# ------------------------------------------------------------------------------------------- indexer

def test_comments_on_an_event_are_indexed(chain, api):
    """Comment Create names entity_type Event: the event must exist and not be deleted; a reply's parent must
    be a comment on the same event; the event's host may delete any of its comments. A replayed Create is
    refused and changes nothing."""
    for n in (1, 2, 3):
        chain.user(n)
    chain.track(1, 1)
    contest(chain, 7, 1, 1, NOW + timedelta(days=30))
    chain.send(2, "Comment", 100, "Create", {"entity_type": "Event", "entity_id": 7, "body": "in!"})
    chain.send(1, "Comment", 101, "Create", {"entity_type": "Event", "entity_id": 7, "body": "welcome",
                                             "parent_comment_id": 100, "mentions": [2]})
    chain.send(3, "Comment", 102, "Create", {"entity_type": "Track", "entity_id": 1, "body": "on the track"})
    assert chain.all("SELECT comment_id, entity_type, entity_id, user_id, text FROM comments ORDER BY 1") == [
        (100, "Event", 7, 2, "in!"), (101, "Event", 7, 1, "welcome"), (102, "Track", 1, 3, "on the track")]
    assert chain.one("SELECT parent_comment_id FROM comment_threads WHERE comment_id = 101") == (100,)
    # Comments on the event do not count as the track's.
    assert get(api, "/v1/tracks/1")["comment_count"] == 1
    before = chain.all("SELECT * FROM comments ORDER BY comment_id")
    chain.rejected(2, "Comment", 100, "Create", {"entity_type": "Event", "entity_id": 7, "body": "in!"},
                   match="already exists")
    assert chain.all("SELECT * FROM comments ORDER BY comment_id") == before
    chain.rejected(2, "Comment", 103, "Create", {"entity_type": "Event", "entity_id": 8, "body": "x"},
                   match="event 8 does not exist")
    chain.rejected(2, "Comment", 103, "Create", {"entity_type": "Event", "entity_id": 7, "body": "x",
                                                 "parent_comment_id": 102},
                   match="parent comment 102 is not a comment on event 7")
    chain.rejected(2, "Comment", 103, "Create", {"entity_type": "Playlist", "entity_id": 7, "body": "x"},
                   match="only on tracks, events and fan clubs")
    chain.rejected(3, "Comment", 100, "Delete", match="or the event's owner can delete it")
    chain.send(1, "Comment", 100, "Delete")  # the host
    assert chain.one("SELECT is_delete FROM comments WHERE comment_id = 100") == (True,)
    chain.send(1, "Event", 7, "Delete")
    chain.rejected(2, "Comment", 104, "Create", {"entity_type": "Event", "entity_id": 7, "body": "late"},
                   match="event 7 does not exist")


def test_following_an_event_is_indexed(chain, api):
    """Event Subscribe/Unsubscribe keep one 'Event' subscription per user and event, changed in place (the
    row the contest auto-subscribe wrote too); no second follow while one is live, no unfollow without one;
    a deleted event takes no new follower."""
    for n in (1, 2, 3):
        chain.user(n)
    chain.track(1, 1)
    contest(chain, 7, 1, 1, NOW + timedelta(days=30))
    chain.track(T + 2, 3, remix_of={"tracks": [{"parent_track_id": 1}]})  # 3 enters: auto-subscribed
    chain.send(2, "Event", 7, "Subscribe")
    followed = chain.last_height
    chain.rejected(2, "Event", 7, "Subscribe", match="already follows event 7")
    chain.rejected(3, "Event", 7, "Subscribe", match="already follows event 7")
    chain.rejected(2, "Event", 9, "Subscribe", match="event 9 does not exist")
    assert chain.all("SELECT subscriber_id, user_id, entity_type, entity_id, is_delete, txhash FROM subscriptions "
                     "WHERE subscriber_id = 2") == [(2, 7, "Event", 7, False, f"0xtx{followed}")]
    chain.send(3, "Event", 7, "Unsubscribe")
    chain.rejected(3, "Event", 7, "Unsubscribe", match="does not follow event 7")
    chain.send(3, "Event", 7, "Subscribe")
    assert chain.one("SELECT count(*), bool_or(is_delete) FROM subscriptions WHERE subscriber_id = 3") == (1, False)
    assert get(api, f"/v1/events/{h(7)}/follow_state", viewer=3) == {"is_followed": True, "follower_count": 2}
    chain.send(1, "Event", 7, "Delete")
    chain.rejected(1, "Event", 7, "Subscribe", match="event 7 does not exist")
    chain.send(2, "Event", 7, "Unsubscribe")  # leaving a deleted event is allowed


# ------------------------------------------------------------------------------------------ the reads

@pytest.fixture
def world(chain):
    """Host 1 runs contests on tracks 1 (running, ends in 5 days), 2 (running, ends in 20 days), 3 (ended
    yesterday), 4 (ended a week ago) and 6 (unlisted, running); host 2 one on track 5 (ends in 10 days);
    a live event on user 1 and a new release on track 1. Users 3..6 remix track 1."""
    for n in range(1, 8):
        chain.user(n)
    for t in (1, 2, 3, 4):
        chain.track(t, 1)
    chain.track(5, 2)
    chain.track(6, 1, is_unlisted=True)
    contest(chain, 11, 1, 1, NOW + timedelta(days=5), prize_info="fame")
    contest(chain, 12, 1, 2, NOW + timedelta(days=20))
    contest(chain, 15, 2, 5, NOW + timedelta(days=10))
    contest(chain, 16, 1, 6, NOW + timedelta(days=3))
    # Created in the past (a genesis replay may open a contest that has ended since).
    for event_id, track_id, ended in ((13, 3, timedelta(days=1)), (14, 4, timedelta(days=7))):
        chain.send(1, "Event", event_id, "Create", {"event_type": "remix_contest", "entity_type": "track",
                                                    "entity_id": track_id, "end_date": iso(NOW - ended)},
                   migration=True)
    chain.send(1, "Event", 17, "Create", {"event_type": "live_event", "entity_type": "user", "entity_id": 1,
                                          "end_date": iso(NOW + timedelta(days=2))})
    chain.send(1, "Event", 18, "Create", {"event_type": "new_release", "entity_type": "track", "entity_id": 1,
                                          "end_date": iso(NOW + timedelta(days=2))})
    for n in (3, 4, 5, 6):
        chain.track(100 + n, n, remix_of={"tracks": [{"parent_track_id": 1}]})
    return chain


def event_ids(body) -> list[int]:
    return [ids.decode(e["event_id"]) for e in body]


def test_events_newest_first_with_their_filters(world, api):
    everything = get(api, "/v1/events/all")
    # Newest first; the contest on the unlisted track 6 is left out for anyone but its owner.
    assert event_ids(everything) == [18, 17, 14, 13, 15, 12, 11]
    assert event_ids(get(api, "/v1/events/all", viewer=1)) == [18, 17, 14, 13, 16, 15, 12, 11]
    first = everything[-1]
    assert first == {
        "event_id": h(11), "event_type": "remix_contest", "user_id": h(1), "entity_type": "track",
        "entity_id": h(1), "end_date": first["end_date"], "is_deleted": False,
        "created_at": first["created_at"], "updated_at": first["updated_at"], "event_data": {"prize_info": "fame"}}
    assert event_ids(get(api, "/v1/events", id=[h(12), h(11), "nothing1"])) == [12, 11]
    assert event_ids(get(api, "/v1/events", id=[h(16)])) == []
    assert get(api, "/v1/events", id=["nothing1"]) == []  # upstream would list every event here
    assert event_ids(get(api, "/v1/events", event_type="live_event")) == [17]
    assert event_ids(get(api, "/v1/events/entity", entity_id=[h(1)])) == [18, 17, 11]
    assert event_ids(get(api, "/v1/events/entity", entity_id=[h(1)], entity_type="track")) == [18, 11]
    assert event_ids(get(api, "/v1/full/events/entity", entity_id=[h(1)], event_type="new_release")) == [18]
    assert event_ids(get(api, "/v1/events/all", limit=2, offset=1)) == [17, 14]
    world.send(1, "Event", 18, "Delete")
    assert event_ids(get(api, "/v1/events/all", limit=1)) == [17]
    deleted = get(api, "/v1/events/all", limit=1, filter_deleted="false")
    assert event_ids(deleted) == [18] and deleted[0]["is_deleted"] is True
    for bad in ({"limit": 0}, {"limit": 101}, {"offset": -1}, {"event_type": "party"}):
        status, body = answer(api, "/v1/events/all", **bad)
        assert status == 400 and body["code"] == 400, bad
    status, body = answer(api, "/v1/events/entity")
    assert status == 400


def test_remix_contests_running_first_then_ended(world, api):
    body = api.get("/v1/events/remix-contests").json()
    # Running: soonest ending first; then ended: most recently ended first. Track 6's contest is unlisted.
    assert event_ids(body["data"]) == [11, 15, 12, 13, 14]
    related = body["related"]
    assert sorted(t["id"] for t in related["tracks"]) == sorted(h(t) for t in (1, 2, 3, 4, 5))
    assert sorted(u["id"] for u in related["users"]) == sorted([h(1), h(2)])
    # Track 1's contest has four entries, the others none.
    assert related["entry_counts"] == {h(1): 4, h(2): 0, h(3): 0, h(4): 0, h(5): 0}
    assert event_ids(get(api, "/v1/events/remix-contests", status="active")) == [11, 15, 12]
    assert event_ids(get(api, "/v1/events/remix-contests", status="ended")) == [13, 14]
    assert event_ids(get(api, "/v1/events/remix-contests", limit=2, offset=2)) == [12, 13]
    assert event_ids(get(api, "/v1/events/remix-contests", viewer=1)) == [16, 11, 15, 12, 13, 14]
    # A deactivated host's contests leave the list; a deleted contest too.
    world.send(2, "User", 2, "Update", {"is_deactivated": True})
    world.send(1, "Event", 12, "Delete")
    assert event_ids(get(api, "/v1/events/remix-contests")) == [11, 13, 14]
    status, body = answer(api, "/v1/events/remix-contests", status="soon")
    assert status == 400


def test_a_hosts_contests(world, api):
    body = api.get(f"/v1/users/{h(1)}/contests").json()
    assert event_ids(body["data"]) == [11, 12, 13, 14]
    assert body["related"]["entry_counts"][h(1)] == 4
    assert event_ids(get(api, f"/v1/users/{h(1)}/contests", viewer=1)) == [16, 11, 12, 13, 14]
    assert event_ids(get(api, f"/v1/users/{h(2)}/contests", status="ended")) == []
    assert event_ids(get(api, f"/v1/full/users/{h(2)}/contests")) == [15]
    assert get(api, f"/v1/users/{h(999)}/contests") == []


def test_event_comments_in_upstreams_orders_with_replies(world, api):
    w = world
    comment = lambda user, cid, **meta: w.send(user, "Comment", cid, "Create",  # noqa: E731
                                               {"entity_type": "Event", "entity_id": 11, "body": f"c{cid}", **meta})
    comment(3, 200)
    comment(4, 201)
    comment(1, 202, mentions=[3])  # the host's update
    comment(5, 203, parent_comment_id=200)
    comment(6, 204, parent_comment_id=200)
    comment(6, 205)
    w.send(4, "Comment", 205, "React")
    w.send(1, "Comment", 205, "React")
    w.send(5, "Comment", 201, "React")
    body = api.get(f"/v1/events/{h(11)}/comments").json()
    assert [ids.decode(c["id"]) for c in body["data"]] == [205, 202, 201, 200]
    assert body["event_user_id"] == h(1)
    top = {ids.decode(c["id"]): c for c in body["data"]}
    assert [ids.decode(r["id"]) for r in top[200]["replies"]] == [203, 204]
    # The one comment object (hydrate.comments): a reply carries no replies of its own.
    assert top[200]["reply_count"] == 2 and "replies" not in top[200]["replies"][0]
    assert top[200]["replies"][0]["parent_comment_id"] == 200 and top[200]["parent_comment_id"] is None
    assert (top[205]["react_count"], top[205]["is_artist_reacted"]) == (2, True)
    assert top[202]["mentions"] == [{"user_id": 3, "handle": "user3"}]
    assert (top[202]["entity_type"], top[202]["entity_id"], top[202]["message"]) == ("Event", h(11), "c202")
    assert sorted(u["id"] for u in body["related"]["users"]) == sorted(h(n) for n in (1, 3, 4, 5, 6))
    assert body["related"]["tracks"] == []
    order = lambda **p: [ids.decode(c["id"]) for c in get(api, f"/v1/events/{h(11)}/comments", **p)]  # noqa: E731
    assert order(sort_method="timestamp") == [200, 201, 202, 205]
    assert order(sort_method="top") == [205, 201, 202, 200]
    assert order(limit=1, offset=1) == [202]
    assert get(api, f"/v1/events/{h(11)}/comments", viewer=4)[0]["is_current_user_reacted"] is True
    # The host mutes 6: 6's comment leaves everyone's list but 6's own; 3 reports 201 and no longer sees it.
    w.send(1, "MutedUser", 6, "Mute")
    assert order() == [202, 201, 200]
    assert [ids.decode(c["id"]) for c in get(api, f"/v1/events/{h(11)}/comments", viewer=6)] == [205, 202, 201, 200]
    w.send(3, "Comment", 201, "Report")
    assert [ids.decode(c["id"]) for c in get(api, f"/v1/events/{h(11)}/comments", viewer=3)] == [202, 200]
    # A missing, deleted or hidden event answers 404, as upstream's "event not found".
    for event_id, viewer in ((99, None), (16, None)):
        status, body = answer(api, f"/v1/events/{h(event_id)}/comments", viewer)
        assert (status, body) == (404, {"code": 404, "error": "event not found"}), event_id
    assert get(api, f"/v1/events/{h(16)}/comments", viewer=1) == []
    w.send(1, "Event", 11, "Delete")
    assert answer(api, f"/v1/events/{h(11)}/comments")[0] == 404
    status, body = answer(api, "/v1/events/0/comments")
    assert (status, body["error"]) == (400, "invalid event id")
    assert answer(api, f"/v1/events/{h(12)}/comments", sort_method="best")[0] == 400


def test_event_followers_and_follow_state(world, api):
    for n in (3, 4, 5):
        world.send(n, "Event", 12, "Subscribe")
    world.send(6, "User", 5, "Follow")  # 5 is the most followed
    world.send(4, "User", 4, "Update", {"is_deactivated": True})
    assert [u["id"] for u in get(api, f"/v1/events/{h(12)}/followers")] == [h(5), h(3)]
    assert [u["id"] for u in get(api, f"/v1/full/events/{h(12)}/followers", limit=1, offset=1)] == [h(3)]
    assert get(api, f"/v1/events/{h(99)}/followers") == []
    assert get(api, f"/v1/events/{h(12)}/follow_state") == {"is_followed": False, "follower_count": 3}
    assert get(api, f"/v1/events/{h(12)}/follow_state", viewer=3) == {"is_followed": True, "follower_count": 3}
    # The hyphenated spelling upstream also routes, under both prefixes.
    for prefix in ("/v1", "/v1/full"):
        assert get(api, f"{prefix}/events/{h(12)}/follow-state", viewer=3)["is_followed"] is True
    assert answer(api, "/v1/events/x/follow_state")[0] == 400


# ------------------------------------------------------------------------------------------ the bench rows

def test_the_bench_rows_build_and_answer(server_url, seeded_url):
    """bench/load.py's event rows: with_events gives a seeded database contests, comments and followers once,
    and every request the rows draw is answered with data."""
    import random

    import psycopg

    from bench import load
    from tests.conftest import SEED_SIZE, SEEDED, _recreate, make_client

    url = _recreate(server_url, "oa_test_event_bench", template=SEEDED)
    load.with_events(url, SEED_SIZE)
    load.with_events(url, SEED_SIZE)  # once only
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT count(*) > 0, count(*) = count(DISTINCT event_id) FROM events").fetchone() == (
            True, True)
        rows = load.event_requests(conn, random.Random(7))
    assert set(rows) == {"GET /v1/events/remix-contests (25)", "GET /v1/events/{id}/comments (10)"}
    with make_client(url) as client:
        for name, (kind, requests) in rows.items():
            assert kind == "list" and len(requests) == load.DISTINCT
            for path, headers in requests[:20]:
                response = client.get(path, headers=headers)
                assert response.status_code == 200, (path, response.text)
                # The test seed has a few dozen contests: only first pages are sure to be full.
                assert response.json()["data"] or "offset=0" not in path, path
