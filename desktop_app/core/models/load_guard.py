"""Remember which model is being loaded, so a model that crashed Inkstone is not loaded again by itself.

llama.cpp aborts the whole process on some model files (a failed GGML_ASSERT, a division by zero):
no Python code runs, no message is shown, and an app that reloads the last model at start would
crash again at every start. So before the native call, `begin` writes a small record into the data
dir; it stays through the load and the model's first generation, and `finish` removes it. A record
left by a process that is no longer running means that process died in between: `crashed` reports
such models, and a caller that loads a model by itself (the window at start, a CLI command without
--model) asks `refusal` first. Choosing the model explicitly (`begin` on it) clears its old record.

Records are per process (loading/<pid>.json), so two Inkstone processes never clear each other's.
A record is also cleared by a normal interpreter exit (atexit), so only a native crash, a kill or a
power cut leaves one behind.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core import paths
from desktop_app.core.processes import ProcessIdentity, current_process, is_running
from desktop_app.core.safe_text import safe_text

from desktop_app.core.engine.wrapper import EngineWrapper

if TYPE_CHECKING:
    from desktop_app.core.engine.base import (
        Engine,
        GenerationParams,
        GenerationStats,
        LoadOptions,
        ModelInfo,
        PromptProgress,
        TextCallback,
    )

log = logging.getLogger(__name__)

RECORDS_DIR = "loading"
STAGE_LOAD = "load"  # inside llama.cpp's model load
STAGE_FIRST_ANSWER = "first answer"  # loaded; its first generation has not finished yet


@dataclass(frozen=True)
class CrashedModel:
    """A model whose load or first answer was under way when its Inkstone process died."""

    path: Path
    stage: str  # STAGE_LOAD or STAGE_FIRST_ANSWER
    started_at: float  # time.time() when the stage began

    @property
    def name(self) -> str:
        return safe_text(self.path.name)

    @property
    def message(self) -> str:
        when = "while loading it" if self.stage == STAGE_LOAD else "on its first answer"
        return f"The model {self.name} crashed Inkstone last time ({when}); it was not loaded again."


class LoadGuard:
    """The records of one data dir; `begin`/`loaded`/`finish` are for the calling process's own model."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = (folder if folder is not None else paths.data_dir()) / RECORDS_DIR
        self._own = self.folder / f"{os.getpid()}.json"
        self._lock = threading.Lock()
        self._exit_hook = False

    # -- this process ---------------------------------------------------------------------------
    def begin(self, model_path: Path) -> None:
        """Record that `model_path` is about to be loaded; call right before the native load."""
        model_path = Path(model_path)
        for crashed in self._dead_records():
            if crashed[1].path == _key(model_path):
                _unlink(crashed[0])  # chosen again: the user decides to retry it
        self._write(model_path, STAGE_LOAD)
        if not self._exit_hook:
            atexit.register(self.finish)
            self._exit_hook = True

    def loaded(self) -> None:
        """The load returned: keep the record until the first generation has finished."""
        record = self._read(self._own)
        if record is not None:
            self._write(record.path, STAGE_FIRST_ANSWER)

    def finish(self) -> None:
        """The first answer finished, or the load or answer failed with an ordinary error: no crash."""
        with self._lock:
            _unlink(self._own)

    @property
    def active(self) -> bool:
        """True between `begin` and `finish` in this process."""
        return self._own.exists()

    # -- what earlier processes left behind -----------------------------------------------------
    def crashed(self) -> list[CrashedModel]:
        """Models whose load or first answer a process that has since died left unfinished."""
        return [record for _, record in self._dead_records()]

    def refusal(self, model_path: Path) -> CrashedModel | None:
        """The crash that should stop `model_path` from being loaded automatically, if any."""
        key = _key(Path(model_path))
        return next((c for c in self.crashed() if c.path == key), None)

    def forget(self, model_path: Path) -> None:
        """Drop the crash records of `model_path` (the user chose to retry it, or removed it)."""
        key = _key(Path(model_path))
        for file, record in self._dead_records():
            if record.path == key:
                _unlink(file)

    # -- storage --------------------------------------------------------------------------------
    def _write(self, model_path: Path, stage: str) -> None:
        record = {
            "path": str(_key(model_path)),
            "stage": stage,
            "pid": current_process().pid,
            "process_started": current_process().started,
            "started_at": time.time(),
        }
        with self._lock:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                tmp = self._own.with_suffix(".tmp")
                with open(tmp, "w", encoding="utf-8") as f:
                    json.dump(record, f)
                    f.flush()
                    os.fsync(f.fileno())  # on disk before llama.cpp gets a chance to take the process down
                os.replace(tmp, self._own)
            except OSError:  # a guard that cannot write must not stop the model from loading
                log.exception("Could not record the model being loaded in %s", self.folder)

    def _records(self) -> Iterator[tuple[Path, dict]]:
        try:
            files = sorted(self.folder.glob("*.json"))
        except OSError:
            return
        for file in files:
            try:
                raw = json.loads(file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(raw, dict) and isinstance(raw.get("path"), str) and isinstance(raw.get("pid"), int):
                yield file, raw

    def _read(self, file: Path) -> CrashedModel | None:
        for found, raw in self._records():
            if found == file:
                return _record(raw)
        return None

    def _dead_records(self) -> list[tuple[Path, CrashedModel]]:
        dead = []
        for file, raw in self._records():
            started = raw.get("process_started")
            identity = ProcessIdentity(raw["pid"], float(started) if isinstance(started, (int, float)) else 0.0)
            if file == self._own or is_running(identity):
                continue
            dead.append((file, _record(raw)))
        return dead


def _record(raw: dict) -> CrashedModel:
    stage = raw.get("stage") if raw.get("stage") in (STAGE_LOAD, STAGE_FIRST_ANSWER) else STAGE_LOAD
    started = raw.get("started_at")
    return CrashedModel(Path(raw["path"]), stage, float(started) if isinstance(started, (int, float)) else 0.0)


def _key(path: Path) -> Path:
    """One spelling per file, so a record matches however the path is given later."""
    try:
        return path.expanduser().resolve()
    except (OSError, RuntimeError):
        return path.expanduser().absolute()


def _unlink(file: Path) -> None:
    try:
        file.unlink(missing_ok=True)
    except OSError:
        log.exception("Could not remove %s", file)


class GuardedEngine(EngineWrapper):
    """An Engine whose loads and first answers are recorded by a LoadGuard; everything else passes through.

    `load` records before the native call; the record is removed after the first `generate` that
    returns or raises (either way the process survived), on `unload`, or when the load raises.
    """

    def __init__(self, engine: Engine, guard: LoadGuard | None = None) -> None:
        super().__init__(engine)
        self.guard = guard if guard is not None else LoadGuard()

    def load(self, path: Path, options: LoadOptions | None = None) -> ModelInfo:
        self.guard.begin(path)
        try:
            info = self.engine.load(path, options) if options is not None else self.engine.load(path)
        except BaseException:
            self.guard.finish()
            raise
        self.guard.loaded()
        return info

    def unload(self) -> None:
        self.engine.unload()
        self.guard.finish()

    def generate(
        self,
        prompt: str,
        params: GenerationParams,
        on_text: TextCallback,
        cancel: threading.Event | None = None,
        on_prompt_progress: PromptProgress | None = None,
    ) -> GenerationStats:
        try:
            return self.engine.generate(prompt, params, on_text, cancel, on_prompt_progress)
        finally:
            if self.guard.active:
                self.guard.finish()
