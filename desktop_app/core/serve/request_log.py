"""One log line per request: when, which endpoint, the status, tokens, how it ended and how long it took.

Never what was asked or answered, nor the token. The line goes to the `desktop_app.core.serve.access`
logger: Inkstone's log file, and the terminal of `inkstone serve`.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any, Awaitable, Callable

log = logging.getLogger("desktop_app.core.serve.access")

NOTE_KEY = "inkstone_note"


@dataclass
class RequestNote:
    """What a handler learns about its request, for the log line (scope["state"][NOTE_KEY])."""

    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    finish: str = ""

    def record(self, outcome: Any) -> None:
        self.prompt_tokens = outcome.prompt_tokens
        self.completion_tokens = outcome.completion_tokens
        self.finish = outcome.finish


def note_of(scope: dict[str, Any]) -> RequestNote:
    state = scope.setdefault("state", {})
    note = state.get(NOTE_KEY)
    if note is None:
        note = state[NOTE_KEY] = RequestNote()
    return note


class RequestLog:
    """ASGI middleware: the outermost layer, so refused requests (401, 403, 413) are logged too."""

    def __init__(self, app: Callable[..., Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        note = note_of(scope)
        status = 0
        started = time.perf_counter()

        async def watched_send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, watched_send)
        finally:
            seconds = time.perf_counter() - started
            tokens = ""
            if note.prompt_tokens is not None:
                tokens = f" · {note.prompt_tokens} prompt + {note.completion_tokens} completion tokens"
            finish = f" · {note.finish}" if note.finish else ""
            client = scope.get("client") or ("?", 0)
            log.info("%s %s %s %s%s%s · %.2f s", client[0], scope.get("method", ""), scope.get("path", ""),
                     status or "-", tokens, finish, seconds)
