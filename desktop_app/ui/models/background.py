"""Run a plain function on a thread pool and get its result back on the GUI thread by signal.

For the short jobs of the Models page (library scans, header reads, Hub calls, device
detection). Each job gets an id; `on_done(result)` or `on_failed(exc)` runs on the GUI thread.
Results that arrive after shutdown() are dropped, and a job finishing after the runner was
deleted is ignored instead of raising in the pool thread.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

from desktop_app.core.errors import InkstoneError

log = logging.getLogger(__name__)

DoneCallback = Callable[[Any], None]
FailedCallback = Callable[[BaseException], None]


class BackgroundRunner(QObject):
    """A thread pool of `max_threads`; with 1 the jobs run one at a time, in order."""

    _finished = Signal(int, bool, object)  # job id, succeeded, result or exception

    def __init__(self, max_threads: int = 2, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._ids = itertools.count(1)
        self._callbacks: dict[int, tuple[DoneCallback | None, FailedCallback | None]] = {}
        self._closed = False
        self._finished.connect(self._deliver)

    def run(
        self,
        function: Callable[[], Any],
        on_done: DoneCallback | None = None,
        on_failed: FailedCallback | None = None,
    ) -> int:
        """Queue function(); returns the job id."""
        job_id = next(self._ids)
        if self._closed:
            return job_id
        self._callbacks[job_id] = (on_done, on_failed)
        self._pool.start(lambda: self._execute(job_id, function))
        return job_id

    @property
    def busy(self) -> bool:
        return bool(self._callbacks)

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Drop pending results and wait for running jobs; False if they outlived the timeout."""
        self._closed = True
        self._callbacks.clear()
        self._pool.clear()  # jobs not started yet never start
        return self._pool.waitForDone(timeout_ms)

    def _execute(self, job_id: int, function: Callable[[], Any]) -> None:
        try:
            result, ok = function(), True
        except Exception as exc:  # noqa: BLE001 - reported to the caller, who decides what to show
            expected = isinstance(exc, InkstoneError)  # offline, not found...: worth a line, not an alarm
            log.log(logging.WARNING if expected else logging.ERROR, "Background job %d failed", job_id, exc_info=True)
            result, ok = exc, False
        try:
            self._finished.emit(job_id, ok, result)
        except RuntimeError:  # the runner was deleted while the job ran
            pass

    @Slot(int, bool, object)
    def _deliver(self, job_id: int, ok: bool, result: object) -> None:
        callbacks = self._callbacks.pop(job_id, None)
        if callbacks is None or self._closed:
            return
        on_done, on_failed = callbacks
        if ok and on_done is not None:
            on_done(result)
        elif not ok and on_failed is not None:
            on_failed(result)  # type: ignore[arg-type]
