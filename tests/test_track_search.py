"""track_search, user_search and playlist_search (migrations 0032-0034, db/functions/*_search.sql): search's
own tables stay equal, row for row, to what their definitions (the views *_search_source) say is findable, and
search_vocabulary (migration 0035) holds every word they hold, after every write the indexer
can make to tracks and users: in place or as a new version, one row or many in one statement, an owner
deactivated and back, verified and not, renamed (a track's words hold its artist's: migration 0036), a track
unlisted, deleted, made a stem, retitled, gated; and after
TRUNCATE. Checked over generated sequences of writes."""

from __future__ import annotations

import random

from tests import factory

TABLE = "SELECT * FROM track_search ORDER BY track_id"
SOURCE = "SELECT * FROM track_search_source ORDER BY track_id"
WORDS = ("midnight", "echo", "ember", "wander", "sun", "tide")


# Each search table's words, per search_vocabulary field (migration 0035), none missing from it.
UNKNOWN_WORDS = """
    SELECT f.field, w.lexeme
    FROM (SELECT 't' AS field, title_words AS words FROM track_search
          UNION ALL SELECT 't', artist_words FROM track_search
          UNION ALL SELECT 'g', tag_words FROM track_search
          UNION ALL SELECT 'u', words FROM user_search
          UNION ALL SELECT 'p', words FROM playlist_search
          UNION ALL SELECT 'p', artist_words FROM playlist_search) f
    CROSS JOIN unnest(f.words) w
    WHERE NOT EXISTS (SELECT FROM search_vocabulary v WHERE v.field = f.field::"char" AND v.word = w.lexeme)"""


def equal(conn) -> list:
    """track_search's rows, after checking every search table against its view, and that the vocabulary
    holds every word they hold."""
    assert conn.execute(UNKNOWN_WORDS).fetchall() == []
    for kind, key in (("user", "user_id"), ("playlist", "playlist_id")):
        rows = conn.execute(f"SELECT * FROM {kind}_search ORDER BY {key}").fetchall()
        assert rows == conn.execute(f"SELECT * FROM {kind}_search_source ORDER BY {key}").fetchall(), kind
    rows = conn.execute(TABLE).fetchall()
    assert rows == conn.execute(SOURCE).fetchall()
    return rows


def _track_write(rng: random.Random, ids: list[int]) -> tuple[str, tuple]:
    chosen = rng.sample(ids, rng.randint(1, 3))
    return rng.choice((
        ("UPDATE tracks SET is_unlisted = NOT is_unlisted WHERE track_id = ANY(%s) AND is_current", (chosen,)),
        ("UPDATE tracks SET is_delete = true WHERE track_id = ANY(%s) AND is_current", (chosen,)),
        ("UPDATE tracks SET is_available = NOT is_available WHERE track_id = ANY(%s) AND is_current", (chosen,)),
        ("UPDATE tracks SET stem_of = CASE WHEN stem_of IS NULL THEN '{\"parent_track_id\": 1}'::jsonb END "
         "WHERE track_id = ANY(%s) AND is_current", (chosen,)),
        ("UPDATE tracks SET title = %s, tags = %s WHERE track_id = ANY(%s) AND is_current",
         (" ".join(rng.sample(WORDS, 2)), ",".join(rng.sample(WORDS, 2)), chosen)),
        ("UPDATE tracks SET genre = %s, bpm = %s, is_downloadable = NOT is_downloadable "
         "WHERE track_id = ANY(%s) AND is_current", (rng.choice(("Pop", "Rock")), rng.randint(60, 180), chosen)),
        ("UPDATE tracks SET stream_conditions = CASE WHEN stream_conditions IS NULL "
         "THEN '{\"usdc_purchase\": {\"price\": 100}}'::jsonb END WHERE track_id = ANY(%s) AND is_current",
         (chosen,)),
        ("UPDATE tracks SET description = 'edited' WHERE track_id = ANY(%s) AND is_current", (chosen,)),
        ("UPDATE tracks SET owner_id = %s WHERE track_id = ANY(%s) AND is_current", (rng.randint(1, 6), chosen)),
    ))


def _user_write(rng: random.Random) -> tuple[str, tuple]:
    chosen = rng.sample(range(1, 7), rng.randint(1, 2))
    return rng.choice((
        ("UPDATE users SET is_deactivated = NOT is_deactivated WHERE user_id = ANY(%s) AND is_current", (chosen,)),
        ("UPDATE users SET is_available = NOT is_available WHERE user_id = ANY(%s) AND is_current", (chosen,)),
        ("UPDATE users SET is_verified = NOT is_verified WHERE user_id = ANY(%s) AND is_current", (chosen,)),
        ("UPDATE users SET bio = 'edited' WHERE user_id = ANY(%s) AND is_current", (chosen,)),
        ("UPDATE users SET name = %s, handle = %s || user_id WHERE user_id = ANY(%s) AND is_current",
         (rng.choice(WORDS), rng.choice(WORDS), chosen)),
    ))


