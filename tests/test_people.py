"""People around users (handlers/people.py): related users, subscribers, top users, users by wallet, the
signed-in account, muted users and the users a wallet manages."""

import pytest

from openaudio_api import ids
from tests import factory
from tests.test_auth import get

h = ids.encode


def listed(client, path, **params):
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    return [u["user_id"] for u in r.json()["data"]]


def followers(conn, user_id: int, count: int, first: int = 1000) -> None:
    for follower in range(first, first + count):
        factory.follow(conn, follower, user_id)


# ----------------------------------------------------------------------------- dominant genre (trigger)

def genre_of(conn, user_id):
    return conn.execute("SELECT dominant_genre, dominant_genre_count FROM aggregate_user WHERE user_id = %s",
                        (user_id,)).fetchone()


def test_the_dominant_genre_follows_the_users_public_tracks(conn):
    factory.user(conn, 1)
    assert genre_of(conn, 1) == (None, 0)
    factory.track(conn, 10, 1, genre="Pop")
    factory.track(conn, 11, 1, genre="Rock")
    assert genre_of(conn, 1) == ("Pop", 1)  # a tie goes to the genre first by name
    factory.track(conn, 12, 1, genre="Rock")
    assert genre_of(conn, 1) == ("Rock", 2)
    # Unlisted, deleted, stems and tracks without a genre do not count.
    factory.track(conn, 13, 1, genre="Jazz", is_unlisted=True)
    factory.track(conn, 14, 1, genre="Jazz", stem_of={"parent_track_id": 10, "category": "bass"})
    factory.track(conn, 15, 1, genre=None)
    factory.track(conn, 16, 1, genre="")
    assert genre_of(conn, 1) == ("Rock", 2)
    conn.execute("UPDATE tracks SET is_delete = true WHERE track_id IN (11, 12)")
    assert genre_of(conn, 1) == ("Pop", 1)
    conn.execute("UPDATE tracks SET genre = 'Jazz' WHERE track_id = 10")
    assert genre_of(conn, 1) == ("Jazz", 1)
    conn.execute("DELETE FROM tracks WHERE track_id = 10")
    assert genre_of(conn, 1) == (None, 0)


def test_a_failed_write_leaves_the_dominant_genre_as_it_was(conn):
    """The trigger writes in the writer's transaction: a write that rolls back (a crash) takes it along."""
    factory.user(conn, 1)
    factory.track(conn, 10, 1, genre="Pop")
    with pytest.raises(Exception):
        with conn.transaction():
            factory.track(conn, 11, 1, genre="Rock")
            factory.track(conn, 12, 1, genre="Rock")
            assert genre_of(conn, 1) == ("Rock", 2)
            raise RuntimeError("crash")
    assert genre_of(conn, 1) == ("Pop", 1)


def test_the_backfill_computes_the_triggers_answer_and_is_idempotent(conn):
    from openaudio_api.db.migrate import DB_DIR
    factory.user(conn, 1)
    factory.user(conn, 2)
    factory.track(conn, 10, 1, genre="Pop")
    factory.track(conn, 11, 2, genre="Rock")
    factory.track(conn, 12, 2, genre="Rock")
    conn.execute("UPDATE aggregate_user SET dominant_genre = NULL, dominant_genre_count = 0")
    backfill = (DB_DIR / "migrations" / "0019_people.sql").read_text()
    conn.execute(backfill)
    assert (genre_of(conn, 1), genre_of(conn, 2)) == (("Pop", 1), ("Rock", 2))
    conn.execute(backfill)
    assert (genre_of(conn, 1), genre_of(conn, 2)) == (("Pop", 1), ("Rock", 2))


# ----------------------------------------------------------------------------- related users

