"""The chat window on a fake engine: fast checks of what a user sees and what gets stored."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from desktop_app.core.engine.fake import FakeEngine
from desktop_app.core.settings import Settings
from desktop_app.core.paths import database_path
from desktop_app.core.store import Store
from desktop_app.core.store.synthetic import build_synthetic_store
from desktop_app.ui.conversation_list_model import PAGE_SIZE
from tests.support.model_signals import ModelSignalLog


def stored_conversations():
    store = Store()
    try:
        return [(c, store.messages(c.id)) for c in store.list_conversations()]
    finally:
        store.close()


def click_row(qtbot, sidebar, row: int) -> None:
    """What a user does to pick the row-th conversation in the list (section headers not counted)."""
    conversation_id = sidebar.model.conversation_ids()[row]
    rect = sidebar.list.visualRect(sidebar.model.index(sidebar.model.row_of(conversation_id)))
    qtbot.mouseClick(sidebar.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def listed_titles(sidebar) -> list[str]:
    return [sidebar.model.index(sidebar.model.row_of(i)).data() for i in sidebar.model.conversation_ids()]


def send(qtbot, window, text: str) -> None:
    page = window.chat_page
    qtbot.keyClicks(page.composer, text)
    qtbot.keyClick(page.composer, Qt.Key.Key_Return)


def test_enter_sends_and_the_answer_streams_into_the_view_and_the_store(qtbot, open_window) -> None:
    engine = FakeEngine()
    engine.enqueue(["The capital", " of France", " is **Paris**."])
    window = open_window(engine)
    page = window.chat_page

    send(qtbot, window, "What is the capital of France?")
    qtbot.waitUntil(lambda: page.active is None, timeout=5000)

    text = page.view.toPlainText()
    assert "What is the capital of France?" in text
    assert "The capital of France is Paris." in text
    assert page.composer.toPlainText() == ""
    [(conversation, messages)] = stored_conversations()
    assert conversation.title == "What is the capital of France?"
    assert [(m.role, m.content, m.status) for m in messages] == [
        ("user", "What is the capital of France?", "complete"),
        ("assistant", "The capital of France is **Paris**.", "complete"),
    ]
    assert listed_titles(page.sidebar) == ["What is the capital of France?"]


def test_shift_enter_adds_a_line_instead_of_sending(qtbot, open_window) -> None:
    window = open_window()
    composer = window.chat_page.composer

    qtbot.keyClicks(composer, "first line")
    qtbot.keyClick(composer, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(composer, "second line")

    assert composer.toPlainText() == "first line\nsecond line"
    assert stored_conversations() == []


def test_an_empty_message_is_not_sent(qtbot, open_window) -> None:
    window = open_window()
    page = window.chat_page

    qtbot.keyClicks(page.composer, "   ")
    qtbot.keyClick(page.composer, Qt.Key.Key_Return)
    qtbot.mouseClick(page.send_button, Qt.MouseButton.LeftButton)

    assert page.active is None
    assert stored_conversations() == []


def test_stop_keeps_the_partial_answer(qtbot, open_window) -> None:
    engine = FakeEngine(delay=0.02)
    engine.enqueue([f"word{i} " for i in range(500)])
    window = open_window(engine)
    page = window.chat_page

    send(qtbot, window, "Tell me a long story")
    qtbot.waitUntil(lambda: "word5 " in "".join(page.active.text) if page.active else False, timeout=5000)
    assert page.stop_button.isEnabled()
    qtbot.mouseClick(page.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.active is None, timeout=5000)

    [(_, messages)] = stored_conversations()
    answer = messages[-1]
    assert answer.status == "stopped"
    assert answer.content.startswith("word0 word1 word2 word3 word4 word5")
    assert "word499" not in answer.content
    assert answer.content in page.view.toPlainText()
    assert not page.stop_button.isEnabled() and page.send_button.isEnabled()


def test_a_failed_generation_is_reported_once_and_the_app_goes_on(qtbot, open_window) -> None:
    engine = FakeEngine()
    engine.fail_with = "The model ran out of memory."
    window = open_window(engine)
    page = window.chat_page

    send(qtbot, window, "Hello?")
    qtbot.waitUntil(lambda: page.active is None, timeout=5000)

    assert page.banner.isVisible()
    assert "ran out of memory" in page.banner.text()
    assert "ran out of memory" not in page.view.toPlainText()
    [(_, messages)] = stored_conversations()
    assert [m.status for m in messages] == ["complete", "failed"]

    engine.enqueue(["Fine", " now."])
    send(qtbot, window, "Again")
    qtbot.waitUntil(lambda: page.active is None, timeout=5000)
    assert "Fine now." in page.view.toPlainText()
    assert not page.banner.isVisible()


def test_rename_and_delete_a_conversation(qtbot, open_window, monkeypatch) -> None:
    window = open_window()
    page = window.chat_page
    send(qtbot, window, "Keep me")
    qtbot.waitUntil(lambda: page.active is None, timeout=5000)
    page.new_chat()
    send(qtbot, window, "Delete me")
    qtbot.waitUntil(lambda: page.active is None, timeout=5000)
    assert listed_titles(page.sidebar) == ["Delete me", "Keep me"]

    click_row(qtbot, page.sidebar, 0)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Renamed chat", True))
    page.sidebar.rename_current()
    assert listed_titles(page.sidebar) == ["Renamed chat", "Keep me"]

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    page.sidebar.delete_current()
    assert listed_titles(page.sidebar) == ["Renamed chat", "Keep me"]

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.sidebar.delete_current()
    titles = [c.title for c, _ in stored_conversations()]
    assert titles == ["Keep me"]
    assert listed_titles(page.sidebar) == ["Keep me"]
    assert page.sidebar.current_id() is None
    assert "Delete me" not in page.view.toPlainText()


def test_selecting_a_conversation_shows_its_messages(qtbot, open_window) -> None:
    engine = FakeEngine()
    engine.enqueue(["Answer one"])
    engine.enqueue(["Answer two"])
    window = open_window(engine)
    page = window.chat_page
    send(qtbot, window, "Question one")
    qtbot.waitUntil(lambda: page.active is None, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    send(qtbot, window, "Question two")
    qtbot.waitUntil(lambda: page.active is None, timeout=5000)

    click_row(qtbot, page.sidebar, listed_titles(page.sidebar).index("Question one"))

    assert "Answer one" in page.view.toPlainText()
    assert "Answer two" not in page.view.toPlainText()


def test_sending_in_an_older_conversation_moves_its_row_to_the_top_and_keeps_it_selected(
    qtbot, open_window
) -> None:
    with Store() as store:
        for title in ("oldest", "middle", "newest"):
            conversation = store.create_conversation(title)
            store.add_message(conversation.id, "user", f"{title} question")
    window = open_window()
    page = window.chat_page
    click_row(qtbot, page.sidebar, 2)
    picked = page.sidebar.current_id()
    log = ModelSignalLog(page.sidebar.model)

    with qtbot.assertNotEmitted(page.sidebar.selected):
        send(qtbot, window, "Back to the oldest one")
        qtbot.waitUntil(lambda: page.active is None, timeout=5000)

    assert [e for e in log.events if e[0] != "changed"] == [("moved", 3, 3, 1)]  # below the "Today" header
    assert listed_titles(page.sidebar) == ["oldest", "newest", "middle"]
    assert page.sidebar.current_id() == picked == page.current_id
    assert [i.row() for i in page.sidebar.list.selectionModel().selectedIndexes()] == [1]


def test_the_first_message_of_a_new_chat_inserts_one_row_at_the_top(qtbot, open_window) -> None:
    window = open_window()
    page = window.chat_page
    send(qtbot, window, "First chat")
    qtbot.waitUntil(lambda: page.active is None, timeout=5000)
    page.new_chat()
    log = ModelSignalLog(page.sidebar.model)

    send(qtbot, window, "Second chat")
    qtbot.waitUntil(lambda: page.active is None, timeout=5000)

    assert [e for e in log.events if e[0] != "changed"] == [("inserted", 1, 1)]  # below the "Today" header
    assert listed_titles(page.sidebar) == ["Second chat", "First chat"]
    assert page.sidebar.current_id() == page.current_id


def test_opening_the_window_with_many_conversations_loads_one_page_and_shows_the_newest(
    qtbot, open_window
) -> None:
    built = build_synthetic_store(
        database_path(), conversations=PAGE_SIZE * 3, messages=PAGE_SIZE * 9, long_messages=6
    )

    window = open_window()
    page = window.chat_page

    assert len(page.sidebar.model.conversation_ids()) == PAGE_SIZE
    assert page.sidebar.current_id() == page.current_id == built.long_conversation_id
    with Store() as store:
        last_question = [m for m in store.messages(built.long_conversation_id) if m.role == "user"][-1]
    assert last_question.content in page.view.toPlainText()


def test_a_file_that_is_not_a_model_gives_a_clear_message_and_keeps_the_current_model(
    qtbot, open_window, tmp_path
) -> None:
    window = open_window()
    page = window.chat_page
    send(qtbot, window, "Remember me")
    qtbot.waitUntil(lambda: page.active is None, timeout=5000)
    model_before = window.model
    bogus = tmp_path / "notes.gguf"
    bogus.write_text("just some text", encoding="utf-8")

    window.open_model_file(bogus)
    qtbot.waitUntil(page.banner.isVisible, timeout=10_000)

    assert "GGUF" in page.banner.text()
    assert window.model is model_before
    assert page.send_button.isEnabled()
    assert [c.title for c, _ in stored_conversations()] == ["Remember me"]


def test_a_missing_model_file_gives_a_clear_message(qtbot, open_window, tmp_path) -> None:
    window = open_window()

    window.load_model(tmp_path / "gone.gguf")
    qtbot.waitUntil(window.chat_page.banner.isVisible, timeout=10_000)

    assert "gone.gguf" in window.chat_page.banner.text()


def test_opening_a_model_file_loads_it_and_remembers_the_choice(qtbot, open_window, starter_model_path) -> None:
    window = open_window()

    with qtbot.waitSignal(window.modelReady, timeout=30_000):
        window.open_model_file(starter_model_path)

    assert window.settings.model_path == str(starter_model_path)
    assert Settings.load().model_path == str(starter_model_path)
    assert window.chat_page.send_button.isEnabled()


def test_translations_use_the_models_own_sampling_settings(qtbot, open_window) -> None:
    from dataclasses import replace

    from desktop_app.core.model_settings import save_overrides, settings_for

    engine = FakeEngine()
    window = open_window(engine)
    key = window.chat_page.model_path
    save_overrides(window.settings, key, replace(settings_for(window.settings, key), top_k=7, seed=123))
    window.models_page.settingsChanged.emit(window.settings)
    page = window.translate_page
    page.source_edit.setPlainText("Bonjour tout le monde.")
    page.target_lang.set_code("en")
    engine.enqueue(["Hello everyone."])

    with qtbot.waitSignal(page.translationFinished, timeout=10_000):
        page.translate()

    assert engine.params and all(p.top_k == 7 and p.seed == 123 for p in engine.params)


def test_a_question_too_long_for_the_window_is_sent_cut_and_the_user_is_told(qtbot, open_window) -> None:
    from desktop_app.core.settings import Settings

    Settings(n_ctx=512, max_tokens=64).save()
    window = open_window(FakeEngine())
    page = window.chat_page

    page.send("Please read this. " * 600)
    qtbot.waitUntil(lambda: page.active is None, timeout=10_000)

    notice = page.meter.notice.text()
    assert "too long for the model's context window" in notice and "characters were left out" in notice
    assert "/ 512 tokens" in page.meter.usage.text()
