"""A small HTTP server on 127.0.0.1 that answers with recorded responses (shaped as each
network's public API documentation describes them) and logs every request it gets."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


class Recorded(ThreadingHTTPServer):
    """Answers each (method, path) with the response a test set; logs every request."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict[
            tuple[str, str], list[tuple[int, dict[str, str], bytes | None, float]]
        ] = {}
        self.requests: list[dict[str, Any]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def answer(
        self,
        method: str,
        path: str,
        status: int,
        body: Any,
        headers: dict[str, str] | None = None,
        delay: float = 0,
    ) -> None:
        """`body` None closes the connection without any response (a reset); `delay` seconds
        pass before the answer (a slow server). Replaces what the route answered before."""
        self.routes[(method, path)] = []
        self.then(method, path, status, body, headers, delay)

    def then(
        self,
        method: str,
        path: str,
        status: int,
        body: Any,
        headers: dict[str, str] | None = None,
        delay: float = 0,
    ) -> None:
        """Queue a further answer: each request takes the next; the last one repeats."""
        raw = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
        self.routes.setdefault((method, path), []).append((status, headers or {}, raw, delay))

    def calls(self, path: str) -> int:
        return sum(1 for r in self.requests if r["path"] == path)


class _Handler(BaseHTTPRequestHandler):
    server: Recorded

    def _serve(self) -> None:
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        self.server.requests.append(
            {
                "method": self.command,
                "path": url.path,
                "query": parse_qs(url.query),
                "headers": dict(self.headers),
                "body": self.rfile.read(length).decode(),
            }
        )
        queue = self.server.routes.get((self.command, url.path)) or [
            (404, {}, b'{"error":"Record not found"}', 0.0)
        ]
        status, headers, body, delay = queue.pop(0) if len(queue) > 1 else queue[0]
        time.sleep(delay)
        if body is None:
            self.close_connection = True
            self.connection.shutdown(2)
            return
        self.send_response(status)
        headers = {"Content-Type": "application/json; charset=utf-8", **headers}
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _serve  # noqa: N815

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def recorded_server() -> Iterator[Recorded]:
    server = Recorded()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
