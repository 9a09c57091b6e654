"""What the indexer writes for the comment reads: the per-entity comment notification settings (Track and
Comment Mute/Unmute) and the counts a comment page is sorted by, kept as comments, replies and reactions
arrive on chain."""

from __future__ import annotations

from datetime import timedelta

from openaudio_api import ids
from openaudio_api.indexer.blocks import parse_manage_entity
from openaudio_api.indexer.entities import TxContext, apply
from tests import factory
from tests.test_entities import T0, VERIFIER, Chain, api, chain, get  # noqa: F401 (fixtures)


def settings(chain: Chain) -> list[tuple]:
    return chain.all("SELECT user_id, entity_id, entity_type, is_muted, created_at, updated_at, blocknumber "
                     "FROM comment_notification_settings ORDER BY entity_type, entity_id")


def test_track_and_comment_notification_settings(chain, api):
    chain.user(1)
    chain.user(2)
    chain.track(1, 1)
    chain.send(2, "Comment", 100, "Create", {"entity_id": 1, "entity_type": "Track", "body": "hi"})
    chain.send(1, "Track", 1, "Mute")
    muted_at = T0 + timedelta(minutes=chain.last_height)
    assert get(api, "/v1/tracks/1/comment_notification_setting", viewer=1) == {"is_muted": True}
    assert get(api, "/v1/tracks/1/comment_notification_setting", viewer=2) == {"is_muted": False}
    chain.send(1, "Track", 1, "Unmute")
    assert get(api, "/v1/tracks/1/comment_notification_setting", viewer=1) == {"is_muted": False}
    # Changed in place: one row, its first time kept, the last transaction's time and block.
    assert settings(chain) == [(1, 1, "Track", False, muted_at, T0 + timedelta(minutes=chain.last_height),
                                chain.last_height)]
    # A thread's setting: the comment's is_muted, for that user.
    chain.send(2, "Comment", 100, "Mute")
    assert get(api, "/v1/comments/100", viewer=2)[0]["is_muted"] is True
    assert get(api, "/v1/comments/100", viewer=1)[0]["is_muted"] is False
    chain.send(2, "Comment", 100, "Unmute")
    assert get(api, "/v1/comments/100", viewer=2)[0]["is_muted"] is False
    # As the ETL: no check that the entity exists, and muting twice is no error.
    chain.send(2, "Track", 77, "Mute")
    chain.send(2, "Track", 77, "Mute")
    assert [r[:4] for r in settings(chain)] == [(2, 100, "Comment", False), (1, 1, "Track", False),
                                                (2, 77, "Track", True)]
    # The signer must act for the user, as for every ManageEntity; a refused one writes nothing.
    before = settings(chain)
    chain.rejected(2, "Track", 1, "Mute", signer=factory.wallet_of(1), match="is neither the wallet of user 2")
    assert settings(chain) == before


def test_replayed_setting_changes_nothing(chain):
    """A block applied again (the indexer replays one it could not commit) leaves the same row."""
    chain.user(1)
    chain.track(1, 1)
    body = {"userId": "1", "entityType": "Track", "entityId": "1", "action": "Mute", "metadata": "",
            "signer": factory.wallet_of(1), "nonce": "1"}
    for _ in range(2):
        ctx = TxContext(chain.conn, "test-chain", 500, "0xblock500", T0, "0xtx500", frozenset({VERIFIER}))
        apply(ctx, parse_manage_entity(body))
        chain.conn.commit()
        assert settings(chain) == [(1, 1, "Track", True, T0, T0, 500)]


def test_counts_follow_the_chain(chain, api):
    """reply_count and react_count (and so the top sort) as comments, replies and reactions arrive and are
    undone."""
    for n in (1, 2, 3):
        chain.user(n)
    chain.track(1, 1)
    for cid in (100, 101):
        chain.send(2, "Comment", cid, "Create", {"entity_id": 1, "entity_type": "Track", "body": f"c{cid}"})
    chain.send(3, "Comment", 102, "Create", {"entity_id": 1, "body": "reply", "parent_comment_id": 100})
    chain.send(3, "Comment", 103, "Create", {"entity_id": 1, "body": "reply", "parent_id": 100})
    chain.send(1, "Comment", 101, "React")
    chain.send(3, "Comment", 101, "React")
    chain.send(3, "Comment", 100, "React")
    assert chain.all("SELECT comment_id, parent_comment_id, react_count, reply_count FROM comments "
                     "ORDER BY comment_id") == [(100, None, 1, 2), (101, None, 2, 0), (102, 100, 0, 0),
                                                (103, 100, 0, 0)]
    top = get(api, "/v1/tracks/1/comments", sort_method="top")
    assert [ids.decode(c["id"]) for c in top] == [101, 100]
    chain.send(3, "Comment", 101, "Unreact")
    chain.send(1, "Comment", 101, "Unreact")
    chain.send(3, "Comment", 102, "Delete")
    assert chain.all("SELECT comment_id, react_count, reply_count FROM comments WHERE comment_id IN (100, 101) "
                     "ORDER BY comment_id") == [(100, 1, 1), (101, 0, 0)]
    assert [ids.decode(c["id"]) for c in get(api, "/v1/tracks/1/comments", sort_method="top")] == [100, 101]
    # The parent deleted: a tombstone while its reply lives.
    chain.send(2, "Comment", 100, "Delete")
    first = get(api, "/v1/tracks/1/comments", sort_method="top")[0]
    assert (ids.decode(first["id"]), first["is_tombstone"], ids.decode(first["replies"][0]["id"])) == (100, True, 103)
