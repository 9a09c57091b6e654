-- The users who remixed a user's tracks (or one of them, track_id), lowest user id first (upstream
-- v1_users_remixers.go), with how many there are in all (getRemixersCount reads only that). Parent and
-- remix must be current, undeleted and public, as upstream. The parents come off the owner's index, their
-- remixes off the remixes primary key and each remix is one primary-key probe: the work is this user's
-- remixes, never a scan of tracks or remixes.
WITH remixer AS (
    SELECT DISTINCT c.owner_id
    FROM tracks p
    -- Per parent, its remixes off the primary key: as a join, the planner hashed the whole remixes table
    -- for an artist with 20,000 remixes (tests/test_query_plans_library.py). OFFSET 0 keeps it a probe.
    CROSS JOIN LATERAL (
        SELECT r.child_track_id FROM remixes r WHERE r.parent_track_id = p.track_id OFFSET 0
    ) r
    CROSS JOIN LATERAL (
        SELECT c.owner_id FROM tracks c
        WHERE c.track_id = r.child_track_id AND c.is_current AND NOT c.is_delete AND NOT c.is_unlisted
        OFFSET 0
    ) c
    WHERE p.owner_id = %(user_id)s
      AND p.is_current AND NOT p.is_delete AND NOT p.is_unlisted
      AND (%(track_id)s::integer IS NULL OR p.track_id = %(track_id)s::integer)
)
SELECT
    (SELECT count(*) FROM remixer) AS count,
    ARRAY(SELECT owner_id FROM remixer ORDER BY owner_id LIMIT %(limit)s OFFSET %(offset)s) AS user_ids
