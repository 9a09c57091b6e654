"""GET /v1/tracks/{track_id}/comments, /comment_count, /comment_notification_setting, /tracks/recent-comments,
/comments/{comment_id}, /comments/{comment_id}/replies and /users/{id}/comments: the comment object and who is
shown which comment."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone

import pytest

from openaudio_api import ids
from tests import factory
from tests.factory import BASE

_tx = itertools.count(1)


def comment(conn, comment_id: int, user_id: int, track_id: int, minutes: int = 0, parent: int | None = None,
            **extra) -> int:
    """A comment as the indexer writes it: the row, and for a reply its comment_threads row."""
    factory.comment_at(conn, comment_id, user_id, track_id, BASE + timedelta(minutes=minutes or comment_id),
                       text=f"comment {comment_id}", **extra)
    if parent is not None:
        conn.execute("INSERT INTO comment_threads (comment_id, parent_comment_id) VALUES (%s, %s)",
                     (comment_id, parent))
    return comment_id


def pair(conn, table: str, item: str, item_id: int, user_id: int, live: bool = True) -> None:
    """A reaction, report or mute, as the indexer upserts them in place."""
    conn.execute(f"INSERT INTO {table} ({item}, user_id, created_at, updated_at, is_delete, txhash) "
                 f"VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT ({item}, user_id) DO UPDATE SET "
                 f"is_delete = EXCLUDED.is_delete",
                 (item_id, user_id, BASE, BASE, not live, f"0xpair{next(_tx)}"))


def react(conn, comment_id: int, user_id: int, live: bool = True) -> None:
    pair(conn, "comment_reactions", "comment_id", comment_id, user_id, live)


def report(conn, comment_id: int, user_id: int) -> None:
    pair(conn, "comment_reports", "comment_id", comment_id, user_id)


def mute(conn, muted: int, by: int, live: bool = True) -> None:
    pair(conn, "muted_users", "muted_user_id", muted, by, live)


def get(client, path: str, status: int = 200, **params):
    r = client.get(path, params=params)
    assert r.status_code == status, r.text
    return r.json()


def ids_of(comments) -> list[int]:
    return [ids.decode(c["id"]) for c in comments]


@pytest.fixture
def thread(conn):
    """Track 10 by user 1: top-level comments 100..103 by users 2..5, replies to 100."""
    for uid in range(1, 9):
        factory.user(conn, uid)
    factory.track(conn, 10, 1)
    for n, author in enumerate((2, 3, 4, 5)):
        comment(conn, 100 + n, author, 10, track_timestamp_s=[30, None, 5, 60][n])
    for n in range(5):
        comment(conn, 200 + n, 6 + n % 2, 10, parent=100)
    return conn


def test_comment_object(client, thread):
    conn = thread
    conn.execute("INSERT INTO comment_mentions (comment_id, user_id, created_at, updated_at, txhash) "
                 "VALUES (100, 3, %s, %s, '0xm')", (BASE, BASE))
    conn.execute("UPDATE comments SET is_edited = true WHERE comment_id = 100")
    react(conn, 100, 1)  # the artist
    react(conn, 100, 7)
    react(conn, 100, 8, live=False)
    body = get(client, "/v1/tracks/10/comments", sort_method="top", user_id=7)
    top = body["data"][0]
    assert top == {
        "id": ids.encode(100), "entity_type": "Track", "entity_id": ids.encode(10), "user_id": ids.encode(2),
        "message": "comment 100", "mentions": [{"user_id": 3, "handle": "user3"}], "track_timestamp_s": 30,
        "react_count": 2, "reply_count": 5, "is_edited": True, "is_current_user_reacted": True,
        "is_artist_reacted": True, "is_tombstone": False, "is_muted": False,
        "created_at": "2024-01-01T01:40:00Z", "updated_at": "2024-01-01T01:40:00Z", "parent_comment_id": None,
        "replies": top["replies"]}
    # The preview: the thread's first three replies, oldest first; a reply carries no preview of its own.
    assert ids_of(top["replies"]) == [200, 201, 202]
    assert top["replies"][0]["parent_comment_id"] == 100 and "replies" not in top["replies"][0]
    # related: every author and mentioned user (of the replies too) and the track, once each.
    assert sorted(u["user_id"] for u in body["related"]["users"]) == [2, 3, 4, 5, 6, 7]
    assert [t["track_id"] for t in body["related"]["tracks"]] == [10]
    assert get(client, "/v1/tracks/10/comments", sort_method="top")["data"][0]["is_current_user_reacted"] is False


def test_sorts_pinning_and_paging(client, thread):
    conn = thread
    react(conn, 102, 2)
    react(conn, 102, 3)
    react(conn, 101, 2)
    page = lambda **p: ids_of(get(client, "/v1/tracks/10/comments", **p)["data"])  # noqa: E731
    assert page() == [103, 102, 101, 100]  # newest by default (the Go API's)
    assert page(sort_method="top") == [102, 101, 103, 100]
    assert page(sort_method="timestamp") == [102, 100, 103, 101]  # no timestamp last
    assert page(sort_method="newest", limit=2, offset=1) == [102, 101]
    conn.execute("UPDATE tracks SET pinned_comment_id = 101 WHERE track_id = 10")
    assert page(sort_method="top") == [101, 102, 103, 100]
    assert page(limit=2) == [101, 103]
    assert page(limit=2, offset=2) == [102, 100]
    assert page(offset=3) == [100]
    assert page(offset=4) == []
    # Only a listed top-level comment is pinned first: a pinned reply is not.
    conn.execute("UPDATE tracks SET pinned_comment_id = 200 WHERE track_id = 10")
    assert page() == [103, 102, 101, 100]


def test_tombstones_and_counts(client, thread):
    conn = thread
    conn.execute("UPDATE comments SET is_delete = true WHERE comment_id IN (100, 101, 201)")
    body = get(client, "/v1/tracks/10/comments")
    assert ids_of(body["data"]) == [103, 102, 100]  # 101 had no replies: gone; 100 stays as a tombstone
    tomb = body["data"][2]
    assert (tomb["is_tombstone"], tomb["message"], tomb["mentions"], tomb["reply_count"]) == (
        True, "[Removed]", [], 4)
    assert ids_of(tomb["replies"]) == [200, 202, 203]
    assert get(client, "/v1/tracks/10/comment_count")["data"] == 2 + 4
    # Replies all deleted: the tombstone goes too.
    conn.execute("UPDATE comments SET is_delete = true WHERE parent_comment_id = 100")
    assert ids_of(get(client, "/v1/tracks/10/comments")["data"]) == [103, 102]
    assert get(client, "/v1/tracks/10/comment_count")["data"] == 2


def test_mutes_reports_and_abuse(client, thread):
    conn = thread
    mute(conn, 3, by=7)  # user 7 muted 101's author
    assert ids_of(get(client, "/v1/tracks/10/comments", user_id=7)["data"]) == [103, 102, 100]
    assert ids_of(get(client, "/v1/tracks/10/comments")["data"]) == [103, 102, 101, 100]
    assert ids_of(get(client, "/v1/tracks/10/comments", user_id=3)["data"]) == [103, 102, 101, 100]
    assert get(client, "/v1/tracks/10/comment_count", user_id=7)["data"] == 8
    mute(conn, 3, by=7, live=False)
    assert len(get(client, "/v1/tracks/10/comments", user_id=7)["data"]) == 4
    # The track's owner muted user 6: their replies are hidden from everyone but themselves.
    mute(conn, 6, by=1)
    assert ids_of(get(client, "/v1/comments/100/replies")["data"]) == [201, 203]
    assert ids_of(get(client, "/v1/comments/100/replies", user_id=6)["data"]) == [200, 201, 202, 203, 204]
    assert ids_of(get(client, "/v1/tracks/10/comments")["data"][3]["replies"]) == [201, 203]
    # Reported by the viewer: hidden from the viewer; by the track's owner: from everyone.
    report(conn, 102, 8)
    assert 102 not in ids_of(get(client, "/v1/tracks/10/comments", user_id=8)["data"])
    assert 102 in ids_of(get(client, "/v1/tracks/10/comments")["data"])
    report(conn, 103, 1)
    assert 103 not in ids_of(get(client, "/v1/tracks/10/comments", user_id=5)["data"])
    # Reporters with 1,700,000 followers between them hide it from everyone.
    report(conn, 101, 4)
    report(conn, 101, 5)
    conn.execute("UPDATE aggregate_user SET follower_count = 850000 WHERE user_id IN (4, 5)")
    assert ids_of(get(client, "/v1/tracks/10/comments")["data"]) == [102, 100]
    # A negative abuse score hides an author's comments, except from themselves.
    conn.execute("UPDATE aggregate_user SET score = -1 WHERE user_id = 2")
    assert ids_of(get(client, "/v1/tracks/10/comments")["data"]) == [102]
    assert ids_of(get(client, "/v1/tracks/10/comments", user_id=2)["data"]) == [102, 100]


def test_hidden_and_unknown_tracks(client, thread):
    conn = thread
    conn.execute("UPDATE tracks SET is_unlisted = true WHERE track_id = 10")
    for path in ("/v1/tracks/10/comments", "/v1/tracks/10/comment_count",
                 "/v1/tracks/10/comment_notification_setting", "/v1/tracks/99/comments"):
        assert get(client, path, 404) == {"code": 404, "error": "track not found"}
    assert get(client, "/v1/comments/100")["data"] == []
    assert get(client, "/v1/comments/100/replies")["data"] == []
    assert get(client, "/v1/users/2/comments")["data"] == []
    assert ids_of(get(client, "/v1/tracks/10/comments", user_id=1)["data"]) == [103, 102, 101, 100]
    assert ids_of(get(client, "/v1/comments/100", user_id=1)["data"]) == [100]
    assert get(client, "/v1/tracks/bad!/comments", 400) == {"code": 400, "error": "invalid trackId"}
    assert get(client, "/v1/comments/bad!", 400) == {"code": 400, "error": "invalid commentId"}


def test_get_comment_and_replies(client, thread):
    one = get(client, f"/v1/full/comments/{ids.encode(100)}")
    assert ids_of(one["data"]) == [100] and ids_of(one["data"][0]["replies"]) == [200, 201, 202]
    reply = get(client, "/v1/comments/201")["data"][0]
    assert (reply["parent_comment_id"], "replies" in reply) == (100, False)
    assert get(client, "/v1/comments/999")["data"] == []
    assert ids_of(get(client, "/v1/comments/100/replies", limit=2, offset=3)["data"]) == [203, 204]
    thread.execute("UPDATE comments SET is_delete = true WHERE comment_id = 201")
    assert get(client, "/v1/comments/201")["data"] == []
    assert get(client, "/v1/comments/100")["data"][0]["reply_count"] == 4


def test_user_comments(client, thread):
    conn = thread
    factory.track(conn, 11, 1, is_unlisted=True)
    comment(conn, 300, 6, 11)
    body = get(client, "/v1/users/6/comments")
    assert ids_of(body["data"]) == [204, 202, 200]  # newest first; not the one on the unlisted track
    assert ids_of(get(client, "/v1/users/6/comments", user_id=1)["data"]) == [300, 204, 202, 200]
    assert ids_of(get(client, "/v1/users/6/comments", limit=1, offset=1)["data"]) == [202]
    assert get(client, "/v1/users/99/comments")["data"] == []


def test_tracks_with_recent_comments(client, conn):
    for uid in (1, 2):
        factory.user(conn, uid)
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    for tid in (10, 11, 12, 13):
        factory.track(conn, tid, 1, is_unlisted=tid == 13)
    factory.comment_at(conn, 1, 2, 10, now - timedelta(days=2))
    factory.comment_at(conn, 2, 2, 11, now - timedelta(days=1))
    factory.comment_at(conn, 3, 2, 10, now - timedelta(hours=1))
    factory.comment_at(conn, 4, 2, 12, now - timedelta(days=40))  # older than a month
    factory.comment_at(conn, 5, 2, 13, now)  # unlisted
    tracks = get(client, "/v1/tracks/recent-comments")["data"]
    assert [t["track_id"] for t in tracks] == [10, 11]
    assert [t["track_id"] for t in get(client, "/v1/tracks/recent-comments", offset=1)["data"]] == [11]


def test_comment_notification_setting(client, thread):
    conn = thread
    conn.execute("INSERT INTO comment_notification_settings (user_id, entity_id, entity_type, is_muted, "
                 "created_at, updated_at, txhash) VALUES (1, 10, 'Track', true, %s, %s, '0x1'), "
                 "(2, 100, 'Comment', true, %s, %s, '0x2')", (BASE, BASE, BASE, BASE))
    assert get(client, "/v1/tracks/10/comment_notification_setting", user_id=1)["data"] == {"is_muted": True}
    assert get(client, "/v1/tracks/10/comment_notification_setting", user_id=2)["data"] == {"is_muted": False}
    assert get(client, "/v1/tracks/10/comment_notification_setting")["data"] == {"is_muted": False}
    # The thread's setting is the comment's is_muted, for its user only.
    assert get(client, "/v1/comments/100", user_id=2)["data"][0]["is_muted"] is True
    assert get(client, "/v1/comments/100", user_id=3)["data"][0]["is_muted"] is False


def test_page_of_comments_takes_a_fixed_number_of_queries(client, thread):
    """hydrate.comments: five queries for a page whatever its size (comments, preview replies, users,
    tracks and the tracks' users)."""
    from openaudio_api import hydrate
    from openaudio_api.db import pool

    counted = []
    original = pool.Database.fetch_all

    async def counting(self, name, *args, **kwargs):
        counted.append(name)
        return await original(self, name, *args, **kwargs)

    pool.Database.fetch_all = counting
    try:
        get(client, "/v1/comments/100/replies", limit=1)
        few = len(counted)
        counted.clear()
        get(client, "/v1/tracks/10/comments", limit=100)
        many = len(counted)
    finally:
        pool.Database.fetch_all = original
    assert few == 1 + 4 and many == 5, counted
    assert hydrate.REPLY_PREVIEW == 3
