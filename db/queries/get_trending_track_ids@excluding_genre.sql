    -- As @excluding, in one genre.
    SELECT track_id, score FROM track_trending_scores
    WHERE type = 'TRACKS' AND version = %(version)s AND time_range = %(time_range)s AND genre = %(genre)s
      AND track_id <> ALL (%(exclude)s::int[])
