"""Driving the real main window from a benchmark: send a turn, wait for it in the event loop, watch the GUI thread.

Nothing here sleeps or spins: waits run a QEventLoop until a signal or a condition, so the
GUI thread does what it would do for a user, and a 5 ms timer measures how long it is
ever kept from its event loop.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Callable

from PySide6.QtCore import QEventLoop, QObject, QTimer, Slot

from desktop_app.core.chat import TurnResult
from desktop_app.core.engine.base import GenerationParams
from desktop_app.core.engine.llama import LlamaEngine
from desktop_app.ui.main_window import MainWindow

SEED = 1234


class BenchEngine(LlamaEngine):
    """The real engine, made repeatable for measuring: a fixed seed, and (when `long_answers`) the
    answer's end markers off, so every turn writes exactly max_tokens tokens of real model text.
    It keeps the last prompt and parameters, so bare llama-cpp-python can be given the same."""

    def __init__(self) -> None:
        super().__init__()
        self.long_answers = False
        self.last_prompt = ""
        self.last_params = GenerationParams()

    def generate(self, prompt, params, on_text, cancel=None, on_prompt_progress=None):  # type: ignore[no-untyped-def]
        params = replace(params, seed=SEED)
        if self.long_answers:
            params = replace(params, stop=())
        self.last_prompt, self.last_params = prompt, params
        return super().generate(prompt, params, on_text, cancel, on_prompt_progress)


@dataclass
class GapWatch:
    """A 5 ms timer on the GUI thread; the gaps between its ticks are the time the thread was busy."""

    interval_ms: int = 5
    gaps_ms: list[float] = field(default_factory=list)
    ends: list[float] = field(default_factory=list)  # when each gap ended (perf_counter)

    def __post_init__(self) -> None:
        self._timer = QTimer()
        self._timer.setInterval(self.interval_ms)
        self._timer.timeout.connect(self._tick)
        self._last = 0.0

    def start(self) -> None:
        self.gaps_ms.clear()
        self.ends.clear()
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps_ms.append((now - self._last) * 1000)
        self.ends.append(now)
        self._last = now

    def between(self, start: float, end: float) -> list[float]:
        """The gaps that ended within [start, end] (perf_counter times)."""
        return [gap for gap, at in zip(self.gaps_ms, self.ends) if start <= at <= end]

    def outside(self, start: float, end: float) -> list[float]:
        return [gap for gap, at in zip(self.gaps_ms, self.ends) if not start <= at <= end]


def wait_for(condition: Callable[[], bool], timeout_s: float = 600.0, poll_ms: int = 10) -> None:
    """Run the event loop until `condition()` holds."""
    if condition():
        return
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(poll_ms)
    deadline = time.monotonic() + timeout_s

    def check() -> None:
        if condition() or time.monotonic() > deadline:
            loop.quit()

    timer.timeout.connect(check)
    timer.start()
    loop.exec()
    timer.stop()
    if not condition():
        raise TimeoutError("the window did not get there in time")


@dataclass
class StreamedTurn:
    """A turn as the window saw it: the result, and when its text arrived on the GUI thread."""

    result: TurnResult
    arrivals: list[tuple[float, int]]  # (time, pieces in that batch)

    @property
    def felt_rate(self) -> float:
        """Tokens per second as the window received them, after the first batch."""
        if len(self.arrivals) < 2:
            return 0.0
        span = self.arrivals[-1][0] - self.arrivals[0][0]
        tokens = sum(pieces for _, pieces in self.arrivals[1:])
        return tokens / span if span > 0 else 0.0


class _Arrivals(QObject):
    """Lives on the GUI thread: the runner's text signals reach it queued, as they reach the page."""

    def __init__(self, job_id: int) -> None:
        super().__init__()
        self.job_id = job_id
        self.times: list[tuple[float, int]] = []

    @Slot(int, str, int)
    def take(self, job_id: int, _text: str, pieces: int) -> None:
        if job_id == self.job_id:
            self.times.append((time.perf_counter(), pieces))


def send_turn(window: MainWindow, text: str, timeout_s: float = 600.0) -> StreamedTurn:
    """Send `text` in the chat as a user would (the composer's submit) and wait for the answer.

    The wait is woken by the page's own signals, not a poll, so the GUI thread does nothing the
    app itself would not do while the answer streams (a poll's wake-ups take time from decode)."""
    page = window.chat_page
    results: list[object] = []
    page.composer.setPlainText(text)
    page.composer.submit()
    job = page.jobs.job
    if job is None:
        raise RuntimeError("the window did not start the turn (is a model loaded?)")
    arrivals = _Arrivals(job.job_id)
    loop = QEventLoop()
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(loop.quit)
    window.jobs.text.connect(arrivals.take)
    page.jobs.finished.connect(results.append)
    page.jobs.busyChanged.connect(loop.quit)
    try:
        if page.jobs.busy:
            deadline.start(int(timeout_s * 1000))
            loop.exec()
    finally:
        deadline.stop()
        window.jobs.text.disconnect(arrivals.take)
        page.jobs.finished.disconnect(results.append)
        page.jobs.busyChanged.disconnect(loop.quit)
    if not results:
        if page.jobs.busy:
            raise TimeoutError("the window did not finish the turn in time")
        raise RuntimeError("the turn failed: " + page.banner.text())
    result = results[0]
    assert isinstance(result, TurnResult)
    return StreamedTurn(result, arrivals.times)
