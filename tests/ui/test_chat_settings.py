"""The chat header's preset and per-chat settings: stored with the conversation, used in the prompt."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from desktop_app.core.engine.fake import FakeEngine
from desktop_app.core.store import PresetRepository
from desktop_app.ui.chat_settings import OverridesDialog
from desktop_app.ui.preset_editor import PresetEditor


def send(qtbot, page, text: str) -> None:
    qtbot.keyClicks(page.composer, text)
    qtbot.keyClick(page.composer, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.active is None, timeout=5000)


def pick(combo, name: str) -> None:
    """What a user does: choose the entry in the drop-down."""
    index = combo.findText(name)
    assert index >= 0, name
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def test_a_preset_picked_for_a_chat_is_stored_and_sent_as_the_system_prompt(qtbot, open_window) -> None:
    engine = FakeEngine()
    window = open_window(engine)
    page = window.chat_page
    send(qtbot, page, "Bonjour tout le monde")
    conversation_id = page.current_id
    translator = PresetRepository(window.store).find("Translator")

    pick(page.header.chat_settings.preset_combo, "Translator")
    assert window.store.get_conversation(conversation_id).preset_id == translator.id
    send(qtbot, page, "Et encore une phrase")

    assert translator.system_prompt in engine.prompts[-1]
    assert translator.system_prompt not in engine.prompts[0]


def test_a_preset_chosen_before_the_first_message_goes_with_the_new_chat(qtbot, open_window) -> None:
    engine = FakeEngine()
    window = open_window(engine)
    page = window.chat_page
    page.new_chat()
    coder = PresetRepository(window.store).find("Coder")

    pick(page.header.chat_settings.preset_combo, "Coder")
    send(qtbot, page, "Reverse a list in Python")

    assert window.store.get_conversation(page.current_id).preset_id == coder.id
    assert coder.system_prompt in engine.prompts[-1]
    page.new_chat()
    assert page.header.chat_settings.preset_combo.currentIndex() == 0  # a new chat starts from the default


def test_switching_conversations_shows_each_ones_preset(qtbot, open_window) -> None:
    window = open_window()
    page = window.chat_page
    send(qtbot, page, "first chat")
    first = page.current_id
    pick(page.header.chat_settings.preset_combo, "Editor")
    page.new_chat()
    send(qtbot, page, "second chat")

    assert page.header.chat_settings.preset_combo.currentText() != "Editor"
    page.show_conversation(first)
    assert page.header.chat_settings.preset_combo.currentText() == "Editor"


def test_own_temperature_and_answer_length_are_stored_and_used(qtbot, open_window, monkeypatch) -> None:
    engine = FakeEngine()
    window = open_window(engine)
    page = window.chat_page
    send(qtbot, page, "Hello")

    def accept_with_values(dialog: OverridesDialog) -> int:
        dialog.own_temperature.setChecked(True)
        dialog.temperature.setValue(0.2)
        dialog.own_length.setChecked(True)
        dialog.max_tokens.setValue(64)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(OverridesDialog, "exec", accept_with_values)
    qtbot.mouseClick(page.header.chat_settings.tune_button, Qt.MouseButton.LeftButton)
    send(qtbot, page, "Again")

    stored = window.store.get_conversation(page.current_id)
    assert (stored.temperature, stored.max_tokens) == (0.2, 64)
    assert (engine.params[-1].temperature, engine.params[-1].max_tokens) == (0.2, 64)
    assert page.header.chat_settings.tune_button.isChecked()


def test_the_preset_editor_creates_edits_and_deletes_presets(qtbot, open_window, monkeypatch) -> None:
    window = open_window()
    repository = PresetRepository(window.store)
    editor = PresetEditor(repository)
    qtbot.addWidget(editor)
    before = len(repository.list())

    qtbot.mouseClick(editor.new_button, Qt.MouseButton.LeftButton)
    editor.name.setText("Poet")
    editor.prompt.setPlainText("Answer in verse.")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    poet = repository.find("Poet")
    assert poet is not None and poet.system_prompt == "Answer in verse."
    assert len(repository.list()) == before + 1

    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
    assert repository.find("Poet") is None


def test_deleting_the_preset_of_the_chat_on_screen_shows_the_default_again(qtbot, open_window, monkeypatch) -> None:
    window = open_window()
    page = window.chat_page
    send(qtbot, page, "Hello")
    bar = page.header.chat_settings
    pick(bar.preset_combo, "Coder")

    def delete_coder(editor: PresetEditor) -> int:
        monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
        editor.delete_current()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(PresetEditor, "exec", delete_coder)
    pick(bar.preset_combo, "Edit presets…")

    assert bar.preset_combo.findText("Coder") == -1
    assert bar.preset_combo.currentIndex() == 0
    assert window.store.get_conversation(page.current_id).preset_id is None
