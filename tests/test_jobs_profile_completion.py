"""p: profile completion."""

from __future__ import annotations

from psycopg.rows import dict_row

from tests import factory
from tests.challenges import progress, rows, run_jobs, state


def flags(conn, user_id: int) -> dict:
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute("SELECT * FROM challenge_profile_completion WHERE user_id = %s", (user_id,)).fetchone()
    return row and {k: v for k, v in row.items() if k != "user_id"}


def test_seven_steps_complete_it_and_completion_is_sticky(db_url, conn):
    factory.user(conn, 1, bio="hi", profile_picture_sizes="Qm1", cover_photo="Qm2")
    for followee in range(2, 9):
        factory.user(conn, followee)
    factory.track(conn, 100, 2)
    for followee in range(2, 6):
        factory.follow(conn, 1, followee)
    factory.stamp_block(conn, 10)
    run_jobs(db_url, ["p"])
    # bio, name, picture, cover photo; 4 follows are not 5
    assert progress(conn, "p")["1"] == (1, 4, False, 1)
    assert flags(conn, 1) == {"profile_description": True, "profile_name": True, "profile_picture": True,
                              "profile_cover_photo": True, "follows": False, "favorites": False,
                              "reposts": False}

    factory.follow(conn, 1, 6)
    factory.repost(conn, 1, 100)
    factory.stamp_block(conn, 11)
    run_jobs(db_url, ["p"])
    assert progress(conn, "p")["1"] == (1, 6, False, 1)

    factory.save(conn, 1, 100)
    factory.stamp_block(conn, 12)
    run_jobs(db_url, ["p"])
    [row] = [r for r in rows(conn, "p") if r["user_id"] == 1]
    assert (row["current_step_count"], row["is_complete"], row["amount"]) == (7, True, 1)
    assert row["completed_at"] is not None
    assert all(flags(conn, 1).values())

    before = state(conn)
    run_jobs(db_url, ["p"])
    assert state(conn) == before

    # an unfollow (a deleted follow row in a newer block) undoes a step; completion stays
    conn.execute("UPDATE follows SET is_delete = true, blocknumber = 13 "
                 "WHERE follower_user_id = 1 AND followee_user_id = 6")
    run_jobs(db_url, ["p"])
    assert progress(conn, "p")["1"] == (1, 6, True, 1)
    assert flags(conn, 1)["follows"] is False


def test_every_source_marks_the_user_dirty(db_url, conn):
    for user_id in range(1, 9):
        factory.user(conn, user_id, blocknumber=1)
    factory.track(conn, 100, 8, blocknumber=1)
    run_jobs(db_url, ["p"])
    assert {s: v[1] for s, v in progress(conn, "p").items()} == {str(u): 1 for u in range(1, 9)}

    factory.repost(conn, 1, 100)
    factory.save(conn, 2, 100)
    for followee in range(4, 9):
        factory.follow(conn, 3, followee)
    factory.stamp_block(conn, 5)
    conn.execute("UPDATE users SET bio = 'new', blocknumber = 5 WHERE user_id = 4")
    run_jobs(db_url, ["p"])
    assert {s: v[1] for s, v in progress(conn, "p").items()} == {
        "1": 2, "2": 2, "3": 2, "4": 2, "5": 1, "6": 1, "7": 1, "8": 1}


def test_guests_deactivated_users_and_users_with_no_step_get_nothing(db_url, conn):
    factory.user(conn, 1, handle_lc=None, bio="guest")
    factory.user(conn, 2, bio="gone", is_deactivated=True)
    factory.user(conn, 3, name=None)  # nothing done at all
    factory.user(conn, 4)
    factory.follow(conn, 3, 4)  # one follow is not a step
    factory.stamp_block(conn, 10)
    run_jobs(db_url, ["p"])
    assert progress(conn, "p") == {"4": (4, 1, False, 1)}
    assert flags(conn, 1) is None and flags(conn, 2) is None and flags(conn, 3) is None
