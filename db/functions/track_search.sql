-- track_search (migration 0032) kept equal to track_search_source by the triggers below
-- (db/functions/handle_search.sql): every write to tracks refreshes the rows of the tracks it touched, every
-- write to users (refresh_user_search, db/functions/user_search.sql) the rows of their tracks.

-- The tracks search may find, as upstream's index holds them: current, not deleted, not unlisted, available,
-- not a stem, of a current, active, available owner. The one definition of "findable" for track search.
CREATE OR REPLACE VIEW track_search_source AS
SELECT t.track_id, t.owner_id, t.created_at, search_title_words(t.title) AS title_words,
       search_tag_words(t.tags) AS tag_words, t.genre::text AS genre, t.mood::text AS mood,
       t.musical_key::text AS musical_key, t.bpm, t.is_downloadable,
       coalesce(t.stream_conditions ? 'usdc_purchase', false) AS is_purchaseable, u.is_verified AS owner_verified
FROM tracks t
JOIN users u ON u.user_id = t.owner_id AND u.is_current AND NOT u.is_deactivated AND u.is_available
WHERE t.is_current AND NOT t.is_delete AND NOT t.is_unlisted AND t.is_available AND t.stem_of IS NULL;

-- The rows of these tracks made equal to the source: gone when no longer findable, written when new or
-- changed, untouched otherwise (an edit of a track's description rewrites nothing here).
CREATE OR REPLACE FUNCTION refresh_track_search(ids integer[]) RETURNS void
LANGUAGE sql AS $$
    DELETE FROM track_search d
    WHERE d.track_id = ANY(ids) AND NOT EXISTS (SELECT FROM track_search_source s WHERE s.track_id = d.track_id);

    INSERT INTO track_search AS d
    SELECT s.* FROM track_search_source s WHERE s.track_id = ANY(ids)
    ORDER BY s.track_id
    ON CONFLICT (track_id) DO UPDATE
    SET owner_id = EXCLUDED.owner_id, created_at = EXCLUDED.created_at, title_words = EXCLUDED.title_words,
        tag_words = EXCLUDED.tag_words, genre = EXCLUDED.genre, mood = EXCLUDED.mood,
        musical_key = EXCLUDED.musical_key, bpm = EXCLUDED.bpm, is_downloadable = EXCLUDED.is_downloadable,
        is_purchaseable = EXCLUDED.is_purchaseable, owner_verified = EXCLUDED.owner_verified
    WHERE (d.*) IS DISTINCT FROM (EXCLUDED.*);
$$;

-- The rows of these owners' tracks after a write to their users rows. An owner no longer active loses every
-- row; an owner's verification is copied to each; an active owner with no row yet (new, or reactivated) gets
-- the rows of every findable track. An active owner who has rows has all of them (the track triggers keep
-- them), so an edit of a big artist's profile costs an index probe, not a pass over their catalogue.
CREATE OR REPLACE FUNCTION refresh_owner_track_search(owners integer[]) RETURNS void
LANGUAGE sql AS $$
    DELETE FROM track_search d
    WHERE d.owner_id = ANY(owners)
      AND NOT EXISTS (SELECT FROM users u WHERE u.user_id = d.owner_id AND u.is_current AND NOT u.is_deactivated
                      AND u.is_available);

    UPDATE track_search d SET owner_verified = u.is_verified
    FROM users u
    WHERE d.owner_id = ANY(owners) AND u.user_id = d.owner_id AND u.is_current
      AND d.owner_verified IS DISTINCT FROM u.is_verified;

    SELECT refresh_track_search(ARRAY(
        SELECT t.track_id FROM unnest(owners) AS o(owner_id)
        JOIN tracks t ON t.owner_id = o.owner_id AND t.is_current
        WHERE NOT EXISTS (SELECT FROM track_search d WHERE d.owner_id = o.owner_id)));
$$;

-- The whole table rebuilt from the source: after a bulk load with triggers off (bench/sql/search_seed.sql),
-- and whenever this file changes (the last statement below), since the rule of what is findable may have.
CREATE OR REPLACE FUNCTION rebuild_track_search() RETURNS void
LANGUAGE sql AS $$
    TRUNCATE track_search;
    INSERT INTO track_search SELECT s.* FROM track_search_source s ORDER BY s.track_id;
$$;

SELECT attach_statement_triggers('tracks', 'handle_search_rows', ARRAY['INSERT', 'UPDATE', 'DELETE'],
                                 ARRAY['refresh_track_search', 'track_id']);
CREATE OR REPLACE TRIGGER handle_search_truncate AFTER TRUNCATE ON tracks
    FOR EACH STATEMENT EXECUTE FUNCTION handle_search_truncate('track_search');

SELECT rebuild_track_search();
