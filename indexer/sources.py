"""Where blocks come from: a core node's HTTP JSON API, or a file of block JSON lines.

A source answers fetch(start, limit) with the contiguous run of produced blocks from `start` (possibly none:
the chain has not got there yet) and raises SourceError when it cannot answer at all (node down, timeout,
bad response); the indexer backs off and asks again. It never skips a height.
"""

from __future__ import annotations

import logging
from pathlib import Path

import httpx
import orjson

from openaudio_api.indexer.blocks import Block, MalformedBlock, parse_block, parse_int64

log = logging.getLogger("openaudio.indexer.source")

# The core node refuses more than 500 heights per GetBlocks. (The go-openaudio ETL itself asks GetBlock for
# one height at a time and buffers 50; batches here only save round trips.)
GET_BLOCKS_MAX = 500


class SourceError(RuntimeError):
    """The source could not answer now; try again later."""


class FileSource:
    """Block JSON lines: each line a protojson Block, or a GetBlockResponse ({"block": ...}). Blank lines are
    ignored. Heights must follow each other; the file is read lazily, so a replay of millions of plays does
    not sit in memory."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._handle = None
        self._line = 0
        self._pending: Block | None = None
        self._chain_id: str | None = None
        self._last_height: int | None = None
        self._expect: int | None = None  # the height the reader stands before
        self._error: MalformedBlock | None = None
        self.exhausted = False

    def __repr__(self) -> str:
        return f"FileSource({str(self.path)!r})"

    def _next(self) -> Block | None:
        if self._error is not None:
            raise self._error  # sticky until a rewind: the bad line is never stepped over
        if self._pending is not None:
            block, self._pending = self._pending, None
            return block
        if self._handle is None:
            try:
                self._handle = self.path.open("rb")
            except OSError as exc:
                raise SourceError(f"cannot read {self.path}: {exc.strerror}") from None
        for raw in self._handle:
            self._line += 1
            if not raw.strip():
                continue
            try:
                try:
                    value = orjson.loads(raw)
                except orjson.JSONDecodeError as exc:
                    raise MalformedBlock(f"{self.path}:{self._line}: not JSON ({exc})") from None
                if isinstance(value, dict) and isinstance(value.get("block"), dict):
                    value = value["block"]
                return parse_block(value)
            except MalformedBlock as exc:
                self._error = exc
                raise
        return None

    def _rewind(self) -> None:
        if self._handle is not None:
            self._handle.close()
        self._handle, self._line, self._pending, self._expect, self._error = None, 0, None, None, None
        self.exhausted = False

    def _first(self) -> Block | None:
        self._rewind()
        first = self._next()
        self._pending = first
        return first

    def chain_id(self) -> str:
        if self._chain_id is None:
            first = self._first()
            self._chain_id = first.chain_id if first else ""
        return self._chain_id

    def first_height(self) -> int:
        first = self._first()
        return first.height if first else 1

    def current_height(self) -> int | None:
        """The file's last readable height (found once, by scanning it); None when it has none."""
        if self._last_height is None:
            last = 0
            with self.path.open("rb") as handle:
                for raw in handle:
                    try:
                        value = orjson.loads(raw) if raw.strip() else None
                    except orjson.JSONDecodeError:
                        continue
                    value = value.get("block", value) if isinstance(value, dict) else {}
                    height = parse_int64(value.get("height")) if isinstance(value, dict) else None
                    last = height if height is not None else last
            self._last_height = last
        return self._last_height or None

    def fetch(self, start: int, limit: int) -> list[Block]:
        if start != self._expect:
            # A retry of a failed batch, or a resume where this reader does not stand: read from the top.
            self._rewind()
        blocks: list[Block] = []
        while len(blocks) < limit:
            try:
                block = self._next()
            except MalformedBlock:
                if blocks:
                    break  # hand over the good blocks before it; the error comes back on the next fetch
                raise
            if block is None:
                self.exhausted = True
                break
            if block.height < start:
                continue
            if block.height != start + len(blocks):
                self._error = MalformedBlock(
                    f"{self.path}:{self._line}: height {block.height} where {start + len(blocks)} was expected")
                if blocks:
                    break
                raise self._error
            blocks.append(block)
        self._expect = start + len(blocks)
        return blocks

    def close(self) -> None:
        self._rewind()


