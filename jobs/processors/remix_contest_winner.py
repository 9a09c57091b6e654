"""w: remix contest winner (aggregate, complete at once), for the owner of each winning track.

As the Go API: an event of type remix_contest, not deleted, hosted by a verified user, whose
event_data.winners lists track ids (numbers or digit strings; anything else is skipped). Each listed track
that is current and not deleted rewards its owner; specifier `<hex_contest_id>:<hex_winner_user>`, so a
user who won with two tracks is rewarded once per contest. Caps, in this order:
  - a contest rewards at most 5 winners (all time);
  - a host's contests reward at most 5 winners per rolling 7 days before tick.now, per host as the Go API
    (legacy counted every host's rows together). The Go API joins the specifier's prefix to
    events.event_id as a decimal number although it is hex; here the join is on to_hex(event_id).
Within one tick winners are taken in contest order, then in the order the contest lists them.

Incremental on events.blocknumber: a winner cut by a cap is not reconsidered later (as legacy; the Go API
rescans every contest each tick, so a winner cut by the weekly cap would be minted a week later).
"""

from __future__ import annotations

from openaudio_api.jobs.processors.incremental import upserting

MAX_WINNERS_PER_CONTEST = 5
MAX_WINNER_REWARDS_PER_HOST_PER_WEEK = 5

PROCESSOR = upserting("w", ("marks_events",), "w_candidates", serialize=True,
                        contest_cap=MAX_WINNERS_PER_CONTEST, host_cap=MAX_WINNER_REWARDS_PER_HOST_PER_WEEK)
