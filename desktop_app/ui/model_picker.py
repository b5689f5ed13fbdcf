"""The model picker in the chat header: the loaded model's name, and a menu of the installed ones.

The menu lists what the Models page lists (core/models/library.py: Inkstone's folder, the
user's folders, the Hugging Face cache; and the starter), read again on a background thread
each time the menu opens (the last list shows at once meanwhile). Choosing one emits
`modelRequested`; the window loads it through the same fit check as the Models page. While
any model loads, the button says so and a busy bar runs beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QMenu, QProgressBar, QToolButton, QWidget

from desktop_app.core.engine import ModelInfo
from desktop_app.core.safe_text import safe_text
from desktop_app.core.settings import Settings
from desktop_app.ui.engine_runner import EngineRunner
from desktop_app.ui.icons import icon


@dataclass(frozen=True)
class PickableModel:
    name: str
    path: Path | None  # what to load; None: the starter model (prepared on load)
    file: Path | None = None  # the file on disk, to mark the loaded one (the starter's once prepared)


def installed_models(settings: Settings) -> list[PickableModel]:
    """The usable models of the library, by name, then the starter (slow: reads every GGUF header)."""
    from desktop_app.core import paths
    from desktop_app.core.models.library import ModelLibrary
    from desktop_app.core.models.starter import STARTER_NAME, prepared_starter_path, starter_installed

    library = ModelLibrary(paths.models_dir(), [Path(f) for f in settings.model_folders],
                           forgotten=settings.forgotten_models)
    found = [PickableModel(entry.name, entry.path, entry.path) for entry in library.scan() if entry.usable]
    found.sort(key=lambda model: model.name.casefold())
    if starter_installed():
        found.append(PickableModel(STARTER_NAME, None, prepared_starter_path()))
    return found


class ModelPicker(QWidget):
    modelRequested = Signal(object)  # Path, or None for the starter model
    openFileRequested = Signal()
    manageRequested = Signal()
    listed = Signal()  # the menu holds a fresh list (tests wait on it)

    def __init__(self, runner: EngineRunner, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.model: ModelInfo | None = None
        self.starter = False
        self.models: list[PickableModel] = []
        self._background = None  # a BackgroundRunner, made on first use
        self._scanning = False
        self.loading = False

        self.button = QToolButton()
        self.button.setObjectName("modelPicker")
        self.button.setIcon(icon("mdi6.cube-outline"))
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setAccessibleName(self.tr("Model"))
        self.menu = QMenu(self.button)
        self.menu.aboutToShow.connect(self.refresh)
        self.button.setMenu(self.menu)
        self.busy = QProgressBar()
        self.busy.setObjectName("modelPickerBusy")
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(80)
        self.busy.setMaximumHeight(8)
        self.busy.setTextVisible(False)
        self.busy.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button)
        layout.addWidget(self.busy)

        runner.loadStarted.connect(self._load_started)
        runner.loadFailed.connect(self._load_failed)
        self._show_name()
        self._fill_menu()

    # -- what the page and the runner tell it --------------------------------------------------

    def set_model(self, info: ModelInfo | None, starter: bool = False) -> None:
        """The model the window loaded (ChatPage.set_model passes it on); `starter`: shown by the starter's name."""
        self.model = info
        self.starter = starter
        self.loading = False
        self.busy.hide()
        self._show_name()
        self._fill_menu()

    def _load_started(self, what: str) -> None:
        self.loading = True
        name = self.tr("the starter model") if what == "starter" else Path(what).name
        self.button.setText(self.tr("Loading {0}…").format(safe_text(name, 60)))
        self.busy.show()

    def _load_failed(self, _message: str) -> None:
        self.loading = False
        self.busy.hide()
        self._show_name()  # the window says why; the model loaded before is still there

    def _show_name(self) -> None:
        if self.loading:
            return
        if self.model is None:
            self.button.setText(self.tr("No model"))
            self.button.setToolTip(self.tr("Choose a model"))
            return
        from desktop_app.core.models.starter import STARTER_NAME

        self.button.setText(STARTER_NAME if self.starter else safe_text(self.model.name, 48))
        self.button.setToolTip(self.tr("{0}\nClick to switch models").format(self.model.server or str(self.model.path)))

    # -- the menu --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the installed models again, in the background; the menu updates when they are in."""
        if self._scanning:
            return
        if self._background is None:
            from desktop_app.ui.models.background import BackgroundRunner

            self._background = BackgroundRunner(1, self)
        self._scanning = True
        settings = self.settings
        self._background.run(lambda: installed_models(settings), self._listed, self._scan_failed)

    def _listed(self, models: list[PickableModel]) -> None:
        self._scanning = False
        self.models = models
        self._fill_menu()
        self.listed.emit()

    def _scan_failed(self, _exc: BaseException) -> None:
        self._scanning = False  # logged by the runner; the menu keeps the last list

    def _fill_menu(self) -> None:
        self.menu.clear()
        if not self.models:
            waiting = self.menu.addAction(self.tr("Looking for models…") if self._scanning else self.tr("No models found"))
            waiting.setEnabled(False)
        loaded = self.model.path if self.model is not None and not self.model.server else None
        for model in self.models:
            action = QAction(safe_text(model.name, 60), self.menu)
            action.setCheckable(True)
            action.setChecked(loaded is not None and model.file is not None and _same(model.file, loaded))
            action.setData(model.path)
            action.setEnabled(not self.loading)
            action.triggered.connect(lambda _checked=False, path=model.path: self.modelRequested.emit(path))
            self.menu.addAction(action)
        self.menu.addSeparator()
        open_file = self.menu.addAction(self.tr("Open Model File…"))
        open_file.triggered.connect(self.openFileRequested)
        manage = self.menu.addAction(self.tr("Manage Models…"))
        manage.triggered.connect(self.manageRequested)

    def model_actions(self) -> list[QAction]:
        return [action for action in self.menu.actions() if action.isCheckable()]

    def shutdown(self) -> None:
        if self._background is not None:
            self._background.shutdown(2000)


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a == b
