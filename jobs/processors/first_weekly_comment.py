"""c: first weekly comment (aggregate, complete at once), for the commenter.

One row per (user, ISO year, ISO week) in which the user wrote a comment (replies included) that is not
deleted and is visible; the visibility filter is the Go API's, legacy had none. Specifier
`<hex_user>:<ISO year><ISO week, 2 digits>`, e.g. `1a:202514`; the week is that of comments.created_at (UTC).
Incremental on comments.blocknumber (the Go API rescans all comments every tick).
"""

from __future__ import annotations

from openaudio_api.jobs.processors.incremental import upserting


PROCESSOR = upserting("c", ("marks_comments",), "c_candidates")
