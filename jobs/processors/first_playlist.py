"""fp: first playlist (boolean), for the owner of any current playlist or album (see fp_candidates.sql)."""

from __future__ import annotations

from openaudio_api.jobs.processors.incremental import upserting

PROCESSOR = upserting("fp", ("marks_playlists",), "fp_candidates")
