"""GET /v1/users/{id}/challenges and GET /v1/challenges/undisbursed[/{user_id}], as upstream's Go API
serves them. Every response is validated against the spec by the app."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import psycopg
import pytest

from openaudio_api.db.pool import Database
from openaudio_api.db.queries import sql
from openaudio_api import ids
from tests import factory
from tests.conftest import TEMPLATE, _recreate

H = ids.encode
AT = datetime(2025, 5, 6, 7, 8, 9)
MAXINT = 2147483647


def get(client, path: str, **params):
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    return r.json()["data"]


def entry(challenge_id: str, user: int, *, specifier: str = "", is_complete: bool = False,
          is_disbursed: bool = False, current_step_count: int = 0, max_steps: int | None,
          challenge_type: str, amount: str, disbursed_amount: int = 0, cooldown_days: int) -> dict:
    return {"challenge_id": challenge_id, "user_id": H(user), "specifier": specifier, "is_complete": is_complete,
            "is_active": True, "is_disbursed": is_disbursed, "current_step_count": current_step_count,
            "max_steps": max_steps, "challenge_type": challenge_type, "amount": amount,
            "disbursed_amount": disbursed_amount, "cooldown_days": cooldown_days}


# ------------------------------------------------------------------------------ /users/{id}/challenges

UNVERIFIED_IDS = ["b", "c", "cp", "e", "fp", "ft", "m", "o", "p", "p1", "p2", "p3", "r", "rd", "t", "u", "v", "w"]


def test_a_new_user_sees_every_active_challenge_not_started(client, conn):
    factory.user(conn, 1)
    data = get(client, "/v1/users/1/challenges")
    # Not listed: inactive tp and cs, trending tt/tut (nothing won), rv and s (unverified).
    assert [d["challenge_id"] for d in data] == UNVERIFIED_IDS
    by_id = {d["challenge_id"]: d for d in data}
    assert by_id["u"] == entry("u", 1, max_steps=3, challenge_type="numeric", amount="1", cooldown_days=7)
    assert by_id["v"] == entry("v", 1, max_steps=None, challenge_type="boolean", amount="5", cooldown_days=0)
    assert by_id["c"] == entry("c", 1, max_steps=MAXINT, challenge_type="aggregate", amount="1", cooldown_days=7)
    assert by_id["o"] == entry("o", 1, max_steps=MAXINT, challenge_type="aggregate", amount="1", cooldown_days=0)
    assert by_id["e"] == entry("e", 1, max_steps=MAXINT, challenge_type="aggregate", amount="1", cooldown_days=0)


def test_verified_users_see_rv_and_s_instead_of_r(client, conn):
    factory.user(conn, 1, is_verified=True)
    ids_ = [d["challenge_id"] for d in get(client, "/v1/users/1/challenges")]
    assert ids_ == ["b", "c", "cp", "e", "fp", "ft", "m", "o", "p", "p1", "p2", "p3", "rd", "rv", "s", "t", "u",
                    "v", "w"]


@pytest.fixture
def progressed(conn):
    factory.user(conn, 1)
    factory.user(conn, 2)
    factory.user_challenge(conn, "u", 1, complete=False, current_step_count=2)
    factory.user_challenge(conn, "p", 1, amount=1, current_step_count=7)
    factory.disbursement(conn, "p", 1, "1", amount="100000000")
    # Aggregates: summed over the user's rows; the disbursed amounts too (whole $AUDIO).
    factory.user_challenge(conn, "c", 1, "1:2025-18", amount=1)
    factory.user_challenge(conn, "c", 1, "1:2025-19", amount=1)
    factory.disbursement(conn, "c", 1, "1:2025-18", amount="100000000")
    factory.user_challenge(conn, "o", 1, "1:a", amount=3)
    factory.user_challenge(conn, "o", 1, "1:b", amount=4)
    factory.disbursement(conn, "o", 1, "1:a", amount="300000000")
    factory.user_challenge(conn, "w", 1, "1:9", amount=1000)
    factory.disbursement(conn, "w", 1, "1:9", amount="99999999999")  # 999.99999999: whole $AUDIO, rounded down
    # Trending wins, one entry each; an incomplete trending row is not listed.
    factory.user_challenge(conn, "tt", 1, "2025-05-02:1", amount=1000)
    factory.user_challenge(conn, "tt", 1, "2025-05-09:3", amount=1000)
    factory.user_challenge(conn, "tut", 1, "2025-05-09:2", complete=False, amount=1000)
    # Another user's rows are not this user's.
    factory.user_challenge(conn, "v", 2, amount=5)
    return conn


def test_progress_disbursements_and_aggregate_sums(client, progressed):
    by_key = {(d["challenge_id"], d["specifier"]): d for d in get(client, "/v1/users/1/challenges")}
    assert by_key[("u", "1")] == entry("u", 1, specifier="1", current_step_count=2, max_steps=3,
                                       challenge_type="numeric", amount="1", cooldown_days=7)
    assert by_key[("p", "1")] == entry("p", 1, specifier="1", is_complete=True, is_disbursed=True,
                                       current_step_count=7, max_steps=7, challenge_type="numeric", amount="1",
                                       disbursed_amount=1, cooldown_days=7)
    assert by_key[("c", "")] == entry("c", 1, current_step_count=2, max_steps=MAXINT, challenge_type="aggregate",
                                      amount="1", disbursed_amount=1, cooldown_days=7)
    assert by_key[("o", "")] == entry("o", 1, is_complete=True, current_step_count=7, max_steps=7,
                                      challenge_type="aggregate", amount="1", disbursed_amount=3, cooldown_days=0)
    assert by_key[("w", "")] == entry("w", 1, current_step_count=1000, max_steps=MAXINT, challenge_type="aggregate",
                                      amount="1000", disbursed_amount=999, cooldown_days=7)
    assert by_key[("v", "")]["is_complete"] is False  # user 2's
    trending = [(d["challenge_id"], d["specifier"], d["is_complete"], d["max_steps"], d["amount"])
                for d in by_key.values() if d["challenge_type"] == "trending"]
    assert trending == [("tt", "2025-05-02:1", True, None, "1000"), ("tt", "2025-05-09:3", True, None, "1000")]


def test_entries_are_ordered_by_challenge_id(client, progressed):
    data = get(client, "/v1/users/1/challenges")
    keys = [(d["challenge_id"], d["specifier"]) for d in data]
    assert keys == sorted(keys)
    assert len(keys) == len(set(keys))


def test_an_aggregate_reaching_its_step_count_is_complete(client, conn):
    factory.user(conn, 1)
    conn.execute("UPDATE challenges SET step_count = 2 WHERE id = 'cp'")
    factory.user_challenge(conn, "cp", 1, "1:5", amount=1)
    assert [d["is_complete"] for d in get(client, "/v1/users/1/challenges") if d["challenge_id"] == "cp"] == [False]
    factory.user_challenge(conn, "cp", 1, "1:6", amount=1)
    assert [d["is_complete"] for d in get(client, "/v1/users/1/challenges") if d["challenge_id"] == "cp"] == [True]


@pytest.mark.parametrize("listened_hours_ago, latest_complete, shown, complete", [
    (1, True, 5, True),
    (15, True, 5, True),
    (17, True, 0, False),     # the streak is over: nothing shown
    (1, False, 5, False),     # the latest day is not complete yet
])
def test_endless_listen_streak_shows_the_live_streak(client, conn, listened_hours_ago, latest_complete, shown,
                                                     complete):
    factory.user(conn, 1)
    now = datetime.utcnow()
    conn.execute("INSERT INTO challenge_listen_streak (user_id, last_listen_date, listen_streak) VALUES (1, %s, 5)",
                 (now - timedelta(hours=listened_hours_ago),))
    factory.user_challenge(conn, "e", 1, "1:a", amount=1, created_at=now - timedelta(days=2))
    factory.user_challenge(conn, "e", 1, "1:b", amount=1, created_at=now - timedelta(days=1),
                           complete=latest_complete)
    factory.disbursement(conn, "e", 1, "1:a", amount="100000000")
    (e,) = [d for d in get(client, "/v1/users/1/challenges") if d["challenge_id"] == "e"]
    assert e == entry("e", 1, is_complete=complete, current_step_count=shown, max_steps=MAXINT,
                      challenge_type="aggregate", amount="1", disbursed_amount=1, cooldown_days=0)


def test_show_historical_is_accepted_and_changes_nothing(client, progressed):
    progressed.execute("UPDATE challenges SET active = false WHERE id = 'p'")  # completed, now inactive
    plain = get(client, "/v1/users/1/challenges")
    assert get(client, "/v1/users/1/challenges", show_historical="true") == plain
    assert "p" not in {d["challenge_id"] for d in plain}


def test_hashid_and_unknown_users(client, progressed):
    assert get(client, f"/v1/users/{H(1)}/challenges") == get(client, "/v1/users/1/challenges")
    assert get(client, "/v1/users/999/challenges") == []
    progressed.execute("UPDATE users SET is_current = false WHERE user_id = 2")
    assert get(client, "/v1/users/2/challenges") == []


@pytest.mark.parametrize("bad", ["nope!", "0"])
def test_an_invalid_user_id_is_400(client, conn, bad):
    r = client.get(f"/v1/users/{bad}/challenges")
    assert (r.status_code, r.json()) == (400, {"code": 400, "error": "invalid userId"})


def test_the_hashid_of_0_names_nobody(client, progressed):
    """Shaped as the spec's pattern says, it lists what user 999 has: nothing."""
    assert get(client, f"/v1/users/{H(0)}/challenges") == get(client, "/v1/users/999/challenges") == []


