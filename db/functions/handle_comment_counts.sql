-- The counts a comment page is sorted and filtered by (db/migrations/0022_comment_reads.sql), kept as the
-- indexer writes, and the rules of who is shown which comment.

-- react_count: a comment's live reactions.
CREATE OR REPLACE FUNCTION handle_comment_reaction_counts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    reacted integer[];
    deltas bigint[];
BEGIN
    EXECUTE format($q$
        WITH changes AS (%s)
        SELECT array_agg(comment_id ORDER BY comment_id), array_agg(delta ORDER BY comment_id)
        FROM (SELECT comment_id, sum(sign) AS delta FROM changes WHERE NOT is_delete
              GROUP BY comment_id HAVING sum(sign) <> 0) d
    $q$, transition_changes(TG_OP)) INTO reacted, deltas;
    IF reacted IS NOT NULL THEN
        UPDATE comments c SET react_count = c.react_count + d.delta
        FROM unnest(reacted, deltas) AS d (comment_id, delta)
        WHERE c.comment_id = d.comment_id;
    END IF;
    RETURN NULL;
END $$;

SELECT attach_statement_triggers('comment_reactions', 'handle_comment_reaction_counts',
                                 ARRAY['INSERT', 'UPDATE', 'DELETE']);

-- parent_comment_id: the reply's row mirrors the thread row the indexer writes beside it (in the same
-- statement, so by the time this runs the comment exists).
CREATE OR REPLACE FUNCTION handle_comment_thread_parent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM new_rows n JOIN comments c ON c.comment_id = n.comment_id
               WHERE c.parent_comment_id IS DISTINCT FROM n.parent_comment_id) THEN
        UPDATE comments c SET parent_comment_id = n.parent_comment_id
        FROM new_rows n
        WHERE c.comment_id = n.comment_id AND c.parent_comment_id IS DISTINCT FROM n.parent_comment_id;
    END IF;
    RETURN NULL;
END $$;

SELECT attach_statement_triggers('comment_threads', 'handle_comment_thread_parent', ARRAY['INSERT']);

-- reply_count: a comment's live replies. The parents' UPDATE fires this again, with no reply changed: it
-- runs no UPDATE then (a statement trigger fires on an UPDATE of no rows too, so one would recurse forever).
CREATE OR REPLACE FUNCTION handle_comment_reply_counts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    parents integer[];
    deltas bigint[];
BEGIN
    EXECUTE format($q$
        WITH changes AS (%s)
        SELECT array_agg(parent_comment_id ORDER BY parent_comment_id), array_agg(delta ORDER BY parent_comment_id)
        FROM (SELECT parent_comment_id, sum(sign) AS delta FROM changes
              WHERE parent_comment_id IS NOT NULL AND is_delete IS NOT TRUE
              GROUP BY parent_comment_id HAVING sum(sign) <> 0) d
    $q$, transition_changes(TG_OP)) INTO parents, deltas;
    IF parents IS NOT NULL THEN
        UPDATE comments c SET reply_count = c.reply_count + d.delta
        FROM unnest(parents, deltas) AS d (parent_comment_id, delta)
        WHERE c.comment_id = d.parent_comment_id;
    END IF;
    RETURN NULL;
END $$;

SELECT attach_statement_triggers('comments', 'handle_comment_reply_counts', ARRAY['INSERT', 'UPDATE', 'DELETE']);

-- track_comment_activity: the time of a track's latest comment.
CREATE OR REPLACE FUNCTION handle_comment_activity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO track_comment_activity AS a (track_id, last_comment_at)
    SELECT entity_id, max(created_at) FROM new_rows WHERE entity_type = 'Track' GROUP BY entity_id
    ORDER BY entity_id
    ON CONFLICT (track_id) DO UPDATE SET last_comment_at = EXCLUDED.last_comment_at
        WHERE a.last_comment_at < EXCLUDED.last_comment_at;
    RETURN NULL;
END $$;

SELECT attach_statement_triggers('comments', 'handle_comment_activity', ARRAY['INSERT']);

-- Whether a comment by author, on a track owned by owner, is shown to viewer (upstream's track comments
-- filters, the Go API's): hidden when the viewer or the track's owner reported it, or its reporters have
-- 1,700,000 followers between them (upstream's karma threshold); and, except to its author, when the viewer
-- or the track's owner muted the author, or the author's muters have that many followers, or the author has
-- a negative abuse score and is not the track's owner. A single-expression SQL function, so the planner
-- inlines it into each page's walk (each test is a probe of a primary key).
CREATE OR REPLACE FUNCTION comment_shown_to(cmt integer, author integer, owner integer, viewer integer)
RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT NOT EXISTS (
            SELECT 1 FROM comment_reports r
            WHERE r.comment_id = cmt AND r.user_id IN (viewer, owner) AND NOT r.is_delete)
       AND (SELECT coalesce(sum(au.follower_count), 0) FROM comment_reports r
            JOIN aggregate_user au ON au.user_id = r.user_id
            WHERE r.comment_id = cmt AND NOT r.is_delete) < 1700000
       AND (author = viewer OR (
            NOT EXISTS (
                SELECT 1 FROM muted_users m
                WHERE m.muted_user_id = author AND m.user_id IN (viewer, owner) AND NOT m.is_delete)
            AND (SELECT coalesce(sum(au.follower_count), 0) FROM muted_users m
                 JOIN aggregate_user au ON au.user_id = m.user_id
                 WHERE m.muted_user_id = author AND NOT m.is_delete) < 1700000
            AND (author = owner OR NOT EXISTS (
                SELECT 1 FROM aggregate_user au WHERE au.user_id = author AND au.score < 0))))
$$;

-- Whether viewer may see the track, as getTrack (get_tracks.sql's and get_track_visible.sql's rule): current,
-- and public, or the viewer owns it or is invited to collaborate on it. For lists of comments on many
-- tracks (a user's comments, one comment by id), inlined in each row's test.
CREATE OR REPLACE FUNCTION track_visible_to(track integer, viewer integer) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1 FROM tracks t
        WHERE t.track_id = track AND t.is_current
          AND (NOT t.is_unlisted OR t.owner_id = viewer OR (viewer > 0 AND EXISTS (
                  SELECT 1 FROM track_collaborators c
                  WHERE c.track_id = t.track_id AND c.collaborator_user_id = viewer
                    AND c.status IN ('pending', 'accepted')))))
$$;
