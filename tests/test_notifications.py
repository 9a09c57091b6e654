"""GET /v1/notifications/{user_id}: privacy, cursor, seen windows and grouping, type filters, the unread poll,
upstream's per-action rewrites (HashifyJson, ...), the collaborator notifications, `related`, query count
and plan, and the read timeout. Rows are inserted as upstream's triggers write them. Every response here is
validated against the spec by the app (connexion response validation is on in tests)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import psycopg
import pytest
import yaml
from psycopg.types.json import Jsonb

from openaudio_api.db.queries import sql
from openaudio_api.handlers import notifications as handler
from openaudio_api import ids
from openaudio_api.config import SPEC_FILE
from openaudio_api.notifications import (
    EXCLUDED, RELATED_USER_KEYS, WHITELIST, hashify_json, related_ids, shape_action, shape_groups)
from tests import factory

NOW = datetime.now(timezone.utc).replace(tzinfo=None)


def ago(**delta) -> datetime:
    return NOW - timedelta(**delta)


def epoch(at: datetime) -> float:
    return at.replace(tzinfo=timezone.utc).timestamp()


def notify(conn, type_: str, to: list[int] | None, data: dict | None, *, specifier: str = "1",
           group_id: str | None = None, at: datetime | None = None) -> None:
    conn.execute(
        "INSERT INTO notification (user_ids, type, specifier, group_id, \"timestamp\", data) "
        "VALUES (%s, %s, %s, %s, %s, %s)",
        (to, type_, specifier, group_id or f"{type_}:{specifier}", at or ago(hours=1),
         Jsonb(data) if data is not None else None))


def follow(conn, follower: int, followee: int = 1, *, at: datetime | None = None, group: str | None = None):
    notify(conn, "follow", [followee], {"follower_user_id": follower, "followee_user_id": followee},
           specifier=str(follower), group_id=group or f"follow:{followee}", at=at)


def seen(conn, user_id: int, at: datetime) -> None:
    conn.execute("INSERT INTO notification_seen (user_id, seen_at) VALUES (%s, %s)", (user_id, at))


def fetch(raw_client, user: int | str = 1, *, signer: int | None = None, headers: dict | None = None, **params):
    if headers is None:
        headers = factory.signature_headers(signer if signer is not None else int(user))
    return raw_client.get(f"/v1/notifications/{user}", params=params, headers=headers)


def page(raw_client, user: int = 1, **params) -> dict:
    r = fetch(raw_client, user, **params)
    assert r.status_code == 200, r.text
    return r.json()


def groups(raw_client, user: int = 1, **params) -> list[tuple[str, str]]:
    return [(g["type"], g["group_id"]) for g in page(raw_client, user, **params)["data"]["notifications"]]


@pytest.fixture
def people(conn):
    for uid in range(1, 9):
        factory.user(conn, uid)
    factory.grant(conn, grantor=1, manager=2)  # 2 manages 1
    conn.execute("DELETE FROM notification")  # the grant's approve_manager_request: each test writes its own
    return conn


# ------------------------------------------------------------------------------------------------ auth

def test_private_to_the_user_and_their_managers(raw_client, people):
    follow(people, 3)
    unsigned = raw_client.get("/v1/notifications/1")
    assert unsigned.status_code == 401 and unsigned.json()["code"] == 401
    garbage = fetch(raw_client, 1, headers={"Encoded-Data-Message": "x", "Encoded-Data-Signature": "0xdead"})
    assert garbage.status_code == 401
    stranger = fetch(raw_client, 1, signer=3)
    assert stranger.status_code == 403 and stranger.json()["code"] == 403
    for allowed in (1, 2):
        r = fetch(raw_client, 1, signer=allowed)
        assert r.status_code == 200, r.text
        assert [g["type"] for g in r.json()["data"]["notifications"]] == ["follow"]
    # The user cannot read their manager's notifications.
    assert fetch(raw_client, 2, signer=1).status_code == 403
    # The query-string signature works too.
    signed = factory.signature_headers(1)
    r = raw_client.get("/v1/notifications/1", params={"user_data": signed["Encoded-Data-Message"],
                                                      "user_signature": signed["Encoded-Data-Signature"]})
    assert r.status_code == 200


def test_the_path_user_and_the_query_user_share_a_name_and_stay_apart(raw_client, people):
    follow(people, 3, followee=1)
    follow(people, 4, followee=2)
    # A manager asking as themselves (my id 2, signed by 2) reads user 1's notifications, not their own.
    r = fetch(raw_client, ids.encode(1), signer=2, user_id=ids.encode(2))
    assert r.status_code == 200, r.text
    assert [g["group_id"] for g in r.json()["data"]["notifications"]] == ["follow:1"]
    # My id is still checked by the global rule: signed by 2 but claiming to be 3 is 403.
    assert fetch(raw_client, 1, signer=2, user_id="3").status_code == 403
    # And my id does not grant access to the path user: 3 is no manager of 1.
    assert fetch(raw_client, 1, signer=3, user_id="3").status_code == 403


@pytest.mark.parametrize("bad", ["0", "nope!", "nope"])
def test_a_malformed_path_id_is_400(raw_client, people, bad):
    r = fetch(raw_client, bad, signer=1)
    assert r.status_code == 400 and r.json() == {"code": 400, "error": "invalid userId"}


def test_a_well_formed_path_id_that_names_nobody_is_refused_as_any_other_user(raw_client, people):
    """The hashid of 0 is shaped as the spec's pattern says: a user no one may act for, as user 999."""
    for nobody in ("GeYrn", 999):
        r = fetch(raw_client, nobody, signer=1)
        assert r.status_code == 403 and r.json()["error"].startswith("You are not authorized"), r.text


