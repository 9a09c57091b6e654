-- The one mechanism that keeps search's own tables (track_search, user_search, playlist_search: migrations
-- 0032-0034) equal to their views: each table <t> is what the view <t>_source says, row for row, and is made so
-- for the ids a write touched (db/functions/track_search.sql, user_search.sql, playlist_search.sql).

-- The rows of these ids made equal to the source: gone when no longer findable or changed, written when new
-- or changed, untouched otherwise (an edit of a track's description rewrites nothing here).
CREATE OR REPLACE FUNCTION refresh_search_table(tbl text, id_column text, ids integer[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('DELETE FROM %1$I d WHERE d.%2$I = ANY($1) AND NOT EXISTS (
                        SELECT FROM %3$I s WHERE s.%2$I = d.%2$I AND ROW(s.*) IS NOT DISTINCT FROM ROW(d.*))',
                   tbl, id_column, tbl || '_source') USING ids;
    EXECUTE format('INSERT INTO %1$I SELECT s.* FROM %3$I s
                    WHERE s.%2$I = ANY($1) AND NOT EXISTS (SELECT FROM %1$I d WHERE d.%2$I = s.%2$I)
                    ORDER BY s.%2$I
                    ON CONFLICT (%2$I) DO NOTHING',
                   tbl, id_column, tbl || '_source') USING ids;
END $$;

-- The rows of these owners' tracks or playlists (tbl, of objects by owner_column) after a write to their users
-- rows. An owner no longer active loses every row; an owner's verification and name (its words, the rows'
-- artist_words: migration 0036) are copied to each; an active owner
-- with no row yet (new, or reactivated) gets the rows of every findable object. An active owner who has rows
-- has all of them (the objects' own triggers keep them), so an edit of a big artist's profile costs an index
-- probe, not a pass over their catalogue.
CREATE OR REPLACE FUNCTION refresh_owned_search(tbl text, id_column text, objects text, owner_column text,
                                                owners integer[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('DELETE FROM %I d WHERE d.owner_id = ANY($1) AND NOT EXISTS (
                        SELECT FROM users u WHERE u.user_id = d.owner_id AND u.is_current AND NOT u.is_deactivated
                          AND u.is_available)', tbl) USING owners;
    -- The owner's words parsed once, not once per row of theirs.
    EXECUTE format('UPDATE %I d SET owner_verified = u.is_verified, artist_words = u.artist_words
                    FROM (SELECT user_id, is_verified, search_artist_words(name, handle) AS artist_words
                          FROM users WHERE user_id = ANY($1) AND is_current) u
                    WHERE d.owner_id = u.user_id
                      AND (d.owner_verified IS DISTINCT FROM u.is_verified
                           OR d.artist_words IS DISTINCT FROM u.artist_words)', tbl) USING owners;
    EXECUTE format('SELECT refresh_search_table(%1$L, %2$L, ARRAY(
                        SELECT x.%2$I FROM unnest($1) AS o(owner_id)
                        JOIN %3$I x ON x.%4$I = o.owner_id AND x.is_current
                        WHERE NOT EXISTS (SELECT FROM %1$I d WHERE d.owner_id = o.owner_id)))',
                   tbl, id_column, objects, owner_column) USING owners;
END $$;

-- The whole table rebuilt from its source: after a bulk load with triggers off (bench/sql/search_seed.sql), and
-- whenever a table's file changes (its last statement), since the rule of what is findable may have.
CREATE OR REPLACE FUNCTION rebuild_search_table(tbl text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('TRUNCATE %I', tbl);
    EXECUTE format('INSERT INTO %I SELECT s.* FROM %I s ORDER BY 1', tbl, tbl || '_source');
END $$;

-- A statement trigger: TG_ARGV names the search table and its id column, fed the distinct ids of the rows the
-- statement touched.
CREATE OR REPLACE FUNCTION handle_search_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('SELECT refresh_search_table(%L, %L, ARRAY(SELECT DISTINCT %I FROM %I))', TG_ARGV[0], TG_ARGV[1],
                   TG_ARGV[1], CASE WHEN TG_OP = 'DELETE' THEN 'old_rows' ELSE 'new_rows' END);
    RETURN NULL;
END $$;

-- TRUNCATE fires no DELETE trigger: emptying a table the search tables are made from empties them (TG_ARGV).
CREATE OR REPLACE FUNCTION handle_search_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE 'TRUNCATE ' || (SELECT string_agg(quote_ident(t), ', ') FROM unnest(TG_ARGV) t);
    RETURN NULL;
END $$;

-- What these replaced: one refresh, owner refresh and rebuild function per table.
DROP FUNCTION IF EXISTS refresh_track_search(integer[]);
DROP FUNCTION IF EXISTS refresh_owner_track_search(integer[]);
DROP FUNCTION IF EXISTS rebuild_track_search();
DROP FUNCTION IF EXISTS refresh_user_search(integer[]);
DROP FUNCTION IF EXISTS rebuild_user_search();
DROP FUNCTION IF EXISTS refresh_playlist_search(integer[]);
DROP FUNCTION IF EXISTS refresh_owner_playlist_search(integer[]);
DROP FUNCTION IF EXISTS rebuild_playlist_search();
