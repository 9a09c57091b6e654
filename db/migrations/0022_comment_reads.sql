-- The comment read operations (issue 21) and the per-entity comment notification settings.

-- What a page of comments is sorted and filtered by, kept on the comment row so that each sort is one index
-- walk of the track's comments, not a count and a sort of all of them (a hit track has 50,000):
--   parent_comment_id  the comment a reply answers, mirrored from comment_threads (upstream's table, which
--                      the indexer still writes) by the comment_threads trigger;
--   react_count        live reactions, kept by the comment_reactions trigger ("top");
--   reply_count        live replies, kept by the comments trigger (a deleted comment with replies stays
--                      listed, as a tombstone, so the listing predicate needs it).
-- Triggers: db/functions/handle_comment_counts.sql.
ALTER TABLE comments ADD COLUMN IF NOT EXISTS parent_comment_id integer;
ALTER TABLE comments ADD COLUMN IF NOT EXISTS react_count integer NOT NULL DEFAULT 0;
ALTER TABLE comments ADD COLUMN IF NOT EXISTS reply_count integer NOT NULL DEFAULT 0;

-- Rows indexed before these columns existed. Absolute values, computed last, so running this again (with the
-- triggers attached, which count the parent ids' changes themselves) leaves the same numbers.
UPDATE comments c SET parent_comment_id = t.parent_comment_id
FROM comment_threads t
WHERE t.comment_id = c.comment_id AND c.parent_comment_id IS DISTINCT FROM t.parent_comment_id;

UPDATE comments c SET react_count = n.live
FROM (SELECT c2.comment_id, count(r.comment_id) AS live
      FROM comments c2 LEFT JOIN comment_reactions r ON r.comment_id = c2.comment_id AND NOT r.is_delete
      GROUP BY c2.comment_id) n
WHERE n.comment_id = c.comment_id AND c.react_count <> n.live;

UPDATE comments c SET reply_count = n.live
FROM (SELECT p.comment_id, count(r.comment_id) AS live
      FROM comments p LEFT JOIN comments r ON r.parent_comment_id = p.comment_id AND r.is_delete IS NOT TRUE
      GROUP BY p.comment_id) n
WHERE n.comment_id = c.comment_id AND c.reply_count <> n.live;

-- A track's top-level comments as listed: live ones, and deleted ones that still have live replies
-- (tombstones). One index per sort (getTrackComments' top, newest, timestamp), each in the sort's order, so
-- a page reads only its rows and the ones the viewer's filters skip.
CREATE INDEX IF NOT EXISTS comments_entity_newest_idx
    ON comments (entity_type, entity_id, created_at DESC, comment_id DESC)
    WHERE parent_comment_id IS NULL AND (is_delete IS NOT TRUE OR reply_count > 0);
CREATE INDEX IF NOT EXISTS comments_entity_top_idx
    ON comments (entity_type, entity_id, react_count DESC, created_at DESC, comment_id DESC)
    WHERE parent_comment_id IS NULL AND (is_delete IS NOT TRUE OR reply_count > 0);
CREATE INDEX IF NOT EXISTS comments_entity_timestamp_idx
    ON comments (entity_type, entity_id, track_timestamp_s ASC NULLS LAST, created_at, comment_id)
    WHERE parent_comment_id IS NULL AND (is_delete IS NOT TRUE OR reply_count > 0);
-- A thread's live replies, oldest first (getCommentReplies and the replies preview).
CREATE INDEX IF NOT EXISTS comments_thread_idx ON comments (parent_comment_id, created_at, comment_id)
    WHERE parent_comment_id IS NOT NULL AND is_delete IS NOT TRUE;
-- A user's live comments, newest first (getUserComments).
CREATE INDEX IF NOT EXISTS comments_user_newest_idx ON comments (user_id, created_at DESC, comment_id DESC)
    WHERE is_delete IS NOT TRUE;

-- The time of each track's latest comment (getTracksWithRecentComments), kept by the comments trigger: the
-- page is a walk of this index, not a grouping of every comment of the last month. Upstream counts every
-- comment, deleted or not, so this only moves forward.
CREATE TABLE IF NOT EXISTS track_comment_activity (
    track_id        integer   PRIMARY KEY,
    last_comment_at timestamp NOT NULL
);
CREATE INDEX IF NOT EXISTS track_comment_activity_recent_idx ON track_comment_activity (last_comment_at DESC, track_id DESC);
INSERT INTO track_comment_activity (track_id, last_comment_at)
SELECT entity_id, max(created_at) FROM comments WHERE entity_type = 'Track' GROUP BY entity_id
ON CONFLICT (track_id) DO UPDATE SET last_comment_at = EXCLUDED.last_comment_at
    WHERE track_comment_activity.last_comment_at < EXCLUDED.last_comment_at;

-- What the ETL's Track Mute/Unmute (a track's comment notifications, for its owner) and Comment Mute/Unmute
-- (a thread's notifications, for the comment's author) write: one row per (user, entity), changed in place.
-- Upstream's table, with the block columns our tables carry.
CREATE TABLE IF NOT EXISTS comment_notification_settings (
    user_id     integer   NOT NULL,
    entity_id   integer   NOT NULL,
    entity_type text      NOT NULL,
    is_muted    boolean   NOT NULL DEFAULT false,
    created_at  timestamp NOT NULL,
    updated_at  timestamp NOT NULL,
    txhash      text      NOT NULL,
    blockhash   text,
    blocknumber integer,
    PRIMARY KEY (user_id, entity_id, entity_type)
);