def _playlist_write(rng: random.Random) -> tuple[str, tuple]:
    chosen = rng.sample(range(1, 11), rng.randint(1, 3))
    return rng.choice((
        ("UPDATE playlists SET is_private = NOT is_private WHERE playlist_id = ANY(%s) AND is_current", (chosen,)),
        ("UPDATE playlists SET is_delete = true WHERE playlist_id = ANY(%s) AND is_current", (chosen,)),
        ("UPDATE playlists SET playlist_name = %s, is_album = NOT is_album WHERE playlist_id = ANY(%s) AND is_current",
         (" ".join(rng.sample(WORDS, 2)), chosen)),
        ("UPDATE playlists SET playlist_owner_id = %s WHERE playlist_id = ANY(%s) AND is_current",
         (rng.randint(1, 6), chosen)),
    ))


def _new_version(conn, rng: random.Random, ids: list[int]) -> None:
    """The legacy indexer's way: the current row retired, then a new current version inserted, in one
    transaction (a statement each, so the triggers see the owner or track with no current row between)."""
    track_id = rng.choice(ids)
    with conn.transaction():
        conn.execute("""CREATE TEMP TABLE next_version ON COMMIT DROP AS
                        SELECT * FROM tracks WHERE track_id = %s AND is_current""", (track_id,))
        conn.execute("UPDATE tracks SET is_current = false WHERE track_id = %s AND is_current", (track_id,))
        conn.execute("UPDATE next_version SET txhash = txhash || 'v' || %s, title = %s",
                     (rng.randrange(10**9), rng.choice(WORDS)))
        conn.execute("INSERT INTO tracks SELECT * FROM next_version")


def test_the_table_follows_every_write_to_tracks_and_users(conn):
    rng = random.Random(22)
    for u in range(1, 7):
        factory.user(conn, u, is_verified=u % 3 == 0)
    ids = [factory.track(conn, t, 1 + t % 6, title=" ".join(rng.sample(WORDS, 2)) + f" {t}", tags="sun,tide")
           for t in range(1, 31)]
    for p in range(1, 11):
        factory.playlist(conn, p, 1 + p % 6, playlist_name=" ".join(rng.sample(WORDS, 2)))
    assert len(equal(conn)) == 30
    seen_sizes = set()
    for step in range(150):
        roll = rng.random()
        if roll < 0.45:
            conn.execute(*_track_write(rng, ids))
        elif roll < 0.6:
            conn.execute(*_playlist_write(rng))
        elif roll < 0.9:
            conn.execute(*_user_write(rng))
        else:
            _new_version(conn, rng, ids)
        seen_sizes.add(len(equal(conn)))
    # The sequence really moved tracks in and out of search.
    assert len(seen_sizes) > 5, seen_sizes


def test_an_owner_deactivated_and_back_takes_their_whole_catalogue_with_them(conn):
    factory.user(conn, 1)
    conn.execute("""INSERT INTO tracks (track_id, is_current, is_delete, owner_id, title, created_at, updated_at,
                                        txhash)
                    SELECT t, true, false, 1, 'Song ' || t, now(), now(), '0x' || t
                    FROM generate_series(1, 5000) t""")  # one statement, 5,000 rows
    assert len(equal(conn)) == 5000
    conn.execute("UPDATE users SET is_deactivated = true WHERE user_id = 1")
    assert equal(conn) == [] and conn.execute("SELECT count(*) FROM user_search").fetchone()[0] == 0
    conn.execute("UPDATE users SET is_deactivated = false, is_verified = true WHERE user_id = 1")
    assert len(equal(conn)) == 5000
    # owner_verified copied to each; and a new name's words, in one statement over the whole catalogue.
    assert conn.execute("SELECT bool_and(owner_verified) FROM track_search").fetchone()[0] is True
    conn.execute("UPDATE users SET name = 'Quasar Tide' WHERE user_id = 1")
    assert len(equal(conn)) == 5000
    assert conn.execute("SELECT count(*) FROM track_search WHERE artist_words @@ 'quasar'").fetchone()[0] == 5000


def test_truncate_empties_it(conn):
    factory.user(conn, 1)
    factory.track(conn, 1, 1)
    assert len(equal(conn)) == 1
    conn.execute("TRUNCATE users")
    assert equal(conn) == []
    factory.user(conn, 1)
    assert len(equal(conn)) == 1  # the owner back, with no row yet: the owner's tracks are written
    conn.execute("TRUNCATE tracks, track_routes")
    assert equal(conn) == []


def test_the_rebuild_equals_the_triggers(conn):
    factory.user(conn, 1)
    factory.user(conn, 2, is_deactivated=True)
    for t in range(1, 6):
        factory.track(conn, t, 1 + t % 2, is_unlisted=t == 3)
    kept = equal(conn)
    conn.execute("SELECT rebuild_search_table('track_search')")
    assert equal(conn) == kept and len(kept) == 2
