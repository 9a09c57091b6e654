-- Playlists and albums over a seeded catalogue (openaudio_api.demo.seed.add_playlists: the demo, the load
-- bench, the tests' sample database and the playlist plan tests): %(playlists)s of them, owned by every fifth
-- user, with the skew real data has: user %(collector)s owns the first %(collected)s (2,000 at full size) and
-- playlist 1 lists %(big)s tracks (5,000), the rest 5 to 34. Every fourth is an album, one in ten private;
-- each is reposted and saved by a few users (playlist 1 by %(fans)s) at %(engaged_at)s. Playlist p is made
-- p minutes after %(created_at)s. Names: two of %(words)s (title-cased, picked by the id), or "Bench playlist
-- p" when words is null; the slug is the name's. Track ids are drawn over 1..%(tracks)s, so some entries
-- are unlisted or deleted tracks, as in real playlists. Runs once: a database that already has playlists is
-- left as it is. Not chain data: the demo's blocks (seed --blocks) hold no playlists.
WITH made AS (
    INSERT INTO playlists (playlist_id, playlist_owner_id, is_album, is_private, is_current, is_delete,
                           playlist_name, playlist_contents, created_at, updated_at, txhash, blocknumber)
    SELECT p, owner, p %% 4 = 0, p %% 10 = 7, true, false, name,
           jsonb_build_object('track_ids', (
               SELECT jsonb_agg(jsonb_build_object('track', 1 + (p * 7919 + i * 104729) %% %(tracks)s,
                                                   'time', 1700000000 + p + i) ORDER BY i)
               FROM generate_series(1, CASE WHEN p = 1 THEN %(big)s ELSE 5 + p %% 30 END) i)),
           %(created_at)s::timestamp + p * interval '1 minute', %(created_at)s::timestamp + p * interval '1 minute',
           '0xbenchplaylist' || p, 1
    FROM (
        SELECT p, CASE WHEN p <= %(collected)s THEN %(collector)s
                       ELSE 5 * (1 + (p * 31) %% greatest(%(users)s / 5, 1)) END AS owner,
               coalesce(initcap(w.words[1 + (p * 7) %% cardinality(w.words)]) || ' '
                        || initcap(w.words[1 + (p * 13 + 3) %% cardinality(w.words)]),
                        'Bench playlist ' || p) AS name
        FROM generate_series(1, %(playlists)s) p, (SELECT %(words)s::text[] AS words) w
    ) planned
    WHERE NOT EXISTS (SELECT 1 FROM playlists)
      AND EXISTS (SELECT 1 FROM users u WHERE u.user_id = planned.owner AND u.is_current)
    RETURNING playlist_id, playlist_owner_id, playlist_name, playlist_contents, created_at
), listed AS (
    INSERT INTO playlist_tracks (playlist_id, track_id, is_removed, created_at, updated_at)
    SELECT DISTINCT m.playlist_id, (e ->> 'track')::integer, false, m.created_at, m.created_at
    FROM made m CROSS JOIN LATERAL jsonb_array_elements(m.playlist_contents -> 'track_ids') e
    WHERE EXISTS (SELECT 1 FROM tracks t WHERE t.track_id = (e ->> 'track')::integer AND t.is_current)
), routed AS (
    INSERT INTO playlist_routes (slug, title_slug, collision_id, owner_id, playlist_id, is_current, txhash)
    SELECT slug, slug, 0, playlist_owner_id, playlist_id, true, '0xbenchplaylist' || playlist_id
    FROM (SELECT m.*, CASE WHEN %(words)s::text[] IS NULL THEN 'bench-playlist-' || m.playlist_id
                           ELSE replace(lower(m.playlist_name), ' ', '-') || '-' || m.playlist_id END AS slug
          FROM made m) named
), fans AS (
    SELECT m.playlist_id, CASE WHEN m.playlist_id %% 4 = 0 THEN 'album' ELSE 'playlist' END AS kind,
           1 + (m.playlist_id * 13 + k * 7) %% %(users)s AS user_id
    FROM made m CROSS JOIN LATERAL generate_series(1, CASE WHEN m.playlist_id = 1 THEN %(fans)s ELSE 3 END) k
), reposted AS (
    INSERT INTO reposts (user_id, repost_item_id, repost_type, is_current, is_delete, created_at, txhash)
    SELECT DISTINCT user_id, playlist_id, kind::reposttype, true, false, %(engaged_at)s::timestamp,
           '0xbenchplaylistrepost'
    FROM fans
)
INSERT INTO saves (user_id, save_item_id, save_type, is_current, is_delete, created_at, txhash)
SELECT DISTINCT user_id, playlist_id, kind::savetype, true, false, %(engaged_at)s::timestamp, '0xbenchplaylistsave'
FROM fans
