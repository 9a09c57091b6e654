"""The seed as blocks: the demo data set written directly (COPY) and the same data set written as a block
file and indexed by the runner must be the same thing to a user. Every GET operation of the spec is called,
over a broad sample, on both databases, and the bodies must be equal; so must every row both paths write."""

from __future__ import annotations

import json
import re
import uuid

import psycopg
import pytest

from openaudio_api.demo import seed as seeding
from openaudio_api.indexer import blockfile
from openaudio_api.indexer.runner import index_all
from openaudio_api.indexer.sources import FileSource
from openaudio_api import ids
from tests import factory, samples
from tests.conftest import SEED_SIZE, TEMPLATE, _recreate, add_sample_grants, make_client
from tests.spec_walk import operations
from tests.test_seed import DETERMINISTIC_COLUMNS

# Balances come from the token indexers, not the core chain: the direct seed invents them, the chain cannot
# carry them. Every other field of every answer must be equal.
NOT_ON_CHAIN = frozenset({"balance", "associated_wallets_balance", "total_balance", "total_audio_balance"})

# Rows both paths write, beyond test_seed's list: what the later blocks change and what they notify.
ROWS = DETERMINISTIC_COLUMNS | {
    "users": "*", "tracks": "*",
    "track_routes": "slug, title_slug, collision_id, owner_id, track_id, is_current, blockhash, blocknumber, txhash",
    "follows": "*", "reposts": "*", "saves": "*", "remixes": "*", "comments": "*", "track_collaborators": "*",
    "plays": "user_id, source, play_item_id, created_at, slot, signature, city, region, country",
    "milestones": "*",
    "notification": "specifier, group_id, type, blocknumber, slot, \"timestamp\", data, user_ids",
}
ROWS.pop("user_balances")


