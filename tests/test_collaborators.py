"""Collaborative tracks: collaborators on every track, credits on profiles, private access, invites,
listen counts and the two notifications."""

from datetime import datetime

import pytest

from openaudio_api import ids
from tests import factory

OWNER, ALICE, BOB, CAROL, STRANGER = 1, 2, 3, 4, 5


@pytest.fixture
def studio(conn):
    for uid in (OWNER, ALICE, BOB, CAROL, STRANGER):
        factory.user(conn, uid)
    factory.track(conn, 10, OWNER, title="Shared Anthem")
    factory.track(conn, 11, OWNER, title="Shared Secret", is_unlisted=True)
    factory.invite(conn, 10, ALICE, OWNER, "accepted")
    factory.invite(conn, 10, BOB, OWNER, "pending")
    factory.invite(conn, 10, CAROL, OWNER, "rejected")
    factory.invite(conn, 11, BOB, OWNER, "pending")
    return conn


def collab_ids(track: dict, key: str = "collaborators") -> list[int]:
    return [u["user_id"] for u in track[key]]


def track_paths(track_id: int):
    return [
        ("single", f"/v1/tracks/{track_id}", {}),
        ("bulk", "/v1/tracks", {"id": str(track_id)}),
        ("search", "/v1/tracks/search", {"query": "shared"}),
        ("profile", f"/v1/users/{OWNER}/tracks", {}),
    ]


def find(client, path, params, track_id, viewer=None):
    if viewer:
        params = {**params, "user_id": str(viewer)}
    r = client.get(path, params=params)
    assert r.status_code in (200, 404), r.text
    data = r.json().get("data", [])
    tracks = data if isinstance(data, list) else [data]
    return next((t for t in tracks if t["track_id"] == track_id), None)


@pytest.mark.parametrize("kind", ["single", "bulk", "search", "profile"])
def test_every_track_path_embeds_accepted_collaborators(client, studio, kind):
    _, path, params = next(p for p in track_paths(10) if p[0] == kind)
    anonymous = find(client, path, params, 10)
    assert collab_ids(anonymous) == [ALICE]
    assert anonymous["collaborators"][0]["handle"] == "user2"  # full user objects
    assert anonymous["pending_collaborators"] == []
    assert collab_ids(find(client, path, params, 10, viewer=ALICE)) == [ALICE]
    assert find(client, path, params, 10, viewer=ALICE)["pending_collaborators"] == []
    owner_view = find(client, path, params, 10, viewer=OWNER)
    assert collab_ids(owner_view) == [ALICE]
    assert collab_ids(owner_view, "pending_collaborators") == [BOB]


def test_collaborators_are_in_invite_order_without_the_owner_or_duplicates(client, studio):
    factory.track(studio, 12, OWNER, title="Crowded")
    for who in (CAROL, ALICE, BOB):
        factory.invite(studio, 12, who, OWNER, "accepted")
    # An owner listed as their own collaborator (a bad writer) is never shown.
    factory.invite(studio, 12, OWNER, OWNER, "accepted")
    track = client.get("/v1/tracks/12").json()["data"]
    assert collab_ids(track) == [CAROL, ALICE, BOB]
    assert client.get("/v1/tracks/10").json()["data"]["collaborators"][0]["id"] == ids.encode(ALICE)


def test_a_track_without_collaborators_has_empty_arrays(client, studio):
    factory.track(studio, 13, OWNER, title="Solo")
    track = client.get("/v1/tracks/13", params={"user_id": str(OWNER)}).json()["data"]
    assert track["collaborators"] == [] and track["pending_collaborators"] == []


def test_collaborator_users_come_in_the_same_bulk_user_query(client, studio):
    params = [("id", "10"), ("id", "11"), ("user_id", str(OWNER))]
    first = client.get("/v1/tracks", params=params)
    assert len(first.json()["data"]) == 2
    assert first.headers["x-query-count"] == "3"  # may this wallet act as OWNER; tracks; every user referenced
    again = client.get("/v1/tracks", params=params)
    assert again.headers["x-query-count"] == "2"  # the authorization answer is cached


