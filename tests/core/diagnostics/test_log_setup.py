"""The log file: start-up facts, every failure's traceback, one handler however often it is set up."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from desktop_app.core.diagnostics import configure_logging, log_path, log_startup

REPO_ROOT = Path(__file__).resolve().parents[3]

UNCAUGHT = """
import threading
from desktop_app.core.diagnostics import configure_logging
from desktop_app.core.paths import ensure_data_dir

configure_logging(ensure_data_dir())
thread = threading.Thread(target=lambda: 1 / 0, name="worker-thread")
thread.start()
thread.join()
raise LookupError("the main thread gives up")
"""


def test_uncaught_exceptions_of_any_thread_reach_the_log_with_their_traceback(data_dir: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    child = subprocess.run([sys.executable, "-c", UNCAUGHT], env=env, capture_output=True, text=True, timeout=60)

    log = log_path(data_dir).read_text(encoding="utf-8")
    assert child.returncode == 1
    assert "LookupError: the main thread gives up" in child.stderr  # the usual hook still runs
    assert "Uncaught exception in thread worker-thread" in log and "ZeroDivisionError" in log
    assert "LookupError: the main thread gives up" in log
    assert log.count("Traceback (most recent call last)") == 2


def test_configuring_twice_writes_each_line_once(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    try:
        configure_logging(data_dir)
        configure_logging(data_dir)
        log_startup("a test")
        logging.getLogger("desktop_app.somewhere").info("one line")
        logging.getLogger("some.library").info("library chatter")

        text = log_path(data_dir).read_text(encoding="utf-8")
    finally:
        _remove_log_handler()

    assert text.count("one line") == 1
    assert "Starting a test: Inkstone " in text and "llama-cpp-python" in text
    assert "library chatter" not in text  # other libraries: warnings and up only


def _remove_log_handler() -> None:
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, logging.FileHandler) and "inkstone" in handler.baseFilename:
            root.removeHandler(handler)
            handler.close()
