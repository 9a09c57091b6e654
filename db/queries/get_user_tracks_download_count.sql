-- A user's total downloads (the newer Go API's GetUserTrackDownloadCountTotal): every download filed under a
-- current, not deleted track they own; a stem's downloads are filed under its parent, so they count once.
-- One index-only count per track through the primary key; a user with no tracks has 0.
SELECT coalesce(sum((SELECT count(*) FROM track_downloads d WHERE d.parent_track_id = t.track_id)), 0)::bigint
       AS download_count
FROM tracks t
WHERE t.owner_id = %(user_id)s AND t.is_current AND NOT t.is_delete AND t.stem_of IS NULL
