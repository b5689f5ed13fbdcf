"""The glossary dialog writes every change to the database at once."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.core.store import Store
from desktop_app.core.store.glossary import GlossaryRepository
from desktop_app.ui.writing.glossary_dialog import SOURCE, SOURCE_LANG, TARGET, GlossaryDialog


def saved_terms() -> list[tuple[str, str, str | None, str | None]]:
    fresh = Store()
    try:
        return [(t.source, t.target, t.source_lang, t.target_lang) for t in GlossaryRepository(fresh).list()]
    finally:
        fresh.close()


def open_dialog(qtbot, store) -> GlossaryDialog:
    dialog = GlossaryDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_adding_a_term_from_the_keyboard_stores_it(qtbot, store) -> None:
    dialog = open_dialog(qtbot, store)
    dialog.source_lang.set_code("zh-Hans")
    dialog.target_lang.set_code("en")

    dialog.source_edit.setText("大型语言模型")  # QTest types ASCII only
    qtbot.keyClick(dialog.source_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.target_edit, "large language model")
    qtbot.keyClick(dialog.target_edit, Qt.Key.Key_Return)

    assert saved_terms() == [("大型语言模型", "large language model", "zh-Hans", "en")]
    assert dialog.table.rowCount() == 1
    assert dialog.source_edit.text() == dialog.target_edit.text() == ""


def test_a_term_without_a_translation_is_refused_with_a_message(qtbot, store) -> None:
    dialog = open_dialog(qtbot, store)
    dialog.source_edit.setText("GPU")

    dialog.add_button.click()

    assert saved_terms() == []
    assert "both the term and its translation" in dialog.message.text()


def test_editing_a_cell_updates_the_stored_term(qtbot, store) -> None:
    GlossaryRepository(store).add("GPU", "GPU")
    dialog = open_dialog(qtbot, store)

    dialog.table.item(0, TARGET).setText("processeur graphique")
    dialog.table.cellWidget(0, SOURCE_LANG).set_code("en")

    assert saved_terms() == [("GPU", "processeur graphique", "en", None)]


def test_removing_a_term_deletes_it_and_a_reopened_dialog_shows_the_rest(qtbot, store) -> None:
    repository = GlossaryRepository(store)
    repository.add("GPU", "processeur graphique")
    repository.add("CPU", "processeur")
    dialog = open_dialog(qtbot, store)

    dialog.table.selectRow(0)
    dialog.remove_button.click()
    dialog.deletes.toast.dismiss()  # the Undo notice goes by

    assert saved_terms() == [("CPU", "processeur", None, None)]
    reopened = open_dialog(qtbot, store)
    assert [reopened.table.item(r, SOURCE).text() for r in range(reopened.table.rowCount())] == ["CPU"]


def test_removed_terms_come_back_with_undo_and_are_deleted_when_the_dialog_closes(qtbot, store) -> None:
    repository = GlossaryRepository(store)
    repository.add("GPU", "carte graphique")
    repository.add("CPU", "processeur")
    dialog = GlossaryDialog(store)
    qtbot.addWidget(dialog)
    dialog.table.selectRow(0)

    dialog.remove_selected()
    assert dialog.table.rowCount() == 1
    dialog.deletes.toast.action.click()  # Undo
    assert dialog.table.rowCount() == 2 and len(repository.list()) == 2

    dialog.table.selectRow(0)
    dialog.remove_selected()
    dialog.reject()
    assert len(repository.list()) == 1
