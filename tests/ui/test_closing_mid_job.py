"""Closing the window in the middle of any job stores what was written, and the window goes quickly."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.core.engine.fake import FakeEngine
from desktop_app.core.store import Store

WORDS = [f"word{i} " for i in range(2000)]  # far more than gets written before the window closes


def stored(kind: str):
    with Store() as fresh:
        return [(c, fresh.messages(c.id)) for c in fresh.list_conversations(kind)]


def test_closing_during_a_chat_answer_keeps_the_answer_as_stopped(qtbot, open_window) -> None:
    engine = FakeEngine(delay=0.01)
    window = open_window(engine)
    page = window.chat_page
    engine.enqueue(WORDS)
    qtbot.keyClicks(page.composer, "Tell me a long story")
    qtbot.keyClick(page.composer, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "word20 " in page.view.stream_text(), timeout=10_000)
    shown = page.view.stream_text()

    window.close()

    [(_, messages)] = stored("chat")
    assert [m.role for m in messages] == ["user", "assistant"]
    assert messages[1].status == "stopped"
    assert messages[1].content.startswith(shown.strip())
    assert not window.engine.thread.isRunning()


def test_closing_during_a_translation_keeps_what_was_translated(qtbot, open_window) -> None:
    engine = FakeEngine(delay=0.01)
    window = open_window(engine)
    page = window.translate_page
    window.show_page(page)
    engine.enqueue(WORDS)
    page.source_edit.setPlainText("A very long sentence to translate.")
    page.target_lang.set_code("fr")
    page.translate_button.click()
    qtbot.waitUntil(lambda: "word20 " in page.translation_view.toPlainText(), timeout=10_000)
    shown = page.translation_view.toPlainText()

    window.close()

    [(_, messages)] = stored("translation")
    assert messages[0].content.endswith("A very long sentence to translate.")
    assert messages[1].status == "stopped"
    assert messages[1].content.startswith(shown.rstrip())


def test_closing_during_a_draft_keeps_the_draft(qtbot, open_window) -> None:
    engine = FakeEngine(delay=0.01)
    window = open_window(engine)
    page = window.draft_page
    window.show_page(page)
    engine.enqueue(WORDS)
    assert page.template_form.set_template("article")
    page.template_form.form.set_values({"topic": "Local models"})
    page.generate_button.click()
    qtbot.waitUntil(lambda: "word20 " in page.editor.toPlainText(), timeout=10_000)
    shown = page.editor.toPlainText()

    window.close()

    [(_, messages)] = stored("draft")
    assert messages[1].status == "stopped"
    assert messages[1].content.startswith(shown.rstrip())


def test_stop_while_a_long_conversation_is_read_keeps_the_question_and_shows_progress(qtbot, open_window) -> None:
    engine = FakeEngine(prompt_delay=0.05)
    window = open_window(engine)
    page = window.chat_page
    readings: list[str] = []
    page.jobs.progress.connect(lambda _value: readings.append(page.meter.notice.text()))
    long_question = "Please read all of this. " * 400  # about 2,500 fake tokens: ten steps of reading

    page.send(long_question)
    qtbot.waitUntil(lambda: len(readings) >= 2, timeout=10_000)
    page.stop()
    qtbot.waitUntil(lambda: page.active is None, timeout=5000)

    assert readings[0].startswith("Reading the conversation") and readings[0].endswith("%")
    [(_, messages)] = stored("chat")
    assert messages[0].content == long_question.strip()
    assert messages[1].status == "stopped" and messages[1].content == ""
    assert len(engine.stats) == 1 and engine.stats[0].generated_tokens == 0
