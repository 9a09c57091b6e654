"""A small core node for tests: the ConnectRPC JSON methods the indexer calls (GetNodeInfo, GetBlocks,
GetBlock), serving recorded blocks, with switches for the ways a real node misbehaves."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PREFIX = "/core.v1.CoreService/"


class FakeCoreNode:
    def __init__(self, chain_id: str, blocks: list[dict] | None = None):
        self.chain_id = chain_id
        self.blocks: dict[int, dict] = {}
        self.requests: list[tuple[str, object]] = []
        self.fail_next = 0  # answer this many requests with HTTP 500
        self.hang_next = 0  # stall this many requests for hang_seconds (longer than the client's timeout)
        self.hang_seconds = 2.0
        self.get_blocks_enabled = True  # False: GetBlocks is unimplemented (404), as on an older node
        # Heights produced but without a core_blocks row (a state-synced or pruned node): GetBlocks omits
        # them, GetBlock still serves them from the consensus store (its RPC fallback)...
        self.pruned: set[int] = set()
        # ...unless they are gone from there too: then GetBlock answers a Connect error.
        self.lost: set[int] = set()
        self.lock = threading.Lock()
        for block in blocks or []:
            self.produce(block)
        node = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                status, answer = node.answer(self.path.removeprefix(PREFIX), body)
                payload = json.dumps(answer).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (its timeout)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    @property
    def current_height(self) -> int:
        return max(self.blocks, default=0)

    def produce(self, block: dict) -> None:
        with self.lock:
            self.blocks[int(block["height"])] = block

    def _block(self, height: int) -> dict:
        # Above the current height a node answers a block of height -1, not an error.
        return self.blocks.get(height) or {"height": "-1", "hash": "", "chainId": self.chain_id, "proposer": "",
                                           "timestamp": None, "transactions": []}

    def answer(self, method: str, body: dict) -> tuple[int, dict]:
        with self.lock:
            self.requests.append((method, body))
            hang = self.hang_next > 0
            self.hang_next -= hang
            fail = not hang and self.fail_next > 0
            self.fail_next -= fail
        if hang:
            time.sleep(self.hang_seconds)
        if fail:
            return 500, {"code": "internal", "message": "node is having a bad day"}
        current = str(self.current_height)
        if method == "GetNodeInfo":
            return 200, {"chainid": self.chain_id, "synced": True, "cometAddress": "", "ethAddress": "",
                         "currentHeight": current}
        if method == "GetBlock":
            height = int(body["height"])
            if height in self.lost:
                return 500, {"code": "internal", "message": f"could not get block {height}"}
            block = self._block(height)
            # A block not produced yet, and any block served from the consensus store rather than core_blocks,
            # comes with currentHeight "0".
            fallback = int(block["height"]) < 0 or height in self.pruned
            return 200, {"block": block, "currentHeight": "0" if fallback else current}
        if method == "GetBlocks" and self.get_blocks_enabled:
            heights = [int(h) for h in body.get("height", [])]
            if len(heights) > 500:
                return 400, {"code": "invalid_argument", "message": "too many heights"}
            # Only heights with a core_blocks row are in the map (no -1 placeholders, no fallback).
            stored = [h for h in heights if h in self.blocks and h not in self.pruned and h not in self.lost]
            return 200, {"blocks": {str(h): self.blocks[h] for h in stored}, "currentHeight": current}
        return 404, {"code": "unimplemented", "message": f"{method} is not implemented"}
