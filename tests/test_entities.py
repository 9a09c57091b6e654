"""ManageEntity handlers, driven as the runner drives them: a protojson body parsed and applied in a savepoint
of the block's transaction. Every rule is checked by its effect: rows, API answers, and nothing left behind
by a rejected transaction."""

from __future__ import annotations

import itertools
import json
from datetime import datetime, timedelta, timezone

import psycopg
import pytest

from openaudio_api.indexer.blocks import Rejected, parse_manage_entity
from openaudio_api.indexer.entities import POST_HOOKS, TxContext, apply, register_post_hook
from openaudio_api.indexer.entities.rules import PLAYLIST_ID_FLOOR, TRACK_ID_FLOOR, USER_ID_FLOOR
from openaudio_api import ids
from tests import factory
from tests.conftest import make_client

T0 = datetime(2025, 3, 1, 12, 0, 0)
VERIFIER = factory.wallet_of(999)
_height = itertools.count(1)


# New entities on chain: ids from the ETL's floors up. Users and tracks below them are legacy state, which a new
# chain holds through its genesis replay (manageEntityMigration): Chain.user and Chain.track send them so.
U, T, P = USER_ID_FLOOR, TRACK_ID_FLOOR, PLAYLIST_ID_FLOOR


class Chain:
    """Sends ManageEntity transactions, one block each, on a non-autocommit connection."""

    def __init__(self, url: str):
        self.conn = psycopg.connect(url)
        self.last_height = 0

    def send(self, user: int, entity_type: str, entity_id: int, action: str, metadata=None, *,
             signer: str | None = None, at: datetime | None = None, migration: bool = False,
             envelope: dict | None = None) -> None:
        """Apply one transaction and commit; Rejected propagates (after the commit of the block). With
        envelope, the metadata goes as the SDK sends it: {"cid": ..., **envelope, "data": metadata}."""
        height = self.last_height = next(_height)
        if envelope is not None:
            metadata = {"cid": "", **envelope, "data": metadata}
        body = {"userId": str(user), "entityType": entity_type, "entityId": str(entity_id), "action": action,
                "metadata": json.dumps(metadata) if metadata is not None else "",
                "signer": signer or factory.wallet_of(user), "nonce": str(height)}
        ctx = TxContext(self.conn, "test-chain", height, f"0xblock{height}", at or T0 + timedelta(minutes=height),
                        f"0xtx{height}", frozenset({VERIFIER}), migration=migration)
        # The runner has already written in the block's transaction; the handler runs in a savepoint of it.
        self.conn.execute("SELECT 1")
        try:
            apply(ctx, parse_manage_entity(body))
        finally:
            self.conn.commit()

    def rejected(self, *args, match: str = "", **kwargs) -> None:
        with pytest.raises(Rejected, match=match):
            self.send(*args, **kwargs)

    def user(self, n: int, handle: str | None = None, **meta) -> int:
        self.send(n, "User", n, "Create", {"handle": handle or f"user{n}", "name": f"User {n}", **meta},
                  migration=n < U)
        return n

    def track(self, track_id: int, owner: int, title: str | None = None, **meta) -> int:
        self.send(owner, "Track", track_id, "Create",
                  {"title": title or f"Track {track_id}", "owner_id": owner, **meta}, migration=track_id < T)
        return track_id

    def one(self, query: str, *params):
        return self.conn.execute(query, params).fetchone()

    def all(self, query: str, *params):
        return self.conn.execute(query, params).fetchall()


@pytest.fixture
def chain(db_url):
    c = Chain(db_url)
    yield c
    c.conn.close()


@pytest.fixture
def api(db_url):
    with make_client(db_url) as client:
        yield client


def get(api, path: str, viewer: int | None = None, **params) -> dict:
    if viewer:
        params["user_id"] = ids.encode(viewer)
    response = api.get(path, params=params, headers=factory.signature_headers(viewer) if viewer else None)
    assert response.status_code == 200, response.text
    return response.json()["data"]


def counts(chain: Chain) -> tuple:
    """Rows of every table a handler writes, to prove a rejected transaction wrote none."""
    return chain.one("""SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM tracks),
        (SELECT count(*) FROM track_routes), (SELECT count(*) FROM follows), (SELECT count(*) FROM reposts),
        (SELECT count(*) FROM saves), (SELECT count(*) FROM comments), (SELECT count(*) FROM remixes),
        (SELECT count(*) FROM track_collaborators), (SELECT count(*) FROM playlists),
        (SELECT count(*) FROM notification), (SELECT md5(string_agg(ROW(u.*)::text, ',' ORDER BY user_id))
                                             FROM users u),
        (SELECT md5(string_agg(ROW(t.*)::text, ',' ORDER BY track_id)) FROM tracks t)""")


# ----------------------------------------------------------------------------------------------- users

def test_user_create_is_served_with_its_place_on_chain(chain, api):
    chain.user(U + 1, "Nico_Bloom", bio="hello", location="Berlin", profile_picture_sizes="QmPic")
    user = get(api, f"/v1/users/{ids.encode(U + 1)}")
    assert (user["handle"], user["handle_lc"], user["name"], user["bio"], user["location"]) == (
        "Nico_Bloom", "nico_bloom", f"User {U + 1}", "hello", "Berlin")
    assert user["wallet"] == factory.wallet_of(U + 1)
    assert user["blocknumber"] == chain.last_height
    assert user["created_at"] == user["updated_at"] == (T0 + timedelta(minutes=chain.last_height)).isoformat() + "Z"
    assert user["profile_picture"]["150x150"].endswith("/content/QmPic/150x150.jpg")
    assert get(api, "/v1/users/handle/nico_bloom")["id"] == ids.encode(U + 1)


def test_user_create_rules(chain):
    """The ETL's User Create rules for a new account: the id floor, the handle's form and reservation, the
    name and bio limits, a unique handle and wallet."""
    chain.user(U + 1, "taken")
    before = counts(chain)
    chain.rejected(U + 2, "User", U + 3, "Create", {"handle": "other"}, match="not the user_id")
    chain.rejected(U + 1, "User", U + 1, "Create", {"handle": "again"}, match="already exists")
    chain.rejected(U + 2, "User", U + 2, "Create", {"handle": "TAKEN"}, match="already taken")
    chain.rejected(U + 2, "User", U + 2, "Create", {"handle": "no spaces"}, match="illegal characters")
    chain.rejected(U + 2, "User", U + 2, "Create", {"handle": "x" * 31}, match="exceeds the 30")
    chain.rejected(U + 2, "User", U + 2, "Create", {"handle": "Admin"}, match="is reserved")
    chain.rejected(U + 2, "User", U + 2, "Create", {"handle": "ok", "name": "n" * 33}, match="name exceeds")
    chain.rejected(U + 2, "User", U + 2, "Create", {"handle": "ok", "bio": "é" * 129}, match="bio exceeds")
    chain.rejected(U - 1, "User", U - 1, "Create", {"handle": "legacy"}, match="below the offset 3000000")
    chain.rejected(U + 2, "User", U + 2, "Create", {"handle": "mine"}, signer=factory.wallet_of(U + 1),
                   match="already another")
    assert counts(chain) == before


def test_user_create_takes_a_guest_account_and_only_the_profile(chain):
    """A guest account ({"cid": null, "data": null}) has no handle; update-only fields on a Create are
    ignored, and so is a field of the wrong type."""
    chain.send(U + 5, "User", U + 5, "Create", {"cid": None, "data": None})
    chain.send(U + 6, "User", U + 6, "Create", {"cid": "bafy", "data": {
        "handle": "six", "name": 6, "bio": "b" * 256, "is_deactivated": True, "artist_pick_track_id": 5,
        "allow_ai_attribution": True, "playlist_library": {"contents": []}, "creator_node_endpoint": "x",
        "is_verified": True}})
    assert chain.all("""SELECT user_id, handle, handle_lc, wallet, name, length(bio), is_deactivated,
                               artist_pick_track_id, allow_ai_attribution, playlist_library, creator_node_endpoint,
                               is_verified FROM users ORDER BY 1""") == [
        (U + 5, None, None, factory.wallet_of(U + 5), None, None, False, None, False, None, None, False),
        (U + 6, "six", "six", factory.wallet_of(U + 6), None, 256, False, None, False, None, None, False)]


