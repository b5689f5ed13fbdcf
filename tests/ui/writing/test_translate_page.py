"""The Translate page on a fake base model: streaming, progress, stop, history, glossary, files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow

from desktop_app.core.settings import Settings
from desktop_app.core.store.glossary import GlossaryRepository
from desktop_app.ui.writing.translate_page import TranslatePage
from tests.ui.writing.conftest import stored

TWO_LINES = "The weather is nice today.\nWe are going to the beach."


def translate_and_wait(qtbot, page, timeout: int = 5000):
    with qtbot.waitSignal(page.translationFinished, timeout=timeout) as finished:
        page.translate_button.click()
    return finished.args[0]


def test_translation_streams_into_the_view_with_segment_progress(qtbot, translate_page, engine) -> None:
    page = translate_page
    engine.delay = 0.04
    engine.enqueue(["Il", " fait", " beau", " aujourd'hui."])
    engine.enqueue(["Nous", " allons", " à", " la", " plage."])
    labels: list[str] = []
    page.jobs.progress.connect(lambda _value: labels.append(page.progress_label.text()))
    batches: list[str] = []
    page.jobs.text.connect(batches.append)
    page.source_edit.setPlainText(TWO_LINES)
    page.target_lang.set_code("fr")

    with qtbot.waitSignal(page.translationFinished, timeout=5000) as finished:
        page.translate_button.click()
        qtbot.waitUntil(lambda: "Il fait" in page.translation_view.toPlainText(), timeout=5000)
        assert page.jobs.busy  # the first words are shown while the rest is still coming
    result = finished.args[0]

    assert page.translation_view.toPlainText() == "Il fait beau aujourd'hui.\nNous allons à la plage."
    assert result.text == page.translation_view.toPlainText()
    assert len(batches) > 2
    assert "Segment 1 of 2" in labels and "Segment 2 of 2" in labels
    assert page.detected_label.text() == "Detected: English"
    assert page.progress_bar.value() == page.progress_bar.maximum() == 2
    [(conversation, messages)] = stored("translation")
    assert conversation.kind == "translation"
    assert [(m.role, m.content, m.status) for m in messages] == [
        ("user", f"[en → fr]\n{TWO_LINES}", "complete"),
        ("assistant", "Il fait beau aujourd'hui.\nNous allons à la plage.", "complete"),
    ]
    assert page.history.count() == 1


def test_stop_keeps_what_was_translated_and_stores_it_as_stopped(qtbot, translate_page, engine) -> None:
    page = translate_page
    engine.delay = 0.02
    engine.enqueue([f"mot{i} " for i in range(400)])
    page.source_edit.setPlainText("A long sentence that takes a while to translate.")
    page.target_lang.set_code("fr")

    with qtbot.waitSignal(page.translationFinished, timeout=10_000) as finished:
        page.translate_button.click()
        qtbot.waitUntil(lambda: "mot5 " in page.translation_view.toPlainText(), timeout=5000)
        page.stop_button.click()
    result = finished.args[0]

    assert result.stopped
    shown = page.translation_view.toPlainText()
    assert shown.startswith("mot0 mot1") and "mot399" not in shown
    assert page.progress_label.text() == "Stopped · segments translated: 0 of 1"
    [(_, messages)] = stored("translation")
    assert (messages[1].content, messages[1].status) == (shown, "stopped")
    assert page.translate_button.isEnabled() and not page.stop_button.isEnabled()


def test_keyboard_ctrl_enter_translates_and_escape_stops(qtbot, translate_page, engine) -> None:
    page = translate_page
    engine.delay = 0.02
    engine.enqueue([f"mot{i} " for i in range(400)])
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.source_edit.setFocus()
    qtbot.keyClicks(page.source_edit, "Good morning to all of you.")
    page.target_lang.set_code("fr")

    with qtbot.waitSignal(page.translationFinished, timeout=10_000) as finished:
        qtbot.keyClick(page.source_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: "mot3 " in page.translation_view.toPlainText(), timeout=5000)
        qtbot.keyClick(page.source_edit, Qt.Key.Key_Escape)

    assert finished.args[0].stopped
    assert page.source_edit.toPlainText() == "Good morning to all of you."  # Ctrl+Enter added no line


def test_empty_source_gives_a_message_and_stores_nothing(qtbot, translate_page) -> None:
    page = translate_page
    page.source_edit.setPlainText("  \n ")

    page.translate_button.click()

    assert page.banner.isVisible()
    assert "no text to translate" in page.banner.text()
    assert not page.jobs.busy
    assert stored("translation") == []


def test_a_failed_translation_shows_the_error_and_keeps_the_source_text(qtbot, translate_page, engine) -> None:
    page = translate_page
    engine.fail_with = "The model ran out of memory."
    page.source_edit.setPlainText(TWO_LINES)
    page.target_lang.set_code("fr")

    with qtbot.waitSignal(page.translationFailed, timeout=5000):
        page.translate_button.click()

    assert page.banner.text() == "The model ran out of memory."
    [(_, messages)] = stored("translation")
    assert [(m.role, m.status) for m in messages] == [("user", "complete"), ("assistant", "failed")]
    assert messages[0].content.endswith(TWO_LINES)  # what the user wrote is never lost


def test_glossary_terms_are_passed_to_the_translation(qtbot, translate_page, store, engine) -> None:
    page = translate_page
    GlossaryRepository(store).add("大型语言模型", "large language model", "zh-Hans", "en")
    engine.enqueue(["A", " large language model", " is", " useful."])
    page.source_edit.setPlainText("大型语言模型很有用。")

    translate_and_wait(qtbot, page)

    assert "large language model" in engine.prompts[-1]  # a base model gets the term written into its source line
    assert page.detected_label.text() == "Detected: Simplified Chinese (简体中文)"


def test_history_reopens_a_past_translation(qtbot, translate_page, engine) -> None:
    page = translate_page
    engine.enqueue(["Bonjour", " à", " tous."])
    page.source_edit.setPlainText("Hello everyone.")
    page.target_lang.set_code("fr")
    translate_and_wait(qtbot, page)
    page.clear_button.click()
    page.target_lang.set_code("de")
    assert page.source_edit.toPlainText() == page.translation_view.toPlainText() == ""

    item = page.history.item(0)
    qtbot.mouseClick(page.history.viewport(), Qt.MouseButton.LeftButton, pos=page.history.visualItemRect(item).center())

    assert page.source_edit.toPlainText() == "Hello everyone."
    assert page.translation_view.toPlainText() == "Bonjour à tous."
    assert (page.source_lang.current_code(), page.target_lang.current_code()) == ("en", "fr")


def test_swap_exchanges_languages_and_moves_the_result_to_the_source(qtbot, translate_page, engine) -> None:
    page = translate_page
    engine.enqueue(["Bonjour."])
    page.source_edit.setPlainText("Hello.")
    page.source_lang.set_code("en")
    page.target_lang.set_code("fr")
    translate_and_wait(qtbot, page)

    page.swap_button.click()

    assert (page.source_lang.current_code(), page.target_lang.current_code()) == ("fr", "en")
    assert page.source_edit.toPlainText() == "Bonjour."
    assert page.translation_view.toPlainText() == ""


def test_copy_result_puts_the_translation_on_the_clipboard(qtbot, translate_page, engine) -> None:
    page = translate_page
    engine.enqueue(["Hallo", " Welt."])
    page.source_edit.setPlainText("Hello world.")
    page.target_lang.set_code("de")
    translate_and_wait(qtbot, page)

    page.copy_button.click()

    assert QGuiApplication.clipboard().text() == "Hallo Welt."


def test_opening_a_text_file_fills_the_source_and_a_binary_file_gives_a_message(
    qtbot, translate_page, tmp_path: Path
) -> None:
    page = translate_page
    text_file = tmp_path / "notes.txt"
    text_file.write_text("Première ligne.\nDeuxième ligne.\n", encoding="utf-8")
    binary_file = tmp_path / "image.png"
    binary_file.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))

    assert page.load_file(text_file)
    assert page.source_edit.toPlainText() == "Première ligne.\nDeuxième ligne.\n"
    assert not page.load_file(binary_file)
    assert page.banner.isVisible() and "does not look like a text file" in page.banner.text()
    assert page.source_edit.toPlainText() == "Première ligne.\nDeuxième ligne.\n"
    assert stored("translation") == []


def test_ctrl_o_in_the_page_opens_a_text_file_even_when_the_window_menu_uses_it(
    qtbot, store, runner, tmp_path: Path, monkeypatch
) -> None:
    page = TranslatePage(store, runner, Settings())
    window = QMainWindow()
    qtbot.addWidget(window)
    menu_hits: list[bool] = []
    open_model = QAction("Open Model…", window)
    open_model.setShortcut(QKeySequence(QKeySequence.StandardKey.Open))
    open_model.triggered.connect(lambda: menu_hits.append(True))
    window.menuBar().addMenu("File").addAction(open_model)
    window.setCentralWidget(page)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    path = tmp_path / "doc.md"
    path.write_text("# Title\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))
    page.source_edit.setFocus()

    qtbot.keyClick(page.source_edit, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)

    assert page.source_edit.toPlainText() == "# Title\n"
    assert menu_hits == []


def test_a_200_page_document_streams_segment_by_segment_without_blocking(qtbot, translate_page, engine) -> None:
    page = translate_page
    engine.delay = 0.001
    paragraph = "This is a sentence of a very long report. It goes on for a while, as reports do.\n\n"
    page.source_edit.setPlainText(paragraph * 6000)  # about 200 pages
    page.target_lang.set_code("fr")

    with qtbot.waitSignal(page.translationFinished, timeout=30_000) as finished:
        page.translate_button.click()
        assert page.jobs.busy  # segmentation happens in the job, not in the click
        qtbot.waitUntil(lambda: page.progress_bar.maximum() >= 6000 and page.progress_bar.value() >= 2,
                        timeout=20_000)
        page.stop_button.click()
    result = finished.args[0]

    assert result.stopped and result.segments_total >= 6000
    assert 2 <= result.segments_done < result.segments_total
    assert page.translation_view.toPlainText() == result.text
    [(_, messages)] = stored("translation")
    assert messages[1].status == "stopped"


def test_opening_a_file_of_uncertain_encoding_asks_which_and_cancel_keeps_the_text(
    qtbot, translate_page, tmp_path: Path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QInputDialog

    page = translate_page
    page.source_edit.setPlainText("Kept.")
    path = tmp_path / "short.txt"
    path.write_bytes("中文".encode("gb18030"))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *args: ("", False))

    assert not page.load_file(path)
    assert page.source_edit.toPlainText() == "Kept."

    monkeypatch.setattr(QInputDialog, "getItem", lambda parent, title, label, items, *rest: (items[0], True))
    assert page.load_file(path)
    assert page.source_edit.toPlainText() == "中文"


def test_a_deleted_translation_can_be_brought_back_for_a_few_seconds(qtbot, translate_page, store) -> None:
    from desktop_app.core.writing.history import TranslationHistory

    TranslationHistory(store).save("Hello.", "Bonjour.", source="en", target="fr")
    page = translate_page
    page.refresh_history()
    page.history.setCurrentRow(0)

    page.delete_current_history()
    assert page.history.count() == 0 and len(stored("translation")) == 1  # gone from the list, not yet the store
    page.deletes.toast.action.click()  # Undo
    assert page.history.count() == 1

    page.history.setCurrentRow(0)
    page.delete_current_history()
    page.deletes.flush()  # the window closes, or the notice's time is up
    assert stored("translation") == []