def test_the_requesting_user_must_sign(raw_client, progressed):
    assert raw_client.get("/v1/users/1/challenges?user_id=2").status_code == 403
    r = raw_client.get("/v1/users/1/challenges?user_id=2", headers=factory.signature_headers(2))
    assert r.status_code == 200


def test_one_query_whatever_the_rows(client, progressed, monkeypatch):
    calls = []
    original = Database.fetch_all

    async def counting(self, name, *args, **kwargs):
        calls.append(name)
        return await original(self, name, *args, **kwargs)

    monkeypatch.setattr(Database, "fetch_all", counting)
    get(client, "/v1/users/1/challenges")
    assert [c for c in calls if "challenge" in c] == ["get_user_challenges"]
    assert len([c for c in calls if c != "authorize_wallet"]) == 1


# ------------------------------------------------------------------------------ /challenges/undisbursed

@pytest.fixture
def undisbursed(conn):
    factory.user(conn, 1)
    factory.user(conn, 2)
    factory.user(conn, 3, is_deactivated=True)
    factory.user_challenge(conn, "u", 1, completed_blocknumber=10, completed_at=AT, created_at=AT)
    factory.user_challenge(conn, "p", 1, completed_blocknumber=11)
    factory.disbursement(conn, "p", 1, "1")                       # disbursed
    factory.user_challenge(conn, "v", 1, complete=False)           # not complete
    factory.user_challenge(conn, "tp", 1, "2025-05-02:1")          # inactive challenge
    factory.user_challenge(conn, "c", 2, "2:b", completed_blocknumber=None)
    factory.user_challenge(conn, "c", 2, "2:a", completed_blocknumber=5)
    factory.user_challenge(conn, "tt", 2, "2025-05-02:1", amount=1000, completed_blocknumber=30)
    factory.user_challenge(conn, "fp", 2, completed_blocknumber=20)
    factory.disbursement(conn, "fp", 9, "2")                       # another user's disbursement counts (Go API)
    factory.user_challenge(conn, "u", 3, completed_blocknumber=12)  # deactivated user
    factory.user_challenge(conn, "u", 4, completed_blocknumber=13)  # no such user
    return conn


