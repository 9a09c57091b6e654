"""u: upload 3 tracks (numeric, 3 steps), for the track owner.

Counts the owner's current, not deleted, listed tracks that are not stems, written at or after the
catalog's starting_block. Incremental as the Go API: only owners of tracks written since the checkpoint are
recomputed; the count reported is capped at the step count.
"""

from __future__ import annotations

from openaudio_api.jobs.processors.incremental import upserting

PROCESSOR = upserting("u", ("marks_tracks",), "u_candidates")
