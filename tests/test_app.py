"""Start-up: an unusable data dir or database is reported plainly; a crash of the last run is offered."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

import desktop_app.core.engine.llama as llama
from desktop_app import app
from desktop_app.cli import main
from desktop_app.core.diagnostics import last_crash, pending_crash
from desktop_app.core.engine.fake import FakeEngine
from desktop_app.core.paths import ensure_data_dir
from desktop_app.core.store import Store
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.startup_dialogs import FreshDatabaseDialog


@pytest.fixture
def unusable_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    path = blocker / "inkstone"
    monkeypatch.setenv("INKSTONE_DATA_DIR", str(path))
    return path


def test_the_window_reports_an_unusable_data_dir_and_exits(qtbot, unusable_data_dir: Path, monkeypatch, capsys) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))

    code = app.run_gui()

    assert code == 1
    assert len(shown) == 1 and str(unusable_data_dir) in shown[0]
    assert "INKSTONE_DATA_DIR" in shown[0]
    assert capsys.readouterr().err.startswith("inkstone: error:")


def test_the_cli_reports_an_unusable_data_dir_in_one_line(unusable_data_dir: Path, capsys) -> None:
    code = main(["history"])

    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and str(unusable_data_dir) in err


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def damaged(path: Path) -> None:
    path.write_bytes(b"these bytes are no database\n" * 500)


def from_a_newer_inkstone(path: Path) -> None:
    with Store(path) as store:
        store.create_conversation("written by Inkstone 9")
    newer = sqlite3.connect(path)
    newer.execute("PRAGMA user_version = 99")
    newer.commit()
    newer.close()


def answer_fresh_database_dialog(monkeypatch: pytest.MonkeyPatch, choose_fresh: bool) -> list[tuple[str, str]]:
    """Answer the dialog as a user would, recording what it said."""
    asked: list[tuple[str, str]] = []

    def exec_(dialog: FreshDatabaseDialog) -> int:
        asked.append((dialog.text(), dialog.informativeText()))
        (dialog.fresh_button if choose_fresh else dialog.quit_button).click()
        return 0

    monkeypatch.setattr(FreshDatabaseDialog, "exec", exec_)
    return asked


@pytest.mark.parametrize("spoil", [damaged, from_a_newer_inkstone])
def test_a_refused_database_is_kept_untouched_beside_the_fresh_one_the_window_offers(
    qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch, spoil
) -> None:
    database = ensure_data_dir() / "inkstone.sqlite3"
    spoil(database)
    before = file_hash(database)
    asked = answer_fresh_database_dialog(monkeypatch, choose_fresh=True)

    window, services = app.open_window(engine=FakeEngine())
    qtbot.addWidget(window)
    try:
        conversations = window.store.list_conversations(kind=None)
    finally:
        window.close()
        services.close()

    [kept] = [path for path in data_dir.iterdir() if "set-aside" in path.name and path.suffix == ".sqlite3"]
    [(reason, offer)] = asked
    assert str(database) in reason
    assert kept.name in offer
    assert file_hash(kept) == before
    assert conversations == []
    assert file_hash(database) != before  # a fresh database took its place


def test_declining_a_fresh_database_quits_and_leaves_the_file_where_it_was(
    qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = ensure_data_dir() / "inkstone.sqlite3"
    from_a_newer_inkstone(database)
    before = file_hash(database)
    answer_fresh_database_dialog(monkeypatch, choose_fresh=False)

    assert app.open_window(engine=FakeEngine()) is None

    assert file_hash(database) == before
    assert not [path for path in data_dir.iterdir() if "set-aside" in path.name]


def test_the_window_offers_the_report_of_the_last_run_s_crash_once(
    qtbot, qapp, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}  # read now: it holds this test's data dir
    crashed = subprocess.run([sys.executable, "-c", CRASHING_START], env=env, capture_output=True, timeout=120)
    assert crashed.returncode == -signal.SIGSEGV
    monkeypatch.setattr(llama, "LlamaEngine", FakeEngine)
    notices: list[str] = []

    def look_then_close(_app) -> int:  # in place of the event loop, which a test must not run
        [window] = [w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        notices.extend(box.detailedText() for box in window.findChildren(QMessageBox, "crashNotice") if box.isVisible())
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", look_then_close)
    code = app.run_gui()

    assert code == 0
    assert len(notices) == 1 and "Segmentation fault" in notices[0]
    assert pending_crash(data_dir) is None  # offered once
    assert "Segmentation fault" in last_crash(data_dir).text  # and kept for Copy Diagnostics


REPO_ROOT = Path(__file__).resolve().parents[1]
CRASHING_START = """
import faulthandler
from desktop_app.core.diagnostics import start_diagnostics
from desktop_app.core.paths import ensure_data_dir

start_diagnostics(ensure_data_dir(), "a window about to crash")
faulthandler._sigsegv()
"""