class TestProfiles:
    @pytest.fixture
    def credits(self, conn):
        for uid in (OWNER, ALICE, BOB):
            factory.user(conn, uid)
        base = datetime(2024, 6, 1)
        factory.track(conn, 20, ALICE, title="Alice One", created_at=base.replace(day=1))
        factory.track(conn, 21, ALICE, title="Alice Two", created_at=base.replace(day=3))
        factory.track(conn, 30, OWNER, title="Owner Hit", created_at=base.replace(day=2))
        factory.track(conn, 31, OWNER, title="Owner Pending", created_at=base.replace(day=4))
        factory.track(conn, 32, OWNER, title="Owner Private", created_at=base.replace(day=5), is_unlisted=True)
        factory.plays(conn, 30, 50)
        factory.plays(conn, 20, 10)
        factory.invite(conn, 30, ALICE, OWNER, "accepted")
        factory.invite(conn, 31, ALICE, OWNER, "pending")
        factory.invite(conn, 32, ALICE, OWNER, "accepted")
        return conn

    def listing(self, client, user, **params):
        r = client.get(f"/v1/users/{user}/tracks", params=params)
        assert r.status_code == 200, r.text
        return [t["track_id"] for t in r.json()["data"]]

    def test_an_accepted_credit_is_on_the_collaborators_profile_a_pending_one_is_not(self, client, credits):
        assert self.listing(client, ALICE) == [21, 30, 20]
        assert 31 not in self.listing(client, ALICE, user_id=str(ALICE))

    def test_sort_and_pagination_run_over_the_union(self, client, credits):
        assert self.listing(client, ALICE, sort="plays") == [30, 20, 21]
        assert self.listing(client, ALICE, sort_method="title", sort_direction="asc") == [20, 21, 30]
        pages = [self.listing(client, ALICE, limit=1, offset=i) for i in range(4)]
        assert pages == [[21], [30], [20], []]

    def test_the_collaborator_sees_their_unlisted_credit_on_their_own_profile_only(self, client, credits):
        assert self.listing(client, ALICE, user_id=str(ALICE)) == [32, 21, 30, 20]
        assert 32 not in self.listing(client, ALICE, user_id=str(BOB))
        assert 32 not in self.listing(client, ALICE)
        assert self.listing(client, ALICE, user_id=str(ALICE), filter_tracks="unlisted") == [32]
        assert 32 not in self.listing(client, ALICE, user_id=str(ALICE), filter_tracks="public")

    def test_the_artist_pick_pinned_is_the_profile_users_own(self, client, credits):
        credits.execute("UPDATE users SET artist_pick_track_id = 30 WHERE user_id = %s", (OWNER,))
        # The owner's pick does not pin the track on Alice's profile ...
        assert self.listing(client, ALICE) == [21, 30, 20]
        # ... it pins it on the owner's own, whatever the sort.
        assert self.listing(client, OWNER)[0] == 30
        assert self.listing(client, OWNER, sort_method="title", sort_direction="asc")[0] == 30
        credits.execute("UPDATE users SET artist_pick_track_id = 20 WHERE user_id = %s", (ALICE,))
        assert self.listing(client, ALICE) == [20, 21, 30]
        assert self.listing(client, ALICE, limit=1, offset=1) == [21]

    def test_a_rejected_credit_leaves_the_profile(self, client, credits):
        factory.answer(credits, 30, ALICE, "rejected")
        assert self.listing(client, ALICE) == [21, 20]

    def test_a_deactivated_owner_hides_their_credited_track(self, client, credits):
        credits.execute("UPDATE users SET is_deactivated = true WHERE user_id = %s", (OWNER,))
        assert self.listing(client, ALICE) == [21, 20]


