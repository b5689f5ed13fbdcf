"""Answers of the OpenAI API: chat and text completions, whole or streamed, sent while the client is watched.

A client that disconnects stops its generation at once: a watcher reads the connection's
"disconnect" message while the answer is awaited or streamed, whatever the ASGI server's
version does on its own, and stops the job (the engine sees its cancel flag on the next token).
"""

from __future__ import annotations

import base64
import json
import secrets
import struct
import time
from dataclasses import dataclass
from typing import Any, Awaitable, Callable

import anyio

from desktop_app.core.serve.errors import ApiError
from desktop_app.core.serve.generation import Event, Outcome, ServedJob
from desktop_app.core.serve.request_log import RequestNote

Send = Callable[[dict[str, Any]], Awaitable[None]]
Receive = Callable[[], Awaitable[dict[str, Any]]]

DRAIN_SECONDS = 10.0  # how long a request whose client left waits for its job's end, for the log line
JSON_HEADERS = [(b"content-type", b"application/json")]
SSE_HEADERS = [(b"content-type", b"text/event-stream; charset=utf-8"), (b"cache-control", b"no-cache"),
               (b"x-accel-buffering", b"no")]


@dataclass(frozen=True)
class Answer:
    """Who is answered and how: the id, the model's name, chat or text completion, streamed or whole."""

    kind: str  # "chat" or "text"
    model: str
    stream: bool
    include_usage: bool
    id: str = ""
    created: int = 0

    @classmethod
    def new(cls, kind: str, model: str, stream: bool, include_usage: bool) -> Answer:
        prefix = "chatcmpl-" if kind == "chat" else "cmpl-"
        return cls(kind, model, stream, include_usage, prefix + secrets.token_hex(12), int(time.time()))

    @property
    def object(self) -> str:
        return "chat.completion" if self.kind == "chat" else "text_completion"

    def whole(self, outcome: Outcome) -> dict[str, Any]:
        if self.kind == "chat":
            choice: dict[str, Any] = {"index": 0, "message": {"role": "assistant", "content": outcome.text}}
        else:
            choice = {"index": 0, "text": outcome.text, "logprobs": None}
        choice["finish_reason"] = _finish(outcome)
        return self._envelope(self.object, [choice]) | {"usage": usage(outcome)}

    def chunk(self, text: str | None, finish: str | None = None, first: bool = False) -> dict[str, Any]:
        if self.kind == "chat":
            delta: dict[str, Any] = {"role": "assistant", "content": ""} if first else {}
            if text is not None:
                delta["content"] = text
            choice: dict[str, Any] = {"index": 0, "delta": delta}
            kind = "chat.completion.chunk"
        else:
            choice = {"index": 0, "text": text or "", "logprobs": None}
            kind = "text_completion"
        choice["finish_reason"] = finish
        return self._envelope(kind, [choice])

    def usage_chunk(self, outcome: Outcome) -> dict[str, Any]:
        kind = "chat.completion.chunk" if self.kind == "chat" else "text_completion"
        return self._envelope(kind, []) | {"usage": usage(outcome)}

    def _envelope(self, kind: str, choices: list[dict[str, Any]]) -> dict[str, Any]:
        return {"id": self.id, "object": kind, "created": self.created, "model": self.model, "choices": choices}


def usage(outcome: Outcome) -> dict[str, int]:
    return {"prompt_tokens": outcome.prompt_tokens, "completion_tokens": outcome.completion_tokens,
            "total_tokens": outcome.prompt_tokens + outcome.completion_tokens}


def _finish(outcome: Outcome) -> str:
    return "length" if outcome.finish == "length" else "stop"


def sse(data: dict[str, Any] | str) -> bytes:
    payload = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"data: {payload}\n\n".encode("utf-8")


