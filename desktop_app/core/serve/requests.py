"""Request bodies of the OpenAI API, checked and bounded before any model work.

Fields Inkstone does not use (frequency_penalty, user, ...) are ignored, as local servers do;
a field it cannot honour in the way the client means (n > 1, tools, images) is refused with 400.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from desktop_app.core.engine.base import ChatMessage, GenerationParams
from desktop_app.core.serve.config import MAX_STOP_CHARS, MAX_STOPS
from desktop_app.core.serve.errors import ApiError, invalid

MAX_MESSAGES = 10_000
MAX_EMBEDDING_INPUTS = 2048
ROLES = {"system": "system", "developer": "system", "user": "user", "assistant": "assistant"}
COMPLETION_DEFAULT_TOKENS = 16  # the OpenAI API's default for /v1/completions


@dataclass(frozen=True)
class Sampling:
    max_tokens: int | None  # None: as many as the context leaves (up to the server's cap)
    temperature: float
    top_p: float
    stop: tuple[str, ...]
    seed: int | None

    def params(self, max_tokens: int) -> GenerationParams:
        return GenerationParams(max_tokens=max_tokens, temperature=self.temperature, top_p=self.top_p,
                                seed=self.seed, stop=self.stop)


@dataclass(frozen=True)
class ChatRequest:
    model: str
    messages: tuple[ChatMessage, ...]
    sampling: Sampling
    stream: bool
    include_usage: bool


@dataclass(frozen=True)
class CompletionRequest:
    model: str
    prompt: str
    sampling: Sampling
    stream: bool
    include_usage: bool


@dataclass(frozen=True)
class EmbeddingRequest:
    model: str
    inputs: tuple[str, ...]
    base64: bool


def parse_json(body: bytes) -> dict[str, Any]:
    try:
        value = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise invalid("The request body is not valid JSON.") from None
    if not isinstance(value, dict):
        raise invalid("The request body must be a JSON object.")
    return value


def chat_request(body: dict[str, Any]) -> ChatRequest:
    raw = body.get("messages")
    if not isinstance(raw, list) or not raw:
        raise invalid("'messages' must be a non-empty list.", "messages")
    if len(raw) > MAX_MESSAGES:
        raise invalid(f"At most {MAX_MESSAGES} messages are accepted.", "messages")
    if body.get("tools") or body.get("functions"):
        raise invalid("Tools and function calling are not supported by Inkstone's server.", "tools")
    messages = tuple(_message(m, i) for i, m in enumerate(raw))
    if messages[-1].role != "user":
        raise invalid("The last message must be the user's.", "messages")
    stream, include_usage = _stream_flags(body)
    return ChatRequest(_model(body), messages, _sampling(body, default_tokens=None), stream, include_usage)


def completion_request(body: dict[str, Any]) -> CompletionRequest:
    prompt = body.get("prompt")
    if isinstance(prompt, list) and len(prompt) == 1:
        prompt = prompt[0]
    if not isinstance(prompt, str):
        raise invalid("'prompt' must be a string (one prompt per request).", "prompt")
    stream, include_usage = _stream_flags(body)
    sampling = _sampling(body, default_tokens=COMPLETION_DEFAULT_TOKENS)
    return CompletionRequest(_model(body), prompt, sampling, stream, include_usage)


def embedding_request(body: dict[str, Any]) -> EmbeddingRequest:
    raw = body.get("input")
    inputs = [raw] if isinstance(raw, str) else raw
    if not isinstance(inputs, list) or not inputs or not all(isinstance(t, str) for t in inputs):
        raise invalid("'input' must be a string or a non-empty list of strings.", "input")
    if len(inputs) > MAX_EMBEDDING_INPUTS:
        raise invalid(f"At most {MAX_EMBEDDING_INPUTS} inputs are accepted.", "input")
    encoding = body.get("encoding_format", "float")
    if encoding not in ("float", "base64"):
        raise invalid("'encoding_format' must be 'float' or 'base64'.", "encoding_format")
    return EmbeddingRequest(_model(body), tuple(inputs), encoding == "base64")


def _model(body: dict[str, Any]) -> str:
    model = body.get("model", "")
    if not isinstance(model, str):
        raise invalid("'model' must be a string.", "model")
    return model


def _message(raw: object, index: int) -> ChatMessage:
    param = f"messages[{index}]"
    if not isinstance(raw, dict):
        raise invalid("Each message must be an object with 'role' and 'content'.", param)
    role = ROLES.get(raw.get("role"))  # type: ignore[arg-type]
    if role is None:
        raise invalid("A message's role must be system, developer, user or assistant.", f"{param}.role")
    content = raw.get("content")
    if content is None and role == "assistant":
        content = ""
    if isinstance(content, list):
        parts = []
        for part in content:
            if not isinstance(part, dict) or part.get("type") != "text" or not isinstance(part.get("text"), str):
                raise invalid("Only text content is supported.", f"{param}.content")
            parts.append(part["text"])
        content = "\n".join(parts)
    if not isinstance(content, str):
        raise invalid("A message's content must be a string or a list of text parts.", f"{param}.content")
    return ChatMessage(role, content)


def _stream_flags(body: dict[str, Any]) -> tuple[bool, bool]:
    stream = body.get("stream", False)
    if not isinstance(stream, bool):
        raise invalid("'stream' must be true or false.", "stream")
    options = body.get("stream_options") or {}
    include_usage = isinstance(options, dict) and options.get("include_usage") is True
    return stream, include_usage


def _sampling(body: dict[str, Any], default_tokens: int | None) -> Sampling:
    n = body.get("n", 1)
    if n not in (1, None):
        raise invalid("Only one choice per request is supported ('n' must be 1).", "n")
    max_tokens = body.get("max_completion_tokens", body.get("max_tokens"))
    if max_tokens is None:
        max_tokens = default_tokens
    elif not _is_int(max_tokens) or max_tokens < 1:
        raise invalid("'max_tokens' must be a positive integer.", "max_tokens")
    temperature = _number(body, "temperature", 0.7, 0.0, 2.0)
    top_p = _number(body, "top_p", 0.95, 0.0, 1.0)
    seed = body.get("seed")
    if seed is not None and not _is_int(seed):
        raise invalid("'seed' must be an integer.", "seed")
    return Sampling(max_tokens, temperature, top_p, _stops(body.get("stop")), seed)


def _stops(raw: object) -> tuple[str, ...]:
    stops = [raw] if isinstance(raw, str) else ([] if raw is None else raw)
    if not isinstance(stops, list) or not all(isinstance(s, str) for s in stops):
        raise invalid("'stop' must be a string or a list of strings.", "stop")
    if len(stops) > MAX_STOPS or any(len(s) > MAX_STOP_CHARS for s in stops):
        raise invalid(f"At most {MAX_STOPS} stop strings of up to {MAX_STOP_CHARS} characters are accepted.", "stop")
    return tuple(s for s in stops if s)


def _number(body: dict[str, Any], name: str, default: float, low: float, high: float) -> float:
    value = body.get(name)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise invalid(f"'{name}' must be a number.", name)
    if not low <= value <= high:
        raise invalid(f"'{name}' must be between {low:g} and {high:g}.", name)
    return float(value)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


__all__ = ["ApiError", "ChatRequest", "CompletionRequest", "EmbeddingRequest", "Sampling", "chat_request",
           "completion_request", "embedding_request", "parse_json"]
