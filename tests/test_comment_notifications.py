"""The comment, comment_thread and comment_reaction notifications (and the comment_mention rule the
notification settings add), as comments, replies and reactions arrive on chain."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from openaudio_api import ids
from tests import factory
from tests.test_entities import Chain, api, chain  # noqa: F401 (fixtures)

# Recent, so that the notifications' first page (90 days back) shows them.
NOW = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0) - timedelta(days=1)


def notices(chain: Chain, kind: str) -> list[tuple]:
    return chain.all("SELECT user_ids, specifier, group_id FROM notification WHERE type = %s ORDER BY id", kind)


def comment(chain: Chain, user: int, cid: int, **meta) -> None:
    chain.send(user, "Comment", cid, "Create", {"entity_id": 1, "entity_type": "Track", "body": f"c{cid}", **meta},
               at=NOW + timedelta(minutes=cid))


def test_comment_notifies_the_tracks_owner(chain):
    for n in (1, 2, 3, 4, 5):
        chain.user(n)
    chain.track(1, 1)
    comment(chain, 2, 100)
    assert notices(chain, "comment") == [([1], "2", "comment:1:type:Track")]
    assert chain.one("SELECT \"timestamp\", blocknumber, data FROM notification WHERE type = 'comment'") == (
        NOW + timedelta(minutes=100), chain.last_height,
        {"type": "Track", "entity_id": 1, "comment_user_id": 2, "comment_id": 100})
    comment(chain, 2, 101)  # once per (track, commenter), as upstream's group and specifier
    comment(chain, 1, 102)  # the owner's own comment
    comment(chain, 3, 103, mentions=[1])  # mentions the owner: a mention, not a comment notification
    comment(chain, 3, 104, parent_comment_id=100)  # a reply: the thread notification instead
    assert notices(chain, "comment") == [([1], "2", "comment:1:type:Track")]
    assert notices(chain, "comment_mention") == [([1], "1", "comment_mention:103")]
    chain.send(1, "MutedUser", 4, "Mute")
    comment(chain, 4, 105)
    chain.send(1, "Track", 1, "Mute")
    comment(chain, 5, 106)
    comment(chain, 5, 107, mentions=[1])  # muted track: no mention notification for its owner either
    assert notices(chain, "comment") == [([1], "2", "comment:1:type:Track")]
    assert notices(chain, "comment_mention") == [([1], "1", "comment_mention:103")]
    chain.send(1, "Track", 1, "Unmute")
    comment(chain, 5, 108)
    assert notices(chain, "comment")[-1] == ([1], "5", "comment:1:type:Track")


def test_replies_notify_the_parents_author(chain, api):
    for n in (1, 2, 3, 4):
        chain.user(n)
    chain.track(1, 1)
    comment(chain, 2, 100)
    comment(chain, 3, 101, parent_comment_id=100)
    comment(chain, 2, 102, parent_comment_id=100)  # replying to oneself
    assert notices(chain, "comment_thread") == [([2], "101", "comment_thread:100")]
    assert chain.one("SELECT data FROM notification WHERE type = 'comment_thread'")[0] == {
        "type": "Track", "entity_id": 1, "entity_user_id": 1, "comment_user_id": 3, "comment_id": 101}
    comment(chain, 3, 103, parent_comment_id=100)  # one per reply
    assert len(notices(chain, "comment_thread")) == 2
    chain.send(2, "MutedUser", 4, "Mute")
    comment(chain, 4, 104, parent_comment_id=100)
    chain.send(2, "Comment", 100, "Mute")  # the thread's notifications
    comment(chain, 3, 105, parent_comment_id=100)
    assert len(notices(chain, "comment_thread")) == 2
    served = api.get(f"/v1/notifications/{ids.encode(2)}", headers=factory.signature_headers(2))
    assert served.status_code == 200, served.text
    group = next(g for g in served.json()["data"]["notifications"] if g["type"] == "comment_thread")
    assert (group["group_id"], len(group["actions"])) == ("comment_thread:100", 2)
    assert group["actions"][0]["data"]["comment_user_id"] == ids.encode(3)


def test_reactions_notify_the_comments_author(chain, api):
    for n in (1, 2, 3, 4):
        chain.user(n)
    chain.track(1, 1)
    comment(chain, 2, 100)
    comment(chain, 1, 101)
    chain.send(3, "Comment", 100, "React", at=NOW + timedelta(hours=5))
    chain.send(2, "Comment", 100, "React")  # one's own comment
    assert notices(chain, "comment_reaction") == [([2], "3", "comment_reaction:100")]
    assert chain.one("SELECT \"timestamp\", data FROM notification WHERE type = 'comment_reaction'") == (
        NOW + timedelta(hours=5),
        {"type": "Track", "entity_id": 1, "entity_user_id": 1, "comment_id": 100, "reacter_user_id": 3})
    chain.send(3, "Comment", 100, "Unreact")
    chain.send(3, "Comment", 100, "React")  # redone: no second notification
    assert len(notices(chain, "comment_reaction")) == 1
    chain.send(2, "Comment", 100, "Mute")
    chain.send(4, "Comment", 100, "React")
    # The track's owner reacted to on their own comment, with the track's notifications muted.
    chain.send(1, "Track", 1, "Mute")
    chain.send(3, "Comment", 101, "React")
    assert len(notices(chain, "comment_reaction")) == 1
    chain.send(1, "Track", 1, "Unmute")
    chain.send(4, "Comment", 101, "React")
    assert notices(chain, "comment_reaction")[-1] == ([1], "4", "comment_reaction:101")
    served = api.get(f"/v1/notifications/{ids.encode(2)}", headers=factory.signature_headers(2))
    assert served.status_code == 200, served.text
    group = next(g for g in served.json()["data"]["notifications"] if g["type"] == "comment_reaction")
    assert group["actions"][0]["data"]["reacter_user_id"] == ids.encode(3)
