"""GET /v1/users/{id}, GET /v1/users?id=, GET /v1/users/handle/{handle}."""

import pytest
import yaml

from openaudio_api import ids
from openaudio_api.config import SPEC_FILE
from tests import factory


@pytest.fixture
def people(conn):
    factory.user(conn, 1, handle="Ava_Echo", is_verified=True, artist_pick_track_id=10)
    factory.user(conn, 2)
    factory.user(conn, 3)
    factory.track(conn, 10, 1)
    factory.track(conn, 11, 1, is_unlisted=True)
    factory.follow(conn, 2, 1)
    factory.follow(conn, 3, 1)
    factory.follow(conn, 3, 2)
    factory.repost(conn, 2, 10)
    conn.execute("INSERT INTO user_balances (user_id, balance, associated_wallets_balance, waudio, "
                 "associated_sol_wallets_balance) VALUES (1, '2000000000000000000', '500000000000000000', '1', '0')")
    conn.execute("INSERT INTO usdc_user_bank_accounts (signature, ethereum_address, created_at, bank_account) "
                 "VALUES ('sig1', %s, now(), 'UsdcBank1')", (factory.wallet_of(1),))
    return conn


def test_user_shape_and_counts(client, people):
    r = client.get("/v1/users/" + ids.encode(1))
    assert r.status_code == 200
    user = r.json()["data"]
    assert user["id"] == ids.encode(1) and user["user_id"] == 1
    assert user["handle"] == "Ava_Echo" and user["is_verified"] is True
    assert (user["follower_count"], user["followee_count"], user["track_count"]) == (2, 0, 1)
    assert user["artist_pick_track_id"] == ids.encode(10)
    assert user["wallet"] == user["erc_wallet"] == factory.wallet_of(1)
    # The USDC user bank under upstream's v1 name (its SDKs read spl_usdc_wallet) and its full name.
    assert user["spl_usdc_wallet"] == user["usdc_wallet"] == "UsdcBank1"
    # 2e18 + 0.5e18 wei + 1 wAUDIO unit (8 decimals, so x 1e10 into wei)
    assert user["total_balance"] == "2500000010000000000" and user["total_audio_balance"] == 2
    assert user["does_current_user_follow"] is False and user["current_user_followee_follow_count"] == 0


def test_owner_sees_unlisted_tracks_counted(client, people):
    assert client.get("/v1/users/1", params={"user_id": "1"}).json()["data"]["track_count"] == 2
    assert client.get("/v1/users/1", params={"user_id": "2"}).json()["data"]["track_count"] == 1


def test_viewer_relationship_fields(client, people):
    seen_by_3 = client.get("/v1/users/1", params={"user_id": ids.encode(3)}).json()["data"]
    assert seen_by_3["does_current_user_follow"] is True
    assert seen_by_3["current_user_followee_follow_count"] == 1  # 3 follows 2, who follows 1
    assert seen_by_3["does_follow_current_user"] is False
    seen_by_1 = client.get("/v1/users/3", params={"user_id": "1"}).json()["data"]
    assert seen_by_1["does_follow_current_user"] is True


def test_by_handle_is_case_insensitive(client, people):
    r = client.get("/v1/users/handle/ava_ECHO")
    assert r.status_code == 200 and r.json()["data"]["user_id"] == 1
    missing = client.get("/v1/users/handle/nobody")
    assert missing.status_code == 404 and missing.json() == {"code": 404, "error": "user not found"}


def test_a_user_without_a_usdc_bank_has_null_for_both_names(client, people):
    user = client.get("/v1/users/" + ids.encode(2)).json()["data"]
    assert "spl_usdc_wallet" in user and user["spl_usdc_wallet"] is None and user["usdc_wallet"] is None


def test_bulk_users(client, people):
    r = client.get("/v1/users", params=[("id", "3"), ("id", ids.encode(1)), ("id", "bad!"), ("id", "77")])
    assert [u["user_id"] for u in r.json()["data"]] == [3, 1]
    none = client.get("/v1/users")
    assert none.status_code == 400 and none.json() == {"code": 400, "error": "no user ids provided"}


def test_bulk_users_take_at_most_1000_ids_and_require_one(client, people):
    """The cap and the requirement are the spec's (maxItems, required), so SDKs and fuzzers know them."""
    assert client.get("/v1/users", params=[("id", "1")] * 1000).status_code == 200
    r = client.get("/v1/users", params=[("id", "1")] * 1001)
    assert r.status_code == 400
    assert r.json() == {"code": 400, "error": "id is invalid: at most 1000 values are allowed, got 1001"}
    spec = yaml.safe_load(SPEC_FILE.read_text())
    (id_param,) = [p for p in spec["paths"]["/users"]["get"]["parameters"] if p.get("name") == "id"]
    assert id_param["required"] is True and id_param["schema"]["maxItems"] == 1000


@pytest.mark.parametrize("bad", ["0", "-0", "!!", "99999999999", "2147483648", "7eP5", "1_000", "7eP5n!"])
def test_invalid_user_id_is_400(client, people, bad):
    r = client.get(f"/v1/users/{bad}")
    assert r.status_code == 400 and r.json() == {"code": 400, "error": "invalid userId"}


# Shaped as the spec's pattern says (a hashid or a nonzero decimal) but naming no user: the hashid of 0, a
# failing checksum, a negative id. As a decimal id no row has, not as a malformed one (the spec cannot tell
# a hashid's checksum by pattern, so it calls these valid).
@pytest.mark.parametrize("nobody", ["GeYrn", "zzzzzzzzzz", "7eP5N", "-5", "2147483647"])
def test_a_well_formed_id_that_names_nobody_is_404(client, people, nobody):
    r = client.get(f"/v1/users/{nobody}")
    assert r.status_code == 404 and r.json() == {"code": 404, "error": "user not found"}


def test_missing_user_is_404(client, people):
    r = client.get("/v1/users/55")
    assert r.status_code == 404 and r.json() == {"code": 404, "error": "user not found"}
