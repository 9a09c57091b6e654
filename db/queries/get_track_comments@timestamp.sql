-- Where in the track the comment points, earliest first; comments that name no point after them.
c.track_timestamp_s ASC NULLS LAST, c.created_at, c.comment_id