def test_user_create_takes_a_known_profile_type_only(chain, api):
    chain.send(U + 1, "User", U + 1, "Create", {"handle": "a_label", "profile_type": "label"})
    chain.send(U + 2, "User", U + 2, "Create", {"handle": "an_artist", "profile_type": "band"})
    assert chain.all("SELECT user_id, profile_type::text FROM users ORDER BY 1") == [(U + 1, "label"), (U + 2, None)]
    assert get(api, f"/v1/users/{ids.encode(U + 1)}")["profile_type"] == "label"
    chain.send(U + 1, "User", U + 1, "Update", {"name": "Renamed"})  # an Update keeps it
    assert chain.one("SELECT profile_type::text FROM users WHERE user_id = %s", U + 1) == ("label",)


def test_user_update_changes_only_the_keys_it_sends(chain, api):
    chain.user(1, bio="old bio", location="Lagos")
    chain.user(2, "second")
    chain.send(1, "User", 1, "Update", {"name": "New Name"})
    user = get(api, "/v1/users/1")
    assert (user["name"], user["bio"], user["location"], user["handle"]) == ("New Name", "old bio", "Lagos", "user1")
    assert user["blocknumber"] == chain.last_height and user["updated_at"] != user["created_at"]
    chain.rejected(1, "User", 1, "Update", {"handle": "SECOND"}, match="already taken")
    chain.send(1, "User", 1, "Update", {"handle": "Renamed", "bio": None})
    user = get(api, "/v1/users/1")
    assert (user["handle"], user["handle_lc"], user["bio"]) == ("Renamed", "renamed", None)
    chain.rejected(1, "User", 2, "Update", {"name": "x"}, match="not the user_id")
    assert chain.one("SELECT count(*) FROM users WHERE user_id = 1")[0] == 1  # in place, one row


def test_a_deactivated_user_still_acts_and_can_reactivate(chain, api):
    """Upstream's ValidateSigner has no deactivation rule: a deactivated account's wallet still signs."""
    chain.user(1)
    chain.user(2)
    chain.send(1, "User", 1, "Update", {"is_deactivated": True})
    assert get(api, "/v1/users/1")["is_deactivated"] is True
    chain.send(1, "User", 2, "Follow")
    assert chain.one("SELECT is_delete FROM follows WHERE follower_user_id = 1 AND followee_user_id = 2") == (False,)
    chain.send(1, "User", 1, "Update", {"is_deactivated": False})
    assert get(api, "/v1/users/1")["is_deactivated"] is False


def test_verify_is_signed_by_a_verifier_only(chain, api):
    chain.user(1)
    chain.rejected(1, "User", 1, "Verify", {"is_verified": True}, match="not a verifier")
    assert get(api, "/v1/users/1")["is_verified"] is False
    chain.send(1, "User", 1, "Verify", {"is_verified": True}, signer=VERIFIER)
    assert get(api, "/v1/users/1")["is_verified"] is True
    chain.rejected(7, "User", 7, "Verify", signer=VERIFIER, match="does not exist")


# ------------------------------------------------------------------------------------------- signers

def test_signer_must_be_the_wallet_or_an_approved_manager(chain, db_url):
    for n in (1, 2, 3, 4, 5):
        chain.user(n)
    with psycopg.connect(db_url, autocommit=True) as conn:
        factory.grant(conn, 1, 2)  # approved
        factory.grant(conn, 1, 3, revoked=True)
        factory.grant(conn, 1, 4, approved=None)  # still pending
    def meta(title: str, owner: int = 1) -> dict:
        return {"title": title, "owner_id": owner}

    chain.rejected(1, "Track", T + 10, "Create", meta("Stranger"), signer=factory.wallet_of(5),
                   match="neither the wallet")
    chain.rejected(1, "Track", T + 10, "Create", meta("Revoked"), signer=factory.wallet_of(3), match="neither")
    chain.rejected(1, "Track", T + 10, "Create", meta("Pending"), signer=factory.wallet_of(4), match="neither")
    assert chain.one("SELECT count(*) FROM tracks")[0] == 0
    # Signer case does not matter: wallets compare lowercase.
    chain.send(1, "Track", T + 10, "Create", meta("By Manager"), signer=factory.account(2).address)
    assert chain.one("SELECT owner_id, title FROM tracks WHERE track_id = %s", T + 10) == (1, "By Manager")
    # A manager who deactivated manages no more.
    chain.send(2, "User", 2, "Update", {"is_deactivated": True})
    chain.rejected(1, "Track", T + 11, "Create", meta("x"), signer=factory.wallet_of(2), match="neither")
    chain.rejected(9, "Track", T + 12, "Create", meta("x", 9), match="user 9 does not exist")


def test_grants_request_approve_reject_and_revoke(chain):
    """Manager requests on chain: Create is pending until the grantee's account approves; only then may the
    grantee act for the grantor. Reject leaves it revoked and unapproved; Delete revokes, by either side; a
    revoked grant can be requested again. Each step notifies as the trigger says."""
    for n in (1, 2, 3, 4):
        chain.user(n)
    manager = factory.wallet_of(2)

    def grant(grantor: int = 1, grantee: int = 2):
        return chain.one("SELECT is_approved, is_revoked, count(*) OVER () FROM grants WHERE user_id = %s "
                         "AND grantee_address = %s", grantor, factory.wallet_of(grantee))

    chain.rejected(1, "Grant", 0, "Create", {}, match="grantee_address is required")
    chain.rejected(1, "Grant", 0, "Create", {"grantee_address": "0x" + "ab" * 20}, match="not a developer app or user wallet")
    chain.send(1, "Grant", 0, "Create", {"grantee_address": manager.upper().replace("0X", "0x")})
    assert grant() == (None, False, 1)
    chain.rejected(1, "Grant", 0, "Create", {"grantee_address": manager}, match="active grant already exists")
    chain.rejected(1, "Track", T + 1, "Create", {"title": "x", "owner_id": 1}, signer=manager, match="neither")
    chain.rejected(3, "Grant", 0, "Approve", {"grantee_address": manager, "grantor_user_id": 1},
                   signer=manager, match="neither")  # the grantee's account answers, not another's
    chain.send(2, "Grant", 0, "Approve", {"grantee_address": manager, "grantor_user_id": 1})
    assert grant() == (True, False, 1)
    chain.rejected(2, "Grant", 0, "Reject", {"grantee_address": manager, "grantor_user_id": 1},
                   match="already approved")
    chain.send(1, "Track", T + 1, "Create", {"title": "By manager", "owner_id": 1}, signer=manager)
    chain.rejected(2, "Grant", 0, "Delete", {"grantee_address": manager}, match="no active grant")  # 2 granted none
    chain.send(1, "Grant", 0, "Delete", {"grantee_address": manager}, signer=manager)  # the manager leaves
    assert grant() == (True, True, 1)
    chain.rejected(1, "Grant", 0, "Delete", {"grantee_address": manager}, match="no active grant")
    chain.send(1, "Grant", 0, "Create", {"grantee_address": manager})  # asked again: pending again
    assert grant() == (None, False, 1)
    chain.send(3, "Grant", 0, "Create", {"grantee_address": factory.wallet_of(4)})
    chain.send(4, "Grant", 0, "Reject", {"grantee_address": factory.wallet_of(4), "grantor_user_id": 3})
    assert grant(3, 4) == (False, True, 1)
    assert chain.all("SELECT type, user_ids FROM notification WHERE type IN ('request_manager', "
                     "'approve_manager_request') ORDER BY id") == [
        ("request_manager", [2]), ("approve_manager_request", [1]), ("request_manager", [2]),
        ("request_manager", [4])]


def test_developer_apps_act_for_users_who_grant_them(chain):
    for n in (1, 2):
        chain.user(n)
    app = factory.wallet_of(500)  # an address no user holds
    chain.rejected(1, "DeveloperApp", 0, "Create", {"address": app}, match="name is required")
    chain.rejected(1, "DeveloperApp", 0, "Create", {"address": app, "name": "n" * 51}, match="name exceeds 50")
    chain.rejected(1, "DeveloperApp", 0, "Create", {"address": factory.wallet_of(2), "name": "Mine"},
                   match="already a user wallet")
    chain.send(1, "DeveloperApp", 0, "Create", {"address": app.upper().replace("0X", "0x"), "name": "Uploader",
                                                 "description": "bulk uploads"})
    chain.rejected(2, "DeveloperApp", 0, "Create", {"address": app, "name": "Again"}, match="already exists")
    chain.rejected(2, "DeveloperApp", 0, "Update", {"address": app, "name": "Stolen"}, match="is not user 2's")
    chain.send(1, "DeveloperApp", 0, "Update", {"address": app, "name": "Uploader 2"})
    assert chain.one("SELECT user_id, name, description, is_delete FROM developer_apps") == (
        1, "Uploader 2", "bulk uploads", False)
    # User 2 grants the app: approved at once, and the app signs for them.
    chain.send(2, "Grant", 0, "Create", {"grantee_address": app})
    assert chain.one("SELECT is_approved, is_revoked FROM grants WHERE user_id = 2") == (True, False)
    chain.send(2, "User", 1, "Follow", signer=app)
    chain.send(1, "DeveloperApp", 0, "Delete", {"address": app})
    chain.rejected(2, "User", 1, "Unfollow", signer=app, match="neither the wallet")
    assert chain.one("SELECT is_delete FROM developer_apps") == (True,)