def keys(data):
    return [(d["user_id"], d["challenge_id"], d["specifier"]) for d in data]


def test_undisbursed_rows_in_upstream_order_and_shape(client, undisbursed):
    data = get(client, "/v1/challenges/undisbursed", limit=50)
    assert keys(data) == [(H(1), "u", "1"), (H(2), "c", "2:a"), (H(2), "c", "2:b"), (H(2), "tt", "2025-05-02:1")]
    assert data[0] == {"challenge_id": "u", "user_id": H(1), "specifier": "1", "amount": "1",
                       "completed_blocknumber": 10, "handle": "user1", "wallet": factory.wallet_of(1),
                       "created_at": "2025-05-06T07:08:09Z", "completed_at": "2025-05-06T07:08:09Z",
                       "cooldown_days": 7}
    assert (data[2]["completed_blocknumber"], data[3]["amount"], data[3]["cooldown_days"]) == (None, "1000", None)


def test_a_trending_win_shows_its_ranks_amount_in_both_lists(client, conn):
    """Rank 7 pays 100 (the catalog's per-rank amount, stored on the row by the job): the user's challenges and
    the undisbursed list agree."""
    factory.user(conn, 1)
    factory.user_challenge(conn, "tt", 1, "2025-05-02:7", amount=100, completed_blocknumber=30)
    factory.user_challenge(conn, "tt", 1, "2025-05-02:1", amount=1000, completed_blocknumber=30)
    listed = {d["specifier"]: d["amount"] for d in get(client, "/v1/users/1/challenges") if d["challenge_id"] == "tt"}
    owed = {d["specifier"]: d["amount"] for d in get(client, "/v1/challenges/undisbursed", challenge_id="tt")}
    assert listed == owed == {"2025-05-02:1": "1000", "2025-05-02:7": "100"}


