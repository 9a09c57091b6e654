    -- getRecommendedTracks: the trending list without the ids the client already has (exclusion_list).
    SELECT track_id, score FROM track_trending_scores
    WHERE type = 'TRACKS' AND version = %(version)s AND time_range = %(time_range)s
      AND track_id <> ALL (%(exclude)s::int[])
