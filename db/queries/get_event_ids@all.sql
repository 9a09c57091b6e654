-- Every event (events_recent_idx).
true
