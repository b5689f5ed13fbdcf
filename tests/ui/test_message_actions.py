"""Acting on one message in the chat window (fake engine): copy, edit, regenerate, continue, delete and
Undo, fork, the "‹ 2/3 ›" navigator and opening a message found elsewhere."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QToolButton

from desktop_app.core.engine.fake import FakeEngine
from desktop_app.core.store import Store
from desktop_app.ui.message_view import BRANCH_NEXT, BRANCH_PREVIOUS


def ask(qtbot, page, text: str) -> None:
    qtbot.keyClicks(page.composer, text)
    qtbot.keyClick(page.composer, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.active is None, timeout=5000)


def chat_with(qtbot, open_window, *answers: list[str]):
    engine = FakeEngine()
    for pieces in answers:
        engine.enqueue(pieces)
    window = open_window(engine)
    return window, window.chat_page


def label_point(view, key) -> QPoint:
    """A point on the label line of a message, in viewport pixels."""
    return QPoint(view._column[0] + 40, view.message_top(key) + 4)


def hover(qtbot, view, key) -> None:
    qtbot.mouseMove(view.viewport(), label_point(view, key))
    qtbot.waitUntil(lambda: view.target_key() == key)


def bar_button(page, action) -> QToolButton:
    [button] = [b for b in page.actions.bar.findChildren(QToolButton) if b.defaultAction() is action]
    return button


def click_link(qtbot, view, key, text: str) -> None:
    """Click the first link whose text is `text` in the message's label line."""
    start = view._range_of(key)[0]
    block = view.document().findBlock(start)
    offset = block.text().index(text)
    cursor = QTextCursor(view.document())
    cursor.setPosition(block.position() + offset + 1)
    point = view.cursorRect(cursor).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def stored_branch(page) -> list[tuple[str, str]]:
    return [(p.record.role, p.record.content) for p in page.chat.branch(page.current_id)]


