"""Notification post-processing (openaudio_api/notifications.py): upstream's HashifyJson, the per-action
rewrites, the specifier sort and the related-id mining."""

from __future__ import annotations

from openaudio_api import ids
from openaudio_api.notifications import RELATED_USER_KEYS, hashify_json, related_ids, shape_action, shape_groups


def test_hashify_json_follows_upstreams_rules():
    raw = {
        "id": 1, "user_id": "2", "specifier": "3", "track_id": 10,
        "group_id": "333_444", "challenge_id": "180b1ca2", "specifier_note": "4",
        "special_id": 5, "user_ids": [1, 2], "name_id": -1, "float_id": 1.5, "flag_id": True, "none_id": None,
        "_id": 7, "zero_id": 0, "padded_id": "0044", "id_count": 3, "timestamp": 12,
        "nested": {"parent_track_id": 44, "list": [{"id": 100, "items": [{"owner_id": "111"}]}, 222, "222"],
                   "deeper_id": {"id": "700"}},
    }
    assert hashify_json(raw) == {
        "id": "7eP5n", "user_id": "ML51L", "specifier": "lebQD", "track_id": "BDNxn",
        "group_id": "333_444", "challenge_id": "180b1ca2", "specifier_note": "4",
        "special_id": 5, "user_ids": [1, 2], "name_id": -1, "float_id": 1.5, "flag_id": True, "none_id": None,
        "_id": 7, "zero_id": "GeYrn", "padded_id": "eYorL", "id_count": 3, "timestamp": 12,
        "nested": {"parent_track_id": "eYorL", "list": [{"id": "eYZmn", "items": [{"owner_id": "D91oD"}]}, 222, "222"],
                   "deeper_id": {"id": "eYjpn"}},
    }
    assert raw["id"] == 1  # the input is not modified


def test_action_rewrites():
    def data(type_, d, group_id="g"):
        return shape_action({"specifier": "1", "type": type_, "timestamp": 1.0, "data": d}, type_, group_id)["data"]

    assert data("repost", {"type": "Track"})["type"] == "track"
    assert data("comment", {"type": "Track"})["type"] == "Track"          # comment types keep their case
    assert data("comment_reaction", {"type": "Track"})["type"] == "Track"
    assert data("milestone", {"type": "PLAYLIST_REPOST_COUNT", "playlist_id": 3},
                group_id="milestone:PLAYLIST_REPOST_COUNT:id:3:threshold:10")["is_album"] is False
    assert data("milestone", {"type": "PLAYLIST_REPOST_COUNT", "is_album": True},
                group_id="milestone:PLAYLIST_REPOST_COUNT:id:3:threshold:10")["is_album"] is True
    assert "is_album" not in data("milestone", {"type": "LISTEN_COUNT"}, group_id="milestone:LISTEN_COUNT:id:3")
    # [newer Go API] $AUDIO amounts get 10 zeros (SPL -> wei) on these types only; USDC amounts are stringified.
    assert data("challenge_reward", {"amount": "100000000"})["amount"] == "1000000000000000000"
    assert data("claimable_reward", {"amount": 1})["amount"] == "10000000000"
    assert data("reaction", {"tip_amount": 5})["tip_amount"] == "50000000000"
    assert data("tip_send", {"amount": 7, "tx_signature": "sig"}) == {
        "amount": "70000000000", "tx_signature": "sig", "tip_tx_signature": "sig"}
    assert data("usdc_purchase_buyer", {"amount": 1000000, "extra_amount": 0}) == {
        "amount": "1000000", "extra_amount": "0"}
    assert data("tier_change", {"amount": 5})["amount"] == 5  # the snapshot padded every type; no longer


def test_actions_are_sorted_by_raw_specifier_and_the_first_is_mined():
    rows = [{"type": "follow", "group_id": "follow:1", "is_seen": False, "seen_at": None, "actions": [
        {"specifier": "9", "type": "follow", "timestamp": 2.0, "data": {"follower_user_id": 9, "followee_user_id": 1}},
        {"specifier": "10", "type": "follow", "timestamp": 1.0,
         "data": {"follower_user_id": 10, "followee_user_id": 1}},
    ]}]
    shaped, users, tracks = shape_groups(rows)
    assert [a["specifier"] for a in shaped[0]["actions"]] == [ids.encode(10), ids.encode(9)]  # "10" < "9"
    assert users == [10, 1] and tracks == []


def test_related_ids_key_list():
    data = {key: n for n, key in enumerate(RELATED_USER_KEYS, start=100)}
    data.update(track_id=1, parent_track_id=2, playlist_id=3, type="Track", repost_item_id=4, save_item_id=5,
                repost_of_repost_item_id=6, save_of_repost_item_id=7, tastemaker_item_type="track",
                tastemaker_item_id=8, content_type="TRACK", content_id=9, entity_type="track", entity_id=11)
    users, tracks = related_ids({"data": data})
    assert users == list(range(100, 100 + len(RELATED_USER_KEYS)))
    assert {"grantee_user_id", "inviter_user_id", "collaborator_user_id"} <= set(RELATED_USER_KEYS)
    assert tracks == [1, 2, 4, 5, 6, 7, 8, 9, 11]
    # Playlists and albums are not served: their ids are not collected; quoted ids are not ids.
    assert related_ids({"data": {"type": "album", "repost_item_id": 4, "content_type": "playlist",
                                 "content_id": 9, "entity_type": "Comment", "entity_id": 3,
                                 "user_id": "12", "track_id": True}}) == ([], [])