def test_unsupported_actions_are_rejected(chain):
    chain.user(1)
    chain.rejected(1, "Track", 1, "Explode", match="unsupported ManageEntity Track Explode")


# ------------------------------------------------------------------------------------------- tracks

def test_track_create_writes_track_route_and_remix(chain, api):
    chain.user(1, "Owner_One")
    chain.track(10, 1, "Broken Silver")
    chain.track(11, 1, "My Remix!", genre="House", mood="Fiery", tags="a,b", description="d",
                release_date="2024-05-01T10:00:00Z", is_unlisted=False, duration=245, track_cid="QmT",
                cover_art_sizes="QmArt", is_downloadable=True, field_visibility={"genre": True},
                remix_of={"tracks": [{"parent_track_id": 10}, {"parent_track_id": 999}]})
    track = get(api, f"/v1/tracks/{ids.encode(11)}")
    assert (track["title"], track["genre"], track["mood"], track["tags"], track["duration"]) == (
        "My Remix!", "House", "Fiery", "a,b", 245)
    assert track["permalink"] == "/Owner_One/my-remix" and track["route_id"] == "owner_one/my-remix"
    assert track["release_date"] == "2024-05-01T10:00:00Z" and track["is_downloadable"] is True
    assert track["field_visibility"]["genre"] is True
    assert track["blocknumber"] == chain.last_height
    assert [p["parent_track_id"] for p in track["remix_of"]["tracks"]] == [ids.encode(10)]  # 999 does not exist
    assert get(api, "/v1/users/1")["track_count"] == 2
    chain.rejected(1, "Track", T + 12, "Create", {"genre": "Pop", "owner_id": 1}, match="needs a title")
    chain.rejected(1, "Track", 10, "Create", {"title": "Again", "owner_id": 1}, migration=True,
                   match="already exists")


def test_track_create_rules_and_lenient_fields(chain, api):
    """The ETL's Track Create: strict on the id floor, owner_id, description length and genre; a field of the
    wrong type is left out rather than the track, dates are read in every form it reads."""
    chain.user(1)
    chain.user(2)
    before = counts(chain)
    chain.rejected(1, "Track", T - 1, "Create", {"title": "x", "owner_id": 1}, match="below the offset 2000000")
    chain.rejected(1, "Track", T + 1, "Create", {"title": "x"}, match="owner_id None is not the user_id 1")
    chain.rejected(1, "Track", T + 1, "Create", {"title": "x", "owner_id": 2}, match="owner_id 2 is not")
    chain.rejected(1, "Track", T + 1, "Create", {"title": "x", "owner_id": 1, "description": "d" * 2501},
                   match="description exceeds")
    chain.rejected(1, "Track", T + 1, "Create", {"title": "x", "owner_id": 1, "genre": "Polka"},
                   match="not in the allow list")
    assert counts(chain) == before
    chain.send(1, "Track", T + 1, "Create", {"title": "Loose", "owner_id": 1, "genre": "hip  hop",
                                             "duration": 212.7, "release_date": "2024-05-01 10:00:00",
                                             "is_unlisted": "no", "collaborators": "nope"})
    chain.send(1, "Track", T + 2, "Create", {"title": "Undated", "owner_id": 1, "release_date": "May 1st"})
    at = chain.one("SELECT created_at FROM tracks WHERE track_id = %s", T + 2)[0]
    assert chain.all("SELECT track_id, genre, duration, release_date, is_unlisted FROM tracks ORDER BY 1") == [
        (T + 1, "Hip-Hop/Rap", 212, datetime(2024, 5, 1, 10), False), (T + 2, None, 0, at, False)]
    assert invites(chain, T + 1) == {}
    chain.rejected(1, "Track", T + 1, "Update", {"genre": "Polka"}, match="not in the allow list")


def test_track_create_keeps_only_what_the_etl_inserts(chain, api):
    """A new track keeps a musical key only when it is a known one, a bpm only when it is not 0, a duration only
    when it is positive, and starts with no track segments; a replayed legacy track keeps what it carries."""
    chain.user(1)
    chain.send(1, "Track", T + 1, "Create", {"title": "Kept", "owner_id": 1, "musical_key": "B flat minor",
                                             "bpm": 128.5, "duration": 200, "track_segments": [{"multihash": "Qm"}]})
    chain.send(1, "Track", T + 2, "Create", {"title": "Dropped", "owner_id": 1, "musical_key": "C# minor",
                                             "bpm": 0, "duration": -5})
    chain.track(7, 1, "Legacy", musical_key="C# minor", bpm=0, duration=-5, track_segments=[{"multihash": "Qm"}])
    assert chain.all("SELECT track_id, musical_key, bpm, duration, track_segments FROM tracks ORDER BY 1") == [
        (7, "C# minor", 0, -5, [{"multihash": "Qm"}]),
        (T + 1, "B flat minor", 128.5, 200, []), (T + 2, None, None, 0, [])]
    track = get(api, f"/v1/tracks/{ids.encode(T + 1)}")
    assert (track["musical_key"], track["bpm"], track["duration"]) == ("B flat minor", 128.5, 200)


def test_track_access_conditions_as_the_etl_validates_them(chain):
    """Gating must be consistent (ValidateAccessConditions): a stream-gated track is download-gated on the
    same single condition, USDC purchases name their splits, a stem is never gated; a replayed legacy track
    is taken as it was."""
    chain.user(1)
    usdc = {"usdc_purchase": {"price": 100, "splits": [{"user_id": 1, "percentage": 100}]}}
    follow = {"follow_user_id": 1}
    before = counts(chain)
    for meta, match in (
            ({"is_stream_gated": True}, "must have stream_conditions"),
            ({"is_stream_gated": True, "stream_conditions": usdc}, "must also be download gated"),
            ({"is_stream_gated": True, "is_download_gated": True, "stream_conditions": usdc,
              "download_conditions": {"follow_user_id": 1}}, "must match download_conditions"),
            ({"is_stream_gated": True, "is_download_gated": True, "stream_conditions": usdc | follow,
              "download_conditions": usdc | follow}, "exactly one condition type"),
            ({"is_download_gated": True, "download_conditions": {}}, "must have download_conditions"),
            ({"stream_conditions": {"usdc_purchase": {"price": 100}}}, "must contain splits"),
            ({"download_conditions": {"usdc_purchase": {"price": 1, "splits": []}}}, "splits cannot be empty"),
            ({"is_download_gated": True, "download_conditions": follow, "stem_of": {"parent_track_id": 9}},
             "stem tracks cannot"),
    ):
        chain.rejected(1, "Track", T + 1, "Create", {"title": "Gated", "owner_id": 1, **meta}, match=match)
    assert counts(chain) == before
    # The same conditions both ways (numbers as Go compares them, 100 and 100.0 alike) are consistent.
    chain.send(1, "Track", T + 1, "Create", {
        "title": "Gated", "owner_id": 1, "is_stream_gated": True, "is_download_gated": True,
        "stream_conditions": usdc, "download_conditions": {"usdc_purchase": {
            "price": 100.0, "splits": [{"user_id": 1, "percentage": 100}]}}})
    chain.send(1, "Track", T + 2, "Create", {"title": "Follow to download", "owner_id": 1,
                                             "is_download_gated": True, "download_conditions": follow})
    chain.rejected(1, "Track", T + 2, "Update", {"is_stream_gated": True}, match="must have stream_conditions")
    chain.track(7, 1, "Legacy", is_stream_gated=True)
    assert chain.all("SELECT track_id, is_stream_gated, is_download_gated FROM tracks ORDER BY 1") == [
        (7, True, False), (T + 1, True, True), (T + 2, False, True)]


def test_updates_do_not_change_immutable_fields(chain):
    """The ETL strips what an Update may not change: a track's ddex_app and owner, a playlist's is_album."""
    chain.user(1)
    chain.user(2)
    chain.track(1, 1, "One", ddex_app="ddex-a")
    chain.send(1, "Track", 1, "Update", {"ddex_app": "ddex-b", "owner_id": 2, "blocknumber": 1, "mood": "Cool"})
    assert chain.one("SELECT ddex_app, owner_id, mood, blocknumber FROM tracks") == (
        "ddex-a", 1, "Cool", chain.last_height)
    chain.send(1, "Playlist", P + 5, "Create", {"playlist_name": "Mix", "ddex_app": "ddex-a"})
    chain.send(1, "Playlist", P + 5, "Update", {"is_album": True, "ddex_app": "ddex-b", "description": "now"})
    assert chain.one("SELECT is_album, ddex_app, description FROM playlists") == (False, "ddex-a", "now")


