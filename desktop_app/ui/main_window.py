"""The main window: workspaces in tabs, the model menu and the status bar."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, QTimer, Signal, qVersion
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QTabWidget,
    QWidget,
)

from desktop_app import __version__
from desktop_app.core.chat import ChatService
from desktop_app.core.diagnostics import diagnostics_report
from desktop_app.core.engine import ModelInfo
from desktop_app.core.errors import InkstoneError
from desktop_app.core.models.gguf import read_gguf_info
from desktop_app.core.model_settings import settings_for
from desktop_app.core.models.load_guard import LoadGuard
from desktop_app.core.models.starter import STARTER_NAME, prepared_starter_path, starter_installed
from desktop_app.core.paths import data_dir
from desktop_app.core.settings import Settings
from desktop_app.core.store import Store
from desktop_app.ui.chat_page import ChatPage

if TYPE_CHECKING:
    from desktop_app.ui.documents import DocumentsPage
    from desktop_app.ui.models import ModelsPage
    from desktop_app.ui.writing import DraftPage, TranslatePage
from desktop_app.ui.engine_runner import EngineThread, LoadRequest


FIRST_PAINT_FALLBACK_MS = 500  # the deferred start-up work runs by then even if no frame was painted
CLOSE_WAIT_MS = 2000  # jobs stop within milliseconds; only a model load in progress can take longer

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    modelReady = Signal(object)  # ModelInfo

    def __init__(self, store: Store, engine: EngineThread, settings: Settings) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Inkstone"))
        self.resize(1100, 760)
        self.store = store
        self.engine = engine
        self.jobs = engine.runner
        self.settings = settings
        self.model: ModelInfo | None = None
        self._requested_starter = False

        self.chat_page = ChatPage(store, ChatService(store), self.jobs, settings)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("workspaceTabs")
        self.tabs.addTab(self.chat_page, self.tr("Chat"))
        # The other workspaces are built when first needed, or soon after the window is on screen:
        # launching does not wait for their modules and widgets.
        self._pages: dict[str, QWidget] = {}
        self._page_builders = {"translate": self._build_translate, "draft": self._build_draft,
                               "documents": self._build_documents, "models": self._build_models}
        for key, label in (("translate", self.tr("Translate")), ("draft", self.tr("Draft")),
                           ("documents", self.tr("Documents")), ("models", self.tr("Models"))):
            placeholder = QWidget()
            placeholder.setProperty("page", key)
            self.tabs.addTab(placeholder, label)
        self.tabs.currentChanged.connect(self._build_current_page)
        self.setCentralWidget(self.tabs)
        self._on_screen = False
        self._closed = False
        QTimer.singleShot(FIRST_PAINT_FALLBACK_MS, self._after_first_paint)  # a window never painted (hidden)

        self.model_status = QLabel(self.tr("No model"))
        self.model_status.setObjectName("modelStatus")
        self.model_status.setTextFormat(Qt.TextFormat.PlainText)  # a model's name comes from its file
        self.rate_label = QLabel()
        self.rate_label.setObjectName("rateStatus")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(120)
        self.progress.hide()
        self.statusBar().addWidget(self.model_status)
        self.statusBar().addPermanentWidget(self.rate_label)
        self.statusBar().addPermanentWidget(self.progress)
        self.chat_page.rateChanged.connect(self.rate_label.setText)

        self._build_menus()
        self.jobs.loadStarted.connect(self._on_load_started)
        self.jobs.modelLoaded.connect(self._on_model_loaded)
        self.jobs.loadFailed.connect(self._on_load_failed)

    # -- workspaces built on demand ----------------------------------------------

    @property
    def translate_page(self) -> TranslatePage:
        return self._page("translate")  # type: ignore[return-value]

    @property
    def draft_page(self) -> DraftPage:
        return self._page("draft")  # type: ignore[return-value]

    @property
    def documents_page(self) -> DocumentsPage:
        return self._page("documents")  # type: ignore[return-value]

    @property
    def models_page(self) -> ModelsPage:
        return self._page("models")  # type: ignore[return-value]

    def built_pages(self) -> list[QWidget]:
        return list(self._pages.values())

    def _page(self, key: str) -> QWidget:
        page = self._pages.get(key)
        if page is None:
            page = self._page_builders[key]()
            self._pages[key] = page
            index = next(i for i in range(self.tabs.count()) if self.tabs.widget(i).property("page") == key)
            label, current = self.tabs.tabText(index), self.tabs.currentIndex()
            placeholder = self.tabs.widget(index)
            self.tabs.blockSignals(True)
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, page, label)
            self.tabs.setCurrentIndex(current)
            self.tabs.blockSignals(False)
            placeholder.deleteLater()
        return page

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().paintEvent(event)
        if not self._on_screen:
            QTimer.singleShot(0, self._after_first_paint)  # once this first frame is out

    def _after_first_paint(self) -> None:
        """What launching does not wait for: the newest chat's messages, then the other workspaces."""
        if self._on_screen:
            return
        self._on_screen = True
        self.chat_page.open_newest()
        QTimer.singleShot(0, self._build_pages_when_idle)

    def _build_current_page(self, index: int) -> None:
        key = self.tabs.widget(index).property("page") if index >= 0 else None
        if isinstance(key, str) and key not in self._pages:
            self._page(key)

    def _build_pages_when_idle(self) -> None:
        """One page per turn of the event loop, so switching to it later is instant."""
        missing = [key for key in self._page_builders if key not in self._pages]
        if missing and not self._closed:  # a closed window's store is closed too
            self._page(missing[0])
            QTimer.singleShot(0, self._build_pages_when_idle)

    def _build_translate(self) -> QWidget:
        from desktop_app.ui.writing.translate_page import TranslatePage

        page = TranslatePage(self.store, self.jobs, self.settings)
        page.set_model(self.model)
        self.modelReady.connect(page.set_model)
        return page

    def _build_draft(self) -> QWidget:
        from desktop_app.ui.writing.draft_page import DraftPage

        page = DraftPage(self.store, self.jobs, self.settings)
        page.set_model(self.model)
        self.modelReady.connect(page.set_model)
        return page

    def _build_documents(self) -> QWidget:
        from desktop_app.ui.documents import DocumentsPage

        page = DocumentsPage(self.store, self.jobs)
        page.set_model(self.model)
        self.modelReady.connect(page.set_model)
        return page

    def _build_models(self) -> QWidget:
        from desktop_app.ui.models import ModelsPage

        page = ModelsPage(self.settings)
        page.loadRequested.connect(self.load_model)
        page.settingsChanged.connect(lambda _settings: self._apply_sampling())
        if self.model is not None:
            page.set_loaded_model(self.model)
        self.modelReady.connect(page.set_loaded_model)
        return page

    # -- menus -------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        open_action = QAction(self.tr("&Open Model…"), self)
        open_action.setShortcut(QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self.choose_model_file)
        file_menu.addAction(open_action)
        self.starter_action = QAction(self.tr("Use the &Starter Model"), self)
        self.starter_action.setEnabled(starter_installed())
        self.starter_action.triggered.connect(lambda: self.load_model(None))
        file_menu.addAction(self.starter_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        chat_menu = self.menuBar().addMenu(self.tr("&Chat"))
        new_action = QAction(self.tr("&New Chat"), self)
        new_action.setShortcut(QKeySequence.StandardKey.New)
        new_action.triggered.connect(self._new_chat)
        chat_menu.addAction(new_action)
        chat_menu.addAction(self.chat_page.sidebar.rename_action)
        chat_menu.addAction(self.chat_page.sidebar.delete_action)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.copy_diagnostics_action = QAction(self.tr("Copy &Diagnostics"), self)
        self.copy_diagnostics_action.setObjectName("copyDiagnosticsAction")
        self.copy_diagnostics_action.triggered.connect(self.copy_diagnostics)
        help_menu.addAction(self.copy_diagnostics_action)
        about = QAction(self.tr("&About Inkstone"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _new_chat(self) -> None:
        self.tabs.setCurrentWidget(self.chat_page)
        self.chat_page.new_chat()

    def copy_diagnostics(self) -> None:
        """Help › Copy Diagnostics: versions, hardware, the model, the log's end and the last crash."""
        running = {"Qt": qVersion(), "PySide6 (imported)": pyside_version}
        if self.model is not None:
            running["Model"] = f"{self.model.name} ({self.model.path})"
            model = self.model
            running["Backend"] = f"{model.backend}, {model.n_gpu_layers} GPU layers, context {model.n_ctx}"
        else:
            running["Model"] = "none loaded"
        QGuiApplication.clipboard().setText(diagnostics_report(data_dir(), running))
        self.statusBar().showMessage(
            self.tr("Diagnostics copied to the clipboard: paste them into your bug report."), 8000
        )

    def bring_forward(self, files: list[str]) -> None:
        """Another launch of Inkstone asked for this window: show it in front, open a model it was given."""
        if self.isMinimized():
            self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.show()
        self.raise_()
        self.activateWindow()
        models = [Path(name) for name in files if name.lower().endswith(".gguf")]
        if models:
            self.open_model_file(models[-1])

    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Inkstone"),
            self.tr("Inkstone {0}\nA private chat and writing assistant. Your model runs on this computer; "
                    "nothing you write leaves it.").format(__version__),
        )

    # -- model -------------------------------------------------------------------

    def start(self, model_path: str | None = None) -> None:
        """Load the model given on the command line, the one chosen last, or the starter.

        A model that crashed Inkstone last time (while loading or on its first answer) is not
        loaded again by itself: the user is told, and can still choose it explicitly.
        """
        if model_path:
            self.load_model(Path(model_path))
            return
        remembered = Path(self.settings.model_path) if self.settings.model_path else None
        if remembered is None and not starter_installed():
            self.model_status.setText(self.tr("No model — choose one with File › Open Model…"))
            return
        crash = LoadGuard().refusal(remembered or prepared_starter_path() or Path())
        if crash is not None:
            self.model_status.setText(self.tr("No model — choose one with File › Open Model…"))
            self.chat_page.show_error(self.tr("{0} crashed Inkstone last time, so it was not loaded again. "
                                              "Choose it with File › Open Model… to try it again, or pick "
                                              "another model.").format(crash.name))
            return
        self.load_model(remembered)

    def choose_model_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open a GGUF model"), str(Path.home()), self.tr("GGUF models (*.gguf);;All files (*)")
        )
        if path:
            self.open_model_file(Path(path))

    def open_model_file(self, path: Path) -> None:
        """Load a file picked from disk, asking first when it will not fit (as the Models page does)."""
        try:
            info = read_gguf_info(path)
        except InkstoneError:
            self.load_model(path)  # the worker reports the problem the usual way
            return
        from desktop_app.core.models.library import SOURCE_FOLDER
        from desktop_app.ui.models.installed_view import InstalledModel

        self.models_page.load(InstalledModel(path=path, source=SOURCE_FOLDER, info=info, size=info.file_size))

    def load_model(self, path: Path | None) -> None:
        """Ask the worker to load `path` (None: the starter model); the window stays usable meanwhile."""
        self._requested_starter = path is None
        self.progress.show()
        self.model_status.setText(self.tr("Loading model…"))
        options = settings_for(self.settings, path).to_load_options()
        self.jobs.load(LoadRequest(path, options))

    def _on_load_started(self, what: str) -> None:
        if what == "starter":
            self.model_status.setText(self.tr("Preparing the starter model…"))
        else:
            self.model_status.setText(self.tr("Loading {0}…").format(Path(what).name))

    def _on_model_loaded(self, info: ModelInfo) -> None:
        log.info("Model loaded: %s (%s, %d GPU layers, context %d)",
                 info.path, info.backend, info.n_gpu_layers, info.n_ctx)
        self.progress.hide()
        self.model = info
        is_starter = self._requested_starter
        self.settings.model_path = None if is_starter else str(info.path)
        self._save_settings()
        name = STARTER_NAME if is_starter else info.name
        kind = self.tr("chat") if info.is_instruct else self.tr("base")
        self.model_status.setText(self.tr("{0} ({1}) · {2}").format(name, kind, info.backend))
        self.model_status.setToolTip(str(info.path))
        self.chat_page.set_model(info, None if is_starter else info.path)
        self._apply_sampling()
        self.chat_page.clear_error()
        self.modelReady.emit(info)

    def _apply_sampling(self) -> None:
        """Writing jobs use the loaded model's own sampling settings, as chat does."""
        if self.model is not None:
            self.jobs.set_sampling(settings_for(self.settings, self.chat_page.model_path).to_sampling())

    def _on_load_failed(self, message: str) -> None:
        self.progress.hide()
        if self.model is None:
            self.model_status.setText(self.tr("No model — choose one with File › Open Model…"))
        else:
            self.model_status.setText(self.tr("{0} · {1}").format(self.model.name, self.model.backend))
        self.chat_page.show_error(self.tr("Could not load the model: {0}").format(message))

    def _save_settings(self) -> None:
        try:
            self.settings.save()
        except OSError as exc:
            self.chat_page.show_error(self.tr("Settings could not be saved: {0}").format(exc))

    # -- closing -------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt naming)
        """Stop every job (each stores what it has, as stopped), free the model on its thread, then close."""
        self._closed = True
        if "draft" in self._pages:
            self.draft_page.save_now()
        self.jobs.cancel_all()
        if "models" in self._pages:
            self.models_page.shutdown()
        if "documents" in self._pages:
            self.documents_page.shutdown()
        self.engine.stop(CLOSE_WAIT_MS)
        super().closeEvent(event)

