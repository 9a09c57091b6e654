"""Tip reactions (issue 21): ManageEntity Tip Update indexed as go-openaudio's ETL does, and
GET /v1/reactions (bulkGetReactions), which serves them."""

from __future__ import annotations

import pytest

from openaudio_api import ids
from tests import factory
from tests.test_entities import Chain, U

SENDER, RECEIVER, OTHER = U + 1, U + 2, U + 3


@pytest.fixture
def chain(db_url):
    c = Chain(db_url)
    for n in (SENDER, RECEIVER, OTHER):
        c.user(n)
    # Two tips from SENDER, as a Solana indexer would store them (no writer here fills user_tips yet).
    for slot, (signature, receiver) in enumerate((("sig-a", RECEIVER), ("sig-b", OTHER))):
        c.conn.execute("INSERT INTO user_tips (slot, signature, sender_user_id, receiver_user_id, amount) "
                       "VALUES (%s, %s, %s, %s, 100000000)", (slot, signature, SENDER, receiver))
    c.conn.commit()
    yield c
    c.conn.close()


def react(chain, user, reacted_to, value, **kwargs):
    chain.send(user, "Tip", 1, "Update", {"reacted_to": reacted_to, "reaction_value": value}, **kwargs)


def stored(chain):
    return chain.all("SELECT reacted_to, reaction_value, reaction_type, sender_wallet FROM reactions ORDER BY id")


def test_a_receiver_reacts_to_a_tip(chain):
    react(chain, RECEIVER, "sig-a", 1)
    react(chain, RECEIVER, "sig-a", 3)
    react(chain, OTHER, "sig-b", 4, envelope={})  # as the SDK wraps it: {"cid": "", "data": {...}}
    wallet = factory.wallet_of(SENDER)
    assert stored(chain) == [("sig-a", 1, "tip", wallet), ("sig-a", 3, "tip", wallet), ("sig-b", 4, "tip", wallet)]


@pytest.mark.parametrize("user, metadata, match", [
    (SENDER, {"reacted_to": "sig-a", "reaction_value": 1}, "not found"),  # the sender is not its receiver
    (RECEIVER, {"reacted_to": "sig-b", "reaction_value": 1}, "not found"),  # another's tip
    (RECEIVER, {"reacted_to": "sig-x", "reaction_value": 1}, "not found"),  # no such tip
    (RECEIVER, {"reacted_to": "sig-a", "reaction_value": 10}, "between 1 and 4"),
    (RECEIVER, {"reacted_to": "sig-a", "reaction_value": 0}, "between 1 and 4"),
    (RECEIVER, {"reacted_to": "sig-a", "reaction_value": "1"}, "integer"),
    (RECEIVER, {"reaction_value": 1}, "reacted_to is required"),
    (RECEIVER, {"reacted_to": "sig-a"}, "reaction_value is required"),
    (RECEIVER, {}, "reacted_to is required"),
])
def test_what_the_etl_refuses_writes_nothing(chain, user, metadata, match):
    chain.rejected(user, "Tip", 1, "Update", metadata, match=match)
    assert stored(chain) == []


def test_only_the_receiver_or_their_manager_signs(chain):
    chain.rejected(RECEIVER, "Tip", 1, "Update", {"reacted_to": "sig-a", "reaction_value": 2},
                   signer=factory.wallet_of(OTHER), match="signer")
    assert stored(chain) == []


def test_a_replayed_block_writes_its_reaction_once(chain):
    react(chain, RECEIVER, "sig-a", 2)
    chain.conn.execute("INSERT INTO reactions (reaction_value, sender_wallet, reaction_type, reacted_to, "
                       "\"timestamp\", blocknumber, txhash) SELECT reaction_value, sender_wallet, reaction_type, "
                       "reacted_to, \"timestamp\", blocknumber, txhash FROM reactions "
                       "ON CONFLICT (txhash) WHERE txhash <> '' DO NOTHING")
    chain.conn.commit()
    assert len(stored(chain)) == 1


# ------------------------------------------------------------------------------------------- the endpoint

def reactions(client, ids_, **params):
    return client.get("/v1/full/reactions", params={"reacted_to_ids": ",".join(ids_), **params})


def test_the_latest_reaction_to_each_tip(chain, client):
    react(chain, RECEIVER, "sig-a", 1)
    react(chain, OTHER, "sig-b", 4)
    react(chain, RECEIVER, "sig-a", 3)
    response = reactions(client, ["sig-a", "sig-b", "sig-x"])
    assert response.status_code == 200, response.text
    sender = ids.encode(SENDER)
    assert response.json()["data"] == [
        {"reaction_value": "3", "reaction_type": "tip", "sender_user_id": sender, "reacted_to": "sig-a"},
        {"reaction_value": "4", "reaction_type": "tip", "sender_user_id": sender, "reacted_to": "sig-b"}]
    assert [r["reacted_to"] for r in reactions(client, ["sig-b"], type="tip").json()["data"]] == ["sig-b"]
    assert client.get("/v1/reactions", params={"reacted_to_ids": "sig-a"}).json()["data"][0]["reaction_value"] == "3"


def test_none_is_upstreams_404(chain, client):
    react(chain, RECEIVER, "sig-a", 1)
    for response in (reactions(client, ["sig-x"]), reactions(client, ["sig-a"], type="other")):
        assert response.status_code == 404
        assert response.json()["code"] == 404


@pytest.mark.parametrize("query", [{}, {"reacted_to_ids": ",".join(["s"] * 101)}])
def test_bad_parameters_are_400(client, query):
    response = client.get("/v1/reactions", params=query)
    assert response.status_code == 400
    assert response.json()["code"] == 400


def test_the_lookup_probes_each_signature(chain):
    from tests.test_query_plans import analyzed, scans
    chain.conn.execute("""
        INSERT INTO reactions (reaction_value, sender_wallet, reaction_type, reacted_to, "timestamp", txhash)
        SELECT 1 + n %% 4, %s, 'tip', 'sig-' || (n %% 20000), timestamp '2025-01-01' + n * interval '1 second',
               'tx' || n
        FROM generate_series(1, 60000) n""", (factory.wallet_of(SENDER),))
    chain.conn.execute("ANALYZE reactions")
    chain.conn.commit()
    chain.conn.autocommit = True
    for mode in ("force_custom_plan", "force_generic_plan"):
        plan = analyzed(chain.conn, "get_reactions", {"reacted_to": ["sig-1", "sig-2", "sig-a"], "type": None},
                        mode)
        nodes = list(scans(plan))
        assert plan["Actual Rows"] == 2
        assert not [n for n in nodes if n["Node Type"] == "Seq Scan" and n.get("Relation Name") == "reactions"]
        assert sum(n["Actual Rows"] * n["Actual Loops"] for n in nodes
                   if n.get("Relation Name") == "reactions") <= 10
