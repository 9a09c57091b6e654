"""cp: comment pin (aggregate, complete at once), for the commenter whose comment the track owner pinned.

As the Go API: a current, not deleted track whose pinned_comment_id names a comment that is not deleted,
whose owner is verified, and whose commenter is not the owner. Specifier `<hex_commenter>:<hex_track>`, so
pin, unpin and re-pin mint one row. Incremental on tracks.blocknumber: a Pin or Unpin stamps the track row
with its block (indexer/entities/sql/pin_comment.sql).
"""

from __future__ import annotations

from openaudio_api.jobs.processors.incremental import upserting


# The same dirty set as u: tracks written since the checkpoint.
PROCESSOR = upserting("cp", ("marks_tracks",), "cp_candidates")
