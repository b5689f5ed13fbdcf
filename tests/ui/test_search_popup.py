"""The search popup (Ctrl+K): finds messages in English and in one or two Chinese characters,
marks the match safely, and opens the conversation at the message."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.core.search.snippet import Snippet
from desktop_app.core.store import NewConversation, NewMessage
from desktop_app.ui.search_results import snippet_html
from desktop_app.ui.theme import LIGHT


def add_chat(window, title: str, *exchanges: tuple[str, str]) -> int:
    """Store a chat of question/answer pairs, as one branch; returns its id."""
    messages = []
    parent = None
    for number, (question, answer) in enumerate(exchanges):
        messages.append(NewMessage(key=f"q{number}", parent_key=parent, role="user", content=question))
        messages.append(NewMessage(key=f"a{number}", parent_key=f"q{number}", role="assistant", content=answer))
        parent = f"a{number}"
    [record] = window.store.insert_conversations([NewConversation(title=title, messages=tuple(messages))])
    window.chat_page.refresh_list()
    return record.id


def search_for(qtbot, window, text: str):
    popup = window.search.open()
    popup.box.clear()
    with qtbot.waitSignal(popup.searched, timeout=5000, check_params_cb=lambda query: query == text):
        if text.isascii():
            qtbot.keyClicks(popup.box, text)
        else:  # what an input method does: it commits the characters at once
            popup.box.insert(text)
    return popup


def found_titles(popup) -> list[str]:
    return [popup.results.hit(row).conversation.title for row in range(popup.results.rowCount())]


def test_ctrl_k_opens_the_box_and_an_english_word_finds_its_message(qtbot, open_window) -> None:
    window = open_window()
    add_chat(window, "Rivers", ("Which river is the longest?", "The Nile, by most measures."))
    add_chat(window, "Cooking", ("How long do I boil an egg?", "About nine minutes."))

    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    popup = window.search.popup
    assert popup is not None and popup.isVisible()
    with qtbot.waitSignal(popup.searched, timeout=5000):
        qtbot.keyClicks(popup.box, "nile")

    assert found_titles(popup) == ["Rivers"]
    hit = popup.results.hit(0)
    assert hit.snippet.text[hit.snippet.spans[0][0]:hit.snippet.spans[0][1]] == "Nile"


def test_one_and_two_chinese_characters_find_messages(qtbot, open_window) -> None:
    window = open_window()
    add_chat(window, "天气", ("今天北京的天气怎么样？", "今天北京晴，气温二十度。"))
    add_chat(window, "Greeting", ("Hello", "Hi there"))

    assert found_titles(search_for(qtbot, window, "晴")) == ["天气"]
    popup = search_for(qtbot, window, "北京")
    assert found_titles(popup) == ["天气", "天气"]  # the question and the answer
    assert found_titles(search_for(qtbot, window, "上海")) == []
    assert "上海" in popup.status.text()


def test_enter_opens_the_conversation_on_the_branch_of_the_message(qtbot, open_window) -> None:
    window = open_window()
    wanted = add_chat(window, "Planets", ("Name a red planet", "Mars is the red planet."))
    add_chat(window, "Other", ("Something else", "Another answer"))
    page = window.chat_page
    page.show_conversation(page.sidebar.model.most_recent_id())
    window.show_page("settings")
    [question] = [m for m in window.store.messages(wanted) if m.role == "user"]
    # A second answer to the question: the branch on screen is now the newer one.
    other = window.store.add_answer(question.id, model="fake")
    window.store.finish_message(other.id, "Perhaps Jupiter?", "complete")

    popup = search_for(qtbot, window, "red planet")
    assert popup.results.rowCount() == 2
    mars = next(row for row in range(2) if "Mars" in popup.results.hit(row).snippet.text)
    popup.list.setCurrentIndex(popup.results.index(mars))
    qtbot.keyClick(popup.box, Qt.Key.Key_Return)

    assert not popup.isVisible()
    assert window.workspaces.current_key() == "chat"
    assert page.current_id == wanted
    assert page.sidebar.current_id() == wanted
    assert "Mars is the red planet." in page.view.toPlainText()
    assert "Jupiter" not in page.view.toPlainText()


def test_arrow_keys_move_in_the_results_while_typing(qtbot, open_window) -> None:
    window = open_window()
    for number in range(3):
        add_chat(window, f"Chat {number}", (f"apple number {number}", "fruit"))

    popup = search_for(qtbot, window, "apple")
    assert popup.list.currentIndex().row() == 0
    qtbot.keyClick(popup.box, Qt.Key.Key_Down)
    qtbot.keyClick(popup.box, Qt.Key.Key_Down)
    assert popup.list.currentIndex().row() == 2
    qtbot.keyClick(popup.box, Qt.Key.Key_Up)
    assert popup.list.currentIndex().row() == 1
    assert popup.box.hasFocus() or popup.box.text() == "apple"


def test_a_translation_found_opens_in_the_translate_workspace(qtbot, open_window) -> None:
    from desktop_app.core.writing.history import TranslationHistory

    window = open_window()
    TranslationHistory(window.store).save("Guten Morgen, Welt", "Good morning, world", source="de", target="en")

    popup = search_for(qtbot, window, "Morgen")
    assert found_titles(popup) == ["Guten Morgen, Welt"]
    qtbot.keyClick(popup.box, Qt.Key.Key_Return)

    assert window.workspaces.current_key() == "translate"
    assert window.translate_page.translation_view.toPlainText() == "Good morning, world"


def test_the_snippet_is_escaped_before_the_match_is_marked() -> None:
    snippet = Snippet("<b>bold</b> & <script>x</script>", ((3, 7),))

    html = snippet_html(snippet, LIGHT)

    assert "<b>" not in html and "<script>" not in html
    assert "&lt;b&gt;" in html and "&amp;" in html
    assert html.count("<span") == 1 and ">bold</span>" in html


def test_a_long_snippet_is_cut_to_one_line_with_its_marks(qapp) -> None:
    from PySide6.QtGui import QFontMetrics

    from desktop_app.ui.search_results import fit_snippet

    text = "the river " * 30 + "Nile"
    snippet = Snippet(text, ((4, 9), (len(text) - 4, len(text))))
    metrics = QFontMetrics(qapp.font())

    fitted = fit_snippet(snippet, metrics, 200)

    assert fitted.text.endswith("…") and metrics.horizontalAdvance(fitted.text) <= 200
    assert fitted.spans == ((4, 9),)  # the mark on "Nile", past the cut, went with it
    assert fit_snippet(Snippet("short", ()), metrics, 200) == Snippet("short", ())