@pytest.fixture(scope="module")
def both(server_url, template_url, tmp_path_factory):
    """(direct url, indexed url, index stats)."""
    names = [f"oa_blocks_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    direct, indexed = (_recreate(server_url, name, template=TEMPLATE) for name in names)
    seeding.seed(direct, SEED_SIZE, progress=False)
    path = tmp_path_factory.mktemp("chain") / "blocks.jsonl"
    seeding.write_blocks(path, SEED_SIZE, progress=False)
    stats = index_all(indexed, FileSource(path), verifiers=frozenset({seeding.verifier_wallet(SEED_SIZE.seed)}))
    for url in (direct, indexed):
        # Manager grants are not in the seed yet; the same rows on both sides give getManagers something.
        add_sample_grants(url)
    yield direct, indexed, stats
    with psycopg.connect(server_url, autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_block_file_is_contiguous_and_deterministic(tmp_path):
    size = seeding.SeedSize(users=12, tracks=40, plays=700, seed=5, now=seeding.PINNED_NOW)
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    count = seeding.write_blocks(a, size, progress=False)
    seeding.write_blocks(b, size, progress=False)
    assert a.read_bytes() == b.read_bytes()
    lines = [json.loads(line) for line in a.read_text().splitlines()]
    heights = [int(line["block"]["height"]) for line in lines]
    assert heights == list(range(1, count + 1)) and count == seeding.block_count(size)
    # As a node serves them: GetBlockResponse lines naming the tip, bare uppercase tx hashes, anonymous
    # listens under the content node's wallet.
    assert {line["currentHeight"] for line in lines} == {str(count)}
    txs = [tx for line in lines for tx in line["block"]["transactions"]]
    assert all(re.fullmatch("[0-9A-F]{64}", tx["hash"]) and tx["transactionv2"] is None for tx in txs)
    listeners = {p["userId"] for tx in txs for p in tx["transaction"].get("plays", {}).get("plays", [])}
    assert blockfile.CONTENT_NODE_WALLET in listeners
    assert all(u.isdigit() for u in listeners - {blockfile.CONTENT_NODE_WALLET})
    other = tmp_path / "c.jsonl"
    seeding.write_blocks(other, seeding.SeedSize(users=12, tracks=40, plays=700, seed=6, now=seeding.PINNED_NOW), progress=False)
    assert other.read_bytes() != a.read_bytes()


def test_every_transaction_of_the_seed_chain_is_applied(both):
    _, indexed, stats = both
    assert dict(stats.skipped) == {}
    assert stats.plays == SEED_SIZE.plays
    with psycopg.connect(indexed) as conn:
        assert conn.execute("SELECT count(*) FROM users WHERE is_verified").fetchone()[0] == SEED_SIZE.users // 25
        statuses = dict(conn.execute("SELECT status, count(*) FROM track_collaborators GROUP BY 1").fetchall())
        assert set(statuses) == {"pending", "accepted", "rejected"}


@pytest.mark.parametrize("table", sorted(ROWS))
def test_both_paths_write_the_same_rows(both, table):
    direct, indexed, _ = both
    columns = ROWS[table]
    query = (f"SELECT to_jsonb(t)::text FROM {table} t" if columns == "*" else
             f"SELECT ROW({columns})::text FROM {table}")
    rows = []
    for url in (direct, indexed):
        with psycopg.connect(url) as conn:
            rows.append(sorted(r[0] for r in conn.execute(query)))
    assert rows[0], f"the seed wrote no {table}"
    assert rows[0] == rows[1]


def _strip(value):
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if not ("erc_wallet" in value and k in NOT_ON_CHAIN)}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _calls(direct: str) -> list[tuple[str, str, dict]]:
    """(label, path and query, headers): the sample calls of every operation, and a broad sample on top."""
    known = samples.known(direct)
    found, impossible = samples.calls(known)
    assert not impossible, impossible
    out = [(c.label, c.path_and_query(), _headers(c.signer)) for c in found]
    h = ids.encode
    with psycopg.connect(direct) as conn:
        tracks = [r[0] for r in conn.execute("SELECT track_id FROM tracks ORDER BY 1")]
        users = [r[0] for r in conn.execute("SELECT user_id FROM users ORDER BY 1")]
        notified = [r[0] for r in conn.execute(
            "SELECT DISTINCT unnest(user_ids) FROM notification ORDER BY 1 LIMIT 12")]
        handles = [r[0] for r in conn.execute("SELECT handle FROM users ORDER BY user_id LIMIT 10")]
    for i in range(0, len(tracks), 50):
        out.append(("bulk tracks", "/v1/tracks?" + "&".join(f"id={h(t)}" for t in tracks[i:i + 50]), {}))
    for i in range(0, len(users), 50):
        out.append(("bulk users", "/v1/users?" + "&".join(f"id={h(u)}" for u in users[i:i + 50]), {}))
    out += [(f"track {t}", f"/v1/tracks/{h(t)}?user_id={h(known.viewer)}", _headers(known.viewer))
            for t in tracks[::9]]
    out += [(f"handle {x}", f"/v1/users/handle/{x}", {}) for x in handles]
    for word in ("midnight", "echo", "silver", "neon river", "zzz"):
        for sort in ("relevant", "popular", "recent"):
            out.append((f"search {word} {sort}", f"/v1/tracks/search?query={word}&sort_method={sort}", {}))
    for user in users[:6] + [known.unlisted_owner, known.invitee]:
        for sort in ("title", "release_date", "plays", "reposts", "saves", "added_date", "last_listen_date"):
            out.append((f"user {user} tracks {sort}", f"/v1/users/{h(user)}/tracks?sort_method={sort}&limit=100",
                        {}))
        out.append((f"user {user} tracks by date asc", f"/v1/users/{h(user)}/tracks?sort=date&sort_direction=asc",
                    {}))
        out.append((f"user {user} listens", f"/v1/users/{h(user)}/listen_counts_monthly?start_time=2022-01-01"
                    f"&end_time=2027-01-01", _headers(user)))
        for status in ("", "?status=pending", "?status=rejected"):
            out.append((f"user {user} invites {status}", f"/v1/users/{h(user)}/collaboration_invites{status}",
                        _headers(user)))
    for user in notified:
        # The first page covers 90 days before now; a cursor in the future pages through all of them.
        for query in ("", "?timestamp=4102444800&limit=100", "?limit=0"):
            out.append((f"notifications {user} {query}", f"/v1/notifications/{h(user)}{query}", _headers(user)))
    return out


def _headers(user: int | None) -> dict:
    return factory.signature_headers(user, key=seeding.private_key(user, SEED_SIZE.seed)) if user else {}


def test_every_get_operation_answers_the_same_on_both(both):
    direct, indexed, _ = both
    calls = _calls(direct)
    with make_client(direct) as a, make_client(indexed) as b:
        for label, path, headers in calls:
            first, second = a.get(path, headers=headers), b.get(path, headers=headers)
            if path.startswith("/v1/health_check"):
                # The server's own state (latency, uptime, the indexer's progress), not the data set's.
                assert first.status_code == second.status_code == 200
                continue
            assert (first.status_code, _strip(first.json())) == (second.status_code, _strip(second.json())), label
    assert len(calls) > 200
    assert {op.operation_id for op in operations()} <= {c.operation_id for c in samples.calls(
        samples.known(direct))[0]}
    # The comparison is not vacuous: the answers carry data, notifications included.
    with make_client(indexed) as b:
        page = b.get(f"/v1/notifications/{ids.encode(known_invitee(direct))}?timestamp=4102444800&limit=100",
                     headers=_headers(known_invitee(direct))).json()
        assert page["data"]["notifications"]


def known_invitee(url: str) -> int:
    return samples.known(url).invitee


def test_block_file_holds_only_blocks_when_the_progress_bar_redraws(tmp_path, monkeypatch):
    """A progress bar that redraws on every block (as on a slow or loaded machine) must not leak into the file."""
    from functools import partial

    monkeypatch.setattr(seeding, "tqdm", partial(seeding.tqdm, mininterval=0, miniters=1))
    path = tmp_path / "chain.jsonl"
    size = seeding.SeedSize(users=5, tracks=10, plays=20, follows_per_user=2, seed=3)
    count = seeding.write_blocks(path, size, progress=True)
    lines = path.read_bytes().splitlines()
    assert len(lines) == count == seeding.block_count(size)
    assert all(isinstance(json.loads(line), dict) for line in lines)
