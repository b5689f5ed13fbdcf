"""EngineJobRunner: jobs run on the engine thread one at a time, and come back as signals."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread

from desktop_app.core.chat import ChatService
from desktop_app.core.errors import InkstoneError
from desktop_app.ui.worker import EngineWorker, WorkerThread
from desktop_app.ui.writing.engine_jobs import EngineJobRunner, JobClient


def test_a_job_runs_on_the_chat_workers_thread_with_the_same_engine(qtbot, store, engine) -> None:
    worker_thread = WorkerThread(EngineWorker(engine, ChatService(store)))
    try:
        runner = EngineJobRunner(engine, worker_thread.thread)
        client = JobClient(runner)

        with qtbot.waitSignal(client.finished, timeout=5000) as finished:
            client.start("probe", lambda e, on_text, on_progress, cancel: (QThread.currentThread(), e))

        ran_on, used_engine = finished.args[0]
        assert ran_on == worker_thread.thread
        assert used_engine.engine is engine  # the same model, seen through the per-model sampling settings
    finally:
        worker_thread.stop()


def test_text_comes_back_in_batches_that_join_to_everything_streamed(qtbot, runner) -> None:
    client = JobClient(runner)
    batches: list[str] = []
    client.text.connect(batches.append)
    pieces = [f"w{i} " for i in range(2000)]

    def work(engine, on_text, on_progress, cancel):
        for piece in pieces:
            on_text(piece)
        return "done"

    with qtbot.waitSignal(client.finished, timeout=5000):
        client.start("stream", work)

    assert "".join(batches) == "".join(pieces)
    assert len(batches) < len(pieces) / 10


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
        client.start("ordered", work)

    assert events == [("text", "first"), ("progress", 1), ("text", "second"), ("progress", 2)]


def test_errors_come_back_as_failed_with_a_message(qtbot, runner) -> None:
    client = JobClient(runner)

    def user_error(engine, on_text, on_progress, cancel):
        raise InkstoneError("The text is too long.")

    def bug(engine, on_text, on_progress, cancel):
        raise ValueError("oops")

    with qtbot.waitSignal(client.failed, timeout=5000) as failed:
        client.start("a", user_error)
    assert failed.args == ["The text is too long."]
    with qtbot.waitSignal(client.failed, timeout=5000) as failed:
        client.start("b", bug)
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
        first.start("one", job("one"))
        second.start("two", job("two"))

    assert order == ["one start", "one end", "two start", "two end"]
    assert seen_by_first == ["one"]


def test_cancel_all_stops_the_running_job(qtbot, runner) -> None:
    client = JobClient(runner)
    started = threading.Event()

    def wait_for_cancel(engine, on_text, on_progress, cancel):
        started.set()
        return cancel.wait(10)

    with qtbot.waitSignal(client.finished, timeout=5000) as finished:
        client.start("long", wait_for_cancel)
        qtbot.waitUntil(started.is_set, timeout=5000)
        runner.cancel_all()

    assert finished.args == [True]
    assert runner.pending() == 0
