"""The shape most phase-2 processors share: a window over a source's block numbers (or slots) since the
checkpoint, one upsert of the candidate rows that window yields, and the checkpoint advanced in the same
transaction.

Processors with a cap (cs, w) count existing rows and insert new ones; two runners racing could both see
"4 rows" and both insert. The runner lock already prevents that, and serialize=True also takes a
transaction-level advisory lock for the challenge before the checkpoint is read, so a second transaction
waits, then reads the advanced checkpoint and counts the rows the first one committed (per challenge is a
superset of per cap key, and costs one statement).
"""

from __future__ import annotations

from jobs.engine import Processor, Tick


def incremental(challenge_id: str, checkpoint: str, marks: tuple[str, ...], candidates: str, *,
                serialize: bool = False, **params) -> Processor:
    def run(tick: Tick) -> None:
        if serialize:
            tick.rows("challenge_xact_lock")
        window = tick.window(checkpoint, *marks)
        if window is None:
            return
        since, through = window
        tick.upsert(candidates, since=since, through=through, **params)
        tick.advance(checkpoint, through)

    return Processor(challenge_id, run, challenge_id=challenge_id)
