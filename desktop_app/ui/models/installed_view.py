"""The Installed tab: every model Inkstone can load, with its fit badge and what to do with it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.core.models.fit import FitReport
from desktop_app.core.models.gguf import GGUFInfo
from desktop_app.core.models.library import SOURCE_FOLDER, SOURCE_HF_CACHE, SOURCE_INKSTONE
from desktop_app.core.safe_text import safe_text
from desktop_app.ui import theme
from desktop_app.ui.models.fit_badge import badge_item, report_tooltip
from desktop_app.ui.models.formatting import describe_bytes, describe_parameters
from desktop_app.ui.models.model_table import ModelTable, text_item

SOURCE_STARTER = "starter"


@dataclass(frozen=True)
class InstalledModel:
    """One row: a library entry, or the starter model."""

    path: Path  # the file
    source: str  # a library SOURCE_* or SOURCE_STARTER
    info: GGUFInfo | None
    error: str | None = None  # why it cannot be used
    size: int = 0
    repo_id: str | None = None
    display_name: str | None = None

    @property
    def name(self) -> str:
        if self.display_name:
            return self.display_name
        return self.info.name if self.info else safe_text(self.path.stem)

    @property
    def load_path(self) -> Path | None:
        """What the window's load_model takes: None for the starter."""
        return None if self.source == SOURCE_STARTER else self.path

    @property
    def usable(self) -> bool:
        return self.info is not None


