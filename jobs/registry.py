"""The processors, in the order a tick runs them (the Go API's phases). Trending scores come before the
challenges that read them (tt, tut, t)."""

from __future__ import annotations

from openaudio_api.jobs.engine import Processor
from openaudio_api.jobs.processors import (audio_matching, comment_pin, cosign, curated_lists, first_playlist,
                                           first_weekly_comment, listen_streak, play_count_milestones,
                                           profile_completion, remix_contest_winner, search_words, tastemaker,
                                           trending_playlist_scores, trending_rewards, trending_scores, uploads,
                                           verified)

PROCESSORS: list[Processor] = [
    # Phase 1
    uploads.PROCESSOR,
    first_playlist.PROCESSOR,
    profile_completion.PROCESSOR,
    verified.PROCESSOR,
    listen_streak.PROCESSOR,
    play_count_milestones.PROCESSOR,  # p1, p2, p3
    trending_scores.PROCESSOR,
    trending_rewards.TT,
    trending_rewards.TUT,
    # Phase 2
    first_weekly_comment.PROCESSOR,
    comment_pin.PROCESSOR,
    cosign.PROCESSOR,
    remix_contest_winner.PROCESSOR,
    audio_matching.BUYER,
    audio_matching.SELLER,
    tastemaker.PROCESSOR,
    # Not a challenge: the precomputed track lists and genre buckets the API serves (issue 19).
    curated_lists.PROCESSOR,
    # Not a challenge either (the trending playlist reward is removed): what trending playlists serve.
    trending_playlist_scores.PROCESSOR,
    # Nor this: the word counts that choose a search's path (issue 22).
    search_words.PROCESSOR,
]
