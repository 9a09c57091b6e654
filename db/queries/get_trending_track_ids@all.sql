    SELECT track_id, score FROM track_trending_scores
    WHERE type = 'TRACKS' AND version = 'pnagD' AND time_range = %(time_range)s
