"""The window's server switch: starts and stops the OpenAI-compatible server off the GUI thread.

The server (core/serve) runs uvicorn on a thread of its own and reaches the model through the
window's EngineRunner (RunnerGate). Starting imports and binds on a helper thread, stopping
waits for the server there too, so the window never waits; only closing the window stops it
in place (within a few seconds at most: every generation is stopped first).
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Signal

from desktop_app.core.errors import InkstoneError
from desktop_app.core.serve.config import ServeConfig
from desktop_app.core.serve.token import ApiToken, regenerate_token, stored_token
from desktop_app.ui.engine_runner import EngineRunner
from desktop_app.ui.serve.runner_gate import RunnerGate

log = logging.getLogger(__name__)


class LocalServer(QObject):
    stateChanged = Signal()  # running, starting, address or error changed
    tokenChanged = Signal(str)
    _started = Signal(object, str)  # the ServerThread (None on failure), the failure's message

    def __init__(self, runner: EngineRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.gate = RunnerGate(runner)
        self._server = None  # core.serve.server.ServerThread while it runs
        self._api_token: ApiToken | None = None
        self.starting = False
        self._cancel_start = False  # the switch went off (or the window closed) while the server was starting
        self.error = ""
        self._started.connect(self._on_started)

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def address(self) -> str:
        return self._server.address if self._server is not None else ""

    def token(self) -> str:
        """The stored API token (made now on first use)."""
        return self._api_token.value if self._api_token is not None else stored_token()

    def regenerate_token(self) -> str:
        """A new token; a running server accepts only the new one from now on."""
        token = regenerate_token()
        if self._api_token is not None:
            self._api_token.value = token
        self.tokenChanged.emit(token)
        return token

    def start(self, port: int, origins: tuple[str, ...] = ()) -> None:
        """Serve on 127.0.0.1:port (the window never serves on other addresses)."""
        if self.running or self.starting:
            return
        self.starting, self.error, self._cancel_start = True, "", False
        self.stateChanged.emit()
        try:
            self._api_token = ApiToken(stored_token())
        except OSError as exc:
            self._started.emit(None, self.tr("The API token could not be stored: {0}").format(exc.strerror or exc))
            return
        token, gate = self._api_token, self.gate
        failed = self.tr("The server could not start: {0}")

        def start() -> None:
            try:
                from desktop_app.core.serve.server import ServerThread

                server = ServerThread(gate, token, ServeConfig(port=port, allowed_origins=origins))
                server.start()
            except InkstoneError as exc:
                self._started.emit(None, str(exc))
            except Exception as exc:  # noqa: BLE001 - the switch must come back off, with a reason
                log.exception("The server could not start")
                self._started.emit(None, failed.format(exc))
            else:
                self._started.emit(server, "")

        threading.Thread(target=start, name="inkstone-server-start", daemon=True).start()

    def stop(self) -> None:
        """Stop serving; the requests being answered stop generating at once."""
        self._cancel_start = self.starting
        server, self._server = self._server, None
        if server is not None:
            threading.Thread(target=server.stop, name="inkstone-server-stop", daemon=True).start()
        self.stateChanged.emit()

    def shutdown(self) -> None:
        """When the window closes: stop now, waiting for the server thread (a few seconds at most)."""
        self._cancel_start = self.starting
        server, self._server = self._server, None
        if server is not None:
            server.stop()

    def _on_started(self, server: object, message: str) -> None:
        self.starting = False
        if server is not None and self._cancel_start:
            threading.Thread(target=server.stop, name="inkstone-server-stop", daemon=True).start()  # type: ignore[attr-defined]
            server = None
        self._server = server  # type: ignore[assignment]
        self.error = message
        self.stateChanged.emit()
