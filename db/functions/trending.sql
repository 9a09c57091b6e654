-- Underground trending (the Go API's definition): TRACKS scores of the version and time range whose owner has
-- fewer than 1,500 followers and follows fewer than 1,500 users, without the global top 20 of the same list.
-- Ordered like trending itself (score desc, track_id desc). One SQL statement, so the planner inlines it and a
-- caller's LIMIT walks the score index instead of ranking every scored track.
CREATE OR REPLACE FUNCTION underground_trending_scores(p_time_range text, p_version text DEFAULT 'pnagD')
RETURNS TABLE (track_id integer, score double precision, owner_id integer, genre varchar)
LANGUAGE sql STABLE AS $$
    SELECT s.track_id, s.score, t.owner_id, s.genre
    FROM track_trending_scores s
    JOIN tracks t ON t.track_id = s.track_id AND t.is_current
    LEFT JOIN aggregate_user au ON au.user_id = t.owner_id
    WHERE s.type = 'TRACKS' AND s.version = p_version AND s.time_range = p_time_range
      -- coalesce(count, 0) < 1500, spelled so the planner can use the columns' statistics: with coalesce() it
      -- guesses a third of rows pass each test, and then sorts the whole week instead of walking the index.
      AND (au.follower_count IS NULL OR au.follower_count < 1500)
      AND (au.following_count IS NULL OR au.following_count < 1500)
      AND s.track_id NOT IN (
          SELECT top.track_id FROM track_trending_scores top
          WHERE top.type = 'TRACKS' AND top.version = p_version AND top.time_range = p_time_range
          ORDER BY top.score DESC, top.track_id DESC
          LIMIT 20)
    ORDER BY s.score DESC, s.track_id DESC
$$;