class HttpSource:
    """A core node's ConnectRPC JSON API: POST {node}/core.v1.CoreService/GetBlocks in batches, falling back
    to GetBlock one height at a time when GetBlocks is not available or fails.

    GetBlocks answers only from the node's stored blocks and omits any height it has no row for, so a height
    missing at or below the reply's currentHeight is a block the node lacks (state-synced or pruned), not one
    still to come: it is asked for with GetBlock, which falls back to the node's consensus store. Only a height
    above the tip is "not yet"."""

    def __init__(self, url: str, *, batch: int = 50, timeout: float = 10.0, client: httpx.Client | None = None):
        self.url = url.rstrip("/")
        self.batch = max(1, min(batch, GET_BLOCKS_MAX))
        self.client = client or httpx.Client(timeout=timeout, headers={"Content-Type": "application/json"})
        self._chain_id: str | None = None
        self._current: int | None = None
        self._get_blocks_works = True
        self.exhausted = False  # a chain never ends

    def __repr__(self) -> str:
        return f"HttpSource({self.url!r})"

    def _call(self, method: str, body: dict) -> dict:
        try:
            response = self.client.post(f"{self.url}/core.v1.CoreService/{method}", content=orjson.dumps(body))
        except httpx.HTTPError as exc:
            raise SourceError(f"{method}: {type(exc).__name__}: {exc}".strip()) from None
        if response.status_code != 200:
            raise SourceError(f"{method}: HTTP {response.status_code}: {response.text[:200]}")
        try:
            value = orjson.loads(response.content)
        except orjson.JSONDecodeError:
            raise SourceError(f"{method}: the response is not JSON") from None
        if not isinstance(value, dict):
            raise SourceError(f"{method}: the response is not a JSON object")
        current = parse_int64(value.get("currentHeight"))
        # Every GetBlock past the tip (and every consensus-store fallback) answers currentHeight "0": that is
        # "unknown", never a lower chain height.
        if current is not None and current > 0:
            self._current = current
        return value

    def chain_id(self) -> str:
        if self._chain_id is None:
            info = self._call("GetNodeInfo", {})
            chain = info.get("chainid") or info.get("chainId")
            if not isinstance(chain, str) or not chain:
                raise SourceError("GetNodeInfo: no chainid")
            self._chain_id = chain
        return self._chain_id

    def first_height(self) -> int:
        return 1

    def current_height(self) -> int | None:
        return self._current

    def fetch(self, start: int, limit: int) -> list[Block]:
        limit = max(1, min(limit, self.batch))
        if self._get_blocks_works:
            try:
                return self._get_blocks(start, limit)
            except SourceError as exc:
                log.warning("GetBlocks failed, falling back to GetBlock", extra={"error": str(exc)})
                self._get_blocks_works = False
        try:
            return self._get_block(start)
        finally:
            # Try the batch call again on the next round: a failure may have been momentary.
            self._get_blocks_works = True

    def _get_blocks(self, start: int, limit: int) -> list[Block]:
        value = self._call("GetBlocks", {"height": list(range(start, start + limit))})
        found = value.get("blocks")
        if not isinstance(found, dict):
            raise SourceError("GetBlocks: no blocks map")
        tip = parse_int64(value.get("currentHeight")) or 0
        blocks = []
        for height in range(start, start + limit):
            raw = found.get(str(height))
            if raw is None:
                if height > tip:
                    break  # not produced yet: only the contiguous run from start counts
                # The node has no stored row for a height it has passed: ask for that one block, which
                # raises SourceError when the node cannot serve it at all (never read as "not yet").
                single = self._get_block(height)
                if not single:
                    if blocks:
                        break  # hand over the run before it; the next fetch raises
                    raise SourceError(f"the node lacks block {height} below its height {tip}, "
                                      "and GetBlock has none either")
                blocks += single
                continue
            block = parse_block(raw)
            if block.height < 0:
                break  # not produced yet: only the contiguous run from start counts
            if block.height != height:
                raise SourceError(f"GetBlocks: asked for {height}, got {block.height}")
            blocks.append(block)
        return blocks

    def _get_block(self, start: int) -> list[Block]:
        value = self._call("GetBlock", {"height": start})
        block = parse_block(value.get("block"))
        if block.height < 0:
            return []
        if block.height != start:
            raise SourceError(f"GetBlock: asked for {start}, got {block.height}")
        return [block]

    def close(self) -> None:
        self.client.close()


def open_source(spec: str, **options) -> FileSource | HttpSource:
    """A URL is a core node; anything else a block file."""
    if spec.startswith(("http://", "https://")):
        return HttpSource(spec, **options)
    return FileSource(spec)