@pytest.fixture
def scene(conn):
    """User 1 (5 followers) makes mostly Electronic, some Pop. Users 2..9 are candidates."""
    for uid in list(range(1, 30)) + list(range(1000, 1400)):
        factory.user(conn, uid, is_deactivated=(uid == 6))
    tid = iter(range(100, 10_000))
    for _ in range(3):
        factory.track(conn, next(tid), 1, genre="Electronic")
    factory.track(conn, next(tid), 1, genre="Pop")
    # Electronic artists 2..6 and Pop artists 7..8; user 9 is too famous (>= 3 x 5 followers).
    for uid, genre in [(2, "Electronic"), (3, "Electronic"), (4, "Electronic"), (5, "Electronic"),
                       (6, "Electronic"), (7, "Pop"), (8, "Pop"), (9, "Electronic")]:
        factory.track(conn, next(tid), uid, genre=genre)
    followers(conn, 1, 5)
    for uid, count in {2: 3, 3: 13, 4: 1, 5: 3, 6: 9, 7: 10, 8: 2, 9: 15}.items():
        followers(conn, uid, count, first=1100)
    return conn


def test_a_small_artists_related_users_share_their_genres(client, scene):
    # Electronic first (the commoner genre), most followed first, ties by id; 6 is deactivated, 9 too big.
    assert listed(client, f"/v1/users/{h(1)}/related") == [3, 2, 5, 4, 7, 8]
    assert listed(client, f"/v1/users/{h(1)}/related", limit=2, offset=1) == [2, 5]
    # At most 10 in all: the offset counts against them.
    assert listed(client, f"/v1/users/{h(1)}/related", offset=9, limit=5) == []
    # The viewer who follows 3 can leave them out.
    factory.follow(scene, 20, 3)
    assert listed(client, f"/v1/users/{h(1)}/related", user_id=h(20), filter_followed="true") == [2, 5, 4, 7, 8]
    assert listed(client, f"/v1/users/{h(1)}/related", user_id=h(20)) == [3, 2, 5, 4, 7, 8]
    # Unknown users and users without followers have none.
    assert listed(client, f"/v1/users/{h(777)}/related") == []
    factory.track(scene, 9999, 10, genre="Electronic")
    assert listed(client, f"/v1/users/{h(10)}/related") == []  # under three times no followers: nobody


def test_a_known_artists_related_users_are_those_their_fans_follow(client, scene):
    # User 1 reaches 100 followers (1000..1099), of whom 40 also follow 2 and 5 follow 8; 2 fans of 7 only.
    followers(scene, 1, 95, first=1005)
    for fan in range(1000, 1040):
        factory.follow(scene, fan, 2)
    for fan in range(1000, 1005):
        factory.follow(scene, fan, 7)
    for fan in range(1000, 1002):
        factory.follow(scene, fan, 8)
    # 7 has 10 + 5 = 15 followers (> 10) and shares 5 fans; 2 has 43 and shares 40; 8 shares 2 (< 3).
    assert listed(client, f"/v1/users/{h(1)}/related") == [2, 7]


# ----------------------------------------------------------------------------- subscribers

def test_subscribers_by_id_and_in_bulk(client, conn):
    for uid in range(1, 8):
        factory.user(conn, uid)
    for subscriber in (5, 3, 4):
        factory.subscribe(conn, subscriber, 1)
    factory.subscribe(conn, 6, 1, is_delete=True)
    factory.subscribe(conn, 7, 1, entity_type="Event")  # a remix contest's subscriber, not user 1's
    factory.subscribe(conn, 3, 2)
    assert listed(client, f"/v1/users/{h(1)}/subscribers") == [3, 4, 5]
    assert listed(client, f"/v1/users/{h(1)}/subscribers", limit=1, offset=1) == [4]
    assert listed(client, f"/v1/users/{h(99)}/subscribers") == []
    r = client.get("/v1/users/subscribers", params={"ids": f"{h(2)},{h(1)},3,nonsense!"})
    assert r.status_code == 200, r.text
    assert r.json()["data"] == [{"user_id": h(2), "subscriber_ids": [h(3)]},
                                {"user_id": h(1), "subscriber_ids": [h(3), h(4), h(5)]},
                                {"user_id": h(3), "subscriber_ids": []}]
    too_many = client.get("/v1/users/subscribers", params={"ids": ",".join(str(n) for n in range(1, 102))})
    assert too_many.status_code == 400 and too_many.json()["code"] == 400


# ----------------------------------------------------------------------------- top users

