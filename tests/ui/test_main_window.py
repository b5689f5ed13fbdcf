"""The main window: Help › Copy Diagnostics, its answer to a second launch, model names as plain text."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from desktop_app.core.engine.fake import FakeEngine
from tests.core.models.gguf_factory import llama_like


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


def test_a_model_name_with_markup_is_shown_as_plain_text(open_window, tmp_path: Path) -> None:
    model = llama_like("<b>Bold</b> <img src=x>").write(tmp_path / "<i>tilted.gguf")

    window = open_window(model_path=model)

    assert window.model_status.textFormat() == Qt.TextFormat.PlainText
    assert "<b>Bold</b> <img src=x>" in window.model_status.text()  # the markup, shown as it is


def test_a_model_that_crashed_last_time_is_not_loaded_at_start_but_can_be_chosen(
    qtbot, starter_model_path: Path
) -> None:
    from desktop_app.app import build_main_window
    from desktop_app.core.paths import data_dir
    from tests.support import crashing_process

    assert crashing_process.run(data_dir(), starter_model_path, "load", "abort") < 0  # the starter "crashed"
    window, services = build_main_window(FakeEngine())
    qtbot.addWidget(window)
    try:
        window.start()

        assert window.model is None and not window.progress.isVisible()
        assert "crashed Inkstone last time" in window.chat_page.banner.text()
        with qtbot.waitSignal(window.modelReady, timeout=10_000):
            window.open_model_file(starter_model_path)  # chosen explicitly: loaded
        assert window.model is not None
    finally:
        window.close()
        services.close()