# --------------------------------------------------------------------------------------------- cursor

@pytest.fixture
def timeline(people):
    """Five groups, one notification each; g3a and g3b share a timestamp."""
    t = {name: ago(hours=h) for name, h in (("g1", 1), ("g2", 2), ("g3", 3), ("g4", 4))}
    for follower, group, at in ((3, "g1", t["g1"]), (4, "g2", t["g2"]), (5, "g3a", t["g3"]), (6, "g3b", t["g3"]),
                                (7, "g4", t["g4"])):
        follow(people, follower, group=group, at=at)
    return t


def test_no_cursor_returns_everything_newest_first(raw_client, timeline):
    assert [g for _, g in groups(raw_client)] == ["g1", "g2", "g3b", "g3a", "g4"]


def test_group_id_alone_returns_groups_sorting_before_it(raw_client, timeline):
    assert [g for _, g in groups(raw_client, group_id="g3a")] == ["g1", "g2"]


def test_timestamp_alone_returns_older_notifications(raw_client, timeline):
    assert [g for _, g in groups(raw_client, timestamp=epoch(timeline["g2"]))] == ["g3b", "g3a", "g4"]


def test_timestamp_and_group_id_continue_within_a_timestamp(raw_client, timeline):
    got = [g for _, g in groups(raw_client, timestamp=epoch(timeline["g3"]), group_id="g3b")]
    assert got == ["g3a", "g4"]


def test_paging_with_the_last_action_walks_every_group_once(raw_client, timeline):
    seen_groups, params = [], {"limit": 2}
    while True:
        data = page(raw_client, **params)["data"]["notifications"]
        if not data:
            break
        seen_groups += [g["group_id"] for g in data]
        last = data[-1]
        params = {"limit": 2, "timestamp": last["actions"][-1]["timestamp"], "group_id": last["group_id"]}
    assert seen_groups == ["g1", "g2", "g3b", "g3a", "g4"]


def test_the_first_page_reaches_back_90_days_and_cursors_further(raw_client, people):
    """[newer Go API] the initial page is bounded to 90 days; a cursor is not."""
    follow(people, 3, group="recent", at=ago(days=89))
    follow(people, 4, group="old", at=ago(days=91))
    assert [g for _, g in groups(raw_client)] == ["recent"]
    assert [g for _, g in groups(raw_client, timestamp=epoch(ago(days=90)))] == ["old"]
    assert [g for _, g in groups(raw_client, group_id="z")] == ["recent", "old"]


@pytest.mark.parametrize("params", [{"timestamp": "-1"}, {"timestamp": "abc"}, {"timestamp": "nan"},
                                    {"limit": "101"}, {"limit": "-1"}, {"limit": "x"}])
def test_bad_paging_values_are_400(raw_client, people, params):
    r = fetch(raw_client, 1, **params)
    assert r.status_code == 400 and r.json()["code"] == 400
    assert r.json()["error"].startswith(next(iter(params)) + " is invalid")


def test_limit(raw_client, timeline):
    assert len(groups(raw_client, limit=3)) == 3
    assert len(groups(raw_client, limit=100)) == 5


# ------------------------------------------------------------------------------- grouping and windows

def test_without_seen_marks_everything_is_unread_and_grouped_by_type_and_group(raw_client, people):
    follow(people, 3, at=ago(hours=1))
    follow(people, 4, at=ago(hours=30))
    follow(people, 5, followee=1, group="follow:other", at=ago(hours=2))
    body = page(raw_client)
    got = [(g["group_id"], len(g["actions"]), g["is_seen"], g["seen_at"]) for g in body["data"]["notifications"]]
    assert got == [("follow:1", 2, False, None), ("follow:other", 1, False, None)]
    assert body["data"]["unread_count"] == 2


def test_seen_windows_split_groups_and_set_is_seen_and_seen_at(raw_client, people):
    marks = [ago(hours=10), ago(hours=20)]
    for mark in marks:
        seen(people, 1, mark)
    follow(people, 3, at=ago(hours=1))     # newest window (after the last mark): unread
    follow(people, 4, at=ago(hours=5))     # newest window
    follow(people, 5, at=ago(hours=15))    # window (20h, 10h]: seen at the 10h mark
    follow(people, 6, at=ago(hours=30))    # older than every window: one by one, seen, seen_at unknown
    follow(people, 7, at=ago(hours=40))
    body = page(raw_client)
    got = [([a["specifier"] for a in g["actions"]], g["is_seen"], g["seen_at"])
           for g in body["data"]["notifications"]]
    assert got == [
        ([ids.encode(3), ids.encode(4)], False, None),
        ([ids.encode(5)], True, pytest.approx(epoch(marks[0]), abs=1e-6)),
        ([ids.encode(6)], True, None),
        ([ids.encode(7)], True, None),
    ]
    assert body["data"]["unread_count"] == 1


