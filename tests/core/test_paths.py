"""The data folder: found in one place, and its write check safe when several Inkstones start at once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from desktop_app.core.paths import ensure_data_dir

REPO_ROOT = Path(__file__).resolve().parents[2]
PROCESSES = 8
CHECKS_EACH = 200

CHECKER = f"""
from desktop_app.core.paths import ensure_data_dir
for _ in range({CHECKS_EACH}):
    ensure_data_dir()
"""


def test_processes_starting_at_once_all_pass_the_data_folder_check(data_dir: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    children = [
        subprocess.Popen([sys.executable, "-c", CHECKER], env=env, stderr=subprocess.PIPE, text=True)
        for _ in range(PROCESSES)
    ]
    failures = [child.communicate(timeout=120)[1] for child in children]

    assert [child.returncode for child in children] == [0] * PROCESSES, "\n".join(f for f in failures if f)
    assert list(data_dir.iterdir()) == []  # no probe left behind


def test_the_data_folder_check_creates_the_folder(data_dir: Path) -> None:
    assert ensure_data_dir() == data_dir
    assert data_dir.is_dir()