def test_a_developer_app_cannot_create_a_user(chain):
    chain.user(1)
    app = factory.wallet_of(500)
    chain.send(1, "DeveloperApp", 0, "Create", {"address": app, "name": "Uploader"})
    before = counts(chain)
    chain.rejected(U + 1, "User", U + 1, "Create", {"handle": "apps_own"}, signer=app,
                   match="developer app .* cannot create a user")
    assert counts(chain) == before
    chain.send(1, "DeveloperApp", 0, "Delete", {"address": app})
    chain.send(U + 1, "User", U + 1, "Create", {"handle": "apps_own"}, signer=app)  # a deleted app's key may
    assert chain.one("SELECT handle FROM users WHERE user_id = %s", U + 1) == ("apps_own",)


def test_route_collisions_per_owner_as_upstream(chain, api):
    chain.user(1)
    chain.user(2)
    for track_id, owner, title in ((1, 1, "Track"), (2, 1, "Track 1"), (3, 1, "Track"), (4, 1, "Track"),
                                   (5, 1, "Track 1"), (6, 2, "Track"), (7, 1, "!!!")):
        chain.track(track_id, owner, title)
    slugs = dict(chain.all("SELECT track_id, slug FROM track_routes"))
    assert slugs == {1: "track", 2: "track-1", 3: "track-2", 4: "track-3", 5: "track-1-1", 6: "track",
                     7: ids.encode(7)}
    response = api.get("/v1/tracks", params={"permalink": "/user1/track-2"})
    assert [t["id"] for t in response.json()["data"]] == [ids.encode(3)]


def test_track_update_by_owner_changes_present_keys_and_renames_the_route(chain, api):
    chain.user(1)
    chain.user(2)
    chain.track(1, 1, "First Title", genre="Rock", mood="Cool")
    chain.rejected(2, "Track", 1, "Update", {"title": "Hijack"}, match="not owned by user 2")
    chain.rejected(1, "Track", 2, "Update", {"title": "x"}, match="does not exist")
    chain.send(1, "Track", 1, "Update", {"genre": "Jazz"})
    track = get(api, "/v1/tracks/1")
    assert (track["title"], track["genre"], track["mood"], track["permalink"]) == (
        "First Title", "Jazz", "Cool", "/user1/first-title")
    chain.send(1, "Track", 1, "Update", {"title": "Second Title"})
    assert get(api, "/v1/tracks/1")["permalink"] == "/user1/second-title"
    assert chain.all("SELECT slug, is_current FROM track_routes ORDER BY slug") == [
        ("first-title", False), ("second-title", True)]
    # The old link still finds the track.
    response = api.get("/v1/tracks", params={"permalink": "/user1/first-title"})
    assert [t["id"] for t in response.json()["data"]] == [ids.encode(1)]
    assert chain.one("SELECT count(*) FROM tracks")[0] == 1


def test_track_delete(chain, api):
    chain.user(1)
    chain.user(2)
    chain.track(1, 1)
    chain.rejected(2, "Track", 1, "Delete", match="not owned")
    chain.send(1, "Track", 1, "Delete")
    assert get(api, "/v1/tracks/1")["is_delete"] is True
    assert get(api, "/v1/users/1")["track_count"] == 0
    chain.rejected(1, "Track", 1, "Delete", match="is deleted")
    chain.rejected(1, "Track", 1, "Update", {"title": "back"}, match="is deleted")


def test_a_rejection_after_a_write_leaves_nothing(chain):
    chain.user(1)
    before = counts(chain)

    def refuse(ctx, em):
        raise Rejected("a post hook refused it")

    # The track row, its route and its invites are written before the post hook refuses.
    register_post_hook("Track", "Create", refuse)
    try:
        chain.rejected(1, "Track", T + 1, "Create", {"title": "Half", "owner_id": 1, "collaborators": [1, 2]},
                       match="post hook refused")
    finally:
        POST_HOOKS[("Track", "Create")].remove(refuse)
    assert counts(chain) == before


# ------------------------------------------------------------------------------------ follows etc.

def test_follow_and_unfollow(chain, api):
    chain.user(1)
    chain.user(2)
    chain.rejected(1, "User", 1, "Follow", match="cannot follow themselves")
    chain.rejected(1, "User", 3, "Follow", match="User 3 does not exist")
    chain.rejected(1, "User", 2, "Unfollow", match="no User 2 to Unfollow")
    chain.send(1, "User", 2, "Follow")
    assert get(api, "/v1/users/2")["follower_count"] == 1
    assert get(api, "/v1/users/2", viewer=1)["does_current_user_follow"] is True
    chain.rejected(1, "User", 2, "Follow", match="already did Follow")
    chain.send(1, "User", 2, "Unfollow")
    assert get(api, "/v1/users/2")["follower_count"] == 0
    assert get(api, "/v1/users/1")["followee_count"] == 0
    chain.rejected(1, "User", 2, "Unfollow", match="no User 2")
    chain.send(1, "User", 2, "Follow")
    assert get(api, "/v1/users/2")["follower_count"] == 1
    assert chain.one("SELECT count(*) FROM follows")[0] == 1


def test_follow_subscribes_and_subscribe_stands_alone(chain, api):
    """As the ETL: Follow implies a subscription and Unfollow ends it; Subscribe/Unsubscribe change only the
    subscription. One row per pair, changed in place, each change taking its block's time."""
    for n in (1, 2, 3):
        chain.user(n)

    def subscribed(subscriber: int, user: int) -> bool:
        return get(api, f"/v1/users/{ids.encode(user)}", viewer=subscriber)["does_current_user_subscribe"]

    chain.send(1, "User", 2, "Follow")
    assert subscribed(1, 2) is True
    chain.rejected(1, "User", 2, "Subscribe", match="already did Subscribe")
    chain.send(1, "User", 2, "Unsubscribe")
    assert subscribed(1, 2) is False
    assert get(api, "/v1/users/2", viewer=1)["does_current_user_follow"] is True  # still following
    chain.rejected(1, "User", 2, "Unsubscribe", match="no User 2 to Unsubscribe")
    chain.send(1, "User", 2, "Subscribe")
    chain.send(1, "User", 2, "Unfollow")
    assert subscribed(1, 2) is False
    assert chain.one("SELECT count(*), bool_and(is_current), max(blocknumber) FROM subscriptions") == (
        1, True, chain.last_height)
    chain.send(3, "User", 1, "Subscribe")
    assert subscribed(3, 1) is True and get(api, "/v1/users/1", viewer=3)["does_current_user_follow"] is False
    chain.rejected(3, "User", 3, "Subscribe", match="cannot subscribe themselves")
    chain.rejected(3, "User", 9, "Subscribe", match="User 9 does not exist")
    # A replayed legacy follow implies nothing: the legacy subscriptions are replayed on their own.
    chain.send(2, "User", 3, "Follow", migration=True)
    assert chain.one("SELECT count(*) FROM subscriptions WHERE subscriber_id = 2") == (0,)
    chain.send(2, "User", 3, "Subscribe", {"is_delete": True}, migration=True)
    assert chain.one("SELECT is_delete FROM subscriptions WHERE subscriber_id = 2") == (True,)


@pytest.mark.parametrize("do, undo, count", [("Repost", "Unrepost", "repost_count"),
                                             ("Save", "Unsave", "favorite_count")])
def test_repost_and_save_of_a_track(chain, api, do, undo, count):
    chain.user(1)
    chain.user(2)
    chain.track(1, 1)
    chain.rejected(2, "Track", 9, do, match="Track 9 does not exist")
    chain.rejected(2, "Track", 1, undo, match=f"no Track 1 to {undo}")
    chain.send(2, "Track", 1, do)
    assert get(api, "/v1/tracks/1")[count] == 1
    chain.rejected(2, "Track", 1, do, match=f"already did {do}")
    chain.send(2, "Track", 1, undo)
    assert get(api, "/v1/tracks/1")[count] == 0
    chain.send(2, "Track", 1, do)
    assert get(api, "/v1/tracks/1")[count] == 1


