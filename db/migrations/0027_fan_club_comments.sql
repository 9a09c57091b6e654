-- Fan-club wall posts are comments on entity_type 'FanClub' (entity_id: the artist's user id), as the ETL
-- indexes them (comment_create.go, its 0028_comments_fan_club_fields): a post may be for the club's members
-- only, and may carry a video.
ALTER TABLE comments ADD COLUMN IF NOT EXISTS is_members_only boolean NOT NULL DEFAULT false;
ALTER TABLE comments ADD COLUMN IF NOT EXISTS video_url text;
