"""v: connect verified (boolean), for every current, verified, not deactivated user (see v_candidates.sql)."""

from __future__ import annotations

from openaudio_api.jobs.processors.incremental import upserting

PROCESSOR = upserting("v", ("marks_users",), "v_candidates")