def test_playlist_create_repost_and_save(chain):
    chain.user(1)
    chain.user(2)
    chain.track(1, 1, "One")
    chain.track(2, 1, "Two")
    chain.send(1, "Playlist", P + 5, "Create", {
        "playlist_name": "My Album", "is_album": True, "description": "best of",
        "playlist_contents": {"track_ids": [{"track": 2, "time": 1700000000}, {"track": 1, "time": 1700000001},
                                            {"track": 77, "time": 1}]}})
    assert chain.one("SELECT playlist_owner_id, playlist_name, is_album, playlist_contents FROM playlists") == (
        1, "My Album", True, {"track_ids": [{"track": 2, "time": 1700000000}, {"track": 1, "time": 1700000001},
                                            {"track": 77, "time": 1}]})
    assert chain.all("SELECT track_id FROM playlist_tracks ORDER BY 1") == [(1,), (2,)]
    assert chain.one("SELECT slug FROM playlist_routes") == ("my-album",)
    assert chain.one("SELECT album_count FROM aggregate_user WHERE user_id = 1") == (1,)
    chain.send(2, "Playlist", P + 5, "Repost")
    chain.send(2, "Playlist", P + 5, "Save")
    assert chain.all("SELECT repost_type::text FROM reposts") == [("album",)]
    assert chain.all("SELECT save_type::text FROM saves") == [("album",)]
    chain.rejected(1, "Playlist", P + 5, "Create", {"playlist_name": "again"}, match="already exists")
    chain.rejected(1, "Playlist", P + 6, "Create", {"description": "x"}, match="playlist_name")


def test_playlist_create_rules(chain):
    """The ETL's Playlist Create: an id from the offset 400,000 up and a description of at most 2,500 bytes; a
    replayed legacy playlist is taken below the offset and with a longer description."""
    chain.user(1)
    before = counts(chain)
    chain.rejected(1, "Playlist", P - 1, "Create", {"playlist_name": "Old"}, match="below the offset 400000")
    chain.rejected(1, "Playlist", P, "Create", {"playlist_name": "Long", "description": "é" * 1251},
                   match="description exceeds the 2500")
    assert counts(chain) == before
    chain.send(1, "Playlist", P, "Create", {"playlist_name": "Long", "description": "é" * 1250})
    chain.send(1, "Playlist", 7, "Create", {"playlist_name": "Legacy", "description": "x" * 3000}, migration=True)
    assert chain.all("SELECT playlist_id, length(description) FROM playlists ORDER BY 1") == [(7, 3000), (P, 1250)]


def test_playlist_update_and_delete(chain, api):
    """Update changes the keys sent; new contents replace the list (removed tracks stay as removed rows,
    last_added_to moves only when a track is added) and a new name gets a new route; Delete by the owner."""
    chain.user(1)
    chain.user(2)
    for t in (1, 2, 3):
        chain.track(t, 1)
    chain.send(1, "Playlist", P + 5, "Create", {"playlist_name": "Mix", "description": "first",
                                            "playlist_contents": {"track_ids": [{"track": 1, "time": 1}]}})
    created = chain.one("SELECT last_added_to FROM playlists")[0]
    chain.rejected(2, "Playlist", P + 5, "Update", {"description": "mine"}, match="not owned by user 2")
    chain.rejected(1, "Playlist", P + 6, "Update", {"description": "x"}, match="does not exist")
    chain.send(1, "Playlist", P + 5, "Update", {"description": "second", "is_private": "yes"})
    assert chain.one("SELECT playlist_name, description, is_private, last_added_to FROM playlists") == (
        "Mix", "second", False, created)
    chain.send(1, "Playlist", P + 5, "Update", {"playlist_contents": {"track_ids": [
        {"track": 2, "time": 5}, {"track": 3, "time": 6}]}})
    added = chain.one("SELECT last_added_to FROM playlists")[0]
    assert added > created
    assert chain.all("SELECT track_id, is_removed FROM playlist_tracks ORDER BY 1") == [
        (1, True), (2, False), (3, False)]
    chain.send(1, "Playlist", P + 5, "Update", {"playlist_contents": {"track_ids": [{"track": 3, "time": 6}]},
                                            "playlist_name": "Renamed"})
    assert chain.one("SELECT last_added_to FROM playlists")[0] == added  # a removal adds nothing
    assert chain.all("SELECT slug, is_current FROM playlist_routes ORDER BY 1") == [
        ("mix", False), ("renamed", True)]
    assert chain.one("SELECT count(*), bool_and(blocknumber = %s) FROM playlists", chain.last_height) == (1, True)
    chain.rejected(2, "Playlist", P + 5, "Delete", match="not owned")
    chain.send(1, "Playlist", P + 5, "Delete")
    assert chain.one("SELECT is_delete FROM playlists") == (True,)
    assert chain.one("SELECT playlist_count FROM aggregate_user WHERE user_id = 1") == (0,)
    chain.rejected(1, "Playlist", P + 5, "Update", {"description": "back"}, match="is deleted")


def test_notification_and_playlist_views(chain):
    chain.user(1)
    chain.send(1, "Playlist", P + 5, "Create", {"playlist_name": "Mix"})
    chain.send(1, "Notification", 0, "View")
    seen_at = T0 + timedelta(minutes=chain.last_height)
    chain.send(1, "Notification", P + 5, "ViewPlaylist")
    viewed_at = T0 + timedelta(minutes=chain.last_height)
    chain.rejected(1, "Notification", P + 6, "ViewPlaylist", match=f"playlist {P + 6} does not exist")
    chain.rejected(7, "Notification", 0, "View", match="user 7 does not exist")
    chain.rejected(1, "Notification", 0, "Create", {"title": "hello"}, match="unsupported ManageEntity")
    assert chain.all("SELECT user_id, seen_at FROM notification_seen") == [(1, seen_at)]
    assert chain.all("SELECT user_id, playlist_id, seen_at FROM playlist_seen") == [
        (1, P + 5, viewed_at)]


def test_downloads_and_shares(chain):
    chain.user(1)
    chain.user(2)
    chain.track(1, 1)
    chain.track(2, 1, stem_of={"parent_track_id": 1, "category": "vocals"})
    chain.send(1, "Playlist", P + 5, "Create", {"playlist_name": "Album", "is_album": True})
    chain.send(2, "Track", 2, "Download", {"cid": "", "data": {"city": "Berlin", "region": "", "country": "DE"}})
    chain.send(2, "Track", 1, "Download")
    chain.rejected(2, "Track", 9, "Download", match="track 9 does not exist")
    assert chain.all("SELECT parent_track_id, track_id, user_id, city, region, country FROM track_downloads "
                     "ORDER BY track_id") == [(1, 1, 2, None, None, None), (1, 2, 2, "Berlin", None, "DE")]
    chain.send(2, "Track", 1, "Share")
    chain.send(2, "Playlist", P + 5, "Share")
    chain.send(2, "Album", P + 5, "Share")
    chain.rejected(2, "Playlist", P + 6, "Share", match=f"playlist {P + 6} does not exist")
    assert chain.all("SELECT user_id, share_item_id, share_type FROM shares ORDER BY share_type") == [
        (2, P + 5, "album"), (2, P + 5, "playlist"), (2, 1, "track")]


# ------------------------------------------------------------------------------------------ comments

def test_comments_and_pins(chain, api):
    chain.user(1)
    chain.user(2)
    chain.track(1, 1)
    chain.send(2, "Comment", 100, "Create", {"entity_id": 1, "entity_type": "Track", "body": "great",
                                             "track_timestamp_s": 42})
    chain.send(1, "Comment", 101, "Create", {"entity_id": 1, "entity_type": "Track", "body": "thanks",
                                             "parent_comment_id": 100})
    assert get(api, "/v1/tracks/1")["comment_count"] == 2
    assert chain.one("SELECT user_id, text, track_timestamp_s FROM comments WHERE comment_id = 100") == (
        2, "great", 42)
    assert chain.one("SELECT parent_comment_id FROM comment_threads WHERE comment_id = 101") == (100,)
    chain.rejected(2, "Comment", 100, "Create", {"entity_id": 1, "body": "again"}, match="already exists")
    chain.rejected(2, "Comment", 102, "Create", {"entity_id": 9, "body": "x"}, match="does not exist")
    chain.rejected(2, "Comment", 102, "Create", {"entity_id": 1, "body": " "}, match="needs a body")
    chain.rejected(2, "Comment", 102, "Create", {"entity_id": 1, "body": "x", "parent_comment_id": 5},
                   match="parent comment")
    # A reply may name its parent as parent_id too, and answer a deleted comment; a parent that is no id
    # makes a top-level comment.
    chain.send(1, "Comment", 110, "Create", {"entity_id": 1, "body": "gone soon"})
    chain.send(1, "Comment", 110, "Delete")
    chain.send(2, "Comment", 111, "Create", {"entity_id": 1, "body": "late reply", "parent_id": 110})
    chain.send(2, "Comment", 112, "Create", {"entity_id": 1, "body": "top", "parent_comment_id": 0})
    assert chain.all("SELECT comment_id, parent_comment_id FROM comment_threads ORDER BY 1") == [
        (101, 100), (111, 110)]
    chain.track(2, 1)
    chain.rejected(2, "Comment", 113, "Create", {"entity_id": 2, "body": "x", "parent_id": 100},
                   match="parent comment 100 is not a comment on track 2")
    chain.rejected(2, "Comment", 100, "Pin", match="only the owner of track 1")
    assert get(api, "/v1/tracks/1")["pinned_comment_id"] is None
    chain.send(1, "Comment", 100, "Pin")
    assert get(api, "/v1/tracks/1")["pinned_comment_id"] == 100
    # the pin's block, so the comment-pin challenge (cp), which reads tracks changed since a block, sees it
    assert chain.one("SELECT blocknumber FROM tracks WHERE track_id = 1 AND is_current") == (chain.last_height,)
    chain.send(1, "Comment", 100, "Unpin")
    assert get(api, "/v1/tracks/1")["pinned_comment_id"] is None
    chain.send(1, "Track", 1, "Update", {"comments_disabled": True})
    chain.rejected(2, "Comment", 103, "Create", {"entity_id": 1, "body": "x"}, match="disabled")


