"""Blocks exactly as a core node serves them (chain-etl.md: GetBlockResponse lines with currentHeight, lowercase
block hashes, bare uppercase transaction hashes, "transactionv2": null, EIP-55 signers injected by the node,
metadata as a string), indexed end to end: the genesis replay (manageEntityMigration) under the migration
policy, rewardPool known and ignored, then ordinary ManageEntity on top."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

import orjson
import pytest

from openaudio_api import ids
from openaudio_api.indexer.runner import index_all
from openaudio_api.indexer.sources import FileSource
from tests.conftest import make_client

CHAIN = "mainnet-alpha-beta"
# EIP-55 mixed case, as InjectSigner writes them.
ALICE = "0x064abF6B80bb56F13061515DEdE25568048D3dB1"
BOB = "0xc2D156C3038d59f527418F7D37Fa3b39a7B9fbD4"
GUEST = "0x8ba1f109551bD432803012645Ac136ddd64DBA72"
NEWCOMER = "0xAb5801a7D398351b8bE11C439e05C5B3259aeC9B"
NEW_USER = 3_000_007  # above the ETL's user id floor: a new account


def _hex(*parts: object) -> str:
    return hashlib.sha256(":".join(map(str, parts)).encode()).hexdigest()


def entity(kind: str, user_id: int, entity_type: str, entity_id: int, action: str, signer: str,
           metadata: dict | str = "") -> dict:
    """A SignedTransaction carrying a ManageEntityLegacy(/Migration): int64 ids as strings, metadata a string."""
    return {"signature": "", "requestId": _hex("req", user_id, entity_id, action)[:36], kind: {
        "userId": str(user_id), "entityType": entity_type, "entityId": str(entity_id), "action": action,
        "metadata": metadata if isinstance(metadata, str) else json.dumps(metadata),
        "signature": "0x" + _hex("sig", entity_id, action) * 2 + "1b", "signer": signer,
        "nonce": "0x" + _hex("nonce", user_id, entity_id, action)}}


def migrated(*args, **kwargs) -> dict:
    return entity("manageEntityMigration", *args, **kwargs)


def live(*args, **kwargs) -> dict:
    return entity("manageEntity", *args, **kwargs)


def node_block(height: int, at: str, signed: list[dict], tip: int) -> dict:
    """GetBlockResponse as GetBlock serves it from core_blocks."""
    block_hash = _hex("block", height)
    return {"block": {
        "height": str(height), "hash": block_hash, "chainId": CHAIN, "proposer": _hex("proposer")[:40],
        "timestamp": at,
        "transactions": [{"hash": _hex("tx", height, i).upper(), "transaction": tx, "chainId": CHAIN,
                          "height": str(height), "blockHash": block_hash, "timestamp": at, "transactionv2": None}
                         for i, tx in enumerate(signed)]},
        "currentHeight": str(tip)}


REWARD_POOL = {"signature": "", "requestId": "", "rewardPool": {"name": "pool", "claimAuthorities": []}}


@pytest.fixture
def genesis(db_url, tmp_path):
    """A new chain that starts with the legacy state replayed (ids below the id floors, a reserved handle, a
    deactivated and a verified account, a deleted track, a carried route, legacy times), then live use."""
    blocks = [
        node_block(1, "2026-01-10T00:00:00.501Z", [
            migrated(51, "User", 51, "Create", ALICE, {"cid": "bafyalice", "data": {
                "user_id": 51, "handle": "admin", "name": "Alice", "is_verified": True,
                "created_at": "2021-05-04T10:11:12Z"}}),
            migrated(52, "User", 52, "Create", BOB, {"cid": "bafybob", "data": {
                "user_id": 52, "handle": "Bob.Legacy", "is_deactivated": True, "created_at": "2022-11-28 07:08:09"}}),
            migrated(51, "Track", 7, "Create", ALICE, {"cid": "", "data": {
                "owner_id": 51, "title": "Untitled", "route_slug": "k2rX2M3", "route_title_slug": "k2rX2M3",
                "created_at": "2021-06-01T00:00:00Z"}}),
            migrated(51, "Track", 8, "Create", ALICE, {"cid": "", "data": {
                "owner_id": 51, "title": "Gone", "is_delete": True, "created_at": "2021-07-01T00:00:00Z"}}),
            migrated(52, "Track", 9, "Create", BOB, {"cid": "", "data": {"owner_id": 51, "title": "Not mine"}}),
            REWARD_POOL,
        ], tip=4),
        node_block(2, "2026-01-10T00:00:01.520193847Z", [
            migrated(52, "User", 51, "Follow", BOB, {"created_at": "2020-01-02T03:04:05Z", "is_delete": True}),
            migrated(51, "User", 52, "Follow", ALICE, {"created_at": "2020-02-02T03:04:05Z", "is_delete": False}),
        ], tip=4),
        node_block(3, "2026-01-10T00:00:01.75Z", [REWARD_POOL], tip=4),  # no ManageEntity: no em_block
        node_block(4, "2026-01-10T00:00:02Z", [
            # createGuestAccount's metadata, literally; then a new account may not take a reserved handle.
            live(NEW_USER, "User", NEW_USER, "Create", GUEST, '{"cid":null,"data":null}'),
            live(NEW_USER + 1, "User", NEW_USER + 1, "Create", NEWCOMER, {"cid": "bafy", "data": {"handle": "Admin"}}),
            live(52, "Track", 7, "Repost", BOB, "")], tip=4),
    ]
    path = tmp_path / "node.jsonl"
    path.write_bytes(b"".join(orjson.dumps(b) + b"\n" for b in blocks))
    # The legacy entity-manager counter this chain continues: its first ManageEntity block is 1001.
    return index_all(db_url, FileSource(path), em_block_start=1000)


def test_the_genesis_replay_is_indexed_under_the_migration_policy(genesis, conn):
    stats = genesis
    assert stats.ignored == {"rewardPool": 2}
    assert stats.skipped == {"manage_entity": 2}
    reasons = [r for r, in conn.execute("SELECT reason FROM core_skipped_transactions ORDER BY height")]
    assert "owner_id 51 is not the user_id 52" in reasons[0]  # track 9: not the acting user's
    assert "handle 'Admin' is reserved" in reasons[1]  # reserved handles bind new accounts, not replayed ones
    assert conn.execute("""SELECT user_id, handle, handle_lc, wallet, is_verified, is_deactivated, created_at
                           FROM users ORDER BY 1""").fetchall() == [
        (51, "admin", "admin", ALICE.lower(), True, False, datetime(2021, 5, 4, 10, 11, 12)),
        (52, "Bob.Legacy", "bob.legacy", BOB.lower(), False, True, datetime(2022, 11, 28, 7, 8, 9)),
        (NEW_USER, None, None, GUEST.lower(), False, False, datetime(2026, 1, 10, 0, 0, 2))]
    assert conn.execute("SELECT track_id, owner_id, is_delete, created_at FROM tracks ORDER BY 1").fetchall() == [
        (7, 51, False, datetime(2021, 6, 1)), (8, 51, True, datetime(2021, 7, 1))]
    assert conn.execute("SELECT slug, title_slug, collision_id FROM track_routes WHERE track_id = 7").fetchall() == [
        ("k2rX2M3", "k2rX2M3", 0)]
    assert conn.execute("""SELECT follower_user_id, followee_user_id, is_delete, created_at FROM follows
                           ORDER BY 1""").fetchall() == [
        (51, 52, False, datetime(2020, 2, 2, 3, 4, 5)), (52, 51, True, datetime(2020, 1, 2, 3, 4, 5))]
    # Live use on top: the deactivated legacy account still signs (a repost of the migrated track).
    assert conn.execute("SELECT user_id, repost_item_id, is_delete FROM reposts").fetchall() == [(52, 7, False)]
    # Block numbers: the entity-manager counter, not the height.
    assert conn.execute("SELECT height, em_block FROM core_indexed_blocks ORDER BY 1").fetchall() == [
        (1, 1001), (2, 1002), (3, None), (4, 1003)]
    assert conn.execute("SELECT DISTINCT blocknumber FROM users WHERE user_id < 100").fetchall() == [(1001,)]
    assert conn.execute("SELECT DISTINCT blocknumber FROM track_routes").fetchall() == [(1001,)]
    assert conn.execute("SELECT DISTINCT blocknumber FROM follows").fetchall() == [(1002,)]
    assert conn.execute("SELECT blocknumber FROM reposts").fetchall() == [(1003,)]
    assert conn.execute("SELECT blocknumber FROM users WHERE user_id = %s", (NEW_USER,)).fetchall() == [(1003,)]


def test_the_replayed_state_is_served(genesis, db_url):
    with make_client(db_url) as client:
        user = client.get("/v1/users/handle/admin").json()["data"]
        assert (user["id"], user["is_verified"], user["follower_count"]) == (ids.encode(51), True, 0)
        track = client.get("/v1/tracks/" + ids.encode(7)).json()["data"]
        assert track["permalink"] == "/admin/k2rX2M3" and track["repost_count"] == 1
        assert client.get("/v1/tracks/" + ids.encode(8)).json()["data"]["is_delete"] is True
