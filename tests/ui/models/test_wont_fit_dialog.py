"""The question before loading a model that will not fit: its choices and what they return."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop_app.core.models.fit import check_fit, estimate_memory
from desktop_app.core.models.gguf import read_gguf_info
from desktop_app.ui.models.wont_fit_dialog import LoadDecision, ask_wont_fit
from tests.support.fake_hub import write_tiny_gguf


def answer_with(button_text: str, seen: list[str]) -> None:
    """Once the dialog is up, note its text and press the button labelled button_text."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text() + "\n" + box.informativeText())
        next(b for b in box.buttons() if b.text() == button_text).click()

    QTimer.singleShot(0, press)


def report_for(tmp_path, ram):
    info = read_gguf_info(write_tiny_gguf(tmp_path / "tiny.gguf"))
    return check_fit(info, 2048, ram_available_bytes=ram(info))


def test_the_smaller_context_is_offered_and_chosen(qtbot, tmp_path):
    parent = QWidget()
    qtbot.addWidget(parent)
    report = report_for(tmp_path, lambda info: estimate_memory(info, 1024).total_bytes + 1)
    seen: list[str] = []

    answer_with("Use 1,024 Tokens", seen)
    decision = ask_wont_fit(parent, "Tiny", report)

    assert decision == LoadDecision(n_ctx=1024)
    assert "Tiny will probably not fit" in seen[0] and "1,024 tokens it would fit" in seen[0]


def test_load_anyway_and_cancel(qtbot, tmp_path):
    parent = QWidget()
    qtbot.addWidget(parent)
    report = report_for(tmp_path, lambda info: 1_000_000)  # not even the smallest context fits
    seen: list[str] = []

    answer_with("Load Anyway", seen)
    assert ask_wont_fit(parent, "Tiny", report) == LoadDecision(n_ctx=None)
    answer_with("Cancel", seen)
    assert ask_wont_fit(parent, "Tiny", report) is None
    assert "smaller quantization" in seen[0]