def test_only_the_last_ten_seen_marks_make_windows(raw_client, people):
    for h in range(1, 13):  # marks at 1h .. 12h ago; the 11th and 12th make no window
        seen(people, 1, ago(hours=h))
    follow(people, 3, at=ago(minutes=150))   # window (3h, 2h]
    follow(people, 4, at=ago(minutes=160))
    follow(people, 5, at=ago(minutes=630))   # (10.5h): older than the 10th mark: no window
    follow(people, 6, at=ago(minutes=640))
    got = [(len(g["actions"]), g["is_seen"], g["seen_at"] is not None)
           for g in page(raw_client)["data"]["notifications"]]
    assert got == [(2, True, True), (1, True, False), (1, True, False)]


def test_group_order_is_window_then_latest_then_group_id(raw_client, people):
    seen(people, 1, ago(hours=10))
    follow(people, 3, group="a-old-window", at=ago(hours=11))
    follow(people, 4, group="b-newest", at=ago(hours=5))
    follow(people, 5, group="c-newest-tie", at=ago(hours=3))
    follow(people, 6, group="d-newest-tie", at=ago(hours=3))
    follow(people, 7, group="a-newest-latest", at=ago(hours=2))
    # (No window can be older than 10h here; the 11h one has none: last.)
    assert [g for _, g in groups(raw_client)] == [
        "a-newest-latest", "d-newest-tie", "c-newest-tie", "b-newest", "a-old-window"]


def test_announcements_reach_only_the_users_they_name(raw_client, conn):
    """[newer Go API] an announcement goes to its user_ids, not to everyone who joined before it."""
    factory.user(conn, 1, created_at=ago(days=10))
    factory.user(conn, 2, created_at=ago(days=10))
    notify(conn, "announcement", [1], {"title": "Hi", "short_description": "to 1"}, specifier="",
           group_id="announcement:to-1", at=ago(days=1))
    notify(conn, "announcement", [2], {"title": "Hi", "short_description": "to 2"}, specifier="",
           group_id="announcement:to-2", at=ago(days=2))
    notify(conn, "announcement", None, {"title": "Hi", "short_description": "nobody"}, specifier="",
           group_id="announcement:nobody", at=ago(days=3))
    assert groups(raw_client, 1) == [("announcement", "announcement:to-1")]
    assert groups(raw_client, 2) == [("announcement", "announcement:to-2")]


# ------------------------------------------------------------------------------------------ types

def test_the_types_enum_and_the_oneof_list_the_whitelist():
    spec = yaml.safe_load(SPEC_FILE.read_text())
    op = spec["paths"]["/notifications/{user_id}"]["get"]
    (types,) = [p for p in op["parameters"] if p.get("name") == "types"]
    assert types["schema"]["items"]["enum"] == list(WHITELIST)
    notification = spec["components"]["schemas"]["notification"]
    assert list(notification["discriminator"]["mapping"]) == list(WHITELIST)
    assert [r["$ref"] for r in notification["oneOf"]] == list(notification["discriminator"]["mapping"].values())
    assert "trending_playlist" not in WHITELIST
    i = WHITELIST.index("approve_manager_request")
    assert WHITELIST[i + 1:i + 3] == ("track_collaborator_invite", "track_collaborator_accept")


def test_excluded_unknown_and_removed_types_are_never_returned(raw_client, people):
    follow(people, 3)
    for type_ in sorted(EXCLUDED) + ["trending_playlist", "not_a_type"]:
        notify(people, type_, [1], {"track_id": 1}, group_id=f"{type_}:x")
    assert groups(raw_client) == [("follow", "follow:1")]
    assert groups(raw_client, types="remix") == []  # whitelisted (valid) but excluded


@pytest.mark.parametrize("bad", ["trending_playlist", "usdc_transfer", "Follow", "follow,nope", ""])
def test_a_type_outside_the_whitelist_is_400(raw_client, people, bad):
    r = fetch(raw_client, 1, types=bad)
    assert r.status_code == 400 and r.json()["error"].startswith("types is invalid")


def test_types_filter_takes_repeated_keys(raw_client, people):
    follow(people, 3)
    notify(people, "tier_change", [1], {"new_tier": "gold", "new_tier_value": 10000, "current_value": "1"})
    notify(people, "listen_streak_reminder", [1], {"streak": 3})
    r = raw_client.get("/v1/notifications/1?types=follow&types=tier_change", headers=factory.signature_headers(1))
    assert sorted(g["type"] for g in r.json()["data"]["notifications"]) == ["follow", "tier_change"]
    assert [t for t, _ in groups(raw_client, types="listen_streak_reminder")] == ["listen_streak_reminder"]
    # connexion splits a form array on commas too (upstream answered 400 to a comma-separated list).
    assert sorted(t for t, _ in groups(raw_client, types="follow,listen_streak_reminder")) == [
        "follow", "listen_streak_reminder"]


