"""A tiny HTTP server on 127.0.0.1 that replays recorded API responses (X, Facebook, WordPress
faults). Shared by the connectors' tests; not used by application code.

    with RecordedServer() as server:
        server.add("GET", "/2/users/me", fixture("x/users_me.json"))
        ... point the adapter at server.url ...
        assert server.requests[0].query["user.fields"] == "public_metrics"

A response is a dict like the JSON fixture files: {"status": 200, "headers": {...}, "body":
<JSON value>} or {"raw": "<bytes as text>"} for a body that is not JSON. Two actions stand for
network faults: {"action": "reset"} closes the connection without answering and
{"action": "sleep", "seconds": 2} answers late (for client timeouts).
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).resolve().parents[2]  # dialogo/networks


def fixture(relative: str, **overrides: Any) -> dict[str, Any]:
    """A recorded response from `dialogo/networks/<network>/tests/fixtures/<name>.json`.

    `relative` is "<network>/<name>.json"; overrides replace top-level keys (status, headers…).
    """
    network, _, name = relative.partition("/")
    data = json.loads((FIXTURES / network / "tests" / "fixtures" / name).read_text())
    data.update(overrides)
    return data


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body or b"null")


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a reset connection is the point of some tests


@dataclass
class RecordedServer:
    """Replays responses per (method, path) in order; the last one repeats."""

    routes: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def add(self, method: str, path: str, *responses: dict[str, Any]) -> None:
        self.routes.setdefault((method.upper(), path), []).extend(responses)

    def calls(self, method: str, path: str) -> list[Request]:
        return [r for r in self.requests if r.method == method.upper() and r.path == path]

    def _next(self, method: str, path: str) -> dict[str, Any]:
        with self._lock:
            queue = self.routes.get((method, path))
            if not queue:
                return {
                    "status": 404,
                    "body": {"error": f"no recorded response for {method} {path}"},
                }
            return queue.pop(0) if len(queue) > 1 else queue[0]

    def __enter__(self) -> RecordedServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def _handle(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
                if self.headers.get("Content-Type", "").startswith(
                    "application/x-www-form-urlencoded"
                ):
                    query.update({k: v[-1] for k, v in parse_qs(body.decode()).items()})
                with server._lock:
                    server.requests.append(
                        Request(self.command, parts.path, query, dict(self.headers), body)
                    )
                self._respond(server._next(self.command, parts.path))

            def _respond(self, response: dict[str, Any]) -> None:
                action = response.get("action")
                if action == "reset":
                    # SO_LINGER with a zero timeout: close() sends a TCP RST.
                    linger = struct.pack("ii", 1, 0)
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
                    self.connection.close()
                    self.close_connection = True
                    return
                if action == "sleep":
                    time.sleep(float(response.get("seconds", 2)))
                payload = (
                    response["raw"].encode()
                    if "raw" in response
                    else json.dumps(response.get("body", {})).encode()
                )
                self.send_response(int(response.get("status", 200)))
                headers = {
                    "Content-Type": "application/json; charset=utf-8",
                    **response.get("headers", {}),
                }
                for name, value in headers.items():
                    self.send_header(name, str(value))
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = _handle  # noqa: N815

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
