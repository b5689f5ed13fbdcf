"""End to end through the window with the real starter model on real llama.cpp."""

from __future__ import annotations

import threading

import pytest

from PySide6.QtCore import Qt

from desktop_app.core.engine.llama import LlamaEngine
from desktop_app.core.store import Store

pytestmark = pytest.mark.model


class PausingEngine(LlamaEngine):
    """Real llama.cpp that can hold the worker after N pieces, so Stop lands mid-answer for sure.

    The starter model's answers are short: without the pause a fast machine could finish one
    before the test presses Stop.
    """

    def __init__(self) -> None:
        super().__init__()
        self.pause_after: int | None = None
        self.paused = threading.Event()
        self.release = threading.Event()

    def generate(self, prompt, params, on_text, cancel=None, on_prompt_progress=None):
        count = 0

        def hook(piece: str) -> None:
            nonlocal count
            on_text(piece)
            count += 1
            if count == self.pause_after:
                self.paused.set()
                self.release.wait(30)

        return super().generate(prompt, params, hook, cancel, on_prompt_progress)


def send(qtbot, page, text: str) -> None:
    qtbot.keyClicks(page.composer, text)
    qtbot.keyClick(page.composer, Qt.Key.Key_Return)


def test_starter_model_answers_streams_stops_and_the_chat_survives_reopening(qtbot, open_window, monkeypatch) -> None:
    engine = PausingEngine()
    window = open_window(engine)
    page = window.chat_page
    assert "CPU" in window.model_status.text()
    window.settings.temperature = 0.0  # the starter answers "Paris" most times, greedily every time

    # A question, answered while the text streams in.
    streamed: list[str] = []
    show_piece = page.view.append_stream_text
    monkeypatch.setattr(page.view, "append_stream_text", lambda text: (streamed.append(text), show_piece(text)))
    send(qtbot, page, "What is the capital of France?")
    qtbot.waitUntil(lambda: page.active is None, timeout=120_000)
    assert streamed and "Paris" in "".join(streamed)
    assert "Paris" in page.view.toPlainText()
    assert "tok/s" in window.rate_label.text()

    # A long answer, stopped part-way: what streamed so far is kept.
    window.settings.max_tokens = 400
    engine.pause_after = 4
    send(qtbot, page, "Describe the history of Rome in ten paragraphs.")
    qtbot.waitUntil(engine.paused.is_set, timeout=60_000)
    qtbot.mouseClick(page.stop_button, Qt.MouseButton.LeftButton)
    engine.release.set()
    qtbot.waitUntil(lambda: page.active is None, timeout=30_000)

    store = Store()
    [conversation] = store.list_conversations()
    messages = store.messages(conversation.id)
    store.close()
    assert [m.role for m in messages] == ["user", "assistant", "user", "assistant"]
    assert "Paris" in messages[1].content and messages[1].status == "complete"
    stopped = messages[3]
    assert stopped.status == "stopped"
    assert stopped.content.strip() and stopped.generated_tokens is not None and stopped.generated_tokens < 400
    assert stopped.content in page.view.toPlainText()

    # Close and reopen: the conversation is there with both exchanges.
    window.close()
    reopened = open_window(LlamaEngine())
    sidebar = reopened.chat_page.sidebar
    assert sidebar.model.conversation_ids() == [conversation.id]
    row = sidebar.model.row_of(conversation.id)
    assert sidebar.model.index(row).data() == conversation.title
    rect = sidebar.list.visualRect(sidebar.model.index(row))
    qtbot.mouseClick(sidebar.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    shown = reopened.chat_page.view.toPlainText()
    assert "What is the capital of France?" in shown and "Paris" in shown
    assert stopped.content[:20] in shown


def test_closing_while_a_long_prompt_is_read_stops_at_once_and_keeps_the_question(qtbot, open_window) -> None:
    window = open_window(LlamaEngine())
    page = window.chat_page
    readings: list[object] = []
    page.jobs.progress.connect(readings.append)
    question = "Please read this long report line by line and sum it up. " * 300  # about 3,300 tokens

    page.send(question)
    qtbot.waitUntil(lambda: bool(readings), timeout=60_000)  # the model is reading the prompt now
    window.close()

    assert not window.engine.thread.isRunning()  # the close did not have to wait for the prompt to be read
    store = Store()
    [conversation] = store.list_conversations()
    question_stored, answer = store.messages(conversation.id)
    store.close()
    assert question_stored.content == question.strip()
    assert answer.status == "stopped" and answer.content == ""