# ------------------------------------------------------------------------------------------ unread poll

def test_limit_0_is_an_unread_count_poll(raw_client, people):
    """[newer Go API] limit=0 returns no notifications and the unread groups of the first page."""
    seen(people, 1, ago(hours=10))
    for n in range(25):  # 25 unread groups ...
        follow(people, 3, group=f"unread-{n:02}", at=ago(hours=1, minutes=n))
    follow(people, 4, group="already-seen", at=ago(hours=12))
    body = page(raw_client, limit=0)
    assert body == {"data": {"notifications": [], "unread_count": 20},
                    "related": {"users": [], "tracks": [], "playlists": []}}
    # ... counted as the first page (20 groups) would show them, whatever the cursor.
    assert page(raw_client, limit=0, timestamp=epoch(ago(hours=5)))["data"]["unread_count"] == 20
    assert page(raw_client, limit=20)["data"]["unread_count"] == 20
    assert page(raw_client, limit=0, types="tier_change")["data"]["unread_count"] == 0
    seen(people, 1, ago(minutes=70))
    assert page(raw_client, limit=0)["data"]["unread_count"] == 10  # the 10 newer than 70 minutes


def test_the_poll_agrees_with_the_first_page(raw_client, people):
    for n in range(3):
        follow(people, 3, group=f"g{n}", at=ago(hours=n + 1))
    assert page(raw_client, limit=0)["data"]["unread_count"] == 3  # no seen mark: everything is unread
    seen(people, 1, ago(minutes=150))
    follow(people, 4, group="g0", at=ago(hours=5))  # an old action in an unread group: still one group
    assert page(raw_client, limit=0)["data"]["unread_count"] == page(raw_client)["data"]["unread_count"] == 2


def test_the_poll_runs_one_query(raw_client, people):
    follow(people, 3)
    fetch(raw_client, 1, limit=0)  # warms the signature cache
    r = fetch(raw_client, 1, limit=0)
    assert r.headers["x-query-count"] == "1"


# ---------------------------------------------------------------------------------------- filters

def test_create_notifications_need_a_public_live_track_or_playlist(raw_client, people):
    factory.track(people, 10, 3)
    factory.track(people, 11, 3, is_delete=True)
    factory.track(people, 12, 3, is_unlisted=True)
    for pid, private in ((20, False), (21, True)):
        people.execute(
            "INSERT INTO playlists (playlist_id, playlist_owner_id, is_album, is_private, is_current, is_delete, "
            "created_at, updated_at, txhash) VALUES (%s, 3, false, %s, true, false, now(), now(), %s)",
            (pid, private, f"0xp{pid}"))
    for track_id in (10, 11, 12, 13):  # 13 does not exist
        notify(people, "create", [1], {"track_id": track_id}, specifier=str(track_id), group_id=f"create:{track_id}")
    for pid in (20, 21):
        notify(people, "create", [1], {"playlist_id": pid, "is_album": False}, specifier=str(pid),
               group_id=f"create:playlist:{pid}")
    assert sorted(g for _, g in groups(raw_client)) == ["create:10", "create:playlist:20"]


def test_notifications_from_gone_deactivated_or_negative_score_users_are_dropped(raw_client, people):
    """[newer Go API] user_id, follower_user_id, comment_user_id and entity_user_id must name a live user with
    a score >= 0 (the fan club's artist is not score-checked)."""
    people.execute("UPDATE users SET is_deactivated = true WHERE user_id = 4")
    people.execute("UPDATE aggregate_user SET score = -1 WHERE user_id = 5")
    for follower in (3, 4, 5, 99):
        follow(people, follower, group=f"follow:{follower}")
    factory.track(people, 10, 1)
    for commenter in (3, 4):
        notify(people, "comment", [1], {"type": "Track", "entity_id": 10, "comment_user_id": commenter},
               specifier=str(commenter), group_id=f"comment:{commenter}")
    for artist in (3, 4, 5):
        notify(people, "fan_club_text_post", [1], {"entity_user_id": artist, "comment_id": 1},
               specifier="1", group_id=f"fan_club_text_post:1:user:{artist}")
    assert sorted(g for _, g in groups(raw_client)) == [
        "comment:3", "fan_club_text_post:1:user:3", "fan_club_text_post:1:user:5", "follow:3"]


def test_a_manager_request_from_a_negative_score_grantor_is_kept(raw_client, people):
    """[newer Go API] the grantor (data.user_id) of a request_manager is not score-checked; other types'
    user_id still is, and a deactivated grantor still drops it."""
    people.execute("UPDATE aggregate_user SET score = -1 WHERE user_id IN (3, 5)")
    people.execute("UPDATE users SET is_deactivated = true WHERE user_id = 4")
    for grantor in (3, 4):
        notify(people, "request_manager", [1], {"user_id": grantor, "grantee_user_id": 1, "grantee_address": "0x1"},
               specifier=str(grantor), group_id=f"request_manager:{grantor}")
    factory.track(people, 10, 1)
    notify(people, "repost", [1], {"type": "track", "user_id": 5, "repost_item_id": 10}, group_id="repost:5")
    assert groups(raw_client) == [("request_manager", "request_manager:3")]