def test_comment_edit_delete_reactions_reports_and_mutes(chain, api):
    for n in (1, 2, 3):
        chain.user(n)
    chain.track(1, 1)
    chain.send(2, "Comment", 100, "Create", {"entity_id": 1, "entity_type": "Track", "body": "first"})
    chain.send(3, "Comment", 101, "Create", {"entity_id": 1, "entity_type": "Track", "body": "spam"})
    chain.rejected(3, "Comment", 100, "Update", {"body": "hijack"}, match="only the author")
    chain.rejected(2, "Comment", 100, "Update", {"body": " "}, match="needs a body")
    chain.send(2, "Comment", 100, "Update", {"body": "edited"})
    assert chain.one("SELECT text, is_edited, blocknumber FROM comments WHERE comment_id = 100") == (
        "edited", True, chain.last_height)
    # Reactions: one per user and comment, undone and redone in place.
    chain.send(1, "Comment", 100, "React")
    chain.rejected(1, "Comment", 100, "React", match="already reacted")
    chain.send(1, "Comment", 100, "Unreact")
    chain.rejected(1, "Comment", 100, "Unreact", match="has not reacted")
    chain.send(1, "Comment", 100, "React")
    chain.rejected(1, "Comment", 999, "React", match="comment 999 does not exist")
    assert chain.all("SELECT comment_id, user_id, is_delete FROM comment_reactions") == [(100, 1, False)]
    chain.send(2, "Comment", 101, "Report")
    chain.rejected(2, "Comment", 101, "Report", match="already reported")
    assert chain.all("SELECT comment_id, user_id FROM comment_reports") == [(101, 2)]
    # Delete: by the author or by the track's owner, not by anyone else.
    chain.rejected(2, "Comment", 101, "Delete", match="only the author of comment 101 or the track's owner")
    chain.send(1, "Comment", 101, "Delete")
    chain.send(2, "Comment", 100, "Delete")
    assert get(api, "/v1/tracks/1")["comment_count"] == 0
    chain.rejected(2, "Comment", 100, "Update", {"body": "back"}, match="does not exist or is deleted")
    # Mutes.
    chain.rejected(1, "MutedUser", 1, "Mute", match="cannot mute themselves")
    chain.rejected(1, "MutedUser", 9, "Mute", match="muted user 9 does not exist")
    chain.send(1, "MutedUser", 3, "Mute")
    chain.rejected(1, "MutedUser", 3, "Mute", match="already muted user 3")
    chain.send(1, "MutedUser", 3, "Unmute")
    chain.rejected(1, "MutedUser", 3, "Unmute", match="has not muted user 3")
    assert chain.all("SELECT muted_user_id, user_id, is_delete FROM muted_users") == [(3, 1, True)]


def test_comment_body_limit(chain):
    """At most 400 characters (not bytes) in a Create or an Update, and in a genesis replay too: the ETL's
    migrated Comment Create runs the same validation. A comment id has no floor (the ETL's CommentIDOffset is
    checked nowhere)."""
    for n in (1, 2):
        chain.user(n)
    chain.track(1, 1)
    chain.send(2, "Comment", 100, "Create", {"entity_id": 1, "body": "é" * 400})
    before = counts(chain)
    chain.rejected(2, "Comment", 101, "Create", {"entity_id": 1, "body": "a" * 401}, match="exceeds the 400")
    chain.rejected(2, "Comment", 101, "Create", {"entity_id": 1, "body": "a" * 401}, migration=True,
                   match="exceeds the 400")
    chain.rejected(2, "Comment", 100, "Update", {"body": "b" * 401}, match="exceeds the 400")
    assert counts(chain) == before
    chain.send(2, "Comment", 100, "Update", {"body": "b" * 400})
    assert chain.one("SELECT comment_id, length(text) FROM comments") == (100, 400)


def test_fan_club_posts(chain, api):
    """A comment on entity_type FanClub (entity_id: the artist's user id, unchecked, as the ETL) is a wall post:
    is_members_only only there (a truthy flag on a track's comment refuses it), a video_url of at most 2,000
    characters on Create and Update; a reply stays on its post's club. The API serves no fan club, so no
    comment path shows a post (a members-only one least of all)."""
    for n in (1, 2):
        chain.user(n)
    chain.track(1, 1)
    chain.send(2, "Comment", 100, "Create", {"entity_type": "FanClub", "entity_id": 1, "body": "members only",
                                             "is_members_only": True, "video_url": "https://example.com/p.mp4"})
    chain.send(2, "Comment", 101, "Create", {"entity_type": "FanClub", "entity_id": 1, "body": "public post"})
    chain.send(1, "Comment", 102, "Create", {"entity_type": "FanClub", "entity_id": 1, "body": "thanks",
                                             "parent_comment_id": 100})
    assert chain.all("SELECT comment_id, entity_type, entity_id, is_members_only, video_url FROM comments "
                     "ORDER BY comment_id") == [(100, "FanClub", 1, True, "https://example.com/p.mp4"),
                                                (101, "FanClub", 1, False, None), (102, "FanClub", 1, False, None)]
    before = counts(chain)
    chain.rejected(2, "Comment", 103, "Create", {"entity_id": 1, "body": "x", "is_members_only": True},
                   match="requires entity_type=FanClub")
    chain.rejected(2, "Comment", 103, "Create", {"entity_type": "FanClub", "entity_id": 1, "body": "x",
                                                 "video_url": "https://e.com/" + "a" * 2000}, match="video_url")
    chain.rejected(2, "Comment", 101, "Update", {"body": "y", "video_url": "v" * 2001}, match="video_url")
    chain.rejected(2, "Comment", 103, "Create", {"entity_type": "FanClub", "entity_id": 2, "body": "x",
                                                 "parent_comment_id": 100}, match="not a comment on fanclub 2")
    chain.rejected(2, "Comment", 103, "Create", {"entity_type": "Playlist", "entity_id": 1, "body": "x"},
                   match="not supported")
    assert counts(chain) == before
    assert get(api, f"/v1/users/{ids.encode(2)}/comments") == []
    assert get(api, f"/v1/comments/{ids.encode(100)}") == []


def live_mentions(chain: Chain, comment_id: int) -> list[int]:
    return [r[0] for r in chain.all("SELECT user_id FROM comment_mentions WHERE comment_id = %s AND NOT is_delete "
                                    "ORDER BY 1", comment_id)]


def mention_notices(chain: Chain) -> list[tuple]:
    return chain.all("SELECT user_ids, specifier, group_id FROM notification WHERE type = 'comment_mention' "
                     "ORDER BY specifier::int")


