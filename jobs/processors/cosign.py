"""cs: cosign (aggregate, complete at once), for the remixer whose remix the parent track's owner saved or
reposted. The catalog row is inactive upstream, so the runner skips it until it is activated.

As the Go API: a current, not deleted save or repost of a remix (the `remixes` table) by the owner of its
parent track, who is verified. Specifier `<hex_parent_owner>:<hex_remix_track>`. Cap: a parent owner
cosigns at most 5 remixes per rolling 30 days (rows of cs whose specifier starts with the parent owner,
created since tick.now − 30 days; the Go API uses now()). Within one tick a parent owner's new cosigns are
taken in order of their earliest save or repost, so 6 cosigns in one batch mint 5.

Incremental on saves and reposts (blocknumber): a cosign cut by the cap is not reconsidered later (as
legacy, which drops the event; the Go API rescans every pair each tick, so it would mint that pair once the
30 days have passed).
"""

from __future__ import annotations

from openaudio_api.jobs.processors.incremental import upserting

MAX_COSIGNS_PER_MONTH = 5  # upstream's MAX_COSIGNS_PER_MONTH

PROCESSOR = upserting("cs", ("marks_saves", "marks_reposts"), "cs_candidates", serialize=True,
                        cap=MAX_COSIGNS_PER_MONTH)