@pytest.mark.parametrize("big", [999_999_999, 1_000_000_000, 2_147_483_647])
def test_every_int4_id_in_data_names_its_row(raw_client, people, big):
    """Ids of ten digits (1,000,000,000 .. 2,147,483,647) are ids like any other: a create notification of
    such a track and a comment by such a user are served; one past int4 names nothing."""
    factory.user(people, big)
    factory.track(people, big, 3)
    notify(people, "create", [1], {"track_id": big}, specifier="3", group_id="create:big")
    notify(people, "create", [1], {"track_id": 2_147_483_648}, specifier="3", group_id="create:past-int4")
    factory.track(people, 10, 1)
    notify(people, "comment", [1], {"type": "Track", "entity_id": 10, "comment_user_id": big},
           specifier=str(big), group_id="comment:big")
    notify(people, "comment", [1], {"type": "Track", "entity_id": 10, "comment_user_id": 2_147_483_648},
           specifier="2147483648", group_id="comment:past-int4")
    assert sorted(g for _, g in groups(raw_client)) == ["comment:big", "create:big"]


def test_rows_without_a_data_object_are_skipped(raw_client, people):
    notify(people, "follow", [1], None, group_id="no-data")
    people.execute("INSERT INTO notification (user_ids, type, specifier, group_id, \"timestamp\", data) "
                   "VALUES ('{1}', 'follow', '1', 'array-data', now(), '[1]')")
    follow(people, 3)
    assert groups(raw_client) == [("follow", "follow:1")]


# ------------------------------------------------------------------------- upstream's action rewrites

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
    shaped, users, tracks, playlists = shape_groups(rows)
    assert [a["specifier"] for a in shaped[0]["actions"]] == [ids.encode(10), ids.encode(9)]  # "10" < "9"
    assert users == [10, 1] and tracks == [] and playlists == []


def test_related_ids_key_list():
    data = {key: n for n, key in enumerate(RELATED_USER_KEYS, start=100)}
    data.update(track_id=1, parent_track_id=2, playlist_id=3, type="Track", repost_item_id=4, save_item_id=5,
                repost_of_repost_item_id=6, save_of_repost_item_id=7, tastemaker_item_type="track",
                tastemaker_item_id=8, content_type="TRACK", content_id=9, entity_type="track", entity_id=11)
    users, tracks, playlists = related_ids({"data": data})
    assert users == list(range(100, 100 + len(RELATED_USER_KEYS)))
    assert {"grantee_user_id", "inviter_user_id", "collaborator_user_id"} <= set(RELATED_USER_KEYS)
    assert tracks == [1, 2, 4, 5, 6, 7, 8, 9, 11]
    assert playlists == [3]
    # Playlist and album ids typed by their sibling go to playlists; an entity is a track only; quoted ids are
    # not ids.
    assert related_ids({"data": {"type": "album", "repost_item_id": 4, "content_type": "playlist",
                                 "content_id": 9, "tastemaker_item_type": "Playlist", "tastemaker_item_id": 5,
                                 "entity_type": "Comment", "entity_id": 3,
                                 "user_id": "12", "track_id": True}}) == ([], [], [4, 5, 9])


def test_ids_are_hashed_in_responses(raw_client, people):
    factory.track(people, 10, 1)
    notify(people, "milestone", [1], {"type": "LISTEN_COUNT", "track_id": 10, "threshold": 25},
           specifier="1", group_id="milestone:LISTEN_COUNT:id:10:threshold:25")
    notify(people, "claimable_reward", [1], {"specifier": "180b1ca2", "challenge_id": "u", "amount": 1},
           specifier="180b1ca2", group_id="claimable_reward:1:challenge:u:specifier:180b1ca2")
    got = {g["type"]: g["actions"][0] for g in page(raw_client)["data"]["notifications"]}
    assert got["milestone"]["specifier"] == ids.encode(1)
    assert got["milestone"]["data"] == {"type": "listen_count", "track_id": ids.encode(10), "threshold": 25}
    assert got["claimable_reward"]["specifier"] == "180b1ca2"
    assert got["claimable_reward"]["data"] == {"specifier": "180b1ca2", "challenge_id": "u",
                                               "amount": "10000000000"}


# ------------------------------------------------------------------------------ track collaborators

@pytest.fixture
def collaboration(conn):
    """Upstream's scenario: 500 owns tracks 700 and 701 and invited user 1 to both; 1 accepted 700."""
    for uid in (1, 500):
        factory.user(conn, uid)
    for track_id in (700, 701):
        factory.track(conn, track_id, 500)
    for track_id, status in ((700, "accepted"), (701, "pending")):
        conn.execute("INSERT INTO track_collaborators (track_id, collaborator_user_id, invited_by, status, "
                     "created_at, updated_at, txhash) VALUES (%s, 1, 500, %s, now(), now(), %s)",
                     (track_id, status, f"0xc{track_id}"))
    # These tests write the notifications themselves, with chosen times: drop what the trigger wrote.
    conn.execute("DELETE FROM notification")
    for track_id, at in ((700, ago(hours=3)), (701, ago(hours=2))):
        notify(conn, "track_collaborator_invite", [1],
               {"track_id": track_id, "collaborator_user_id": 1, "inviter_user_id": 500}, specifier="500",
               group_id=f"track_collaborator_invite:track_id:{track_id}:collaborator_user_id:1:inviter_user_id:500",
               at=at)
    notify(conn, "track_collaborator_accept", [500],
           {"track_id": 700, "collaborator_user_id": 1, "inviter_user_id": 500}, specifier="1",
           group_id="track_collaborator_accept:track_id:700:collaborator_user_id:1:inviter_user_id:500",
           at=ago(hours=1))
    return conn