def test_comment_mentions_and_their_notifications(chain, api):
    """The ETL's mentions: of the first ten entries the numbers count (truncated, deduplicated, no existence
    check); the mentioned are notified once (not the commenter, not who muted the commenter); an Update that
    names mentions replaces the set, one that names none keeps it."""
    for n in (1, 2, 3, 4, 5, 6):
        chain.user(n)
    chain.track(1, 1)
    chain.send(4, "MutedUser", 2, "Mute")
    # Recent, so that the notifications' first page (90 days back) shows it.
    created = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0) - timedelta(hours=1)
    chain.send(2, "Comment", 100, "Create", {"entity_id": 1, "entity_type": "Track", "body": "hey", "mentions": [
        3, 4, 2, 1, 3, "5", True, 999, 3.9, 6, 7, 8]}, at=created)
    assert live_mentions(chain, 100) == [1, 2, 3, 4, 6, 999]
    assert mention_notices(chain) == [([1], "1", "comment_mention:100"), ([3], "3", "comment_mention:100"),
                                      ([6], "6", "comment_mention:100"), ([999], "999", "comment_mention:100")]
    assert chain.one("SELECT \"timestamp\", blocknumber, data FROM notification WHERE specifier = '3'") == (
        created, chain.last_height,
        {"type": "Track", "entity_id": 1, "entity_user_id": 1, "comment_user_id": 2, "comment_id": 100})
    served = api.get("/v1/notifications/3", headers=factory.signature_headers(3))
    assert served.status_code == 200, served.text
    group = served.json()["data"]["notifications"][0]
    assert (group["type"], group["group_id"]) == ("comment_mention", "comment_mention:100")
    assert group["actions"][0]["data"] == {"type": "Track", "entity_id": ids.encode(1),
                                           "entity_user_id": ids.encode(1), "comment_user_id": ids.encode(2),
                                           "comment_id": ids.encode(100)}
    # Named mentions replace the set: 3 stays (not notified again), 5 is new.
    chain.send(2, "Comment", 100, "Update", {"body": "hey you", "mentions": [3, 5]})
    assert live_mentions(chain, 100) == [3, 5]
    assert chain.one("SELECT count(*), bool_and(blocknumber = %s) FROM comment_mentions",
                     chain.last_height) == (6 + 1, True)
    # None named, or an empty list: the set stays.
    chain.send(2, "Comment", 100, "Update", {"body": "hey again"})
    chain.send(2, "Comment", 100, "Update", {"body": "hey again", "mentions": []})
    chain.send(2, "Comment", 100, "Update", {"body": "hey again", "mentions": ["3"]})
    assert live_mentions(chain, 100) == [3, 5]
    # A mention named again comes back in place, not as a new mention: no second notification.
    chain.send(2, "Comment", 100, "Update", {"body": "hey", "mentions": [1, 3, 5]})
    assert live_mentions(chain, 100) == [1, 3, 5]
    assert [n[1] for n in mention_notices(chain)] == ["1", "3", "5", "6", "999"]
    # An id the column cannot hold refuses the transaction, which leaves nothing.
    before = counts(chain), chain.one("SELECT count(*) FROM comment_mentions")
    chain.rejected(3, "Comment", 101, "Create", {"entity_id": 1, "body": "x", "mentions": [2, 2**31]},
                   match="out of range")
    assert (counts(chain), chain.one("SELECT count(*) FROM comment_mentions")) == before
    # A deleted comment's new mention notifies nobody; a replayed comment's mentions are kept too.
    chain.send(2, "Comment", 102, "Create", {"entity_id": 1, "body": "old", "mentions": [6], "is_delete": True},
               migration=True)
    assert live_mentions(chain, 102) == [6]
    assert len(mention_notices(chain)) == 5


def prices(chain: Chain) -> list[tuple]:
    return chain.all("SELECT track_id, total_price_cents, splits, access::text, blocknumber FROM track_price_history "
                     "ORDER BY block_timestamp")


def test_usdc_gated_track_price_history(chain):
    """A USDC-gated track's price is recorded on Create and on each Update that sends a different price,
    splits or access (stream, or download when only the download is gated); other gates have no price."""
    chain.user(1)
    splits = [{"user_id": 1, "percentage": 100}]
    usdc = {"usdc_purchase": {"price": 199, "splits": splits}}
    gated = {"is_stream_gated": True, "stream_conditions": usdc, "is_download_gated": True,
             "download_conditions": usdc}
    chain.track(T + 1, 1, **gated)
    assert prices(chain) == [(T + 1, 199, splits, "stream", chain.last_height)]
    chain.send(1, "Track", T + 1, "Update", {"title": "Same price"} | gated)
    chain.send(1, "Track", T + 1, "Update", {"title": "No gating keys"})
    assert len(prices(chain)) == 1
    dearer = {"usdc_purchase": {"price": 299.9, "splits": splits}}
    chain.send(1, "Track", T + 1, "Update", gated | {"stream_conditions": dearer, "download_conditions": dearer})
    chain.send(1, "Track", T + 1, "Update", {"is_stream_gated": False, "stream_conditions": None,
                                             "is_download_gated": True, "download_conditions": dearer})
    assert [p[1:4] for p in prices(chain)] == [(199, splits, "stream"), (299, splits, "stream"),
                                               (299, splits, "download")]
    chain.track(T + 2, 1, is_download_gated=True, download_conditions={"follow_user_id": 1})
    before = counts(chain)
    chain.rejected(1, "Track", T + 3, "Create", {"title": "x", "owner_id": 1} | gated | {
        "stream_conditions": {"usdc_purchase": {"splits": splits}},
        "download_conditions": {"usdc_purchase": {"splits": splits}}}, match="non-int price")
    assert counts(chain) == before and len(prices(chain)) == 3


def test_usdc_gated_album_price_history(chain):
    """A playlist stream-gated on a USDC purchase records its price on Create and on an Update with another
    price; a price that is no number refuses the transaction."""
    chain.user(1)
    splits = [{"user_id": 1, "percentage": 100}]
    gated = {"is_stream_gated": True, "stream_conditions": {"usdc_purchase": {"price": 499, "splits": splits}}}
    chain.send(1, "Playlist", P + 1, "Create", {"playlist_name": "Premium", "is_album": True} | gated)
    chain.send(1, "Playlist", P + 1, "Update", {"description": "same price"} | gated)
    chain.send(1, "Playlist", P + 1, "Update", {"is_stream_gated": True, "stream_conditions": {
        "usdc_purchase": {"price": 599, "splits": splits}}})
    chain.send(1, "Playlist", P + 2, "Create", {"playlist_name": "Free", "stream_conditions": gated[
        "stream_conditions"]})  # not gated: no price
    chain.rejected(1, "Playlist", P + 1, "Update", {"is_stream_gated": True, "stream_conditions": {
        "usdc_purchase": {"price": "6", "splits": splits}}}, match="non-int price")
    assert chain.all("SELECT playlist_id, total_price_cents, splits FROM album_price_history "
                     "ORDER BY block_timestamp") == [(P + 1, 499, splits), (P + 1, 599, splits)]


def test_track_access_normalization(chain, api):
    """Track Create and Update write allowed_api_keys lowercased and access_authorities trimmed (strings only),
    the authorities from the envelope's root when it has them; an absent key leaves a column as it was, null
    clears it; a non-list clears the API keys but is ignored for the authorities."""
    chain.user(1)

    def access():
        return chain.one("SELECT allowed_api_keys, access_authorities FROM tracks WHERE track_id = %s", T + 1)

    chain.track(T + 1, 1, allowed_api_keys=["ABC", 7, "Def"], access_authorities=[" 0xAbC ", 3])
    assert access() == (["abc", "def"], ["0xAbC"])
    assert get(api, f"/v1/tracks/{ids.encode(T + 1)}")["allowed_api_keys"] == ["abc", "def"]
    chain.send(1, "Track", T + 1, "Update", {"access_authorities": ["0xpayload"]},
               envelope={"access_authorities": ["0xroot "]})
    assert access() == (["abc", "def"], ["0xroot"])
    chain.send(1, "Track", T + 1, "Update", {"access_authorities": ["0xpayload"]}, envelope={})
    assert access() == (["abc", "def"], ["0xpayload"])
    chain.send(1, "Track", T + 1, "Update", {"title": "Renamed"})
    assert access() == (["abc", "def"], ["0xpayload"])
    chain.send(1, "Track", T + 1, "Update", {"allowed_api_keys": "abc", "access_authorities": "0xq"})
    assert access() == (None, ["0xpayload"])
    chain.send(1, "Track", T + 1, "Update", {"title": "Again"}, envelope={"access_authorities": None})
    assert access() == (None, None)


