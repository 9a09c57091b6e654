-- A user's dominant genre (aggregate_user.dominant_genre, _count): the genre of most of their tracks among
-- those upstream counts (current, not deleted, public, available, not a stem), as upstream's legacy
-- aggregate job ranked them. Upstream's rank() could pick any of tied genres and could pick "no genre";
-- here a track without a genre does not count and ties go to the genre first by name, so the answer is
-- one and the same on every node. Kept by this statement trigger in the writer's own transaction, so it
-- can neither miss a change nor apply one twice (a crash rolls it back with the write); each statement
-- recounts only the owners it touched, through the tracks' owner index.
CREATE OR REPLACE FUNCTION handle_track_genre() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format($q$
        WITH owners AS (
            SELECT DISTINCT owner_id FROM (%s) changes
        )
        INSERT INTO aggregate_user AS a (user_id, dominant_genre, dominant_genre_count)
        SELECT o.owner_id, top.genre, coalesce(top.n, 0)
        FROM owners o
        LEFT JOIN LATERAL (
            SELECT t.genre, count(*) AS n
            FROM tracks t
            WHERE t.owner_id = o.owner_id AND t.is_current AND NOT t.is_delete AND NOT t.is_unlisted
              AND t.is_available AND t.stem_of IS NULL AND t.genre <> ''
            GROUP BY t.genre
            ORDER BY n DESC, t.genre
            LIMIT 1
        ) top ON true
        ORDER BY o.owner_id
        ON CONFLICT (user_id) DO UPDATE
        SET dominant_genre = EXCLUDED.dominant_genre, dominant_genre_count = EXCLUDED.dominant_genre_count
        WHERE a.dominant_genre IS DISTINCT FROM EXCLUDED.dominant_genre
           OR a.dominant_genre_count IS DISTINCT FROM EXCLUDED.dominant_genre_count
    $q$, transition_changes(TG_OP));
    RETURN NULL;
END $$;

SELECT attach_statement_triggers('tracks', 'handle_track_genre', ARRAY['INSERT', 'UPDATE', 'DELETE']);
