"""Start-up: a data dir that cannot be used is reported plainly, in the window and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop_app import app
from desktop_app.cli import main


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
