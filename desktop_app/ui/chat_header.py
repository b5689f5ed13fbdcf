"""The strip above the conversation: the model picker on the left, the chat's preset and settings on the right."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QWidget

from desktop_app.core.settings import Settings
from desktop_app.core.store import PresetRepository, Store
from desktop_app.ui.chat_settings import ChatSettingsBar
from desktop_app.ui.engine_runner import EngineRunner
from desktop_app.ui.icons import icon
from desktop_app.ui.model_picker import ModelPicker
from desktop_app.ui.theme import SPACE


class ChatHeader(QWidget):
    def __init__(self, store: Store, presets: PresetRepository, runner: EngineRunner, settings: Settings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatHeader")
        self.model_picker = ModelPicker(runner, settings)
        self.chat_settings = ChatSettingsBar(store, presets)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(SPACE, SPACE // 2, SPACE, SPACE // 2)
        layout.addWidget(self.model_picker)
        layout.addStretch(1)
        layout.addWidget(self.chat_settings)

    def theme_changed(self) -> None:
        """Icons are drawn in the theme's colours: draw them again."""
        self.model_picker.button.setIcon(icon("mdi6.cube-outline"))
        self.chat_settings.tune_button.setIcon(icon("mdi6.cog-outline"))
