"""A second launch of the window hands its request to the first one and exits."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from desktop_app.core.paths import ensure_data_dir
from desktop_app.ui.single_instance import SingleInstance

REPO_ROOT = Path(__file__).resolve().parents[2]

# Takes the window lock, then dies without releasing it, as a crashed window would.
CRASHED_WINDOW = """
import os, signal
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from desktop_app.core.paths import ensure_data_dir
from desktop_app.ui.single_instance import SingleInstance

app = QCoreApplication([])
instance = SingleInstance(ensure_data_dir())
assert instance.acquire()
os.kill(os.getpid(), signal.SIGKILL)
"""


def child_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO_ROOT), "QT_QPA_PLATFORM": "offscreen"}


def test_a_second_launch_hands_its_model_to_the_first_window_and_exits(qtbot, tmp_path: Path) -> None:
    first = SingleInstance(ensure_data_dir())
    assert first.acquire()
    model = tmp_path / "handed-over.gguf"
    try:
        with qtbot.waitSignal(first.activationRequested, timeout=60_000) as request:
            second = subprocess.Popen(
                [sys.executable, "-m", "desktop_app", "--model", str(model)],
                env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )
        out, err = second.communicate(timeout=60)
    finally:
        first.release()

    assert request.args == [[str(model)]]
    assert second.returncode == 0, err
    assert "error" not in err


def test_a_second_instance_in_the_same_data_folder_is_not_first(qtbot) -> None:
    first, second = SingleInstance(ensure_data_dir()), SingleInstance(ensure_data_dir())
    try:
        assert first.acquire()
        assert not second.acquire()
    finally:
        first.release()
    assert second.acquire()
    second.release()


def test_the_lock_of_a_crashed_window_is_taken_over(qtbot) -> None:
    crashed = subprocess.run([sys.executable, "-c", CRASHED_WINDOW], env=child_env(), capture_output=True, text=True)
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr

    instance = SingleInstance(ensure_data_dir())
    try:
        assert instance.acquire()
    finally:
        instance.release()


def test_a_launch_with_nobody_answering_gives_up(qtbot) -> None:
    lonely = SingleInstance(ensure_data_dir())

    assert lonely.hand_over([], timeout_ms=300) is False
