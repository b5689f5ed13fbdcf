"""The writing pages as tabs of the real main window, sharing the chat worker's thread and model."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.core.engine.fake import FakeEngine
from desktop_app.ui.writing import DraftPage, EngineJobRunner, TranslatePage


def test_chat_and_translate_share_the_one_engine_thread_in_turn(qtbot, open_window) -> None:
    engine = FakeEngine(delay=0.01)
    window = open_window(engine)
    runner = EngineJobRunner(engine, window.worker.thread)
    translate = TranslatePage(window.store, runner, window.settings)
    draft = DraftPage(window.store, runner, window.settings)
    window.tabs.addTab(translate, "Translate")
    window.tabs.addTab(draft, "Draft")
    translate.set_model(window.model)
    draft.set_model(window.model)
    window.modelReady.connect(translate.set_model)
    engine.enqueue([f"chat{i} " for i in range(30)])
    engine.enqueue(["Bonjour", " tout", " le", " monde."])

    qtbot.keyClicks(window.chat_page.composer, "Hello")
    qtbot.keyClick(window.chat_page.composer, Qt.Key.Key_Return)
    window.tabs.setCurrentWidget(translate)
    translate.source_edit.setPlainText("Hello everyone.")
    translate.target_lang.set_code("fr")
    with qtbot.waitSignal(translate.translationFinished, timeout=10_000) as finished:
        translate.translate_button.click()

    assert window.chat_page.active is None  # the chat answer ran first; the translation waited for it
    assert finished.args[0].text == "Bonjour tout le monde."
    assert "chat29" in window.chat_page.view.toPlainText()
    runner.cancel_all()
