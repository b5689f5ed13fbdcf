"""The main window's Help › Copy Diagnostics and its answer to a second launch."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication

from desktop_app.core.engine.fake import FakeEngine


def test_copy_diagnostics_puts_the_report_on_the_clipboard(qtbot, open_window, data_dir: Path) -> None:
    window = open_window(FakeEngine())
    QGuiApplication.clipboard().clear()

    window.copy_diagnostics_action.trigger()

    report = QGuiApplication.clipboard().text()
    assert report.startswith("Inkstone diagnostics")
    assert "llama-cpp-python: " in report and "RAM: " in report
    assert f"Model: {window.model.name} ({window.model.path})" in report
    assert "Backend: CPU" in report
    assert f"Data folder: {data_dir}" in report
    assert "== Last log lines ==" in report and "== Last crash ==" in report
    assert "copied" in window.statusBar().currentMessage()


def test_a_second_launch_brings_the_window_forward_with_the_model_it_was_given(
    qtbot, open_window, starter_model_path: Path, tmp_path: Path
) -> None:
    window = open_window(FakeEngine())
    window.showMinimized()
    handed = tmp_path / "another.gguf"
    handed.symlink_to(starter_model_path)

    with qtbot.waitSignal(window.modelReady, timeout=10_000) as loaded:
        window.bring_forward([str(handed)])

    assert not window.isMinimized() and window.isVisible()
    assert loaded.args[0].path == handed