def test_invites_with_and_without_status(client, studio):
    factory.track(studio, 14, CAROL, title="Carol's")
    factory.invite(studio, 14, BOB, CAROL, "accepted")
    everything = client.get(f"/v1/users/{BOB}/collaboration_invites", params={"user_id": str(BOB)})
    assert everything.status_code == 200, everything.text
    items = everything.json()["data"]
    assert [(i["track_id"], i["status"]) for i in items] == [
        (ids.encode(14), "accepted"), (ids.encode(11), "pending"), (ids.encode(10), "pending")]
    assert items[0]["invited_by"]["user_id"] == CAROL and items[1]["invited_by"]["handle"] == "user1"
    pending = client.get(f"/v1/users/{BOB}/collaboration_invites", params={"user_id": str(BOB), "status": "pending"})
    assert [i["track_id"] for i in pending.json()["data"]] == [ids.encode(11), ids.encode(10)]
    rejected = client.get(f"/v1/users/{CAROL}/collaboration_invites",
                          params={"user_id": str(CAROL), "status": "rejected"}).json()["data"]
    assert [i["track_id"] for i in rejected] == [ids.encode(10)]
    one = client.get(f"/v1/users/{BOB}/collaboration_invites", params={"user_id": str(BOB), "limit": 1, "offset": 1})
    assert [i["track_id"] for i in one.json()["data"]] == [ids.encode(11)]


def test_invites_validation_and_privacy(client, raw_client, studio):
    bad = client.get(f"/v1/users/{BOB}/collaboration_invites", params={"user_id": str(BOB), "status": "bogus"})
    assert bad.status_code == 400 and bad.json()["error"].startswith("status is invalid")
    assert raw_client.get(f"/v1/users/{BOB}/collaboration_invites").status_code == 401
    other = raw_client.get(f"/v1/users/{BOB}/collaboration_invites", headers=factory.signature_headers(ALICE))
    assert other.status_code == 403
    # Proof is asked first (401 above); a signed request with a path id that names nobody is a 400.
    zero = raw_client.get("/v1/users/0/collaboration_invites", headers=factory.signature_headers(BOB))
    assert zero.status_code == 400 and zero.json()["error"] == "invalid userId"


def test_monthly_listens_include_credited_tracks(client, raw_client, studio):
    factory.track(studio, 15, ALICE, title="Alice solo")
    factory.plays(studio, 10, 3, at=datetime(2024, 3, 5), country="US")
    factory.plays(studio, 10, 2, at=datetime(2024, 3, 20), country="DE")
    factory.plays(studio, 15, 4, at=datetime(2024, 3, 9))
    factory.plays(studio, 15, 1, at=datetime(2024, 4, 2))
    factory.plays(studio, 11, 7, at=datetime(2024, 3, 9))  # Bob's pending invite: not Alice's
    r = client.get(f"/v1/users/{ALICE}/listen_counts_monthly",
                   params={"user_id": str(ALICE), "start_time": "2024-01-01", "end_time": "2024-12-31T00:00:00Z"})
    assert r.status_code == 200, r.text
    assert r.json()["data"] == {
        "2024-03-01T00:00:00Z": {"totalListens": 9, "trackIds": [10, 15], "listenCounts": [
            {"trackId": 10, "date": "2024-03-01T00:00:00Z", "listens": 5},
            {"trackId": 15, "date": "2024-03-01T00:00:00Z", "listens": 4}]},
        "2024-04-01T00:00:00Z": {"totalListens": 1, "trackIds": [15], "listenCounts": [
            {"trackId": 15, "date": "2024-04-01T00:00:00Z", "listens": 1}]},
    }
    window = client.get(f"/v1/users/{ALICE}/listen_counts_monthly",
                        params={"user_id": str(ALICE), "start_time": "2024-04-01", "end_time": "2024-05-01"})
    assert list(window.json()["data"]) == ["2024-04-01T00:00:00Z"]
    empty = client.get(f"/v1/users/{STRANGER}/listen_counts_monthly",
                       params={"user_id": str(STRANGER), "start_time": "2024-01-01", "end_time": "2025-01-01"})
    assert empty.json() == {"data": {}}
    offsets = client.get(f"/v1/users/{ALICE}/listen_counts_monthly", params={
        "user_id": str(ALICE), "start_time": "2024-04-01T01:30:00.123456789+02:00", "end_time": "2024-05-01t00:00:00z"})
    assert list(offsets.json()["data"]) == ["2024-04-01T00:00:00Z"]  # 2024-03-31T23:30Z: April's row counts
    for params, name in [({"start_time": "soon", "end_time": "2025-01-01"}, "start_time"),
                         ({"start_time": "2024-01-01", "end_time": "2024-13-01"}, "end_time"),
                         ({"start_time": "", "end_time": "2025-01-01"}, "start_time"),
                         ({"start_time": "2024-01-01"}, "end_time")]:
        bad = client.get(f"/v1/users/{ALICE}/listen_counts_monthly", params={"user_id": str(ALICE), **params})
        assert bad.status_code == 400 and bad.json()["error"].startswith(name), bad.json()
    assert raw_client.get(f"/v1/users/{ALICE}/listen_counts_monthly",
                          params={"start_time": "2024-01-01", "end_time": "2025-01-01"}).status_code == 401


