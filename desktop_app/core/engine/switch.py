"""The engine a window or command runs on: the one on this computer, or a server's.

Loading a model file uses the local engine (a server connection is closed first); connecting
to a server frees the local model once the server has answered, so a wrong address or key
keeps the model that was loaded. Callers keep one Engine whatever the choice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from desktop_app.core.engine.base import Engine, LoadOptions, ModelInfo
from desktop_app.core.engine.remote import RemoteEngine, RemoteSettings
from desktop_app.core.engine.wrapper import EngineWrapper


class EngineSwitch(EngineWrapper):
    def __init__(self, local: Engine, make_remote: Callable[[], RemoteEngine] = RemoteEngine) -> None:
        super().__init__(local)
        self.local = local
        self._make_remote = make_remote
        self._remote: RemoteEngine | None = None

    @property
    def remote(self) -> RemoteEngine | None:
        """The server connection in use, if any."""
        return self._remote

    def load(self, path: Path, options: LoadOptions = LoadOptions()) -> ModelInfo:
        info = self.local.load(path, options)  # the local engine checks the file before it frees its model
        self._drop_remote()
        return info

    def connect(self, settings: RemoteSettings) -> ModelInfo:
        remote = self._make_remote()
        info = remote.connect(settings)
        self._drop_remote()
        self.local.unload()
        self._remote = remote
        self.engine = remote
        return info

    def unload(self) -> None:
        self._drop_remote()
        self.local.unload()

    def _drop_remote(self) -> None:
        remote, self._remote = self._remote, None
        self.engine = self.local
        if remote is not None:
            remote.unload()
