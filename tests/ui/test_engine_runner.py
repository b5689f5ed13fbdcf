"""EngineRunner: every load and every job runs on the engine thread, one at a time, and comes back as signals."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Iterator

import pytest
from PySide6.QtCore import SIGNAL, QObject, QThread, Signal, Slot

from desktop_app.core.engine.base import LoadOptions
from desktop_app.core.engine.fake import FakeEngine
from desktop_app.core.errors import InkstoneError
from desktop_app.ui.engine_runner import EngineRunner, EngineThread, LoadRequest
from desktop_app.ui.job_client import JobClient


@pytest.fixture
def engine(starter_model_path: Path) -> FakeEngine:
    fake = FakeEngine()
    fake.load(starter_model_path)
    return fake


@pytest.fixture
def engine_thread(engine: FakeEngine) -> Iterator[EngineThread]:
    thread = EngineThread(engine)
    yield thread
    thread.stop()


@pytest.fixture
def runner(engine_thread: EngineThread) -> EngineRunner:
    return engine_thread.runner


def test_a_job_runs_on_the_engine_thread_with_the_loaded_engine(qtbot, engine_thread, engine) -> None:
    client = JobClient(engine_thread.runner)

    with qtbot.waitSignal(client.finished, timeout=5000) as finished:
        client.start(lambda e, on_text, on_progress, cancel: (QThread.currentThread(), e))

    ran_on, used_engine = finished.args[0]
    assert ran_on == engine_thread.thread
    # the same model, seen through the per-model sampling settings and the local/server switch
    assert used_engine.engine.engine is engine


class Relay(QObject):
    """Brings a signal emitted on the engine thread to the GUI thread, where qtbot waits."""

    got = Signal(object)

    @Slot(object)
    def take(self, value: object) -> None:
        self.got.emit(value)


def test_a_model_loads_on_the_engine_thread_and_a_bad_file_keeps_the_old_one(
    qtbot, runner, engine, tmp_path: Path, starter_model_path: Path
) -> None:
    loaded_relay, failed_relay = Relay(), Relay()
    runner.modelLoaded.connect(loaded_relay.take)
    runner.loadFailed.connect(failed_relay.take)
    with qtbot.waitSignal(loaded_relay.got, timeout=10_000) as loaded:
        runner.load(LoadRequest(starter_model_path, LoadOptions(n_ctx=1024)))
    assert loaded.args[0].n_ctx == 1024

    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"not a model")
    with qtbot.waitSignal(failed_relay.got, timeout=10_000) as failed:
        runner.load(LoadRequest(broken, LoadOptions()))

    assert "broken.gguf" in failed.args[0]
    assert engine.model is not None and engine.model.path == starter_model_path


def test_a_failure_is_logged_with_its_traceback_and_shown_in_one_line(qtbot, runner, caplog) -> None:
    client = JobClient(runner)

    def bug(engine, on_text, on_progress, cancel):
        raise ValueError("oops")

    with caplog.at_level(logging.WARNING, logger="desktop_app.ui.engine_runner"):
        with qtbot.waitSignal(client.failed, timeout=5000) as failed:
            client.start(bug)

    assert failed.args == ["The job failed: oops"]
    [record] = [r for r in caplog.records if r.name == "desktop_app.ui.engine_runner"]
    assert record.exc_info is not None and record.exc_info[0] is ValueError


def test_stopping_the_thread_stops_a_running_job_and_ends_within_the_timeout(qtbot, engine) -> None:
    thread = EngineThread(engine)
    client = JobClient(thread.runner)
    started = threading.Event()
    client.start(lambda e, on_text, on_progress, cancel: (started.set(), cancel.wait(30)))
    qtbot.waitUntil(started.is_set, timeout=5000)

    assert thread.stop(2000)
    assert not thread.thread.isRunning()


def test_text_comes_back_in_batches_that_join_to_everything_streamed(qtbot, runner) -> None:
    client = JobClient(runner)
    batches: list[str] = []
    counts: list[int] = []
    client.text.connect(batches.append)
    pieces = [f"w{i} " for i in range(2000)]

    def work(engine, on_text, on_progress, cancel):
        for piece in pieces:
            on_text(piece)
        return "done"

    with qtbot.waitSignal(client.finished, timeout=5000):
        client.start(work, on_text=lambda _text, count: counts.append(count))

    assert "".join(batches) == "".join(pieces)
    assert sum(counts) == len(pieces)
    assert len(batches) < len(pieces) / 10


def test_streamed_text_is_delivered_once_to_the_client_whose_job_it_is(qtbot, runner) -> None:
    """Every page has a client; a streamed batch must not become one queued call per page."""
    clients = [JobClient(runner) for _ in range(6)]
    heard: list[list[str]] = [[] for _ in clients]
    for client, texts in zip(clients, heard):
        client.text.connect(texts.append)
    text_signal = SIGNAL("text(int,QString,int)")
    assert runner.receivers(text_signal) == 0
    go = threading.Event()
    listening: list[int] = []

    def work(engine, on_text, on_progress, cancel):
        go.wait(5)
        on_text("hello")
        return "done"

    clients[2].start(work)
    listening.append(runner.receivers(text_signal))
    with qtbot.waitSignal(clients[2].finished, timeout=5000):
        go.set()

    assert listening == [1]
    assert heard == [[], [], ["hello"], [], [], []]
    assert runner.receivers(text_signal) == 0
    with qtbot.waitSignal(clients[4].finished, timeout=5000):
        clients[4].start(work)  # a client that was idle streams later as well
    assert heard[4] == ["hello"]


def test_progress_arrives_after_the_text_streamed_before_it(qtbot, runner) -> None:
    client = JobClient(runner)
    events: list[tuple[str, object]] = []
    client.text.connect(lambda text: events.append(("text", text)))
    client.progress.connect(lambda value: events.append(("progress", value)))

    def work(engine, on_text, on_progress, cancel):
        on_text("first")
        on_progress(1)
        on_text("second")
        on_progress(2)

    with qtbot.waitSignal(client.finished, timeout=5000):
        client.start(work)

    assert events == [("text", "first"), ("progress", 1), ("text", "second"), ("progress", 2)]


def test_errors_come_back_as_failed_with_a_message(qtbot, runner) -> None:
    client = JobClient(runner)

    def user_error(engine, on_text, on_progress, cancel):
        raise InkstoneError("The text is too long.")

    def bug(engine, on_text, on_progress, cancel):
        raise ValueError("oops")

    with qtbot.waitSignal(client.failed, timeout=5000) as failed:
        client.start(user_error)
    assert failed.args == ["The text is too long."]
    with qtbot.waitSignal(client.failed, timeout=5000) as failed:
        client.start(bug)
    assert failed.args == ["The job failed: oops"]
    assert not client.busy


def test_jobs_run_one_after_the_other_and_each_client_sees_only_its_own(qtbot, runner) -> None:
    first, second = JobClient(runner), JobClient(runner)
    order: list[str] = []
    lock = threading.Lock()
    seen_by_first: list[object] = []
    first.finished.connect(seen_by_first.append)

    def job(name: str):
        def work(engine, on_text, on_progress, cancel):
            with lock:
                order.append(f"{name} start")
            with lock:
                order.append(f"{name} end")
            return name
        return work

    with qtbot.waitSignal(second.finished, timeout=5000):
        first.start(job("one"))
        second.start(job("two"))

    assert order == ["one start", "one end", "two start", "two end"]
    assert seen_by_first == ["one"]


def test_cancel_all_stops_the_running_job(qtbot, runner) -> None:
    client = JobClient(runner)
    started = threading.Event()

    def wait_for_cancel(engine, on_text, on_progress, cancel):
        started.set()
        return cancel.wait(10)

    with qtbot.waitSignal(client.finished, timeout=5000) as finished:
        client.start(wait_for_cancel)
        qtbot.waitUntil(started.is_set, timeout=5000)
        runner.cancel_all()

    assert finished.args == [True]
    assert runner.pending() == 0
