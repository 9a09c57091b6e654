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

# Playlists and albums: upstream's legacy provider has one playlist strategy, pnagD (its TrendingStrategyFactory
# has no AnlGe for PLAYLISTS, and refuses that version with a 400); the Go API serves pnagD only. The spec's
# playlist_trending_version_path enum repeats them; jobs/processors/trending_playlist_scores.py writes each.
PLAYLIST_VERSIONS = ("pnagD",)
DEFAULT_PLAYLIST_VERSION = PLAYLIST_VERSIONS[0]
# playlist_trending_scores.type, as upstream writes it.
PLAYLISTS_TYPE = "PLAYLISTS"
