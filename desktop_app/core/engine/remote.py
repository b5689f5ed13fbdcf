"""An engine on another machine: a model served over the OpenAI API (vLLM, llama-server, Ollama, LM Studio, Inkstone).

Chat turns and writing prompts reach it as messages (ModelInfo.takes_messages): the chat
template is the server's business. Answers stream over server-sent events through httpx2,
read on a thread of their own (remote_stream.py) so that Stop takes effect at once and closes
the connection. Failures (unreachable, refused key, timeout, a server that drops mid-answer)
raise RemoteEngineError with a message for the user; what was streamed before stays with
the caller, as with every engine.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence
from urllib.parse import urlsplit, urlunsplit

from desktop_app.core.engine.base import (
    ChatMessage,
    GenerationParams,
    GenerationStats,
    LoadOptions,
    ModelInfo,
    PromptProgress,
    TextCallback,
)
from desktop_app.core.engine.remote_context import context_from_models_entry, probe_context_size
from desktop_app.core.engine.remote_stream import EventStream, StreamEvent
from desktop_app.core.engine.stop_filter import StopFilter
from desktop_app.core.errors import EngineError
from desktop_app.core.safe_text import NAME_LIMIT, safe_text

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 120.0  # the longest silence accepted from a server (a long prompt read on a busy GPU)
DEFAULT_REMOTE_CTX = 4096  # assumed when the server does not say and the user has not either
BYTES_PER_TOKEN = 3  # token estimate without the server's tokenizer: errs long for English, about right for CJK
MAX_SENT_STOPS = 4  # the OpenAI API takes at most four; longer lists are applied here as the text arrives


class RemoteEngineError(EngineError):
    """The server could not be reached, refused us, or failed mid-answer."""


@dataclass(frozen=True)
class RemoteSettings:
    url: str  # the API's address, e.g. http://gpu-box:8000/v1 (a missing /v1 is added)
    api_key: str = ""
    model: str = ""  # "": the first model the server lists
    n_ctx: int = 0  # 0: the server's context size, when it says
    timeout: float = READ_TIMEOUT

    def __repr__(self) -> str:  # never show the key in a log or a traceback
        return f"RemoteSettings(url={self.url!r}, model={self.model!r}, n_ctx={self.n_ctx})"


def api_addresses(url: str) -> tuple[str, str]:
    """(the OpenAI API base ending in /v1, the server's root) for what a user typed."""
    text = url.strip()
    if not text:
        raise RemoteEngineError("Enter the server's address, for example http://gpu-box:8000/v1.")
    if "://" not in text:
        text = "http://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RemoteEngineError(f"{safe_text(url, 120)} is not a web address; it looks like http://gpu-box:8000/v1.")
    path = parts.path.rstrip("/")
    if path.endswith("/v1"):
        root_path = path[: -len("/v1")]
    else:
        root_path, path = path, path + "/v1"
    base = urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    root = urlunsplit((parts.scheme, parts.netloc, root_path, "", ""))
    return base, root


def estimate_tokens(text: str) -> int:
    return (len(text.encode("utf-8")) + BYTES_PER_TOKEN - 1) // BYTES_PER_TOKEN if text else 0


class RemoteEngine:
    """Implements the Engine protocol, and MessagesEngine, over a server's OpenAI API."""

    def __init__(self) -> None:
        self._client: Any = None  # httpx2.Client, made on connect
        self._settings: RemoteSettings | None = None
        self._base = ""
        self._model_id = ""
        self._model: ModelInfo | None = None

    @property
    def model(self) -> ModelInfo | None:
        return self._model

    @property
    def settings(self) -> RemoteSettings | None:
        return self._settings

    def connect(self, settings: RemoteSettings) -> ModelInfo:
        """List the server's models, pick one, read its context size; the previous connection is closed."""
        import httpx2

        base, root = api_addresses(settings.url)
        # A fresh connection per request: Stop can then close it even before the answer starts (remote_stream.py).
        client = httpx2.Client(timeout=httpx2.Timeout(CONNECT_TIMEOUT), limits=httpx2.Limits(max_keepalive_connections=0))
        try:
            headers = _headers(settings.api_key)
            entries = self._list_models(client, base, headers)
            model_id = settings.model.strip() or entries[0]["id"]
            entry = next((e for e in entries if e["id"] == model_id), None)
            if entry is None:
                listed = ", ".join(safe_text(e["id"], 60) for e in entries[:10])
                raise RemoteEngineError(
                    f"The server at {base} has no model named {safe_text(model_id, 80)}; it serves: {listed}."
                )
            reported = context_from_models_entry(entry) or probe_context_size(client, root, model_id, headers)
        except BaseException:
            client.close()
            raise
        self.unload()
        n_ctx = min(reported, settings.n_ctx) if reported and settings.n_ctx > 0 else (
            reported or settings.n_ctx or DEFAULT_REMOTE_CTX
        )
        self._client, self._settings, self._base, self._model_id = client, settings, base, model_id
        self._model = ModelInfo(
            path=Path(safe_text(model_id, 200)),
            name=safe_text(model_id, NAME_LIMIT),
            backend=safe_text(urlsplit(base).netloc, NAME_LIMIT),
            n_ctx=n_ctx,
            n_ctx_train=reported or 0,  # 0: the server does not say
            n_gpu_layers=0,
            n_threads=0,
            architecture="remote",
            takes_messages=True,
            server=base,
        )
        log.info("Connected to %s: model %s, context %d (%s)", base, model_id, n_ctx,
                 "reported" if reported else "not reported")
        return self._model

    def load(self, path: Path, options: LoadOptions = LoadOptions()) -> ModelInfo:
        raise EngineError("A remote engine runs the model its server has loaded; it loads no file.")

    def unload(self) -> None:
        client, self._client, self._model = self._client, None, None
        if client is not None:
            client.close()

    def count_tokens(self, text: str) -> int:
        """An estimate: the server's tokenizer is not here (see BYTES_PER_TOKEN)."""
        return estimate_tokens(text)

    def generate(
        self,
        prompt: str,
        params: GenerationParams,
        on_text: TextCallback,
        cancel: threading.Event | None = None,
        on_prompt_progress: PromptProgress | None = None,
    ) -> GenerationStats:
        """A raw prompt goes to /v1/completions (no chat template is applied)."""
        body = {"prompt": prompt}
        return self._stream("completions", body, estimate_tokens(prompt), params, on_text, cancel, _completion_text)

    def generate_chat(
        self,
        messages: Sequence[ChatMessage],
        params: GenerationParams,
        on_text: TextCallback,
        cancel: threading.Event | None = None,
        on_prompt_progress: PromptProgress | None = None,
    ) -> GenerationStats:
        body = {"messages": [{"role": m.role, "content": m.content} for m in messages]}
        estimate = sum(estimate_tokens(m.content) + 4 for m in messages)
        return self._stream("chat/completions", body, estimate, params, on_text, cancel, _chat_text)

    # -- streaming ---------------------------------------------------------------------------

    def _stream(
        self,
        endpoint: str,
        body: dict[str, Any],
        prompt_estimate: int,
        params: GenerationParams,
        on_text: TextCallback,
        cancel: threading.Event | None,
        piece_of: Callable[[dict[str, Any]], tuple[str, str | None]],
    ) -> GenerationStats:
        import httpx2

        if self._client is None or self._settings is None:
            raise EngineError("No model is loaded.")
        cancel = cancel or threading.Event()
        start = time.perf_counter()
        if cancel.is_set():
            return GenerationStats(prompt_estimate, 0, 0.0, 0.0, 0.0, "cancelled")
        settings = self._settings
        request = dict(body, model=self._model_id, stream=True, stream_options={"include_usage": True},
                       temperature=params.temperature, top_p=params.top_p)
        if params.max_tokens > 0:
            request["max_tokens"] = params.max_tokens
        if params.seed is not None:
            request["seed"] = params.seed
        if params.stop:
            request["stop"] = list(params.stop[:MAX_SENT_STOPS])
        timeout = httpx2.Timeout(settings.timeout, connect=CONNECT_TIMEOUT)
        stream = EventStream(self._client, f"{self._base}/{endpoint}", request, _headers(settings.api_key), timeout)
        stops = StopFilter(params.stop)
        pieces: list[str] = []
        counted = 0  # pieces received: the answer's length in tokens when the server gives no usage
        usage: dict[str, Any] = {}
        first_at: float | None = None
        finish = ""  # the server's finish_reason
        reason = ""

        def show(text: str) -> None:
            nonlocal first_at
            if text:
                if first_at is None:
                    first_at = time.perf_counter()
                pieces.append(text)
                on_text(text)

        try:
            while True:
                event = stream.next_event(cancel)
                if event is None:
                    reason = "cancelled"
                    break
                if event.kind == "end" and finish:
                    break  # finished, without the closing [DONE] some servers leave out
                if event.kind != "data":
                    self._raise_for(event, bool(pieces))
                if event.data.strip() == "[DONE]":
                    break
                chunk = _parse_chunk(event.data)
                if "error" in chunk:
                    raise RemoteEngineError(f"The server stopped with an error: {_error_message(chunk)}")
                if isinstance(chunk.get("usage"), dict):
                    usage = chunk["usage"]
                text, done = piece_of(chunk)
                if text:
                    counted += 1
                    shown, stopped = stops.feed(text)
                    show(shown)
                    if stopped:
                        reason = "stop"
                        break
                if done:
                    finish = str(done)  # a usage chunk may still come before [DONE]
        finally:
            stream.close()  # at once: a server generating for nobody wastes its GPU
        if not stops.triggered:
            show(stops.flush())  # held back as a possible stop string, but it was not one
        reason = reason or ("length" if finish == "length" else "stop")
        end = time.perf_counter()
        generated = _usage_int(usage, "completion_tokens") or counted
        after_first = end - first_at if first_at is not None else 0.0
        return GenerationStats(
            prompt_tokens=_usage_int(usage, "prompt_tokens") or prompt_estimate,
            generated_tokens=generated,
            time_to_first_token=(first_at if first_at is not None else end) - start,
            tokens_per_second=(generated - 1) / after_first if generated > 1 and after_first > 0 else 0.0,
            total_seconds=end - start,
            stop_reason=reason,
            text="".join(pieces),
        )

    def _raise_for(self, event: StreamEvent, mid_answer: bool) -> None:
        base = self._base
        if event.kind == "status":
            raise RemoteEngineError(_status_message(base, event.status, event.data))
        if event.kind == "end":
            raise RemoteEngineError(
                f"The server at {base} ended the answer without finishing it; what was written so far is kept."
                if mid_answer else f"The server at {base} closed the connection without answering."
            )
        assert event.error is not None
        raise RemoteEngineError(_transport_message(event.error, base, self._settings, mid_answer)) from event.error

    def _list_models(self, client: Any, base: str, headers: dict[str, str]) -> list[dict[str, Any]]:
        import httpx2

        try:
            response = client.get(f"{base}/models", headers=headers)
        except httpx2.HTTPError as exc:
            raise RemoteEngineError(_transport_message(exc, base, None, False)) from exc
        if response.status_code != 200:
            raise RemoteEngineError(_status_message(base, response.status_code, response.text[:4096]))
        try:
            listed = response.json().get("data")
        except (ValueError, AttributeError):
            listed = None
        entries = [e for e in listed if isinstance(e, dict) and isinstance(e.get("id"), str)] if isinstance(
            listed, list) else []
        if not entries:
            raise RemoteEngineError(f"The server at {base} lists no models; load one on the server first.")
        return entries


def _headers(api_key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_key}"} if api_key else {}


def _parse_chunk(data: str) -> dict[str, Any]:
    try:
        chunk = json.loads(data)
    except ValueError as exc:
        raise RemoteEngineError("The server sent something that is not an OpenAI stream.") from exc
    if not isinstance(chunk, dict):
        raise RemoteEngineError("The server sent something that is not an OpenAI stream.")
    return chunk


def _first_choice(chunk: dict[str, Any]) -> dict[str, Any]:
    choices = chunk.get("choices")
    if isinstance(choices, list) and choices and isinstance(choices[0], dict):
        return choices[0]
    return {}


def _chat_text(chunk: dict[str, Any]) -> tuple[str, str | None]:
    choice = _first_choice(chunk)
    delta = choice.get("delta")
    text = delta.get("content") if isinstance(delta, dict) else None
    return (text if isinstance(text, str) else ""), choice.get("finish_reason")


def _completion_text(chunk: dict[str, Any]) -> tuple[str, str | None]:
    choice = _first_choice(chunk)
    text = choice.get("text")
    return (text if isinstance(text, str) else ""), choice.get("finish_reason")


def _usage_int(usage: dict[str, Any], key: str) -> int:
    value = usage.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _error_message(body: object) -> str:
    """The `error.message` of an OpenAI error answer (or Ollama's plain `error`), made safe to show."""
    if isinstance(body, str):
        try:
            body = json.loads(body)
        except ValueError:
            return safe_text(body, 300)
    if isinstance(body, dict):
        error = body.get("error", body.get("detail", body))
        if isinstance(error, dict):
            error = error.get("message", "")
        return safe_text(error, 300)
    return ""


def _status_message(base: str, status: int, body: str) -> str:
    detail = _error_message(body)
    if status in (401, 403):
        return (f"The server at {base} refused the API key (HTTP {status}). "
                "Check the key, or ask whoever runs the server for one.")
    if status == 404 and not detail:
        return f"There is no OpenAI-compatible API at {base} (HTTP 404). Check the address; it usually ends in /v1."
    return f"The server at {base} refused the request (HTTP {status})" + (f": {detail}" if detail else ".")


def _transport_message(exc: BaseException, base: str, settings: RemoteSettings | None, mid_answer: bool) -> str:
    import httpx2

    kept = " What was written so far is kept." if mid_answer else ""
    if isinstance(exc, httpx2.ConnectTimeout):
        return f"The server at {base} did not answer within {CONNECT_TIMEOUT:.0f} s. Check the address and the network."
    if isinstance(exc, httpx2.ConnectError):
        return (f"Cannot reach the server at {base} ({safe_text(exc, 120) or 'connection refused'}). "
                "Check the address, and that the server is running and reachable from this computer.")
    if isinstance(exc, httpx2.ReadTimeout):
        waited = settings.timeout if settings is not None else CONNECT_TIMEOUT
        return f"The server at {base} sent nothing for {waited:g} s; it may be overloaded.{kept}"
    if isinstance(exc, (httpx2.RemoteProtocolError, httpx2.ReadError, httpx2.WriteError)):
        if mid_answer:
            return f"The connection to the server at {base} was lost in the middle of the answer.{kept}"
        return f"The server at {base} closed the connection without answering."
    return f"The request to the server at {base} failed: {safe_text(exc, 200) or type(exc).__name__}.{kept}"
