"""Blocks exactly as a core node serves them (chain-etl.md: GetBlockResponse lines with currentHeight, lowercase
block hashes, bare uppercase transaction hashes, "transactionv2": null, EIP-55 signers injected by the node,
metadata as a string), indexed end to end: the genesis replay (manageEntityMigration) under the migration
policy, rewardPool known and ignored, then ordinary ManageEntity on top."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime, timezone

import orjson
import pytest

from openaudio_api import ids
from openaudio_api.indexer import blockfile
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


# --------------------------------------------------------------------- block numbers as the jobs read them

CONTENT_NODE = "0x1D5e3d2C9a1A2b4F6e8c0B3d5F7a9C1e3B5d7F90"  # a content node's wallet (EIP-55)
ARTIST = 3_000_001


def plays(*listens: tuple[str, int, str]) -> dict:
    """A TrackPlays transaction as mediorum signs it: (userId, track, time) per listen."""
    return {"signature": _hex("batch", *listens)[:130].ljust(130, "0"), "requestId": "", "plays": {"plays": [
        {"userId": user, "trackId": str(track), "timestamp": at, "signature": "0x" + _hex("listen", user, at) * 2 + "1b",
         "city": "Berlin", "region": "Land Berlin", "country": "DE"} for user, track, at in listens]}}


def live_chain(path, first: int) -> None:
    """A new chain from `first` on: an artist, three uploads and a playlist, then listens a day apart."""
    artist = str(ARTIST)
    blocks = [
        node_block(first, "2025-06-01T00:00:00Z", [
            live(ARTIST, "User", ARTIST, "Create", ALICE, {"cid": "bafy", "data": {"handle": "artist"}})], tip=first + 3),
        node_block(first + 1, "2025-06-01T00:01:00.5Z", [
            *(live(ARTIST, "Track", 2_000_001 + n, "Create", ALICE, {"cid": "", "data": {
                "owner_id": ARTIST, "title": f"Song {n}"}}) for n in range(3)),
            live(ARTIST, "Playlist", 400_001, "Create", ALICE, {"cid": "", "data": {"playlist_name": "Mix"}})],
            tip=first + 3),
        node_block(first + 2, "2025-06-02T00:00:00Z", [
            plays((artist, 2_000_001, "2025-06-02T00:00:00Z"), (CONTENT_NODE, 2_000_002, "2025-06-02T00:00:01Z"))],
            tip=first + 3),
        node_block(first + 3, "2025-06-03T01:00:00Z", [plays((artist, 2_000_001, "2025-06-03T01:00:00Z"))],
                   tip=first + 3),
    ]
    path.write_bytes(b"".join(orjson.dumps(b) + b"\n" for b in blocks))


@pytest.mark.parametrize("first, em_block_start, counted", [
    (1, 30_000_000, True),  # a new chain's heights, the entity-manager counter past the catalog's starts
    (120_000_000, 0, False),  # heights past every starting_block, the counter (from 0) before them
])
def test_the_jobs_gate_on_the_entity_manager_counter_not_the_height(db_url, conn, tmp_path, first, em_block_start,
                                                                    counted):
    """u and fp compare the catalog's starting_block (legacy counter) with blocknumber, which is the
    entity-manager counter whatever the height; e ignores its starting_block (116,023,891), which plays.slot (the
    chain height) could never reach on a new chain; anonymous listens (the content node's wallet) earn nothing."""
    from tests.challenges import progress, run_jobs

    live_chain(tmp_path / "node.jsonl", first)
    index_all(db_url, FileSource(tmp_path / "node.jsonl"), em_block_start=em_block_start)
    assert conn.execute("SELECT DISTINCT blocknumber FROM tracks").fetchall() == [(em_block_start + 2,)]
    assert conn.execute("SELECT user_id, slot FROM plays ORDER BY slot, user_id NULLS LAST").fetchall() == [
        (ARTIST, first + 2), (None, first + 2), (ARTIST, first + 3)]
    run_jobs(db_url, ["u", "fp", "e"])
    hex_id = f"{ARTIST:x}"
    assert progress(conn, "u") == ({hex_id: (ARTIST, 3, True, 1)} if counted else {})
    assert progress(conn, "fp") == ({hex_id: (ARTIST, 1, True, 2)} if counted else {})
    assert progress(conn, "e") == {f"{hex_id}2025060200": (ARTIST, 1, False, 7),
                                   f"{hex_id}2025060301": (ARTIST, 2, False, 7)}


# ------------------------------------------------------------------- what our block writer emits, by shape

# Each string of the fact sheet's JSON by its form; two documents have the same shape when every key is there
# on both, holding the same form.
FORMS = [("int64", r"-?[0-9]{1,19}"), ("block hash", r"[0-9a-f]{64}"), ("tx hash", r"[0-9A-F]{64}"),
         ("comet address", r"[0-9a-f]{40}"), ("time", r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z"),
         ("EIP-55 wallet", r"0x(?=.*[a-f])(?=.*[A-F])[0-9a-fA-F]{40}"), ("0x signature", r"0x[0-9a-f]{130}"),
         ("node signature", r"[0-9a-f]{130}"), ("bytes32", r"0x[0-9a-f]{64}"), ("empty", r"")]


def shape(value):
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shape(v) for v in value]
    if isinstance(value, str):
        return next((name for name, form in FORMS if re.fullmatch(form, value)), "text")
    return value if value is None else type(value).__name__


AT = datetime(2025, 6, 2, tzinfo=timezone.utc).replace(tzinfo=None)


def test_the_block_writer_emits_what_a_node_serves():
    """A block file line (the seed's and the benches' writer) has the shape of the GetBlockResponse the fact
    sheet gives: envelope, hashes, the outer transaction's fields, TrackPlays with an anonymous listen under
    the content node's wallet, ManageEntity with its node-injected signer and metadata string."""
    listens = [blockfile.track_play(ARTIST, 2_000_001, AT, signature=blockfile.eth_signature(1), city="Berlin",
                                    region="Land Berlin", country="DE"),
               blockfile.track_play(None, 2_000_001, AT, signature=blockfile.eth_signature(2), city="Berlin",
                                    region="Land Berlin", country="DE")]
    follow = blockfile.manage_entity_tx(ARTIST, "User", 3_000_002, "Follow", ALICE)
    written = blockfile.response(blockfile.block(7, AT, [follow, blockfile.plays_tx(listens)], chain_id=CHAIN),
                                 current_height=9)
    served = node_block(7, "2025-06-02T00:00:00Z", [
        live(ARTIST, "User", 3_000_002, "Follow", ALICE),
        plays((str(ARTIST), 2_000_001, "2025-06-02T00:00:00Z"), (CONTENT_NODE, 2_000_001, "2025-06-02T00:00:00Z"))],
        tip=9)
    assert shape(written) == shape(served)
    assert shape(written)["block"]["transactions"][1]["transaction"]["plays"]["plays"][1]["userId"] == "EIP-55 wallet"
    assert blockfile.CONTENT_NODE_WALLET == listens[1]["userId"]


def test_the_block_writer_serves_manage_entity_first_and_creates_first(db_url, conn, tmp_path):
    """The node's served order: ManageEntity before other kinds, Create before the other actions, the rest by
    FNV-32a of the signature, descending (FNV-32a of "a" is 0xe40c292c, of "foobar" 0xbf9cf968). Written in
    the wrong order, the Follow would come before the accounts exist; served so, every transaction applies."""
    later, sooner = (blockfile.plays_tx([blockfile.track_play(3_000_002, 2_000_001, AT,
                                                              signature=blockfile.eth_signature(name))])
                     for name in ("foobar", "a"))
    for tx, name in ((later, "foobar"), (sooner, "a")):
        tx["transaction"]["signature"] = name
    follow = blockfile.manage_entity_tx(3_000_002, "User", ARTIST, "Follow", NEWCOMER)
    creates = [blockfile.manage_entity_tx(n, "User", n, "Create", signer, {"cid": "", "data": {"handle": f"u{n}"}})
               for n, signer in ((ARTIST, ALICE), (3_000_002, NEWCOMER))]
    block = blockfile.block(1, AT, [later, follow, sooner, *creates], chain_id=CHAIN)
    assert [tx["hash"] for tx in block["transactions"]] == [tx["hash"] for tx in (*creates, follow, sooner, later)]
    blockfile.write(tmp_path / "b.jsonl", [block])
    stats = index_all(db_url, FileSource(tmp_path / "b.jsonl"))
    assert (stats.skipped, stats.plays) == ({}, 2)
    assert conn.execute("SELECT follower_user_id, followee_user_id FROM follows").fetchall() == [(3_000_002, ARTIST)]
    assert conn.execute("SELECT tx_index FROM etl_plays ORDER BY tx_index").fetchall() == [(3,), (4,)]