def json_bytes(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def embeddings_body(model: str, vectors: list[list[float]], as_base64: bool) -> dict[str, Any]:
    data = []
    for index, vector in enumerate(vectors):
        value: Any = [float(x) for x in vector]
        if as_base64:  # little-endian float32, as the OpenAI API sends it (the openai client asks for it)
            value = base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode("ascii")
        data.append({"object": "embedding", "index": index, "embedding": value})
    return {"object": "list", "data": data, "model": model, "usage": {"prompt_tokens": 0, "total_tokens": 0}}


class JobResponse:
    """An ASGI response that waits for a ServedJob and sends its answer; the job stops if the client leaves."""

    def __init__(self, job: ServedJob, answer: Answer | None, note: RequestNote,
                 whole: Callable[[Any], dict[str, Any]] | None = None) -> None:
        self.job = job
        self.answer = answer
        self.note = note
        self._whole = whole  # for non-completion jobs (embeddings): the result's JSON body
        self._ended = False  # the job's last event ("done" or "error") has been read

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        gone = False
        async with anyio.create_task_group() as group:

            async def watch() -> None:
                nonlocal gone
                while (await receive())["type"] != "http.disconnect":
                    pass
                if self._ended:
                    return  # the answer is out; the client closing now stops nothing
                gone = True
                self.job.stop()
                group.cancel_scope.cancel()

            group.start_soon(watch)
            try:
                await self._respond(send)
            finally:
                group.cancel_scope.cancel()
        if gone:
            await self._wait_for_end()

    async def _wait_for_end(self) -> None:
        """After a disconnect: the job's own account of how it ended (tokens, "cancelled") for the log."""
        self.note.finish = "cancelled"
        with anyio.move_on_after(DRAIN_SECONDS):
            while not self._ended:
                event = await self._next()
                if event.kind == "done":
                    if isinstance(event.value, Outcome):
                        self.note.record(event.value)
                    return

    async def _next(self) -> Event:
        event = await self.job.next_event()
        self._ended = self._ended or event.kind in ("done", "error")
        return event

    async def _respond(self, send: Send) -> None:
        event = await self._next()  # "started" once the prompt is accepted, or an error
        if event.kind == "error":
            await send_error(send, event.value)
            return
        if self.answer is not None and self.answer.stream:
            await self._stream(send)
            return
        while event.kind not in ("done", "error"):
            event = await self._next()
        if event.kind == "error":
            await send_error(send, event.value)
            return
        if self.answer is None:
            assert self._whole is not None
            body = self._whole(event.value)
        else:
            self.note.record(event.value)
            body = self.answer.whole(event.value)
        await send({"type": "http.response.start", "status": 200, "headers": JSON_HEADERS})
        await send({"type": "http.response.body", "body": json_bytes(body)})

    async def _stream(self, send: Send) -> None:
        answer = self.answer
        assert answer is not None
        await send({"type": "http.response.start", "status": 200, "headers": SSE_HEADERS})
        if answer.kind == "chat":
            await _body(send, sse(answer.chunk(None, first=True)))
        while True:
            event: Event = await self._next()
            if event.kind == "text":
                await _body(send, sse(answer.chunk(event.value)))
            elif event.kind == "done":
                outcome: Outcome = event.value
                self.note.record(outcome)
                await _body(send, sse(answer.chunk(None if answer.kind == "chat" else "", _finish(outcome))))
                if answer.include_usage:
                    await _body(send, sse(answer.usage_chunk(outcome)))
                break
            elif event.kind == "error":  # the headers are out: the error goes as an event, as OpenAI does
                self.note.finish = "error"
                await _body(send, sse(event.value.body()))
                break
        await _body(send, sse("[DONE]"))
        await send({"type": "http.response.body", "body": b"", "more_body": False})


async def _body(send: Send, data: bytes) -> None:
    await send({"type": "http.response.body", "body": data, "more_body": True})


async def send_error(send: Send, error: ApiError) -> None:
    await send({"type": "http.response.start", "status": error.status, "headers": JSON_HEADERS})
    await send({"type": "http.response.body", "body": json_bytes(error.body())})
