"""Running the server: uvicorn on a thread of its own, started and stopped cleanly from any thread.

`start` returns once the socket listens (or raises ServeError: the port is taken, the address
is wrong); `stop` stops every request's generation, then lets uvicorn close its connections.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from desktop_app.core.errors import InkstoneError
from desktop_app.core.serve.config import ServeConfig, checked_config
from desktop_app.core.serve.gate import ModelGate
from desktop_app.core.serve.token import ApiToken

log = logging.getLogger(__name__)

START_TIMEOUT = 10.0
STOP_GRACE_SECONDS = 2  # connections still open after this are closed


class ServeError(InkstoneError):
    """The server could not start (the port is taken, the address does not exist here, ...)."""


class ServerThread:
    def __init__(self, gate: ModelGate, token: ApiToken, config: ServeConfig, *, allow_remote: bool = False) -> None:
        self.config = checked_config(config, allow_remote=allow_remote)
        self.gate = gate
        self.token = token
        self._server: Any = None
        self._app: Any = None
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def port(self) -> int:
        """The port listened on (the one chosen by the system when config.port was 0)."""
        server = self._server
        if server is not None and server.servers:
            for sock in server.servers[0].sockets:
                return int(sock.getsockname()[1])
        return self.config.port

    @property
    def address(self) -> str:
        host = self.config.host
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}/v1"

    def start(self) -> None:
        import uvicorn

        from desktop_app.core.serve.app import create_app

        if self.running:
            return
        self._app = create_app(self.gate, self.token, self.config)
        uv_config = uvicorn.Config(
            self._app, host=self.config.host, port=self.config.port, lifespan="off", log_config=None,
            access_log=False, server_header=False, timeout_graceful_shutdown=STOP_GRACE_SECONDS,
            h11_max_incomplete_event_size=64 * 1024,
        )
        self._server = uvicorn.Server(uv_config)
        self._failure = None
        self._thread = threading.Thread(target=self._serve, name="inkstone-server", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise ServeError(self._start_failure())
            time.sleep(0.01)
        log.info("Serving on %s", self.address)

    def stop(self, timeout: float = STOP_GRACE_SECONDS + 3) -> None:
        """Stop generating for every request, close the connections and end the thread."""
        if self._app is not None:
            self._app.state.jobs.stop_all()
        if self._server is not None:
            self._server.should_exit = True
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                log.warning("The server thread did not end within %.0f s", timeout)
        self._thread = None

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the server ends (True) or the timeout passes (False)."""
        thread = self._thread
        if thread is None:
            return True
        thread.join(timeout)
        return not thread.is_alive()

    def _serve(self) -> None:
        try:
            self._server.run()
        except BaseException as exc:  # noqa: BLE001 - uvicorn exits with SystemExit when it cannot bind
            self._failure = exc
            log.warning("The server stopped with an error", exc_info=True)

    def _start_failure(self) -> str:
        where = f"{self.config.host}:{self.config.port}"
        failure = self._failure
        if isinstance(failure, OSError) and failure.strerror:
            return f"Cannot serve on {where}: {failure.strerror}."
        return (f"Cannot serve on {where}: the port may be in use by another program, "
                "or the address is not one of this computer's. Choose another port.")
