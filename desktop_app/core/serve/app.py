"""The ASGI app of Inkstone's OpenAI-compatible server (Starlette), in front of a ModelGate.

Layers, outermost first: the request log; CORS, only when origins are listed (never "*", no
credentials: the token travels in a header); the guard, which refuses a web origin not listed
(403) and a request without the token (401) before anything is read; then the routes, which
read at most `max_body_bytes` and hand the work to the gate.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from desktop_app.core.engine.base import ModelInfo
from desktop_app.core.serve.config import ServeConfig
from desktop_app.core.serve.errors import ApiError, busy, forbidden_origin, no_model, not_found, unauthorized
from desktop_app.core.serve.gate import ModelGate
from desktop_app.core.serve.generation import ServedJob, run_chat, run_completion, run_embedding
from desktop_app.core.serve.request_log import RequestLog, note_of
from desktop_app.core.serve.requests import chat_request, completion_request, embedding_request, parse_json
from desktop_app.core.serve.responses import Answer, JobResponse, embeddings_body, json_bytes
from desktop_app.core.serve.token import ApiToken


class LiveJobs:
    """The requests being answered or waiting: bounded, and stopped all at once when the server stops."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._jobs: set[ServedJob] = set()
        self._lock = threading.Lock()

    def add(self, job: ServedJob) -> None:
        with self._lock:
            if len(self._jobs) > self.limit:  # one being answered, `limit` waiting
                raise busy()
            self._jobs.add(job)

    def discard(self, job: ServedJob) -> None:
        with self._lock:
            self._jobs.discard(job)

    def stop_all(self) -> None:
        with self._lock:
            jobs = list(self._jobs)
        for job in jobs:
            job.stop()


def model_id(info: ModelInfo) -> str:
    """The name clients see: the model file's name, or the server's own name for a model served there."""
    return info.name if info.server else info.path.stem


def create_app(gate: ModelGate, token: ApiToken, config: ServeConfig) -> Starlette:
    jobs = LiveJobs(config.max_waiting)

    async def list_models(request: Request) -> Response:
        return JSONResponse({"object": "list", "data": _model_entries(gate)})

    async def get_model(request: Request) -> Response:
        wanted = request.path_params["model"]
        entry = next((e for e in _model_entries(gate) if e["id"] == wanted), None)
        if entry is None:
            raise not_found(f"The model {wanted!r}")
        return JSONResponse(entry)

    async def chat_completions(request: Request) -> Any:
        parsed = chat_request(parse_json(await _body(request, config)))
        return _start(request, run_chat(parsed, config), Answer.new("chat", _name(gate), parsed.stream,
                                                                    parsed.include_usage))

    async def completions(request: Request) -> Any:
        parsed = completion_request(parse_json(await _body(request, config)))
        return _start(request, run_completion(parsed, config), Answer.new("text", _name(gate), parsed.stream,
                                                                          parsed.include_usage))

    async def embeddings(request: Request) -> Any:
        parsed = embedding_request(parse_json(await _body(request, config)))
        embedder = gate.embedder
        if embedder is None:
            raise ApiError(404, "No embedding model is loaded in Inkstone.", code="model_not_found", param="model")
        name = embedder.name
        return _start(request, run_embedding(parsed, embedder), None,
                      lambda vectors: embeddings_body(name, vectors, parsed.base64))

    def _start(request: Request, run: Any, answer: Answer | None, whole: Any = None) -> Any:
        if gate.model is None and answer is not None:
            raise no_model()
        job = ServedJob(asyncio.get_running_loop())
        jobs.add(job)
        try:
            job.submit(gate, run)
        except BaseException:
            jobs.discard(job)
            raise
        response = JobResponse(job, answer, note_of(request.scope), whole)
        return _Finally(response, lambda: jobs.discard(job))

    async def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return Response(json_bytes(exc.body()), status_code=exc.status, media_type="application/json")

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if exc.status_code == 404:
            error = not_found(f"{request.method} {request.url.path}")
        elif exc.status_code == 405:
            error = ApiError(405, f"{request.method} is not allowed on {request.url.path}.", code="method_not_allowed")
        else:
            error = ApiError(exc.status_code, str(exc.detail))
        return await api_error(request, error)

    routes = [
        Route("/v1/models", list_models, methods=["GET"]),
        Route("/v1/models/{model:path}", get_model, methods=["GET"]),
        Route("/v1/chat/completions", chat_completions, methods=["POST"]),
        Route("/v1/completions", completions, methods=["POST"]),
        Route("/v1/embeddings", embeddings, methods=["POST"]),
    ]
    middleware = [Middleware(RequestLog)]
    if config.allowed_origins:
        middleware.append(Middleware(
            CORSMiddleware, allow_origins=list(config.allowed_origins), allow_credentials=False,
            allow_methods=["GET", "POST"], allow_headers=["Authorization", "Content-Type"], max_age=600,
        ))
    middleware.append(Middleware(Guard, token=token, allowed_origins=config.allowed_origins))
    app = Starlette(routes=routes, middleware=middleware,
                    exception_handlers={ApiError: api_error, HTTPException: http_error})
    app.state.jobs = jobs
    return app


class Guard:
    """Refuses, before a byte of the body is read, a web origin not listed (403) and a missing or wrong token (401)."""

    def __init__(self, app: Any, token: ApiToken, allowed_origins: tuple[str, ...]) -> None:
        self.app = app
        self.token = token
        self.allowed_origins = frozenset(allowed_origins)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        origin = headers.get("origin")
        error = None
        if origin is not None and origin not in self.allowed_origins:
            error = forbidden_origin(origin)
        elif not self.token.accepts(headers.get("authorization")):
            error = unauthorized()
        if error is None:
            await self.app(scope, receive, send)
            return
        extra = [(b"www-authenticate", b"Bearer")] if error.status == 401 else []
        await send({"type": "http.response.start", "status": error.status,
                    "headers": [(b"content-type", b"application/json"), *extra]})
        await send({"type": "http.response.body", "body": json_bytes(error.body())})


class _Finally:
    """Runs `then` once the response has been sent (or abandoned)."""

    def __init__(self, response: Any, then: Any) -> None:
        self.response = response
        self.then = then

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        try:
            await self.response(scope, receive, send)
        finally:
            self.then()


async def _body(request: Request, config: ServeConfig) -> bytes:
    """The request's body, refused with 413 past the limit (counted as it arrives, whatever Content-Length says)."""
    limit = config.max_body_bytes
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(limit: int) -> ApiError:
    return ApiError(413, f"The request body is larger than the server accepts ({limit // (1024 * 1024)} MB).",
                    code="request_too_large")


def _model_entries(gate: ModelGate) -> list[dict[str, Any]]:
    entries = []
    info = gate.model
    if info is not None:
        entries.append({"id": model_id(info), "object": "model", "created": 0, "owned_by": "inkstone",
                        "max_model_len": info.n_ctx})
    embedder = gate.embedder
    if embedder is not None:
        entries.append({"id": embedder.name, "object": "model", "created": 0, "owned_by": "inkstone"})
    return entries


def _name(gate: ModelGate) -> str:
    info = gate.model
    return model_id(info) if info is not None else ""
