"""The Go API's incremental pattern (incremental.go), shared by the processors that recompute users.

A window over the rows written since the checkpoint (see Tick.window), the processor's work for that window,
then the checkpoint moves to the window's end in the same transaction.
"""

from __future__ import annotations

from typing import Callable

from jobs.engine import Processor, Tick


def reconcile(tick: Tick, checkpoint: str, marks: tuple[str, ...], work: Callable[[int, int], None],
              batch: int | None = None) -> None:
    window = tick.window(checkpoint, *marks, batch=batch)
    if window is None:
        return
    since, through = window
    work(since, through)
    tick.advance(checkpoint, through)


def upserting(challenge_id: str, marks: tuple[str, ...], candidates: str, *, batch: int | None = None,
              checkpoint_kind: str = "last_blocknumber", **params) -> Processor:
    """A processor whose whole work is one candidates query over the window (fp, v, p1/p2/p3)."""
    checkpoint = f"challenges:{challenge_id}:{checkpoint_kind}"

    def run(tick: Tick) -> None:
        reconcile(tick, checkpoint, marks,
                  lambda since, through: tick.upsert(candidates, since=since, through=through, **params),
                  batch=batch)

    return Processor(challenge_id, run, challenge_id=challenge_id)