def test_top_users_have_a_track_and_are_most_followed_first(client, conn):
    for uid in range(1, 12):
        factory.user(conn, uid, is_deactivated=(uid == 4))
    for uid, genre in [(1, "Pop"), (2, "Rock"), (3, "Pop"), (4, "Pop"), (5, "Rock")]:
        factory.track(conn, 100 + uid, uid, genre=genre)
    factory.track(conn, 200, 6, is_unlisted=True)  # no public track: not an artist
    for uid, count in {1: 2, 2: 5, 3: 2, 4: 9, 6: 9, 7: 9}.items():
        for n in range(count):
            factory.follow(conn, 1000 + n, uid)
    assert listed(client, "/v1/users/top") == [2, 1, 3, 5]
    assert listed(client, "/v1/users/top", limit=2, offset=1) == [1, 3]
    assert listed(client, "/v1/users/genre/top", genre="Pop") == [1, 3]
    assert listed(client, "/v1/users/genre/top", genre=["Pop", "Rock", "Pop"]) == [2, 1, 3, 5]
    assert listed(client, "/v1/users/genre/top", genre=["Pop", "Rock"], offset=3) == [5]
    assert listed(client, "/v1/users/genre/top") == []
    assert listed(client, "/v1/users/genre/top", genre="Jazz") == []
    assert client.get("/v1/users/top", params={"limit": 101}).status_code == 400


# ----------------------------------------------------------------------------- users by wallet

def test_user_ids_by_address(client, conn):
    for uid in (1, 2, 3):
        factory.user(conn, uid, is_deactivated=(uid == 3))
    wallets = [factory.wallet_of(u) for u in (1, 2, 3)]
    r = client.get("/v1/users/address", params=[("address", wallets[1].upper().replace("0X", "0x")),
                                                 ("address", wallets[0]), ("address", wallets[2]),
                                                 ("address", "E2LCbKdo2L3ikt1gK6pwp1pDLuhAfHBNf6fEQXpAqrf9")])
    assert r.status_code == 200, r.text
    assert sorted((row["user_id"], row["address"]) for row in r.json()["data"]) == sorted(
        [(h(1), wallets[0]), (h(2), wallets[1])])
    missing = client.get("/v1/users/address")
    assert missing.status_code == 400 and missing.json()["code"] == 400


# ----------------------------------------------------------------------------- the account

@pytest.fixture
def account(conn):
    for uid in (1, 2, 3):
        factory.user(conn, uid)
    conn.execute("UPDATE users SET playlist_library = %s WHERE user_id = 1",
                 ('{"contents": [{"type": "playlist", "playlist_id": 20}]}',))
    factory.playlist(conn, 20, 1)
    factory.playlist(conn, 21, 1, is_album=True, is_private=True)
    factory.playlist(conn, 22, 2)
    factory.playlist(conn, 23, 2, is_private=True)  # saved by 1, but private to 2
    factory.playlist(conn, 24, 1, is_delete=True)
    for pid, owner in [(20, 1), (21, 1), (22, 2), (23, 2), (24, 1)]:
        factory.playlist_route(conn, pid, owner, f"list-{pid}")
    conn.execute("INSERT INTO saves (user_id, save_item_id, save_type, is_current, is_delete, created_at, txhash) "
                 "VALUES (1, 22, 'playlist', true, false, now(), 'a'), (1, 23, 'playlist', true, false, now(), 'b')")
    factory.track(conn, 100, 2)
    factory.save(conn, 1, 100)
    return conn


def test_the_account_is_the_wallets_own(raw_client, account):
    wallet = factory.wallet_of(1)
    path = f"/v1/users/account/{wallet.upper().replace('0X', '0x')}"
    assert get(raw_client, path).json()["code"] == 401
    assert get(raw_client, path, signer=2).status_code == 403  # not even a manager: the wallet itself
    r = get(raw_client, path, signer=1)
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert data["user"]["id"] == h(1) and data["track_save_count"] == 1
    assert data["playlist_library"] == {"contents": [{"type": "playlist", "playlist_id": 20}]}
    assert [(p["id"], p["is_album"], p["permalink"]) for p in data["playlists"]] == [
        (h(22), False, "/user2/playlist/list-22"), (h(21), True, "/user1/album/list-21"),
        (h(20), False, "/user1/playlist/list-20")]
    assert data["playlists"][0]["user"] == {"id": h(2), "handle": "user2", "is_deactivated": False}
    # A user without a library or playlists.
    r = get(raw_client, f"/v1/users/account/{factory.wallet_of(3)}", signer=3)
    assert r.json()["data"]["playlists"] == [] and r.json()["data"]["playlist_library"] == {"contents": []}