def test_undisbursed_filters(client, undisbursed):
    assert keys(get(client, "/v1/challenges/undisbursed", challenge_id="c")) == [
        (H(2), "c", "2:a"), (H(2), "c", "2:b")]
    # Strictly after the cursor; rows without a completion block drop out.
    assert keys(get(client, "/v1/challenges/undisbursed", completed_blocknumber=5)) == [
        (H(1), "u", "1"), (H(2), "tt", "2025-05-02:1")]
    assert keys(get(client, "/v1/challenges/undisbursed", completed_blocknumber=10, challenge_id="tt")) == [
        (H(2), "tt", "2025-05-02:1")]
    assert get(client, "/v1/challenges/undisbursed", challenge_id="nope") == []


def test_undisbursed_pages(client, undisbursed):
    assert len(get(client, "/v1/challenges/undisbursed")) == 4  # default limit 10
    assert keys(get(client, "/v1/challenges/undisbursed", limit=2, offset=1)) == [
        (H(2), "c", "2:a"), (H(2), "c", "2:b")]
    assert get(client, "/v1/challenges/undisbursed", offset=4) == []
    for limit in (0, 501, -1):
        r = client.get("/v1/challenges/undisbursed", params={"limit": limit})
        assert r.status_code == 400 and r.json()["code"] == 400 and "limit" in r.json()["error"]
    r = client.get("/v1/challenges/undisbursed", params={"completed_blocknumber": "x"})
    assert r.status_code == 400 and r.json()["code"] == 400


def test_the_requesting_user_narrows_the_rows(client, raw_client, undisbursed):
    assert keys(get(client, "/v1/challenges/undisbursed", user_id=H(2), challenge_id="c")) == [
        (H(2), "c", "2:a"), (H(2), "c", "2:b")]
    assert keys(get(client, "/v1/challenges/undisbursed", user_id="1")) == [(H(1), "u", "1")]
    assert raw_client.get("/v1/challenges/undisbursed?user_id=1").status_code == 403  # unsigned
    # An undecodable user_id is anonymous (upstream): every user's rows.
    assert len(get(client, "/v1/challenges/undisbursed", user_id="nope!")) == 4


def test_undisbursed_for_one_user(client, raw_client, undisbursed):
    assert keys(get(client, f"/v1/challenges/undisbursed/{H(2)}")) == [
        (H(2), "c", "2:a"), (H(2), "c", "2:b"), (H(2), "tt", "2025-05-02:1")]
    assert keys(get(client, "/v1/challenges/undisbursed/2", completed_blocknumber=5, limit=1)) == [
        (H(2), "tt", "2025-05-02:1")]
    assert get(client, "/v1/challenges/undisbursed/3") == []  # deactivated
    assert get(client, "/v1/challenges/undisbursed/999") == []
    # The path user is whose rows; the query user_id is who asks (and must sign).
    assert keys(get(client, "/v1/challenges/undisbursed/1", user_id="2")) == [(H(1), "u", "1")]
    assert raw_client.get("/v1/challenges/undisbursed/1?user_id=2").status_code == 403


