"""A native crash leaves a crash file that the next start reports once and the report keeps."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.core.diagnostics import (
    diagnostics_report,
    install_crash_handler,
    last_crash,
    mark_seen,
    pending_crash,
    remove_crash_handler,
)
from desktop_app.core.paths import ensure_data_dir

REPO_ROOT = Path(__file__).resolve().parents[3]

# Starts the way an entry point does, then ends as asked: a segfault, an abort (what llama.cpp's
# GGML_ASSERT does), a SIGKILL with no chance to clean up, or a clean exit.
CHILD = """
import faulthandler, os, signal, sys
from desktop_app.core.diagnostics import start_diagnostics
from desktop_app.core.paths import ensure_data_dir

start_diagnostics(ensure_data_dir(), "crash test")
how = sys.argv[1]
if how == "segfault":
    faulthandler._sigsegv()
elif how == "abort":
    os.abort()
elif how == "killed":
    os.kill(os.getpid(), signal.SIGKILL)
"""


def run_child(how: str) -> int:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run(
        [sys.executable, "-c", CHILD, how], env=env, capture_output=True, timeout=120
    ).returncode


@pytest.mark.parametrize(("how", "sign", "words"), [
    ("segfault", signal.SIGSEGV, "Segmentation fault"),
    ("abort", signal.SIGABRT, "Aborted"),
])
def test_a_native_crash_is_reported_at_the_next_start_and_kept_for_the_report(
    data_dir: Path, how: str, sign: int, words: str
) -> None:
    assert run_child(how) == -sign

    crash = pending_crash(data_dir)

    assert crash is not None
    assert words in crash.text and "Current thread" in crash.text
    assert words in diagnostics_report(data_dir)
    mark_seen(crash)
    assert pending_crash(data_dir) is None  # offered once
    assert words in last_crash(data_dir).text
    assert words in diagnostics_report(data_dir)


@pytest.mark.parametrize("how", ["clean", "killed"])
def test_a_process_that_did_not_crash_leaves_nothing_to_report(data_dir: Path, how: str) -> None:
    run_child(how)

    assert pending_crash(data_dir) is None
    assert last_crash(data_dir) is None
    assert list((data_dir / "crashes").iterdir()) == []  # the killed one's empty file is tidied away


def test_a_running_process_s_crash_file_is_left_alone(data_dir: Path) -> None:
    mine = install_crash_handler(ensure_data_dir())
    try:
        assert pending_crash(data_dir) is None
        assert mine.exists()
    finally:
        remove_crash_handler()
    assert not mine.exists()


def test_only_the_newest_crash_reports_are_kept(data_dir: Path) -> None:
    for _ in range(7):
        assert run_child("abort") == -signal.SIGABRT
        mark_seen(pending_crash(data_dir))

    assert len(list((data_dir / "crashes").iterdir())) == 5
