-- The event (remix contest) reads: every list walks an index in the order it answers in, so a page reads
-- about its own rows however many events, contests, comments or followers there are.

-- getBulkEvents / getAllEvents: newest first, ties by event_id ascending (upstream's order).
CREATE INDEX IF NOT EXISTS events_recent_idx ON events (created_at DESC, event_id);
-- The same order within one event type (a rare type is not found by walking every event).
CREATE INDEX IF NOT EXISTS events_type_recent_idx ON events (event_type, created_at DESC, event_id);
-- getEntityEvents: the events on a few entities, newest first.
CREATE INDEX IF NOT EXISTS events_entity_recent_idx ON events (entity_id, created_at DESC, event_id);

-- getRemixContests: running contests by soonest end (ties by event_id), ended ones most recently ended first
-- (ties by event_id too, hence the second direction).
CREATE INDEX IF NOT EXISTS events_contest_ending_idx ON events (end_date, event_id)
    WHERE event_type = 'remix_contest' AND NOT is_deleted;
CREATE INDEX IF NOT EXISTS events_contest_ended_idx ON events (end_date DESC, event_id)
    WHERE event_type = 'remix_contest' AND NOT is_deleted;
-- getContestsByUser: the same two orders within one host.
CREATE INDEX IF NOT EXISTS events_host_contest_ending_idx ON events (user_id, end_date, event_id)
    WHERE event_type = 'remix_contest' AND NOT is_deleted;
CREATE INDEX IF NOT EXISTS events_host_contest_ended_idx ON events (user_id, end_date DESC, event_id)
    WHERE event_type = 'remix_contest' AND NOT is_deleted;

-- getEventComments: an event's live comments newest (or oldest) first. comments_entity_idx has no time, so a
-- 50,000-comment event was read whole and sorted for each page.
CREATE INDEX IF NOT EXISTS comments_event_recent_idx ON comments (entity_id, created_at, comment_id)
    WHERE entity_type = 'Event' AND NOT coalesce(is_delete, false);

-- getEventFollowers / getEventFollowState: an event's live subscribers ('Event' subscriptions name the event
-- in entity_id), and one viewer's.
CREATE INDEX IF NOT EXISTS subscriptions_event_idx ON subscriptions (entity_id, subscriber_id)
    WHERE entity_type = 'Event' AND is_current AND NOT is_delete;
