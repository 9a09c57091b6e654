-- Remixables, as the legacy Python provider's get_remixable_tracks (the Go API forwards the route to it):
-- current, listed, not deleted, not stream-gated tracks with at least one current, listed, not deleted stem,
-- ranked by reposts + saves decayed by age: count * 1000 ^ (1 - min(age / 60 days, 1)) / 1000, so a new
-- track's engagement counts up to 1000 times an old one's. Ties go to the higher track id. Only the first
-- %(depth)s are kept: a request asks for at most 100 and has no offset.
INSERT INTO curated_track_lists (list, rank, track_id, score)
SELECT 'remixables', row_number() OVER (ORDER BY score DESC, track_id DESC), track_id, score
FROM (
    SELECT t.track_id,
           (a.repost_count + a.save_count)
             * power(1000, 1 - least(extract(epoch FROM (%(now)s::timestamp - t.created_at)) / (60 * 86400), 1))
             / 1000 AS score
    FROM tracks t
    JOIN aggregate_track a ON a.track_id = t.track_id
    WHERE t.is_current AND NOT t.is_delete AND NOT t.is_unlisted AND NOT coalesce(t.is_stream_gated, false)
      AND EXISTS (
          SELECT 1 FROM stems s JOIN tracks st ON st.track_id = s.child_track_id AND st.is_current
          WHERE s.parent_track_id = t.track_id AND NOT st.is_delete AND NOT st.is_unlisted)
    ORDER BY score DESC, t.track_id DESC
    LIMIT %(depth)s
) ranked;
