"""The writing pages as tabs of the real main window, sharing the chat worker's thread and model."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.core.engine.fake import FakeEngine


def test_chat_and_translate_share_the_one_engine_thread_in_turn(qtbot, open_window) -> None:
    engine = FakeEngine(delay=0.01)
    window = open_window(engine)
    translate = window.translate_page
    engine.enqueue([f"chat{i} " for i in range(30)])
    engine.enqueue(["Bonjour", " tout", " le", " monde."])

    qtbot.keyClicks(window.chat_page.composer, "Hello")
    qtbot.keyClick(window.chat_page.composer, Qt.Key.Key_Return)
    window.show_page(translate)
    translate.source_edit.setPlainText("Hello everyone.")
    translate.target_lang.set_code("fr")
    with qtbot.waitSignal(translate.translationFinished, timeout=10_000) as finished:
        translate.translate_button.click()

    assert window.chat_page.active is None  # the chat answer ran first; the translation waited for it
    assert finished.args[0].text == "Bonjour tout le monde."
    assert "chat29" in window.chat_page.view.toPlainText()
