"""Real OpenAI-compatible servers for tests: `inkstone serve`, llama-cpp-python's own server, and Inkstone's
server in-process on a scripted engine. Each listens on a free loopback port; readiness is polled, never slept on."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import httpx2

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 120.0  # loading the starter model on 2 busy cores


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition: Callable[[], bool], timeout: float = 30.0, what: str = "the condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


@dataclass
class ServerProcess:
    """A server in a child process; its standard error is collected line by line in `lines`."""

    process: subprocess.Popen
    base_url: str  # ends in /v1
    api_key: str
    lines: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        threading.Thread(target=self._collect, daemon=True).start()

    def _collect(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def wait_ready(self) -> None:
        def answers() -> bool:
            if self.process.poll() is not None:
                raise AssertionError("the server ended:\n" + "\n".join(self.lines[-20:]))
            try:
                response = httpx2.get(f"{self.base_url}/models", timeout=2,
                                      headers={"Authorization": f"Bearer {self.api_key}"})
            except httpx2.HTTPError:
                return False
            return response.status_code == 200

        wait_until(answers, START_TIMEOUT, f"the server at {self.base_url}")

    def wait_for_line(self, needle: str, timeout: float = 30.0) -> str:
        found: list[str] = []

        def seen() -> bool:
            found[:] = [line for line in self.lines if needle in line]
            return bool(found)

        wait_until(seen, timeout, f"a log line with {needle!r}")
        return found[-1]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(30)


def start_inkstone_serve(model: Path, data_dir: Path, token: str = "test-token", *extra: str) -> ServerProcess:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1", "INKSTONE_DATA_DIR": str(data_dir)}
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "serve", "--model", str(model), "--port", str(port), "--token", token,
         *extra],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    server = ServerProcess(process, f"http://127.0.0.1:{port}/v1", token)
    try:
        server.wait_ready()
    except BaseException:
        server.stop()
        raise
    return server


def start_llama_cpp_server(model: Path, api_key: str = "llama-key") -> ServerProcess:
    """llama-cpp-python's own OpenAI-compatible server (`python -m llama_cpp.server`) on `model`."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1", "--port", str(port),
         "--n_ctx", "2048", "--api_key", api_key, "--verbose", "false"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    server = ServerProcess(process, f"http://127.0.0.1:{port}/v1", api_key)
    try:
        server.wait_ready()
    except BaseException:
        server.stop()
        raise
    return server


class InProcessServer:
    """Inkstone's server on a thread of this process, answering from `engine` (a FakeEngine, usually)."""

    def __init__(self, engine, token: str = "secret", embedder=None, **config) -> None:  # type: ignore[no-untyped-def]
        from desktop_app.core.serve.config import ServeConfig
        from desktop_app.core.serve.gate import EngineWorker
        from desktop_app.core.serve.server import ServerThread
        from desktop_app.core.serve.token import ApiToken

        self.engine = engine
        self.token = ApiToken(token)
        self.worker = EngineWorker(engine, embedder)
        self.server = ServerThread(self.worker, self.token, ServeConfig(port=0, **config))
        self.server.start()

    @property
    def base_url(self) -> str:
        return self.server.address

    @property
    def api_key(self) -> str:
        return self.token.value

    def close(self) -> None:
        self.server.stop()
        self.worker.close()
