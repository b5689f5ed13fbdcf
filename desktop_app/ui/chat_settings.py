"""The conversation's own settings in the chat header: its preset (system prompt) and, behind a
button, its temperature and answer length when they differ from the model's.

What is shown is stored with the conversation (Store.set_conversation_settings) and read by
ChatService when it builds the prompt. A new chat is stored only when its first message is
sent, so a choice made before that is kept here and stored then (`conversation_started`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QSpinBox,
    QToolButton,
    QWidget,
)

from desktop_app.core.store import ConversationRecord, PresetRepository, Store
from desktop_app.ui.icons import icon

_EDIT = "edit"  # the combo box's last entry opens the preset editor


@dataclass(frozen=True)
class ChatSettings:
    preset_id: int | None = None
    temperature: float | None = None  # None: the model's own
    max_tokens: int | None = None

    @classmethod
    def of(cls, record: ConversationRecord | None) -> ChatSettings:
        if record is None:
            return cls()
        return cls(record.preset_id, record.temperature, record.max_tokens)


class ChatSettingsBar(QWidget):
    changed = Signal(object)  # ChatSettings, after they were stored (or kept for a new chat)

    def __init__(self, store: Store, presets: PresetRepository, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.presets = presets
        self.conversation_id: int | None = None
        self.current = ChatSettings()
        self._filling = False

        self.preset_combo = QComboBox()
        self.preset_combo.setObjectName("presetCombo")
        self.preset_combo.setAccessibleName(self.tr("Preset"))
        self.preset_combo.setToolTip(self.tr("The system prompt of this conversation"))
        self.preset_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.preset_combo.activated.connect(self._preset_activated)
        self.tune_button = QToolButton()
        self.tune_button.setObjectName("chatSettingsButton")
        self.tune_button.setIcon(icon("mdi6.cog-outline"))
        self.tune_button.setCheckable(True)  # checked: this chat has its own temperature or length
        self.tune_button.setAccessibleName(self.tr("Chat settings"))
        self.tune_button.clicked.connect(self.edit_overrides)
        self.edit_presets_action = QAction(self.tr("Edit &Presets…"), self)
        self.edit_presets_action.triggered.connect(self.edit_presets)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.preset_combo)
        layout.addWidget(self.tune_button)
        self.fill_presets()
        self._show(self.current)

    # -- the conversation on screen --------------------------------------------------------

    def show_conversation(self, record: ConversationRecord | None) -> None:
        """Show a stored conversation's settings; None: a new chat, with the defaults."""
        self.conversation_id = None if record is None else record.id
        self._show(ChatSettings.of(record))

    def conversation_started(self, conversation_id: int) -> None:
        """A new chat was just stored: it takes the settings chosen before its first message."""
        chosen = self.current
        self.conversation_id = conversation_id
        if chosen != ChatSettings():
            self._store(chosen)

    def choose_preset(self, preset_id: int | None) -> None:
        self._apply(replace(self.current, preset_id=preset_id))

    def set_overrides(self, temperature: float | None, max_tokens: int | None) -> None:
        self._apply(replace(self.current, temperature=temperature, max_tokens=max_tokens))

    # -- the widgets -----------------------------------------------------------------------

    def fill_presets(self) -> None:
        self._filling = True
        try:
            self.preset_combo.clear()
            self.preset_combo.addItem(self.tr("Default system prompt"), None)
            for preset in self.presets.list():
                self.preset_combo.addItem(preset.name, preset.id)
            self.preset_combo.insertSeparator(self.preset_combo.count())
            self.preset_combo.addItem(self.tr("Edit presets…"), _EDIT)
        finally:
            self._filling = False
        self._show(self.current)

    def edit_presets(self) -> None:
        from desktop_app.ui.preset_editor import PresetEditor

        editor = PresetEditor(self.presets, self, self.current.preset_id)
        editor.changed.connect(self._presets_edited)
        editor.exec()

    def edit_overrides(self) -> None:
        self.tune_button.setChecked(self._has_overrides())  # the click toggled it; the dialog decides
        dialog = OverridesDialog(self.current, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.set_overrides(*dialog.values())

    def _preset_activated(self, index: int) -> None:
        if self._filling:
            return
        data = self.preset_combo.itemData(index)
        if data == _EDIT:
            self._show(self.current)  # the combo shows the preset in use, not "Edit presets…"
            self.edit_presets()
            return
        self.choose_preset(data)

    def _presets_edited(self) -> None:
        if self.conversation_id is not None:  # a deleted preset left the conversation (the store cleared it)
            self.current = ChatSettings.of(self.store.get_conversation(self.conversation_id))
        elif self.current.preset_id is not None and self.presets.get(self.current.preset_id) is None:
            self.current = replace(self.current, preset_id=None)
        self.fill_presets()

    def _apply(self, settings: ChatSettings) -> None:
        if self.conversation_id is None:
            self._show(settings)
            self.changed.emit(settings)
        else:
            self._store(settings)

    def _store(self, settings: ChatSettings) -> None:
        assert self.conversation_id is not None
        record = self.store.set_conversation_settings(
            self.conversation_id, preset_id=settings.preset_id, temperature=settings.temperature,
            max_tokens=settings.max_tokens,
        )
        self._show(ChatSettings.of(record) if record is not None else settings)
        self.changed.emit(self.current)

    def _show(self, settings: ChatSettings) -> None:
        self.current = settings
        index = self.preset_combo.findData(settings.preset_id) if settings.preset_id is not None else 0
        self.preset_combo.setCurrentIndex(max(0, index))
        self.tune_button.setChecked(self._has_overrides())
        parts = []
        if settings.temperature is not None:
            parts.append(self.tr("temperature {0:g}").format(settings.temperature))
        if settings.max_tokens is not None:
            parts.append(self.tr("answers up to {0} tokens").format(settings.max_tokens))
        self.tune_button.setToolTip(
            self.tr("This chat's settings: {0}").format(", ".join(parts)) if parts
            else self.tr("This chat's temperature and answer length (now the model's own)")
        )

    def _has_overrides(self) -> bool:
        return self.current.temperature is not None or self.current.max_tokens is not None


class OverridesDialog(QDialog):
    """Temperature and answer length for one conversation, each either its own or the model's."""

    def __init__(self, settings: ChatSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatOverridesDialog")
        self.setWindowTitle(self.tr("Chat Settings"))
        self.own_temperature = QCheckBox(self.tr("Own temperature"))
        self.temperature = QDoubleSpinBox()
        self.temperature.setObjectName("chatTemperature")
        self.temperature.setRange(0.0, 2.0)
        self.temperature.setSingleStep(0.1)
        self.temperature.setDecimals(2)
        self.temperature.setValue(settings.temperature if settings.temperature is not None else 0.7)
        self.own_length = QCheckBox(self.tr("Own answer length"))
        self.max_tokens = QSpinBox()
        self.max_tokens.setObjectName("chatMaxTokens")
        self.max_tokens.setRange(16, 32_768)
        self.max_tokens.setSingleStep(64)
        self.max_tokens.setSuffix(self.tr(" tokens"))
        self.max_tokens.setValue(settings.max_tokens if settings.max_tokens is not None else 512)
        self.own_temperature.toggled.connect(self.temperature.setEnabled)
        self.own_length.toggled.connect(self.max_tokens.setEnabled)
        self.own_temperature.setChecked(settings.temperature is not None)
        self.own_length.setChecked(settings.max_tokens is not None)
        self.temperature.setEnabled(settings.temperature is not None)
        self.max_tokens.setEnabled(settings.max_tokens is not None)

        form = QFormLayout(self)
        form.addRow(self.own_temperature, self.temperature)
        form.addRow(self.own_length, self.max_tokens)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[float | None, int | None]:
        return (self.temperature.value() if self.own_temperature.isChecked() else None,
                self.max_tokens.value() if self.own_length.isChecked() else None)
