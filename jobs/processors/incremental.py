"""The Go API's incremental pattern (incremental.go), shared by most processors: a window over the rows
written since the checkpoint (see Tick.window), the processor's work for that window, then the checkpoint
moves to the window's end in the same transaction.

Processors with a cap (cs, w) count existing rows and insert new ones; two runners racing could both see
"4 rows" and both insert. The runner lock already prevents that, and serialize=True also takes a
transaction-level advisory lock for the challenge before the checkpoint is read, so a second transaction
waits, then reads the advanced checkpoint and counts the rows the first one committed (per challenge is a
superset of per cap key, and costs one statement).
"""

from __future__ import annotations

from typing import Callable

from openaudio_api.jobs.engine import Processor, Tick


def reconcile(tick: Tick, checkpoint: str, marks: tuple[str, ...], work: Callable[[int, int], None],
              batch: int | None = None, serialize: bool = False) -> None:
    if serialize:
        tick.rows("challenge_xact_lock")
    window = tick.window(checkpoint, *marks, batch=batch)
    if window is None:
        return
    since, through = window
    work(since, through)
    tick.advance(checkpoint, through)


def upserting(challenge_id: str, marks: tuple[str, ...], candidates: str, *, batch: int | None = None,
              checkpoint_kind: str = "last_blocknumber", serialize: bool = False, **params) -> Processor:
    """A processor whose whole work is one candidates query over the window; its checkpoint is
    challenges:<id>:<checkpoint_kind>."""
    checkpoint = f"challenges:{challenge_id}:{checkpoint_kind}"

    def run(tick: Tick) -> None:
        reconcile(tick, checkpoint, marks,
                  lambda since, through: tick.upsert(candidates, since=since, through=through, **params),
                  batch=batch, serialize=serialize)

    return Processor(challenge_id, run, challenge_id=challenge_id)
