-- track_search (migration 0032) kept equal to track_search_source by the triggers below and the users' ones
-- (db/functions/handle_search.sql, user_search.sql): every write to tracks refreshes the rows of the tracks it
-- touched, every write to users the rows of their tracks.

-- The tracks search may find, as upstream's index holds them: current, not deleted, not unlisted, available,
-- not a stem, of a current, active, available owner. The one definition of "findable" for track search.
-- A track's words are its title's (A), its artist's name and handle (D, migration 0036) and its tags (B).
CREATE OR REPLACE VIEW track_search_source AS
SELECT t.track_id, t.owner_id, t.created_at, search_title_words(t.title) AS title_words,
       search_tag_words(t.tags) AS tag_words, t.genre::text AS genre, t.mood::text AS mood,
       t.musical_key::text AS musical_key, t.bpm, t.is_downloadable,
       coalesce(t.stream_conditions ? 'usdc_purchase', false) AS is_purchaseable, u.is_verified AS owner_verified,
       search_artist_words(u.name, u.handle) AS artist_words
FROM tracks t
JOIN users u ON u.user_id = t.owner_id AND u.is_current AND NOT u.is_deactivated AND u.is_available
WHERE t.is_current AND NOT t.is_delete AND NOT t.is_unlisted AND t.is_available AND t.stem_of IS NULL;

SELECT attach_statement_triggers('tracks', 'handle_search_rows', ARRAY['INSERT', 'UPDATE', 'DELETE'],
                                 ARRAY['track_search', 'track_id']);
CREATE OR REPLACE TRIGGER handle_search_truncate AFTER TRUNCATE ON tracks
    FOR EACH STATEMENT EXECUTE FUNCTION handle_search_truncate('track_search');

SELECT rebuild_search_table('track_search');
