"""The processors, in the order a tick runs them (the Go API's phases). Trending scores come before the
challenges that read them (tt, tut, t)."""

from __future__ import annotations

from jobs.engine import Processor
from jobs.processors import trending_scores, uploads
from jobs.processors import first_playlist, listen_streak, play_count_milestones, profile_completion, verified
from jobs.processors import audio_matching, comment_pin, cosign, first_weekly_comment, remix_contest_winner
from jobs.processors import trending_rewards  # tt, tut
from jobs.processors import tastemaker  # t

PROCESSORS: list[Processor] = [
    # -- phase 1
    uploads.PROCESSOR,
    # -- phase 1: fp, p, v, e, p1, p2, p3
    first_playlist.PROCESSOR,
    profile_completion.PROCESSOR,
    verified.PROCESSOR,
    listen_streak.PROCESSOR,
    play_count_milestones.PROCESSOR,
    # -- trending scores, then tt, tut
    trending_scores.PROCESSOR,
    trending_rewards.TT,
    trending_rewards.TUT,
    # -- phase 2: c, cp, cs, w, b, s
    first_weekly_comment.PROCESSOR,
    comment_pin.PROCESSOR,
    cosign.PROCESSOR,
    remix_contest_winner.PROCESSOR,
    audio_matching.BUYER,
    audio_matching.SELLER,
    # -- phase 2: t (tastemaker)
    tastemaker.PROCESSOR,
]
