"""The Settings workspace: how Inkstone looks and speaks, its default model and system prompt, its data folder.

Every change is saved at once. Theme and text size apply live; the interface language applies
at the next start (Inkstone offers to restart now).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.paths import data_dir
from desktop_app.core.settings import Settings
from desktop_app.ui.theme import SPACE, ThemeManager, ThemeMode

log = logging.getLogger(__name__)

SAVE_DELAY_MS = 600
RESTART_PROPERTY = "inkstoneRestart"  # set on the QApplication: start again after closing
LANGUAGES = (("", "system"), ("en", "English"), ("zh_CN", "简体中文"))  # shown in their own language


class SettingsPage(QScrollArea):
    defaultModelChosen = Signal(object)  # Path, or None for the starter model
    saveFailed = Signal(str)

    def __init__(self, settings: Settings, theme: ThemeManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsPage")
        self.setWidgetResizable(True)
        self.settings = settings
        self.theme = theme
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save)

        self.theme_choice = QComboBox()
        self.theme_choice.setObjectName("themeChoice")
        for mode, label in ((ThemeMode.SYSTEM, self.tr("Follow the system")), (ThemeMode.LIGHT, self.tr("Light")),
                            (ThemeMode.DARK, self.tr("Dark"))):
            self.theme_choice.addItem(label, mode.value)
        self.theme_choice.setCurrentIndex(max(0, self.theme_choice.findData(theme.mode.value)))
        self.theme_choice.currentIndexChanged.connect(self._theme_changed)

        self.font_size = QSpinBox()
        self.font_size.setObjectName("fontSize")
        self.font_size.setRange(0, 28)
        self.font_size.setSpecialValueText(self.tr("System size"))
        self.font_size.setSuffix(self.tr(" pt"))
        self.font_size.setValue(settings.font_size)
        self.font_size.valueChanged.connect(self._font_size_changed)

        self.language = QComboBox()
        self.language.setObjectName("languageChoice")
        for code, name in LANGUAGES:
            self.language.addItem(self.tr("Follow the system") if code == "" else name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.ui_language)))
        self.language.currentIndexChanged.connect(self._language_changed)

        self.model_label = QLabel()
        self.model_label.setObjectName("defaultModel")
        self.model_label.setWordWrap(True)
        choose_model = QPushButton(self.tr("Choose…"))
        choose_model.setObjectName("chooseDefaultModel")
        choose_model.clicked.connect(self._choose_model)
        use_starter = QPushButton(self.tr("Use the starter model"))
        use_starter.setObjectName("useStarterModel")
        use_starter.clicked.connect(lambda: self.defaultModelChosen.emit(None))
        model_row = QHBoxLayout()
        model_row.addWidget(self.model_label, 1)
        model_row.addWidget(choose_model)
        model_row.addWidget(use_starter)

        self.system_prompt = QPlainTextEdit(settings.system_prompt)
        self.system_prompt.setObjectName("defaultSystemPrompt")
        self.system_prompt.setPlaceholderText(self.tr("Instructions every new chat starts with, e.g. "
                                                      "“Answer briefly, in the language of the question.”"))
        self.system_prompt.setFixedHeight(96)
        self.system_prompt.textChanged.connect(self._save_timer.start)

        self.folder_label = QLabel(str(data_dir()))
        self.folder_label.setObjectName("dataFolder")
        self.folder_label.setWordWrap(True)
        open_folder = QPushButton(self.tr("Open"))
        open_folder.setObjectName("openDataFolder")
        open_folder.clicked.connect(self.open_data_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(open_folder)
        folder_note = QLabel(self.tr("Conversations, translations, drafts, models and logs. "
                                     "Set INKSTONE_DATA_DIR to keep them elsewhere."))
        folder_note.setProperty("muted", True)
        folder_note.setWordWrap(True)

        form = QFormLayout()
        form.setSpacing(SPACE * 2)
        form.addRow(self._heading(self.tr("Appearance")))
        form.addRow(self.tr("&Theme:"), self.theme_choice)
        form.addRow(self.tr("Text &size:"), self.font_size)
        form.addRow(self.tr("&Language:"), self.language)
        form.addRow(self._heading(self.tr("Model")))
        form.addRow(self.tr("Default model:"), model_row)
        form.addRow(self.tr("Default system &prompt:"), self.system_prompt)
        form.addRow(self._heading(self.tr("Your data")))
        form.addRow(self.tr("Data folder:"), folder_row)
        form.addRow("", folder_note)

        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(SPACE * 4, SPACE * 3, SPACE * 4, SPACE * 3)
        column.addLayout(form)
        column.addStretch(1)
        body.setMaximumWidth(760)
        holder = QWidget()
        centred = QHBoxLayout(holder)
        centred.addStretch(1)
        centred.addWidget(body, 10)
        centred.addStretch(1)
        self.setWidget(holder)
        self.show_default_model()

    # -- public ------------------------------------------------------------------------

    def show_default_model(self) -> None:
        chosen = self.settings.model_path
        self.model_label.setText(Path(chosen).name if chosen else self.tr("The starter model (Gemma 3 270M)"))
        self.model_label.setToolTip(chosen or "")

    def save(self) -> None:
        self._save_timer.stop()
        self.settings.system_prompt = self.system_prompt.toPlainText().strip()
        try:
            self.settings.save()
        except OSError as exc:
            log.warning("Settings could not be saved", exc_info=True)
            self.saveFailed.emit(self.tr("Settings could not be saved: {0}").format(exc.strerror or exc))

    def open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(data_dir())))

    # -- changes -----------------------------------------------------------------------------

    def _heading(self, text: str) -> QLabel:
        label = QLabel(f"<b>{text}</b>")
        label.setProperty("heading", True)
        return label

    def _theme_changed(self) -> None:
        mode = self.theme_choice.currentData()
        self.settings.theme = mode
        self.theme.set_mode(mode)
        self.save()

    def _font_size_changed(self, points: int) -> None:
        self.settings.font_size = points
        self.theme.set_font_size(points)
        self.save()

    def _language_changed(self) -> None:
        self.settings.ui_language = self.language.currentData()
        self.save()
        answer = QMessageBox.question(
            self, self.tr("Language"),
            self.tr("Inkstone will speak the new language from its next start. Restart Inkstone now?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.restart()

    def restart(self) -> None:
        """Close, and start again once closed (app.run_gui does it after the single-instance lock is freed)."""
        QApplication.instance().setProperty(RESTART_PROPERTY, True)
        self.window().close()

    def _choose_model(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose the default model"), str(Path.home()),
                                              self.tr("GGUF models (*.gguf);;All files (*)"))
        if path:
            self.defaultModelChosen.emit(Path(path))