def test_an_invite_carries_the_collaborations_current_status(raw_client, collaboration):
    """[newer Go API] the invite's data gets track_collaborators.status when the row exists."""
    invites = page(raw_client, 1)["data"]["notifications"]
    assert [(g["type"], g["actions"][0]["data"]) for g in invites] == [
        ("track_collaborator_invite", {"track_id": ids.encode(701), "collaborator_user_id": ids.encode(1),
                                       "inviter_user_id": ids.encode(500), "status": "pending"}),
        ("track_collaborator_invite", {"track_id": ids.encode(700), "collaborator_user_id": ids.encode(1),
                                       "inviter_user_id": ids.encode(500), "status": "accepted"}),
    ]
    collaboration.execute("UPDATE track_collaborators SET status = 'rejected' WHERE track_id = 701")
    collaboration.execute("DELETE FROM track_collaborators WHERE track_id = 700")
    statuses = [g["actions"][0]["data"].get("status") for g in page(raw_client, 1)["data"]["notifications"]]
    assert statuses == ["rejected", None]


def test_collaborator_notifications_bring_their_users_and_track(raw_client, collaboration):
    body = page(raw_client, 500)
    (accept,) = body["data"]["notifications"]
    assert accept["type"] == "track_collaborator_accept"
    assert accept["actions"][0]["specifier"] == ids.encode(1)
    assert "status" not in accept["actions"][0]["data"]  # only invites are merged
    # In the order of the mined keys: inviter_user_id, then collaborator_user_id.
    assert [u["id"] for u in body["related"]["users"]] == [ids.encode(500), ids.encode(1)]
    assert [t["id"] for t in body["related"]["tracks"]] == [ids.encode(700)]
    invited = page(raw_client, 1)["related"]
    assert sorted(u["user_id"] for u in invited["users"]) == [1, 500]
    assert sorted(t["track_id"] for t in invited["tracks"]) == [700, 701]


# ----------------------------------------------------------------------------------------- related

def test_related_holds_each_groups_first_action_ids_once(raw_client, people):
    factory.track(people, 10, 1)
    factory.track(people, 11, 4, is_unlisted=True)  # not the notified user's: they may not see it
    follow(people, 4, at=ago(hours=2))
    follow(people, 3, at=ago(hours=1))   # same group: specifier "3" sorts first, so 4 is not mined
    notify(people, "repost", [1], {"type": "track", "user_id": 5, "repost_item_id": 10}, specifier="5",
           group_id="repost:10:type:track")
    notify(people, "repost", [1], {"type": "track", "user_id": 6, "repost_item_id": 11}, specifier="6",
           group_id="repost:11:type:track")
    body = page(raw_client)
    assert sorted(u["user_id"] for u in body["related"]["users"]) == [1, 3, 5, 6]
    assert [t["track_id"] for t in body["related"]["tracks"]] == [10]
    assert all(set(u) >= {"id", "handle"} for u in body["related"]["users"])


def test_related_objects_are_seen_as_the_notified_user_sees_them(raw_client, people):
    factory.follow(people, 1, 3)
    follow(people, 3)
    (user,) = [u for u in page(raw_client, 1, signer=2, user_id="2")["related"]["users"] if u["user_id"] == 3]
    assert user["does_current_user_follow"] is True  # viewer = user 1, not the manager asking


def test_the_query_count_does_not_grow_with_the_page(raw_client, people):
    for uid in range(10, 40):
        factory.user(people, uid)
        factory.track(people, 100 + uid, uid)

    def count(n_groups: int) -> tuple[str, int, int]:
        people.execute("DELETE FROM notification")
        for uid in range(10, 10 + n_groups):
            notify(people, "repost", [1], {"type": "track", "user_id": uid, "repost_item_id": 100 + uid},
                   specifier=str(uid), group_id=f"repost:{100 + uid}")
        r = fetch(raw_client, 1, limit=100)
        related = r.json()["related"]
        return r.headers["x-query-count"], len(related["users"]), len(related["tracks"])

    count(1)  # warms the signature cache
    small, big = count(1), count(30)
    assert small[1:] == (1, 1) and big[1:] == (30, 30)
    # get_notifications, get_users (related users), get_tracks and get_users (their owners)
    assert small[0] == big[0] == "4"


# ------------------------------------------------------------------------------------ every type

