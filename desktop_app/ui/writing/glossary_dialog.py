"""The glossary editor: term pairs applied to every translation, saved as soon as they change."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import InkstoneError
from desktop_app.core.store import Store
from desktop_app.core.store.glossary import GlossaryRepository, GlossaryTermRecord
from desktop_app.ui.undo_delete import DeferredDeletes
from desktop_app.ui.writing.language_combo import LanguageCombo

ID_ROLE = Qt.ItemDataRole.UserRole
SOURCE, TARGET, SOURCE_LANG, TARGET_LANG = range(4)


class GlossaryDialog(QDialog):
    """Add, edit (in the table) and remove terms; every change is written to the database at once."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("glossaryDialog")
        self.setWindowTitle(self.tr("Glossary"))
        self.resize(640, 420)
        self.repository = GlossaryRepository(store)
        self.deletes = DeferredDeletes(self)
        self._filling = False

        intro = QLabel(self.tr("Terms here are used in every translation, e.g. 大型语言模型 → large language model. "
                               "Edit a term in the table; changes are saved at once."))
        intro.setWordWrap(True)

        self.table = QTableWidget(0, 4)
        self.table.setObjectName("glossaryTable")
        self.table.setAccessibleName(self.tr("Glossary terms"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Source term"), self.tr("Translation"), self.tr("From"), self.tr("To")]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(SOURCE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(TARGET, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(SOURCE_LANG, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TARGET_LANG, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.itemChanged.connect(self._on_item_changed)

        self.source_edit = QLineEdit()
        self.source_edit.setObjectName("glossarySource")
        self.source_edit.setPlaceholderText(self.tr("Source term"))
        self.target_edit = QLineEdit()
        self.target_edit.setObjectName("glossaryTarget")
        self.target_edit.setPlaceholderText(self.tr("Translation"))
        self.source_lang = LanguageCombo((self.tr("Any language"), ""))
        self.target_lang = LanguageCombo((self.tr("Any language"), ""))
        self.add_button = QPushButton(self.tr("&Add"))
        self.add_button.setObjectName("glossaryAdd")
        self.add_button.clicked.connect(self.add_term)
        self.target_edit.returnPressed.connect(self.add_term)
        self.source_edit.returnPressed.connect(self.target_edit.setFocus)

        form = QGridLayout()
        form.addWidget(QLabel(self.tr("&Term:"), buddy=self.source_edit), 0, 0)
        form.addWidget(self.source_edit, 0, 1)
        form.addWidget(QLabel(self.tr("→")), 0, 2)
        form.addWidget(self.target_edit, 0, 3)
        form.addWidget(self.add_button, 0, 4)
        form.addWidget(QLabel(self.tr("&Languages:"), buddy=self.source_lang), 1, 0)
        form.addWidget(self.source_lang, 1, 1)
        form.addWidget(self.target_lang, 1, 3)

        self.remove_button = QPushButton(self.tr("&Remove"))
        self.remove_button.setObjectName("glossaryRemove")
        self.remove_button.setToolTip(self.tr("Remove the selected terms (Delete)"))
        self.remove_button.clicked.connect(self.remove_selected)
        remove_action = QAction(self)
        remove_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        remove_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        remove_action.triggered.connect(self.remove_selected)
        self.table.addAction(remove_action)

        self.message = QLabel()
        self.message.setObjectName("glossaryMessage")
        self.message.setWordWrap(True)
        self.message.setProperty("tone", "danger")  # the theme's style sheet colours it

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.remove_button)
        row.addWidget(self.message, 1)
        row.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.reload()
        self.source_edit.setFocus()

    # -- actions -------------------------------------------------------------------

    def reload(self) -> None:
        try:
            terms = self.repository.list()
        except InkstoneError as exc:
            self.show_message(str(exc))
            return
        self._filling = True
        self.table.setRowCount(0)
        for term in terms:
            self._append_row(term)
        self._filling = False

    def add_term(self) -> None:
        source, target = self.source_edit.text().strip(), self.target_edit.text().strip()
        if not source or not target:
            self.show_message(self.tr("Type both the term and its translation."))
            (self.source_edit if not source else self.target_edit).setFocus()
            return
        try:
            term = self.repository.add(source, target, self.source_lang.current_code() or None,
                                       self.target_lang.current_code() or None)
        except InkstoneError as exc:
            self.show_message(str(exc))
            return
        self._filling = True
        self._append_row(term)
        self._filling = False
        self.source_edit.clear()
        self.target_edit.clear()
        self.source_edit.setFocus()
        self.show_message("")

    def remove_selected(self) -> None:
        """The terms leave the table at once; Undo brings them back for a few seconds."""
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        if not rows and self.table.currentRow() >= 0:
            rows = [self.table.currentRow()]
        if not rows:
            return
        ids = [self._term_id(row) for row in rows]
        try:
            records = [term for term in self.repository.list() if term.id in ids]
        except InkstoneError as exc:
            self.show_message(str(exc))
            return
        for row in rows:
            self.table.removeRow(row)

        def commit() -> None:
            for term_id in ids:
                try:
                    self.repository.delete(term_id)
                except InkstoneError as exc:
                    self.show_message(str(exc))
                    return

        def undo() -> None:
            self._filling = True
            for record in records:
                self._append_row(record)
            self._filling = False

        message = self.tr("Term deleted.") if len(ids) == 1 else self.tr("{0} terms deleted.").format(len(ids))
        self.deletes.delete(tuple(ids), message, commit=commit, shown_again=undo)

    def done(self, result: int) -> None:  # noqa: D102 (Qt's)
        self.deletes.flush()  # what waits for Undo is deleted as the dialog closes
        super().done(result)

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    # -- table ---------------------------------------------------------------------

    def _append_row(self, term: GlossaryTermRecord) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        source = QTableWidgetItem(term.source)
        source.setData(ID_ROLE, term.id)
        self.table.setItem(row, SOURCE, source)
        self.table.setItem(row, TARGET, QTableWidgetItem(term.target))
        for column, code in ((SOURCE_LANG, term.source_lang), (TARGET_LANG, term.target_lang)):
            combo = LanguageCombo((self.tr("Any"), ""))
            combo.set_code(code)
            combo.currentIndexChanged.connect(lambda _index, item=source: self._save_row(item.row()))
            self.table.setCellWidget(row, column, combo)

    def _term_id(self, row: int) -> int:
        return int(self.table.item(row, SOURCE).data(ID_ROLE))

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if not self._filling:
            self._save_row(item.row())

    def _save_row(self, row: int) -> None:
        if self._filling or row < 0:
            return
        source, target = self.table.item(row, SOURCE).text().strip(), self.table.item(row, TARGET).text().strip()
        if not source or not target:
            self.show_message(self.tr("A term needs both a source and a translation; the change was not saved."))
            return
        langs = [self.table.cellWidget(row, column) for column in (SOURCE_LANG, TARGET_LANG)]
        try:
            self.repository.update(self._term_id(row), source, target,
                                   langs[0].current_code() or None, langs[1].current_code() or None)
        except InkstoneError as exc:
            self.show_message(str(exc))
            return
        self.show_message("")
