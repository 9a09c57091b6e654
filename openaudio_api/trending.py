"""Trending's names shared by its writer (the trending jobs in jobs/processors/) and the read API
(handlers/trending.py), here so that neither imports the other: the handlers import no writer."""

from __future__ import annotations

# Upstream's scoring strategies by version: the current one first (the spec's trending_version_path enum
# repeats them; tests/test_trending_versions.py checks both agree).
VERSIONS = ("pnagD", "AnlGe")
DEFAULT_VERSION = VERSIONS[0]
# The version the weekly trending rewards rank (the Go port rewards this one only).
REWARDED_VERSION = "pnagD"
# trending_results.type of the weekly winners, as the Go API writes it.
TRACKS_RESULTS = "TRACKS"
UNDERGROUND_RESULTS = "UNDERGROUND_TRACKS"
