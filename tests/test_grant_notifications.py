"""The grants trigger: request_manager and approve_manager_request, once each, with upstream payloads."""

from tests import factory


def notifications(conn):
    return conn.execute(
        "SELECT type, user_ids, specifier, group_id, data FROM notification ORDER BY id").fetchall()


def test_request_then_approve(conn):
    factory.user(conn, 1)
    factory.user(conn, 2)
    factory.grant(conn, grantor=1, manager=2, approved=None)
    (request,) = notifications(conn)
    wallet = factory.wallet_of(2)
    assert request[:3] == ("request_manager", [2], "1")
    assert request[3] == (f"request_manager:grantee_user_id:2:grantee_address:{wallet}:user_id:1"
                          f":updated_at:2024-01-31 00:00:00:created_at:2024-01-31 00:00:00")
    assert request[4] == {"grantee_user_id": 2, "grantee_address": wallet, "user_id": 1}

    conn.execute("UPDATE grants SET is_approved = true, updated_at = updated_at + interval '1 hour'")
    approve = notifications(conn)[1]
    assert approve[:3] == ("approve_manager_request", [1], "2")
    assert approve[3] == (f"approve_manager_request:grantee_user_id:2:grantee_address:{wallet}:user_id:1"
                          f":created_at:2024-01-31 00:00:00")
    # Re-writing the same state notifies nobody again.
    conn.execute("UPDATE grants SET is_approved = true")
    conn.execute("UPDATE grants SET updated_at = updated_at")
    assert len(notifications(conn)) == 2


def test_an_app_grant_and_a_rejection(conn):
    factory.user(conn, 1)
    factory.user(conn, 2)
    conn.execute("""INSERT INTO grants (grantee_address, user_id, is_current, is_approved, created_at, updated_at,
                                        txhash) VALUES ('0xdeveloperapp', 1, true, true, now(), now(), '0xa')""")
    assert notifications(conn) == []  # the grantee is no user: nobody to notify
    factory.grant(conn, grantor=1, manager=2, approved=None)
    conn.execute("UPDATE grants SET is_approved = false, is_revoked = true WHERE user_id = 1 "
                 "AND grantee_address = %s", (factory.wallet_of(2),))
    assert [n[0] for n in notifications(conn)] == ["request_manager"]


def test_an_approved_grant_inserted_directly_notifies_the_grantor(conn):
    factory.user(conn, 1)
    factory.user(conn, 2)
    factory.grant(conn, grantor=1, manager=2, approved=True)
    assert [(n[0], n[1]) for n in notifications(conn)] == [("approve_manager_request", [1])]