def test_remix_contest_events(chain, api):
    """Event Create/Update/Delete: a remix contest on a track its creator owns, one running per track, not on
    a remix, its end only moved later; Delete by the owner."""
    for n in (1, 2):
        chain.user(n)
    chain.track(1, 1)
    chain.track(2, 1, remix_of={"tracks": [{"parent_track_id": 1}]})
    end = (T0 + timedelta(days=30)).isoformat() + "Z"
    contest = {"event_type": "remix_contest", "entity_type": "track", "entity_id": 1, "end_date": end,
               "event_data": {"prize_info": "fame"}}
    chain.rejected(2, "Event", 7, "Create", contest, match="not the owner of track 1")
    chain.rejected(1, "Event", 7, "Create", contest | {"end_date": "2000-01-01T00:00:00Z"}, match="in the past")
    chain.rejected(1, "Event", 7, "Create", contest | {"event_type": "party"}, match="event_type 'party'")
    chain.rejected(1, "Event", 7, "Create", contest | {"entity_id": 2}, match="is a remix")
    chain.rejected(1, "Event", 7, "Create", {"event_type": "remix_contest", "end_date": end},
                   match="entity_id and entity_type must be provided")
    chain.send(1, "Event", 7, "Create", contest)
    chain.rejected(1, "Event", 8, "Create", contest, match="existing remix contest")
    chain.rejected(1, "Event", 7, "Create", contest, match="already exists")
    assert chain.one("SELECT event_type::text, user_id, entity_id, end_date, event_data, is_deleted FROM events") == (
        "remix_contest", 1, 1, T0 + timedelta(days=30), {"prize_info": "fame"}, False)
    chain.rejected(2, "Event", 7, "Update", {"end_date": end}, match="only the event's owner")
    chain.rejected(1, "Event", 7, "Update", {"end_date": (T0 + timedelta(days=2)).isoformat()},
                   match="before the current end_date")
    chain.send(1, "Event", 7, "Update", {"end_date": (T0 + timedelta(days=40)).isoformat()})
    assert chain.one("SELECT end_date, event_data, blocknumber FROM events") == (
        T0 + timedelta(days=40), {"prize_info": "fame"}, chain.last_height)
    chain.send(1, "Event", 7, "Delete")
    assert chain.one("SELECT is_deleted FROM events") == (True,)
    chain.rejected(1, "Event", 7, "Update", {"event_data": {}}, match="is deleted")
    chain.send(1, "Event", 8, "Create", contest)  # the track may host a new contest once the old one is gone


def test_a_contest_submission_subscribes_its_creator(chain, api):
    """A remix of a track hosting a running remix contest subscribes its creator to the contest (an 'Event'
    subscription whose user_id is the event id, as upstream), once; not the host, not a stem, not after the
    contest ended. It is no subscription to the user of that id."""
    for n in (1, 2, 3, 7):
        chain.user(n)
    chain.track(1, 1)
    chain.track(2, 1)
    end = (T0 + timedelta(days=30)).isoformat() + "Z"
    chain.send(1, "Event", 7, "Create", {"event_type": "remix_contest", "entity_type": "track", "entity_id": 1,
                                         "end_date": end})
    remix = {"remix_of": {"tracks": [{"parent_track_id": 1}]}}
    chain.track(T + 1, 2, **remix)
    submitted = chain.last_height
    chain.track(T + 2, 2, **remix)  # already subscribed
    chain.track(T + 3, 1, **remix)  # the host
    chain.track(T + 4, 3, stem_of={"parent_track_id": 1, "category": "vocals"}, **remix)
    chain.track(T + 5, 3, remix_of={"tracks": [{"parent_track_id": 2}]})  # no contest on track 2
    chain.send(3, "Track", T + 6, "Create", {"title": "Late", "owner_id": 3, **remix},
               at=T0 + timedelta(days=31))  # the contest has ended
    assert chain.all("SELECT subscriber_id, user_id, entity_type, entity_id, is_current, is_delete, txhash, "
                     "blocknumber FROM subscriptions") == [
        (2, 7, "Event", 7, True, False, f"auto_e7_0xtx{submitted}", submitted)]
    # User 7 is not subscribed to by 2, and 2 may subscribe to them.
    assert get(api, f"/v1/users/{ids.encode(7)}", viewer=2)["does_current_user_subscribe"] is False
    chain.send(2, "User", 7, "Subscribe")
    assert get(api, f"/v1/users/{ids.encode(7)}", viewer=2)["does_current_user_subscribe"] is True
    chain.send(2, "User", 7, "Unsubscribe")
    assert chain.all("SELECT entity_type, is_delete FROM subscriptions ORDER BY entity_type") == [
        ("Event", False), ("User", True)]


# ------------------------------------------------------------------------------------- collaborators

def invites(chain: Chain, track_id: int) -> dict[int, str]:
    return dict(chain.all("SELECT collaborator_user_id, status FROM track_collaborators WHERE track_id = %s",
                          track_id))


def test_collaborators_listed_on_create(chain, api):
    for n in range(1, 61):
        chain.user(n)
    # Numbers and objects with a numeric user_id, the owner, a duplicate, a user that does not exist (invited:
    # the ETL does not check), a string id and junk (skipped, as the ETL).
    chain.track(1, 1, collaborators=[2, {"user_id": 3}, "4", 1, 2, {"user_id": 2}, 999, "x", None, 4.0])
    assert invites(chain, 1) == {2: "pending", 3: "pending", 999: "pending", 4: "pending"}
    assert chain.one("SELECT DISTINCT invited_by FROM track_collaborators") == (1,)
    owner_view = get(api, "/v1/tracks/1", viewer=1)
    assert [u["id"] for u in owner_view["pending_collaborators"]] == [ids.encode(n) for n in (2, 3, 4)]
    assert chain.one("SELECT count(*) FROM track_collaborators WHERE collaborator_user_id = 999") == (1,)
    assert get(api, "/v1/tracks/1")["pending_collaborators"] == []
    # At most 50, counted after the owner and duplicates are left out.
    chain.track(2, 1, collaborators=[1] + list(range(2, 61)) + [2])
    assert sorted(invites(chain, 2)) == list(range(2, 52))
    # The invitees are notified (4 on the first track, 999 included, and 50).
    assert chain.one("SELECT count(*) FROM notification WHERE type = 'track_collaborator_invite'") == (54,)


def test_collaborators_reconciled_on_update(chain):
    for n in range(1, 7):
        chain.user(n)
    chain.track(1, 1, collaborators=[2, 3, 4, 5])
    chain.send(3, "TrackCollaborator", 1, "Approve")
    chain.send(4, "TrackCollaborator", 1, "Reject")
    before = invites(chain, 1)
    chain.send(1, "Track", 1, "Update", {"genre": "Pop"})  # no key: untouched
    assert invites(chain, 1) == before == {2: "pending", 3: "accepted", 4: "rejected", 5: "pending"}
    # 5 removed, 6 new, 3 keeps accepted, 4 stays rejected.
    chain.send(1, "Track", 1, "Update", {"collaborators": [{"user_id": 2}, 3, 4, 6]})
    assert invites(chain, 1) == {2: "pending", 3: "accepted", 4: "rejected", 6: "pending"}
    chain.send(1, "Track", 1, "Update", {"collaborators": []})
    assert invites(chain, 1) == {}


def test_collaborator_approve_and_reject(chain, api, db_url):
    for n in range(1, 6):
        chain.user(n)
    with psycopg.connect(db_url, autocommit=True) as conn:
        factory.grant(conn, 3, 5)  # 5 manages 3
    chain.track(1, 1, is_unlisted=True, collaborators=[2, 3, 4])
    chain.rejected(5, "TrackCollaborator", 1, "Approve", match="no collaborator invite for user 5 on track 1")
    chain.rejected(2, "TrackCollaborator", 1, "Approve", signer=factory.wallet_of(4), match="neither the wallet")
    chain.send(2, "TrackCollaborator", 1, "Approve")
    chain.send(3, "TrackCollaborator", 1, "Approve", signer=factory.wallet_of(5))  # by 3's manager
    chain.send(4, "TrackCollaborator", 1, "Reject")
    chain.rejected(2, "TrackCollaborator", 1, "Reject", match="not pending \\(it is accepted\\)")
    chain.rejected(4, "TrackCollaborator", 1, "Approve", match="not pending \\(it is rejected\\)")
    assert invites(chain, 1) == {2: "accepted", 3: "accepted", 4: "rejected"}
    track = get(api, "/v1/tracks/1", viewer=2)
    assert [u["id"] for u in track["collaborators"]] == [ids.encode(2), ids.encode(3)]
    # A rejected invitee loses access to the unlisted track.
    assert api.get("/v1/tracks/1", params={"user_id": ids.encode(4)},
                   headers=factory.signature_headers(4)).status_code == 404
    assert chain.all("SELECT type, user_ids, specifier FROM notification WHERE type = "
                     "'track_collaborator_accept' ORDER BY specifier") == [
        ("track_collaborator_accept", [1], "2"), ("track_collaborator_accept", [1], "3")]
    accepted = get(api, f"/v1/users/{ids.encode(2)}/collaboration_invites", viewer=2, status="accepted")
    assert [(i["track_id"], i["status"], i["invited_by"]["id"]) for i in accepted] == [
        (ids.encode(1), "accepted", ids.encode(1))]