def test_hovering_a_message_shows_its_actions_and_copy_puts_it_on_the_clipboard(qtbot, open_window) -> None:
    window, page = chat_with(qtbot, open_window, ["Use **slicing**: `items[::-1]`."])
    ask(qtbot, page, "How do I reverse a list?")
    answer = page.view.message_keys()[1]

    hover(qtbot, page.view, answer)
    qtbot.waitUntil(page.actions.bar.isVisible)
    assert bar_button(page, page.actions.regenerate).isVisible()
    assert not bar_button(page, page.actions.edit).isVisible()  # answers are regenerated, not edited
    qtbot.mouseClick(bar_button(page, page.actions.copy_markdown), Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "Use **slicing**: `items[::-1]`."
    qtbot.mouseClick(bar_button(page, page.actions.copy_text), Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "Use slicing: items[::-1]."


def test_alt_up_chooses_a_message_and_the_keyboard_acts_on_it(qtbot, open_window) -> None:
    window, page = chat_with(qtbot, open_window, ["Paris."])
    ask(qtbot, page, "Capital of France?")
    question, answer = page.view.message_keys()
    page.view.setFocus()
    qtbot.waitUntil(page.view.hasFocus)

    qtbot.keyClick(page.view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert page.view.selected_key() == answer
    qtbot.keyClick(page.view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert page.view.selected_key() == question
    qtbot.keyClick(page.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert QGuiApplication.clipboard().text() == "Capital of France?"

    qtbot.keyClick(page.view, Qt.Key.Key_E)  # edit: the question goes into the composer
    assert page.composer.toPlainText() == "Capital of France?" and page.edit_notice.isVisibleTo(page)


def test_editing_a_question_adds_a_version_and_the_navigator_goes_back_and_forth(qtbot, open_window) -> None:
    window, page = chat_with(qtbot, open_window, ["Paris."], ["Rome."])
    ask(qtbot, page, "Capital of France?")
    question = page.view.message_keys()[0]

    hover(qtbot, page.view, question)
    qtbot.mouseClick(bar_button(page, page.actions.edit), Qt.MouseButton.LeftButton)
    page.composer.selectAll()
    ask(qtbot, page, "Capital of Italy?")

    assert stored_branch(page) == [("user", "Capital of Italy?"), ("assistant", "Rome.")]
    assert "‹ 2/2 ›" in page.view.toPlainText().replace("\u00a0", " ").replace("  ", " ")
    assert not page.edit_notice.isVisibleTo(page)
    new_question = page.view.message_keys()[0]

    click_link(qtbot, page.view, new_question, "‹")

    qtbot.waitUntil(lambda: "Paris." in page.view.toPlainText())
    assert stored_branch(page) == [("user", "Capital of France?"), ("assistant", "Paris.")]
    assert "Rome." not in page.view.toPlainText()
    page.view.actionRequested.emit(BRANCH_NEXT, page.view.message_keys()[0])  # what "›" asks for
    assert stored_branch(page) == [("user", "Capital of Italy?"), ("assistant", "Rome.")]
    with Store() as store:  # nothing was overwritten
        assert sorted(m.content for m in store.messages(page.current_id)) == [
            "Capital of France?", "Capital of Italy?", "Paris.", "Rome."]


def test_regenerate_writes_another_answer_beside_the_first(qtbot, open_window) -> None:
    window, page = chat_with(qtbot, open_window, ["Paris."], ["It is Paris."])
    ask(qtbot, page, "Capital of France?")
    answer = page.view.message_keys()[1]

    hover(qtbot, page.view, answer)
    qtbot.mouseClick(bar_button(page, page.actions.regenerate), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.active is None, timeout=5000)

    assert stored_branch(page) == [("user", "Capital of France?"), ("assistant", "It is Paris.")]
    text = page.view.toPlainText()
    assert "It is Paris." in text and "2/2" in text
    page.view.actionRequested.emit(BRANCH_PREVIOUS, page.view.message_keys()[1])
    assert "Paris." in page.view.toPlainText() and "It is Paris." not in page.view.toPlainText()


def test_continue_grows_an_answer_cut_at_the_length_limit(qtbot, open_window) -> None:
    window, page = chat_with(qtbot, open_window, ["Hello."], ["One", " two", " three", " four"], [" four", " five."])
    ask(qtbot, page, "Hi")
    with Store() as store:  # this chat's answers are 3 tokens long at most
        store.set_conversation_settings(page.current_id, preset_id=None, temperature=None, max_tokens=3)
    ask(qtbot, page, "Count to five.")
    answer = page.view.message_keys()[-1]
    assert stored_branch(page)[-1] == ("assistant", "One two three")

    hover(qtbot, page.view, answer)
    assert bar_button(page, page.actions.continue_).isVisible()  # it stopped at the length limit
    qtbot.mouseClick(bar_button(page, page.actions.continue_), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.active is None, timeout=5000)

    assert stored_branch(page)[-1] == ("assistant", "One two three four five.")
    assert page.view.message_keys()[-1] == answer  # the same answer grew
    assert "One two three four five." in page.view.toPlainText()
    hover(qtbot, page.view, page.view.message_keys()[-2])
    hover(qtbot, page.view, answer)
    assert not page.actions.continue_.isVisible()  # finished now


def test_deleting_a_message_removes_what_follows_and_undo_brings_it_back(qtbot, open_window) -> None:
    window, page = chat_with(qtbot, open_window, ["Paris."], ["Berlin."])
    ask(qtbot, page, "Capital of France?")
    ask(qtbot, page, "And Germany?")
    second_question = page.view.message_keys()[2]

    hover(qtbot, page.view, second_question)
    qtbot.mouseClick(bar_button(page, page.actions.delete), Qt.MouseButton.LeftButton)

    assert stored_branch(page) == [("user", "Capital of France?"), ("assistant", "Paris.")]
    assert "Berlin." not in page.view.toPlainText()
    assert page.toast.isVisible() and page.toast.action.text() == "Undo"
    qtbot.mouseClick(page.toast.action, Qt.MouseButton.LeftButton)

    assert [content for _role, content in stored_branch(page)] == [
        "Capital of France?", "Paris.", "And Germany?", "Berlin."]
    assert "Berlin." in page.view.toPlainText()


def test_fork_opens_a_new_chat_with_the_branch_up_to_the_message(qtbot, open_window) -> None:
    window, page = chat_with(qtbot, open_window, ["Paris."], ["Berlin."])
    ask(qtbot, page, "Capital of France?")
    ask(qtbot, page, "And Germany?")
    original = page.current_id
    first_answer = page.view.message_keys()[1]

    hover(qtbot, page.view, first_answer)
    qtbot.mouseClick(bar_button(page, page.actions.fork), Qt.MouseButton.LeftButton)

    assert page.current_id != original
    assert stored_branch(page) == [("user", "Capital of France?"), ("assistant", "Paris.")]
    assert page.sidebar.model.index(0).data() == "Capital of France? (fork)"
    with Store() as store:
        assert len(store.messages(original)) == 4  # the original chat is untouched


def test_open_message_shows_its_branch_scrolled_to_it_and_outlined(qtbot, open_window) -> None:
    answers = [[f"Answer {n}."] for n in range(30)] + [["Another first answer."]]
    window, page = chat_with(qtbot, open_window, *answers)
    ask(qtbot, page, "Question 0")
    first_answer = page.view.message_keys()[1]
    for n in range(1, 30):
        ask(qtbot, page, f"Question {n}")
    conversation = page.current_id
    page.actions.triggered.emit("regenerate", first_answer)  # a second branch from the first question
    qtbot.waitUntil(lambda: page.active is None, timeout=5000)
    assert len(page.view.message_keys()) == 2
    page.new_chat()

    assert page.open_message(conversation, first_answer)

    assert page.current_id == conversation
    assert page.view.message_keys()[1] == first_answer and len(stored_branch(page)) == 60
    assert page.view.highlighted_key() == first_answer
    assert 0 <= page.view.message_top(first_answer) < page.view.viewport().height() // 2
    qtbot.waitUntil(lambda: page.view.highlighted_key() is None, timeout=5000)  # the outline goes by itself


def test_actions_that_change_the_chat_wait_while_an_answer_is_written(qtbot, open_window) -> None:
    engine = FakeEngine(delay=0.05)
    engine.enqueue(["Paris."])
    engine.enqueue([f" word{n}" for n in range(200)])
    window = open_window(engine)
    page = window.chat_page
    ask(qtbot, page, "Capital of France?")
    qtbot.keyClicks(page.composer, "Tell me more.")
    qtbot.keyClick(page.composer, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.view.stream_text() != "", timeout=5000)
    first_answer = page.view.message_keys()[1]

    page.view.select_message(first_answer)  # as Alt+Up does
    assert not page.actions.regenerate.isEnabled() and not page.actions.delete.isEnabled()
    assert page.actions.copy_markdown.isEnabled()
    page.view.actionRequested.emit(BRANCH_PREVIOUS, first_answer)
    assert page.banner.isVisible()
    page.stop()
    qtbot.waitUntil(lambda: page.active is None, timeout=5000)
    assert page.actions.regenerate.isEnabled()
