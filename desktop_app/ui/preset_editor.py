"""Chat › Edit Presets: create, edit and delete the system-prompt presets ("personas").

Every change is stored through core/store/presets.py at once (there is no separate Save for
the list); a deleted preset's conversations go back to the default system prompt.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import InkstoneError
from desktop_app.core.store import PresetRecord, PresetRepository
from desktop_app.ui.theme import SPACE


class PresetEditor(QDialog):
    changed = Signal()  # a preset was added, edited or deleted

    def __init__(self, presets: PresetRepository, parent: QWidget | None = None, select_id: int | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("presetEditor")
        self.setWindowTitle(self.tr("Chat Presets"))
        self.presets = presets
        self.list = QListWidget()
        self.list.setObjectName("presetList")
        self.list.setAccessibleName(self.tr("Presets"))
        self.list.currentItemChanged.connect(self._show_current)
        self.name = QLineEdit()
        self.name.setObjectName("presetName")
        self.prompt = QPlainTextEdit()
        self.prompt.setObjectName("presetPrompt")
        self.prompt.setPlaceholderText(self.tr("What the model is told before every conversation that uses this preset"))
        self.new_button = QPushButton(self.tr("New"))
        self.new_button.clicked.connect(self.add_preset)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.clicked.connect(self.delete_current)
        self.save_button = QPushButton(self.tr("Save Changes"))
        self.save_button.setObjectName("presetSave")
        self.save_button.clicked.connect(self.save_current)
        self.error = QLabel()
        self.error.setObjectName("presetError")
        self.error.setWordWrap(True)
        self.error.hide()

        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.new_button)
        list_buttons.addWidget(self.delete_button)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addLayout(list_buttons)
        form = QFormLayout()
        form.addRow(self.tr("Name:"), self.name)
        form.addRow(self.tr("System prompt:"), self.prompt)
        right = QVBoxLayout()
        right.addLayout(form, 1)
        right.addWidget(self.error)
        right.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        body = QHBoxLayout()
        body.setSpacing(2 * SPACE)
        body.addLayout(left, 1)
        body.addLayout(right, 2)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(close)
        self.resize(720, 420)
        self.reload(select_id)

    def reload(self, select_id: int | None = None) -> None:
        self.list.clear()
        for preset in self.presets.list():
            item = QListWidgetItem(preset.name)
            item.setData(Qt.ItemDataRole.UserRole, preset.id)
            self.list.addItem(item)
            if preset.id == select_id:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self._update_enabled()

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def add_preset(self) -> None:
        try:
            preset = self.presets.add(self._unused_name(self.tr("New preset")), "")
        except InkstoneError as exc:
            self._show_error(str(exc))
            return
        self.reload(preset.id)
        self.name.setFocus()
        self.name.selectAll()
        self.changed.emit()

    def save_current(self) -> PresetRecord | None:
        preset_id = self.current_id()
        if preset_id is None:
            return None
        try:
            preset = self.presets.update(preset_id, self.name.text(), self.prompt.toPlainText())
        except InkstoneError as exc:
            self._show_error(str(exc))
            return None
        self.reload(preset.id)
        self.changed.emit()
        return preset

    def delete_current(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Delete preset"),
            self.tr("Delete the preset “{0}”? Conversations that use it go back to the default system prompt.")
            .format(item.text()),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.presets.delete(int(item.data(Qt.ItemDataRole.UserRole)))
        self.reload()
        self.changed.emit()

    def _show_current(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None = None) -> None:
        self.error.hide()
        preset = None if item is None else self.presets.get(int(item.data(Qt.ItemDataRole.UserRole)))
        self.name.setText(preset.name if preset else "")
        self.prompt.setPlainText(preset.system_prompt if preset else "")
        self._update_enabled()

    def _update_enabled(self) -> None:
        has = self.list.currentItem() is not None
        for widget in (self.name, self.prompt, self.save_button, self.delete_button):
            widget.setEnabled(has)

    def _unused_name(self, base: str) -> str:
        names = {preset.name.lower() for preset in self.presets.list()}
        name, number = base, 2
        while name.lower() in names:
            name, number = f"{base} {number}", number + 1
        return name

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