def test_invite_and_accept_notify_once_each(conn):
    for uid in (OWNER, ALICE, BOB):
        factory.user(conn, uid)
    factory.track(conn, 10, OWNER)
    factory.invite(conn, 10, ALICE, OWNER)
    factory.invite(conn, 10, BOB, OWNER)
    factory.answer(conn, 10, ALICE, "accepted")
    factory.answer(conn, 10, BOB, "rejected")
    factory.answer(conn, 10, ALICE, "accepted")  # the same state again
    conn.execute("INSERT INTO track_collaborators (track_id, collaborator_user_id, invited_by, created_at, "
                 "updated_at, txhash) VALUES (10, %s, %s, now(), now(), 'dup') ON CONFLICT DO NOTHING",
                 (ALICE, OWNER))
    rows = conn.execute("SELECT type, user_ids, specifier, group_id, data FROM notification ORDER BY id").fetchall()
    assert rows == [
        ("track_collaborator_invite", [ALICE], str(OWNER),
         f"track_collaborator_invite:track_id:10:collaborator_user_id:{ALICE}:inviter_user_id:{OWNER}",
         {"track_id": 10, "collaborator_user_id": ALICE, "inviter_user_id": OWNER}),
        ("track_collaborator_invite", [BOB], str(OWNER),
         f"track_collaborator_invite:track_id:10:collaborator_user_id:{BOB}:inviter_user_id:{OWNER}",
         {"track_id": 10, "collaborator_user_id": BOB, "inviter_user_id": OWNER}),
        ("track_collaborator_accept", [OWNER], str(ALICE),
         f"track_collaborator_accept:track_id:10:collaborator_user_id:{ALICE}:inviter_user_id:{OWNER}",
         {"track_id": 10, "collaborator_user_id": ALICE, "inviter_user_id": OWNER}),
    ]
    # A re-invite after a removal collides with the first invite's group and is ignored, as upstream.
    conn.execute("DELETE FROM track_collaborators WHERE collaborator_user_id = %s", (BOB,))
    factory.invite(conn, 10, BOB, OWNER)
    assert conn.execute("SELECT count(*) FROM notification").fetchone()[0] == 3


def test_the_triggers_notifications_come_through_the_api(client, conn):
    """End to end: invites written as the indexer writes them notify through GET /v1/notifications."""
    for uid in (OWNER, ALICE):
        factory.user(conn, uid)
    factory.track(conn, 10, OWNER, title="Invite Only", is_unlisted=True)
    factory.invite(conn, 10, ALICE, OWNER, at=datetime.utcnow())

    inbox = client.get(f"/v1/notifications/{ALICE}", params={"user_id": str(ALICE)})
    assert inbox.status_code == 200, inbox.text
    (invite,) = inbox.json()["data"]["notifications"]
    assert invite["type"] == "track_collaborator_invite" and invite["is_seen"] is False
    assert invite["actions"][0]["data"] == {"track_id": ids.encode(10), "collaborator_user_id": ids.encode(ALICE),
                                            "inviter_user_id": ids.encode(OWNER), "status": "pending"}
    related = inbox.json()["related"]
    assert [u["user_id"] for u in related["users"]] and OWNER in [u["user_id"] for u in related["users"]]
    # The invitee may see the private track it is invited to, collaborators and all.
    assert [t["track_id"] for t in related["tracks"]] == [10]

    factory.answer(conn, 10, ALICE, "accepted", datetime.utcnow())
    owner_inbox = client.get(f"/v1/notifications/{OWNER}", params={"user_id": str(OWNER)}).json()["data"]
    assert [n["type"] for n in owner_inbox["notifications"]] == ["track_collaborator_accept"]
    again = client.get(f"/v1/notifications/{ALICE}", params={"user_id": str(ALICE)}).json()["data"]
    assert again["notifications"][0]["actions"][0]["data"]["status"] == "accepted"