class InstalledView(QWidget):
    loadClicked = Signal(object)  # InstalledModel
    removeClicked = Signal(object)  # InstalledModel
    settingsClicked = Signal(object)  # InstalledModel
    addFolderClicked = Signal()
    refreshClicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("installedView")
        self._models: list[InstalledModel] = []
        self._fits: dict[Path, FitReport] = {}
        self._loaded: Path | None = None

        self.table = ModelTable(
            [
                self.tr("Name"),
                self.tr("Architecture"),
                self.tr("Parameters"),
                self.tr("Quantization"),
                self.tr("File size"),
                self.tr("Trained context"),
                self.tr("Type"),
                self.tr("Fit"),
                self.tr("Source"),
            ]
        )
        self.table.setObjectName("installedTable")
        self.table.rowActivated.connect(lambda row: self._act(row, "load"))
        self.table.deletePressed.connect(lambda row: self._act(row, "remove"))
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.status = QLabel()
        self.status.setObjectName("installedStatus")
        self.status.setWordWrap(True)
        self.fit_note = QLabel()
        self.fit_note.setObjectName("installedFitNote")
        self.fit_note.setWordWrap(True)

        self.load_button = QPushButton(self.tr("&Load"))
        self.load_button.setObjectName("loadButton")
        self.load_button.setToolTip(self.tr("Load the selected model (Enter)"))
        self.load_button.clicked.connect(lambda: self._act(self.table.current_row(), "load"))
        self.settings_button = QPushButton(self.tr("&Settings…"))
        self.settings_button.setObjectName("modelSettingsButton")
        self.settings_button.setToolTip(self.tr("Context size, threads, GPU layers and sampling for this model"))
        self.settings_button.clicked.connect(lambda: self._act(self.table.current_row(), "settings"))
        self.remove_button = QPushButton(self.tr("&Remove…"))
        self.remove_button.setObjectName("removeButton")
        self.remove_button.setToolTip(self.tr("Remove the selected model (Delete)"))
        self.remove_button.clicked.connect(lambda: self._act(self.table.current_row(), "remove"))
        self.add_folder_button = QPushButton(self.tr("Add &Folder…"))
        self.add_folder_button.setObjectName("addFolderButton")
        self.add_folder_button.setToolTip(self.tr("Also list the GGUF models in a folder of yours"))
        self.add_folder_button.clicked.connect(self.addFolderClicked)
        self.refresh_button = QPushButton(self.tr("Re&fresh"))
        self.refresh_button.setObjectName("refreshButton")
        self.refresh_button.clicked.connect(self.refreshClicked)

        buttons = QHBoxLayout()
        for button in (self.load_button, self.settings_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.add_folder_button)
        buttons.addWidget(self.refresh_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.fit_note)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._update_buttons()
        theme.when_changed(self._theme_changed)

    def _theme_changed(self, _colours: object) -> None:
        """Badges and greyed-out rows carry colours: fill the rows again in the new ones."""
        self.set_models(self._models, self._fits, self._loaded)

    # -- data -------------------------------------------------------------------------------
    def set_models(self, models: list[InstalledModel], fits: dict[Path, FitReport], loaded: Path | None) -> None:
        selected = self.selected()
        self._models = list(models)
        self._fits = dict(fits)
        self._loaded = loaded
        self.table.setRowCount(len(self._models))
        for row, model in enumerate(self._models):
            self._fill_row(row, model)
        if selected is not None:
            self.select(selected.path)
        elif self._models and self.table.current_row() < 0:
            self.table.selectRow(0)
        self._update_buttons()
        self.show_status("" if self._models else self.tr(
            "No models yet. Download one from the Catalogue or Search the Hub tab, or add a folder of GGUF files."
        ))

    def set_fits(self, fits: dict[Path, FitReport], loaded: Path | None) -> None:
        self.set_models(self._models, fits, loaded)

    def models(self) -> list[InstalledModel]:
        return list(self._models)

    def fit_for(self, model: InstalledModel) -> FitReport | None:
        return self._fits.get(model.path)

    def selected(self) -> InstalledModel | None:
        row = self.table.current_row()
        return self._models[row] if 0 <= row < len(self._models) else None

    def select(self, path: Path) -> bool:
        for row, model in enumerate(self._models):
            if model.path == path:
                self.table.selectRow(row)
                return True
        return False

    def set_fit_note(self, text: str) -> None:
        self.fit_note.setText(text)

    def show_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    # -- internals ----------------------------------------------------------------------------
    def _fill_row(self, row: int, model: InstalledModel) -> None:
        info = model.info
        name = model.name
        if self._loaded is not None and model.path == self._loaded:
            name = self.tr("{0} (loaded)").format(name)
        name_item = text_item(name, str(model.path))
        if self._loaded is not None and model.path == self._loaded:
            font = QFont(name_item.font())
            font.setBold(True)
            name_item.setFont(font)
        self.table.setItem(row, 0, name_item)
        if info is None:
            cells = ["", "", "", describe_bytes(model.size), "", ""]
        else:
            cells = [
                info.architecture,
                describe_parameters(info.parameter_count),
                info.quantization,
                describe_bytes(model.size or info.file_size),
                f"{info.context_length:,}" if info.context_length else "?",
                self.tr("chat") if info.is_instruct else self.tr("base"),
            ]
        for column, text in enumerate(cells, start=1):
            self.table.setItem(row, column, text_item(text, align_right=column in (2, 4, 5)))
        if info is not None:
            type_tip = (
                self.tr("Has a chat template: tuned to follow instructions and hold a conversation.")
                if info.is_instruct
                else self.tr("No chat template: a base model, best for continuing text.")
            )
            self.table.item(row, 6).setToolTip(type_tip)
        self.table.setItem(row, 7, self._fit_item(model))
        self.table.setItem(row, 8, text_item(self._source_text(model), str(model.path)))
        if not model.usable:
            for column in range(self.table.columnCount()):
                item = self.table.item(row, column)
                if column != 7:
                    item.setForeground(QBrush(QColor(theme.current().muted)))
                item.setToolTip(model.error or "")

    def _fit_item(self, model: InstalledModel):  # type: ignore[no-untyped-def]
        if not model.usable:
            item = text_item(self.tr("unusable"), model.error or "")
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            return item
        report = self._fits.get(model.path)
        if report is None:
            item = text_item("…", self.tr("Checking…"))
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            return item
        return badge_item(report.verdict, report_tooltip(report))

    def _source_text(self, model: InstalledModel) -> str:
        if model.source == SOURCE_STARTER:
            return self.tr("Starter model (built in)")
        if model.source == SOURCE_INKSTONE:
            return self.tr("Inkstone")
        if model.source == SOURCE_HF_CACHE:
            return self.tr("Hugging Face cache ({0})").format(model.repo_id or "?")
        if model.source == SOURCE_FOLDER:
            return self.tr("Folder {0}").format(model.path.parent)
        return model.source

    def _act(self, row: int, action: str) -> None:
        if not 0 <= row < len(self._models):
            return
        model = self._models[row]
        if action == "load" and model.usable:
            self.loadClicked.emit(model)
        elif action == "settings" and model.usable:
            self.settingsClicked.emit(model)
        elif action == "remove" and model.source != SOURCE_STARTER:
            self.removeClicked.emit(model)

    def _update_buttons(self) -> None:
        model = self.selected()
        self.load_button.setEnabled(model is not None and model.usable)
        self.settings_button.setEnabled(model is not None and model.usable)
        self.remove_button.setEnabled(model is not None and model.source != SOURCE_STARTER)
        if model is not None and model.source == SOURCE_STARTER:
            self.remove_button.setToolTip(self.tr("The starter model comes with Inkstone and cannot be removed"))
        else:
            self.remove_button.setToolTip(self.tr("Remove the selected model (Delete)"))

