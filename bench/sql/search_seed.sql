-- The search bench's catalogue (bench/search.py), written set-based in one pass, triggers off (the bench
-- reads search's tables only, so the aggregates are filled directly): %(users)s users, %(tracks)s tracks,
-- %(playlists)s playlists and albums. Titles and tags are drawn from the demo seed's 60 words
-- (%(words)s), users' names mostly from words of names (below), with a Zipf-like skew (the first word
-- begins a word of about a fifth of all titles, as a catalogue's commonest word does); popularity is skewed too (a few users with 100,000 followers, a long
-- tail of tracks never played). What search must never find is there: deleted and unlisted tracks,
-- private and deleted playlists, deactivated users.
SET session_replication_role = replica;

SELECT setseed(0.22);

INSERT INTO users (user_id, is_current, handle, handle_lc, name, is_verified, is_deactivated, is_available,
                   created_at, updated_at, txhash)
SELECT u, true, h, lower(h), initcap(w1) || ' ' || initcap(w2), u %% 97 = 0, u %% 89 = 0, true,
       timestamp '2022-01-01' + u * interval '7 minutes', timestamp '2022-01-01' + u * interval '7 minutes',
       '0xsearchu' || u
FROM (
    -- A name is mostly words of names (two of %(syllables)s, bench/search.py name_word: proper names, as a
    -- catalogue's artists', are not its titles' words), its second word a title's one time in five (DJ Ghost).
    SELECT u, syllables[1 + n1 / cardinality(syllables)] || syllables[1 + n1 %% cardinality(syllables)] AS w1,
           CASE WHEN random() < 0.2 THEN (%(words)s::text[])[1 + floor(60 * random())::int]
                ELSE syllables[1 + n2 / cardinality(syllables)] || syllables[1 + n2 %% cardinality(syllables)]
           END AS w2
    FROM (
        SELECT u, %(syllables)s::text[] AS syllables,
               floor(cardinality(%(syllables)s::text[]) ^ 2 * random() ^ 2)::int AS n1,
               floor(cardinality(%(syllables)s::text[]) ^ 2 * random())::int AS n2
        FROM generate_series(1, %(users)s) u
    ) drawn
) x
CROSS JOIN LATERAL (SELECT w1 || '_' || w2 || u AS h) handle;

INSERT INTO aggregate_user (user_id, follower_count, following_count, track_count, playlist_count)
SELECT u, floor(100000.0 / u ^ 0.9)::int, 10, 10, 1 FROM generate_series(1, %(users)s) u;

INSERT INTO tracks (track_id, is_current, is_delete, is_unlisted, is_available, owner_id, title, tags, genre, mood,
                    musical_key, bpm, is_downloadable, created_at, updated_at, txhash)
SELECT t, true, t %% 53 = 0, t %% 19 = 0, true,
       1 + floor(%(users)s * random() ^ 3)::int,
       initcap(array_to_string(ARRAY(
           SELECT (%(words)s::text[])[1 + floor(60 * random() ^ 2.5)::int]
           FROM generate_series(1, 1 + floor(3 * random())::int + (t * 0)) ), ' ')),
       (%(words)s::text[])[1 + floor(60 * random())::int] || ',' || (%(words)s::text[])[1 + floor(60 * random())::int],
       (%(genres)s::text[])[1 + floor(cardinality(%(genres)s::text[]) * random())::int],
       (ARRAY['Peaceful', 'Romantic', 'Sentimental', 'Tender', 'Easygoing', 'Yearning', 'Sophisticated',
              'Sensual', 'Cool', 'Gritty', 'Melancholy', 'Serious', 'Brooding', 'Fiery', 'Defiant',
              'Aggressive', 'Rowdy', 'Excited', 'Energizing', 'Empowering', 'Stirring', 'Upbeat', 'Other'])
           [1 + floor(23 * random())::int],
       (ARRAY['A minor', 'C major', 'E minor', 'G major'])[1 + floor(4 * random())::int],
       60 + floor(120 * random()), t %% 5 = 0,
       timestamp '2023-01-01' + t * interval '30 seconds', timestamp '2023-01-01' + t * interval '30 seconds',
       '0xsearcht' || t
FROM generate_series(1, %(tracks)s) t;

-- Nine in ten tracks played, a few a great deal.
INSERT INTO aggregate_plays (play_item_id, count)
SELECT t, floor(1000000.0 * random() ^ 6)::bigint FROM generate_series(1, %(tracks)s) t WHERE t %% 10 <> 3;

INSERT INTO playlists (playlist_id, playlist_owner_id, is_album, is_private, is_current, is_delete, playlist_name,
                       playlist_contents, created_at, updated_at, txhash)
SELECT p, 1 + floor(%(users)s * random() ^ 2)::int, p %% 4 = 0, p %% 10 = 7, true, p %% 41 = 0,
       initcap(array_to_string(ARRAY(
           SELECT (%(words)s::text[])[1 + floor(60 * random() ^ 2.5)::int]
           FROM generate_series(1, 1 + floor(3 * random())::int + (p * 0)) ), ' ')),
       '{"track_ids": []}'::jsonb,
       timestamp '2024-01-01' + p * interval '5 minutes', timestamp '2024-01-01' + p * interval '5 minutes',
       '0xsearchp' || p
FROM generate_series(1, %(playlists)s) p;

INSERT INTO playlist_tracks (playlist_id, track_id, is_removed, created_at, updated_at)
SELECT DISTINCT p, 1 + (p * 7919 + i * 104729) %% %(tracks)s, false, timestamp '2024-01-01', timestamp '2024-01-01'
FROM generate_series(1, %(playlists)s) p CROSS JOIN generate_series(1, 8) i;

INSERT INTO aggregate_playlist (playlist_id, repost_count, save_count)
SELECT p, floor(5000.0 * random() ^ 5)::int, 0 FROM generate_series(1, %(playlists)s) p WHERE p %% 10 <> 3;

-- Viewers: users 1..200 each follow 50 users, so relevant user search has followees to put first.
INSERT INTO follows (follower_user_id, followee_user_id, is_current, is_delete, created_at, txhash)
SELECT DISTINCT v, 1 + (v * 31 + k * 977) %% %(users)s, true, false, timestamp '2024-06-01', '0xsearchf'
FROM generate_series(1, 200) v CROSS JOIN generate_series(1, 50) k;

-- And one viewer follows every user (201, the heavy follower): user search's first tier, the viewer's follows,
-- must stay bounded for them too.
INSERT INTO follows (follower_user_id, followee_user_id, is_current, is_delete, created_at, txhash)
SELECT 201, u, true, false, timestamp '2024-01-01' + u * interval '1 minute', '0xsearchh'
FROM generate_series(1, %(users)s) u WHERE u <> 201;

SET session_replication_role = DEFAULT;

-- Triggers were off: search's own tables are built from what was written (db/functions/handle_search.sql).
SELECT rebuild_search_table('track_search');

SELECT rebuild_search_table('user_search');

SELECT rebuild_search_table('playlist_search');
