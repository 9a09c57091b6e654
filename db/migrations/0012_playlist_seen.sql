-- When a user last opened a playlist (Notification ViewPlaylist), as upstream's playlist_seen: one row per view
-- time; the newest is the one that clears the playlist's "updated" badge.
CREATE TABLE IF NOT EXISTS playlist_seen (
    user_id     integer   NOT NULL,
    playlist_id integer   NOT NULL,
    seen_at     timestamp NOT NULL,
    is_current  boolean   NOT NULL DEFAULT true,
    blocknumber integer,
    blockhash   varchar,
    txhash      varchar,
    PRIMARY KEY (user_id, playlist_id, seen_at)
);
