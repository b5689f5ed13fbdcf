"""One streamed request to a server, read on a thread of its own so that Stop never waits for the network.

The engine thread takes events from a queue and checks its cancel flag between them (every
POLL_SECONDS while nothing arrives), so Stop takes effect at once, even while the request is
still connecting or the server has not sent its first byte. `close` then shuts the socket down
under the reading thread: the server sees its client go and stops generating. The socket is
known from the moment it connects (httpcore's trace of the connection), so this works before
the answer's headers too; the client must open a fresh connection per request for that (no
keep-alive), which costs nothing next to a generation.
"""

from __future__ import annotations

import logging
import queue
import socket
import threading
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

POLL_SECONDS = 0.05
MAX_ERROR_BODY_BYTES = 64 * 1024


@dataclass(frozen=True)
class StreamEvent:
    kind: str  # "data" (an SSE data field), "status" (an HTTP error: status, body), "end", "error"
    data: str = ""
    status: int = 0
    error: BaseException | None = None


class EventStream:
    """A POST whose answer is a stream of server-sent events; iterate with `next_event`."""

    def __init__(self, client: Any, url: str, body: dict[str, Any], headers: dict[str, str], timeout: Any) -> None:
        self._client = client  # an httpx2.Client
        self._events: queue.Queue[StreamEvent] = queue.Queue()
        self._closed = threading.Event()
        self._lock = threading.Lock()
        self._network_stream: Any = None  # the connection's stream, from the moment it connects
        self._thread = threading.Thread(
            target=self._read, args=(url, body, headers, timeout), name="inkstone-remote-stream", daemon=True
        )
        self._thread.start()

    def next_event(self, cancel: threading.Event) -> StreamEvent | None:
        """The next event; None as soon as `cancel` is set (the caller then closes the stream)."""
        while not cancel.is_set():
            try:
                return self._events.get(timeout=POLL_SECONDS)
            except queue.Empty:
                continue
        return None

    def close(self) -> None:
        """Stop reading and drop the connection now, even in the middle of a read."""
        self._closed.set()
        with self._lock:
            stream = self._network_stream
        if stream is not None:
            _shut_down(stream)

    def _read(self, url: str, body: dict[str, Any], headers: dict[str, str], timeout: Any) -> None:
        try:
            with self._client.sse(url, method="POST", json=body, headers=headers, timeout=timeout,
                                  extensions={"trace": self._trace}) as source:
                if self._closed.is_set():
                    return
                response = source.response
                if response.status_code != 200:
                    self._events.put(StreamEvent("status", _bounded_text(response), status=response.status_code))
                    return
                for event in source:
                    if self._closed.is_set():
                        return
                    self._events.put(StreamEvent("data", event.data))
            self._events.put(StreamEvent("end"))
        except Exception as exc:  # noqa: BLE001 - transport errors travel to the engine thread, which explains them
            if not self._closed.is_set():
                self._events.put(StreamEvent("error", error=exc))


    def _trace(self, event: str, info: dict[str, Any]) -> None:
        """httpcore reports each step of the request; keep the connection once it is made."""
        if event in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            with self._lock:
                self._network_stream = info.get("return_value")
            if self._closed.is_set():
                _shut_down(self._network_stream)


def _bounded_text(response: Any) -> str:
    """The start of an error answer's body: enough for its message, never a whole page."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        chunks.append(chunk)
        size += len(chunk)
        if size >= MAX_ERROR_BODY_BYTES:
            break
    return b"".join(chunks)[:MAX_ERROR_BODY_BYTES].decode("utf-8", "replace")


def _shut_down(stream: Any) -> None:
    """Shut the connection's socket down from another thread: a read blocked on it returns at once."""
    sock = stream.get_extra_info("socket") if stream is not None else None
    if sock is None:
        return
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed by the other side