def every_type_data(track: int, user: int) -> dict[str, dict]:
    u, t = user, track
    contest = {"entity_user_id": u, "entity_id": t}
    return {
        "announcement": {"title": "t", "short_description": "s", "long_description": "l", "push_body": "p"},
        "follow": {"follower_user_id": u, "followee_user_id": 1},
        "repost": {"type": "Track", "user_id": u, "repost_item_id": t},
        "save": {"type": "playlist", "user_id": u, "save_item_id": 4},
        "remix": {"parent_track_id": t, "track_id": 11},
        "cosign": {"parent_track_id": t, "parent_track_owner_id": 1, "track_id": 11, "track_owner_id": 1},
        "create": {"track_id": t},
        "tip_receive": {"amount": 5, "sender_user_id": u, "receiver_user_id": 1, "tx_signature": "sig",
                        "reaction_value": None},
        "tip_send": {"amount": 5, "sender_user_id": 1, "receiver_user_id": u, "tx_signature": "sig"},
        "challenge_reward": {"amount": "100000000", "specifier": "1", "challenge_id": "e", "listen_streak": 2},
        "repost_of_repost": {"type": "album", "user_id": u, "repost_of_repost_item_id": 4},
        "save_of_repost": {"type": "track", "user_id": u, "save_of_repost_item_id": t},
        "tastemaker": {"tastemaker_item_owner_id": u, "tastemaker_item_id": t, "action": "repost",
                       "tastemaker_item_type": "track", "tastemaker_user_id": 1},
        "reaction": {"reacted_to": "sig", "reaction_type": "tip", "reaction_value": 2, "receiver_user_id": u,
                     "sender_user_id": 1, "sender_wallet": "0xabc", "tip_amount": 5},
        "supporter_dethroned": {"dethroned_user_id": 1, "sender_user_id": u, "receiver_user_id": 4},
        "supporter_rank_up": {"rank": 1, "sender_user_id": u, "receiver_user_id": 1},
        "supporting_rank_up": {"rank": 2, "sender_user_id": 1, "receiver_user_id": u},
        "milestone": {"type": "PLAYLIST_REPOST_COUNT", "playlist_id": 4, "threshold": 10},
        "track_added_to_playlist": {"track_id": t, "playlist_id": 4, "playlist_owner_id": u},
        "tier_change": {"new_tier": "gold", "new_tier_value": 10000, "current_value": "10000000000000000000000"},
        "trending": {"rank": 1, "genre": "Electronic", "track_id": t, "time_range": "week"},
        "trending_underground": {"rank": 3, "genre": None, "track_id": t, "time_range": "month"},
        "usdc_purchase_buyer": {"content_type": "track", "content_id": t, "buyer_user_id": 1,
                                "seller_user_id": u, "amount": 1000000, "extra_amount": 0, "vendor": "user_bank"},
        "usdc_purchase_seller": {"content_type": "album", "content_id": 4, "buyer_user_id": u,
                                 "seller_user_id": 1, "amount": 1000000, "extra_amount": 500, "vendor": None},
        "track_added_to_purchased_album": {"track_id": t, "playlist_id": 4, "playlist_owner_id": u},
        "request_manager": {"user_id": u, "grantee_user_id": 1, "grantee_address": "0xabc"},
        "approve_manager_request": {"user_id": 1, "grantee_user_id": u, "grantee_address": "0xabc"},
        "track_collaborator_invite": {"track_id": t, "collaborator_user_id": 1, "inviter_user_id": u},
        "track_collaborator_accept": {"track_id": t, "collaborator_user_id": u, "inviter_user_id": 1},
        "claimable_reward": {"amount": 1, "specifier": "180b1ca2", "challenge_id": "p"},
        "comment": {"type": "Track", "entity_id": t, "comment_user_id": u, "comment_id": 7},
        "comment_thread": {"type": "Track", "entity_id": t, "entity_user_id": 1, "comment_user_id": u},
        "comment_mention": {"type": "Track", "entity_id": t, "entity_user_id": u, "comment_user_id": u},
        "comment_reaction": {"type": "Track", "entity_id": t, "entity_user_id": 1, "reacter_user_id": u,
                             "comment_id": 7},
        "listen_streak_reminder": {"streak": 7},
        "fan_remix_contest_started": contest,
        "fan_remix_contest_ended": contest,
        "fan_remix_contest_ending_soon": contest,
        "fan_remix_contest_winners_selected": contest,
        "fan_remix_contest_submission": {"event_id": 9, "entity_id": t, "entity_user_id": u,
                                         "submission_track_id": 11, "submitter_user_id": 4},
        "artist_remix_contest_ended": {"entity_id": t},
        "artist_remix_contest_ending_soon": contest,
        "artist_remix_contest_submissions": {"event_id": 9, "milestone": 10, "entity_id": t},
        "fan_club_text_post": {"entity_user_id": u, "comment_id": 7},
        "remix_contest_update": {"event_id": 9, "entity_id": t, "entity_user_id": u, "comment_id": 8},
    }