@pytest.mark.parametrize("bad", ["nope!", "0"])
def test_undisbursed_for_an_invalid_user_is_400(client, conn, bad):
    r = client.get(f"/v1/challenges/undisbursed/{bad}")
    assert (r.status_code, r.json()) == (400, {"code": 400, "error": "invalid userId"})


# ------------------------------------------------------------------------------------------ query plans

PLANNED_TABLES = {"user_challenges", "challenge_disbursements", "users"}


@pytest.fixture(scope="module")
def many_challenges(server_url, template_url):
    """300,000 user challenges of 20,000 users (9 in 10 complete, 2 in 3 of those disbursed), ANALYZEd."""
    url = _recreate(server_url, "oa_test_many_challenges", template=TEMPLATE)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("INSERT INTO users (user_id, is_current, handle, handle_lc, wallet, created_at, updated_at) "
                     "SELECT n, true, 'u' || n, 'u' || n, '0x' || n, '2024-01-01', '2024-01-01' "
                     "FROM generate_series(1, 20000) n")
        # Bulk load without the notification trigger (not what is measured here).
        conn.execute("ALTER TABLE user_challenges DISABLE TRIGGER USER")
        conn.execute("""
            INSERT INTO user_challenges (challenge_id, user_id, specifier, is_complete, current_step_count, amount,
                                         completed_blocknumber, completed_at)
            SELECT (ARRAY['c', 'cp', 't', 'w', 'o', 'e'])[n % 6 + 1], n % 20000 + 1, n::text, n % 10 <> 0, 1, 1,
                   CASE WHEN n % 10 <> 0 THEN n END, '2025-01-01'
            FROM generate_series(1, 300000) n""")
        conn.execute("ALTER TABLE user_challenges ENABLE TRIGGER USER")
        conn.execute("""
            INSERT INTO challenge_disbursements (challenge_id, user_id, specifier, signature, slot, amount)
            SELECT challenge_id, user_id, specifier, 's' || specifier, 1, '100000000'
            FROM user_challenges WHERE is_complete AND specifier::int % 3 <> 0""")
        conn.execute("ANALYZE")
    return url


def plan_of(url: str, name: str, params: dict, mode: str) -> dict:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"SET plan_cache_mode = {mode}")
        rows = conn.execute("EXPLAIN (FORMAT JSON) " + sql(name), params, prepare=True).fetchone()[0]
    return (rows if isinstance(rows, list) else json.loads(rows))[0]["Plan"]


def nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


PAGE = {"user_id": None, "challenge_id": None, "completed_blocknumber": None, "limit": 10, "offset": 0}
PLAN_CASES = {
    "get_undisbursed_challenges@all": PAGE,
    "get_undisbursed_challenges@all (one challenge)": {**PAGE, "challenge_id": "w"},
    "get_undisbursed_challenges@after (the disburser's cursor)": {**PAGE, "completed_blocknumber": 299_800,
                                                                   "limit": 500},
    "get_undisbursed_challenges@after (and a challenge)": {**PAGE, "completed_blocknumber": 299_000,
                                                            "challenge_id": "c"},
    "get_undisbursed_challenges@user": {**PAGE, "user_id": 777},
    "get_undisbursed_challenges@user (cursor and challenge)": {**PAGE, "user_id": 777, "challenge_id": "t",
                                                               "completed_blocknumber": 1000},
    "get_user_challenges": {"user_id": 777},
}


@pytest.mark.parametrize("mode", ["force_custom_plan", "force_generic_plan"])
@pytest.mark.parametrize("case", list(PLAN_CASES))
def test_challenge_queries_use_indexes(many_challenges, case, mode):
    plan = plan_of(many_challenges, case.split(" (")[0], PLAN_CASES[case], mode)
    seq = {n["Relation Name"] for n in nodes(plan) if n["Node Type"] == "Seq Scan"}
    assert not seq & PLANNED_TABLES, (case, mode, seq)
    # user_challenges is read through one of its indexes (an index scan, or a bitmap scan's index).
    assert any(n.get("Index Name", "").startswith("user_challenges_") for n in nodes(plan)), (case, mode)