def test_an_account_nobody_has_is_404(raw_client, account):
    from eth_account import Account
    stranger = Account.create()
    r = raw_client.get(f"/v1/users/account/{stranger.address}",
                       headers=factory.signature_headers(0, key=stranger.key))
    assert r.status_code == 404 and r.json()["code"] == 404


# ----------------------------------------------------------------------------- muted users

def test_muted_users_are_the_users_own(raw_client, conn):
    for uid in (1, 2, 3, 4, 5):
        factory.user(conn, uid)
    factory.grant(conn, grantor=1, manager=5)
    factory.mute(conn, 1, 4)
    factory.mute(conn, 1, 2)
    factory.mute(conn, 1, 3, is_delete=True)
    path = f"/v1/users/{h(1)}/muted"
    assert get(raw_client, path).status_code == 401
    assert get(raw_client, path, signer=2).status_code == 403
    for allowed in (1, 5):
        r = get(raw_client, path, signer=allowed)
        assert r.status_code == 200, r.text
        assert [u["user_id"] for u in r.json()["data"]] == [2, 4]
    assert [u["user_id"] for u in get(raw_client, path, signer=1, limit=1, offset=1).json()["data"]] == [4]


# ----------------------------------------------------------------------------- managed users, grantees

@pytest.fixture
def grants(conn):
    for uid in (1, 2, 3, 4, 5):
        factory.user(conn, uid)
    factory.grant(conn, grantor=1, manager=5)                  # 5 manages 1
    factory.grant(conn, grantor=2, manager=5, approved=None)   # 5 was asked by 2
    factory.grant(conn, grantor=3, manager=5, revoked=True)    # 3 revoked 5
    factory.grant(conn, grantor=4, manager=2)
    conn.execute("UPDATE grants SET grantee_address = upper(grantee_address) WHERE user_id = 2")
    return conn


def test_managed_users_are_the_reverse_of_managers(raw_client, grants):
    path = f"/v1/users/{h(5)}/managed_users"
    assert get(raw_client, path).status_code == 401
    assert get(raw_client, path, signer=4).status_code == 403
    r = get(raw_client, path, signer=5)
    assert r.status_code == 200, r.text
    assert [(m["user"]["user_id"], m["grant"]["is_approved"]) for m in r.json()["data"]] == [(1, True), (2, None)]
    assert r.json()["data"][0]["grant"] == {
        "user_id": h(1), "grantee_address": factory.wallet_of(5), "is_revoked": False, "is_approved": True,
        "created_at": "2024-01-31T00:00:00Z", "updated_at": "2024-01-31T00:00:00Z"}
    assert [m["user"]["user_id"] for m in get(raw_client, path, signer=5, is_approved="true").json()["data"]] == [1]
    assert [m["user"]["user_id"] for m in get(raw_client, path, signer=5, is_revoked="true").json()["data"]] == [3]
    # Upper-case stored grantee addresses match too.
    assert [m["user"]["user_id"] for m in get(raw_client, f"/v1/users/{h(2)}/managed_users", signer=2).json()["data"]] == [4]


def test_a_grantees_users_are_private_to_the_grantee_wallet(raw_client, grants):
    path = f"/v1/grantees/{factory.wallet_of(5)}/users"
    assert get(raw_client, path).status_code == 401
    assert get(raw_client, path, signer=1).status_code == 403
    r = get(raw_client, path, signer=5)
    assert r.status_code == 200, r.text
    assert [m["user"]["user_id"] for m in r.json()["data"]] == [1, 2]
    assert [m["user"]["user_id"] for m in get(raw_client, path, signer=5, is_revoked="true").json()["data"]] == [3]
    assert [m["user"]["user_id"] for m in get(raw_client, path, signer=5, limit=1, offset=1).json()["data"]] == [2]
    # The wallet compares case-insensitively, as upstream's :wallet check.
    upper = get(raw_client, f"/v1/full/grantees/{factory.wallet_of(5).upper()}/users", signer=5)
    assert [m["user"]["user_id"] for m in upper.json()["data"]] == [1, 2]