def test_every_whitelisted_type_is_served_in_its_model(raw_client, people):
    factory.track(people, 10, 3)
    samples = every_type_data(track=10, user=3)
    assert list(samples) == list(WHITELIST)
    for n, (type_, data) in enumerate(samples.items()):
        group_id = "milestone:PLAYLIST_REPOST_COUNT:id:4:threshold:10" if type_ == "milestone" else f"{type_}:1"
        notify(people, type_, [1], data, specifier=str(n + 1),
               group_id=group_id, at=ago(minutes=n + 1))
    body = page(raw_client, limit=100)  # the app validates each group against its oneOf model
    served = [g["type"] for g in body["data"]["notifications"]]
    assert served == [t for t in WHITELIST if t not in EXCLUDED]
    by_type = {g["type"]: g["actions"][0]["data"] for g in body["data"]["notifications"]}
    assert by_type["milestone"] == {"type": "playlist_repost_count", "playlist_id": ids.encode(4),
                                    "threshold": 10, "is_album": False}
    assert by_type["repost"]["type"] == "track"
    assert by_type["tip_receive"]["tip_tx_signature"] == "sig"
    assert by_type["usdc_purchase_seller"]["extra_amount"] == "500"
    assert by_type["usdc_purchase_buyer"]["vendor"] == "user_bank"  # declared: response validation passed it


# ------------------------------------------------------------------------------------------ timeout

def test_a_slow_read_is_abandoned_with_504(raw_client, people, db_url, monkeypatch):
    """[newer Go API] reads are bounded (8 s upstream); the statement is cancelled, the connection reused."""
    follow(people, 3)
    monkeypatch.setattr(handler, "READ_TIMEOUT_SECONDS", 0.3)
    fetch(raw_client, 1)  # warms the signature cache
    with psycopg.connect(db_url) as locker:
        locker.execute("LOCK TABLE notification IN ACCESS EXCLUSIVE MODE")
        r = fetch(raw_client, 1)
        assert r.status_code == 504 and r.json() == {"code": 504, "error": "notifications query timed out"}
        waiting = locker.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                 "AND wait_event_type = 'Lock'").fetchone()[0]
        assert waiting == 0  # the statement was cancelled, not left waiting
        locker.rollback()
    monkeypatch.setattr(handler, "READ_TIMEOUT_SECONDS", 8.0)
    for _ in range(5):  # more than the pool's connections: none was left broken
        assert len(page(raw_client)["data"]["notifications"]) == 1


# ---------------------------------------------------------------------------------------------- plan

@pytest.fixture(scope="module")
def busy_url(server_url, template_url):
    """A database with 100,000 notifications over 5,000 users and their seen marks, ANALYZEd."""
    from tests.conftest import TEMPLATE, _recreate

    url = _recreate(server_url, "oa_test_notifications", template=TEMPLATE)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("""INSERT INTO users (user_id, is_current, handle, handle_lc, wallet, name, created_at,
                                           updated_at, txhash)
                        SELECT g, true, 'u' || g, 'u' || g, '0x' || g, 'n', now() - interval '1 year', now(),
                               'tx' || g FROM generate_series(1, 5000) g""")
        conn.execute("""INSERT INTO notification (user_ids, type, specifier, group_id, "timestamp", data)
                        SELECT ARRAY[g % 5000 + 1], 'follow', g::text, 'follow:' || (g % 5000 + 1),
                               now() - (g || ' minutes')::interval,
                               jsonb_build_object('follower_user_id', g % 4999 + 1, 'followee_user_id', g % 5000 + 1)
                        FROM generate_series(1, 100000) g""")
        conn.execute("""INSERT INTO notification (user_ids, type, specifier, group_id, "timestamp", data)
                        SELECT NULL, 'announcement', '', 'announcement:' || g, now() - (g || ' days')::interval,
                               '{"title": "x", "short_description": "y"}' FROM generate_series(1, 50) g""")
        conn.execute("""INSERT INTO notification_seen (user_id, seen_at)
                        SELECT g % 5000 + 1, now() - (g || ' hours')::interval FROM generate_series(1, 50000) g""")
        conn.execute("VACUUM ANALYZE")
    yield url
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute('DROP DATABASE IF EXISTS "oa_test_notifications" WITH (FORCE)')


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


@pytest.mark.parametrize("mode", ["force_custom_plan", "force_generic_plan"])
@pytest.mark.parametrize("cursor", [{"ts": 0.0, "group_id": ""}, {"ts": epoch(ago(days=3)), "group_id": "follow:9"}])
def test_the_query_reads_the_users_notifications_through_the_indexes(busy_url, mode, cursor):
    params = {"user_id": 7, "types": list(WHITELIST), "lim": 20, "counts_only": False, **cursor}
    with psycopg.connect(busy_url, autocommit=True) as conn:
        conn.execute(f"SET plan_cache_mode = {mode}")
        (plan,) = conn.execute("EXPLAIN (FORMAT JSON) " + sql("get_notifications"), params, prepare=True).fetchone()
    nodes = list(_nodes((plan if isinstance(plan, list) else json.loads(plan))[0]["Plan"]))
    seq = {n["Relation Name"] for n in nodes if n["Node Type"] == "Seq Scan"}
    assert not seq & {"notification", "notification_seen", "users", "aggregate_user"}
    assert "ix_notification" in {n.get("Index Name") for n in nodes}
