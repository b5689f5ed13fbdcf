"""Background jobs hand their results back on the GUI thread, report failures, and stop cleanly."""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication, QThread

from desktop_app.ui.models.background import BackgroundRunner


def test_the_result_arrives_on_the_gui_thread(qtbot):
    runner = BackgroundRunner()
    seen = []

    runner.run(lambda: threading.current_thread().name, lambda name: seen.append((name, QThread.currentThread())))
    qtbot.waitUntil(lambda: bool(seen))

    worker_thread_name, delivered_on = seen[0]
    assert worker_thread_name != threading.current_thread().name
    assert delivered_on is runner.thread()
    runner.shutdown()


def test_a_failure_reaches_on_failed(qtbot):
    runner = BackgroundRunner()
    failures = []

    runner.run(lambda: 1 / 0, lambda _: None, failures.append)
    qtbot.waitUntil(lambda: bool(failures))

    assert isinstance(failures[0], ZeroDivisionError)
    assert not runner.busy
    runner.shutdown()


def test_a_failure_s_traceback_reaches_the_log(qtbot, caplog):
    runner = BackgroundRunner()
    failures = []

    runner.run(lambda: 1 / 0, lambda _: None, failures.append)
    qtbot.waitUntil(lambda: bool(failures))

    [record] = [r for r in caplog.records if r.name == "desktop_app.ui.models.background"]
    assert record.levelname == "ERROR" and record.exc_info[0] is ZeroDivisionError
    runner.shutdown()


def test_results_after_shutdown_are_dropped(qtbot):
    runner = BackgroundRunner()
    release = threading.Event()
    delivered = []

    runner.run(lambda: release.wait(5), delivered.append)
    release.set()
    assert runner.shutdown()
    QCoreApplication.processEvents()  # the job's result was posted before shutdown returned

    assert delivered == []
