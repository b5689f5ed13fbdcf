"""Writing tools on a selection: suggestion beside the original, Accept replaces (undoable), Reject keeps."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor

from desktop_app.core.store.glossary import GlossaryRepository

TEXT = "First paragraph stays.\n\nthe meeting got moved cause people cant come\n\nLast paragraph stays."
SELECTED = "the meeting got moved cause people cant come"


def select(page, text: str) -> None:
    start = page.editor.toPlainText().index(text)
    cursor = page.editor.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len(text), QTextCursor.MoveMode.KeepAnchor)
    page.editor.setTextCursor(cursor)


def run_tool(qtbot, page, action) -> object:
    with qtbot.waitSignal(page.tools.suggestionReady, timeout=5000) as ready:
        action.trigger()
    return ready.args[0]


def test_accepting_a_rewrite_replaces_the_selection_and_ctrl_z_restores_it(qtbot, draft_page, engine) -> None:
    page = draft_page
    page.editor.setPlainText(TEXT)
    select(page, SELECTED)
    engine.enqueue(["The", " meeting", " was", " moved", " because", " people", " cannot", " come."])

    suggestion = run_tool(qtbot, page, page.tools.rewrite_action)

    dialog = page.tools.pending.dialog
    assert dialog.isVisible()
    assert dialog.original_view.toPlainText() == SELECTED
    assert dialog.suggestion_view.toPlainText() == suggestion.text == "The meeting was moved because people cannot come."
    diff = dialog.diff_view.toHtml()
    assert "line-through" in diff and "because" in dialog.diff_view.toPlainText()
    dialog.accept_button.click()

    assert page.editor.toPlainText() == TEXT.replace(SELECTED, suggestion.text)
    page.editor.undo()
    assert page.editor.toPlainText() == TEXT


def test_rejecting_a_suggestion_leaves_the_text_unchanged(qtbot, draft_page, engine) -> None:
    page = draft_page
    page.editor.setPlainText(TEXT)
    select(page, SELECTED)
    engine.enqueue(["Meeting", " moved."])

    run_tool(qtbot, page, page.tools.shorten_action)
    page.tools.pending.dialog.reject_button.click()

    assert page.editor.toPlainText() == TEXT
    assert page.tools.pending is None


def test_rejecting_while_the_suggestion_is_written_stops_it(qtbot, draft_page, engine) -> None:
    page = draft_page
    page.editor.setPlainText(TEXT)
    select(page, SELECTED)
    engine.delay = 0.02
    engine.enqueue([f"w{i} " for i in range(500)])

    with qtbot.waitSignal(page.tools.suggestionReady, timeout=10_000):
        page.tools.proofread_action.trigger()
        dialog = page.tools.pending.dialog
        qtbot.waitUntil(lambda: "w2 " in dialog.suggestion_view.toPlainText(), timeout=5000)
        dialog.reject_button.click()

    assert not page.jobs.busy
    assert page.editor.toPlainText() == TEXT


def test_translate_to_a_language_uses_the_glossary(qtbot, draft_page, store, engine) -> None:
    page = draft_page
    GlossaryRepository(store).add("meeting", "réunion", None, "fr")
    page.editor.setPlainText(TEXT)
    select(page, SELECTED)
    engine.enqueue(["La", " réunion", " a", " été", " déplacée."])
    french = next(a for a in page.tools.translate_menu.actions() if a.text() == "French")

    suggestion = run_tool(qtbot, page, french)
    page.tools.pending.dialog.accept_button.click()

    assert suggestion.text == "La réunion a été déplacée."
    assert "réunion" in engine.prompts[-1]
    assert page.editor.toPlainText() == TEXT.replace(SELECTED, "La réunion a été déplacée.")


def test_tools_need_a_selection(qtbot, draft_page) -> None:
    page = draft_page
    page.editor.setPlainText(TEXT)

    assert not page.tools.rewrite_action.isEnabled()
    page.tools.run("rewrite")
    assert "Select the text" in page.banner.text()
    select(page, SELECTED)
    assert all(action.isEnabled() for action in page.tools.actions)


def test_a_failed_tool_shows_the_error_in_the_dialog_and_changes_nothing(qtbot, draft_page, engine) -> None:
    page = draft_page
    page.editor.setPlainText(TEXT)
    select(page, SELECTED)
    engine.fail_with = "The model stopped responding."

    with qtbot.waitSignal(page.jobFailed, timeout=5000):
        page.tools.expand_action.trigger()

    dialog = page.tools.pending.dialog
    assert dialog.status.text() == "The model stopped responding."
    assert not dialog.accept_button.isEnabled()
    dialog.reject_button.click()
    assert page.editor.toPlainText() == TEXT
