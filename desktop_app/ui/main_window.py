"""The main window: the workspaces beside a navigation rail, the menus, the status bar, notices."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, QTimer, Signal, qVersion
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QWidget,
)

from desktop_app import __version__
from desktop_app.core.chat import ChatService
from desktop_app.core.chat.documents import ChatDocuments
from desktop_app.core.diagnostics import diagnostics_report
from desktop_app.core.engine import LoadOptions, ModelInfo
from desktop_app.core.engine.remote import RemoteSettings
from desktop_app.core.engine_choice import remember_local, remember_remote, saved_remote, uses_remote
from desktop_app.core.errors import InkstoneError
from desktop_app.core.models.gguf import read_gguf_info
from desktop_app.core.model_settings import settings_for
from desktop_app.core.models.load_guard import LoadGuard
from desktop_app.core.models.starter import STARTER_NAME, prepared_starter_path, starter_installed
from desktop_app.core.paths import data_dir
from desktop_app.core.settings import Settings
from desktop_app.core.store import Store
from desktop_app.ui.chat_page import ChatPage
from desktop_app.ui.search_action import SearchAction
from desktop_app.ui.transfer_actions import TransferActions
from desktop_app.ui.serve.local_server import LocalServer

if TYPE_CHECKING:
    from desktop_app.core.models.catalogue import CatalogueEntry
    from desktop_app.core.documents.embedding import SharedEmbedder
    from desktop_app.ui.documents import DocumentsPage
    from desktop_app.ui.models import ModelsPage
    from desktop_app.ui.settings_page import SettingsPage
    from desktop_app.ui.writing import DraftPage, TranslatePage
from desktop_app.ui import geometry, icons
from desktop_app.ui.engine_runner import EngineThread, LoadRequest
from desktop_app.ui.load_progress import LoadProgress
from desktop_app.ui.theme import ThemeManager, ThemeMode, manager_for
from desktop_app.ui.toast import Toast
from desktop_app.ui.workspaces import Workspaces


FIRST_PAINT_FALLBACK_MS = 500  # the deferred start-up work runs by then even if no frame was painted
CLOSE_WAIT_MS = 2000  # jobs stop within milliseconds; only a model load in progress can take longer

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    modelReady = Signal(object)  # ModelInfo

    def __init__(self, store: Store, engine: EngineThread, settings: Settings,
                 theme: ThemeManager | None = None, embedder: SharedEmbedder | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Inkstone"))
        self.setWindowIcon(icons.app_icon())
        self.theme = theme or manager_for(QApplication.instance(), settings.theme, settings.font_size)
        self.store = store
        self.engine = engine
        self.jobs = engine.runner
        self.settings = settings
        self.model: ModelInfo | None = None
        self._requested_starter = False
        self._requested_remote: RemoteSettings | None = None  # the server being connected to
        self.local_server = LocalServer(self.jobs, self)  # Models › Serve: the model, served to other programs

        self.chat_documents = ChatDocuments.for_store(store, embedder)  # shared by Chat and the Documents workspace
        self.chat_page = ChatPage(store, ChatService(store, self.chat_documents), self.jobs, settings)
        if self.chat_page.documents is not None:
            self.chat_page.documents.manageRequested.connect(lambda: self.show_page("documents"))
        self.workspaces = Workspaces()
        self.workspaces.add("chat", self.tr("Chat"), "mdi6.chat-outline", self.chat_page, "Ctrl+1")
        # The other workspaces are built when first needed, or soon after the window is on screen:
        # launching does not wait for their modules and widgets.
        self.workspaces.add("translate", self.tr("Translate"), "mdi6.translate", self._build_translate, "Ctrl+2")
        self.workspaces.add("draft", self.tr("Draft"), "mdi6.file-document-edit-outline", self._build_draft, "Ctrl+3")
        self.workspaces.add("documents", self.tr("Documents"), "mdi6.book-open-page-variant-outline", self._build_documents,
                            "Ctrl+4")
        self.workspaces.add("models", self.tr("Models"), "mdi6.cube-outline", self._build_models, "Ctrl+5")
        self.workspaces.add("settings", self.tr("Settings"), "mdi6.cog-outline", self._build_settings, "Ctrl+,",
                            bottom=True)
        self.setCentralWidget(self.workspaces)
        self.toast = Toast(self.workspaces)
        self._on_screen = False
        self._closing = False
        QTimer.singleShot(FIRST_PAINT_FALLBACK_MS, self, self._after_first_paint)  # a window never painted (hidden)

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
        self.load_progress = LoadProgress(self)  # the model's size and the seconds so far, while it loads
        self.load_progress.textChanged.connect(self._show_load_progress)
        self.chat_page.welcome.downloadRequested.connect(self.download_model)
        self.chat_page.welcome.workspaceRequested.connect(self.show_page)
        self.chat_page.modelRequested.connect(self._default_model_chosen)  # the same fit check as the Models page
        self.chat_page.header.model_picker.openFileRequested.connect(self.choose_model_file)
        self.chat_page.header.model_picker.manageRequested.connect(lambda: self.show_page("models"))

        self._build_menus()
        self.theme.changed.connect(self._theme_changed)
        geometry.restore_window(self, settings)
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

    @property
    def settings_page(self) -> SettingsPage:
        return self._page("settings")  # type: ignore[return-value]

    def built_pages(self) -> list[QWidget]:
        return [self.workspaces.page(key) for key in self.workspaces.keys() if self.workspaces.built(key)]

    def _page(self, key: str) -> QWidget:
        return self.workspaces.page(key)

    def show_page(self, page: QWidget | str) -> None:
        """Bring a workspace to the front (by key or by its page)."""
        key = page if isinstance(page, str) else next(k for k in self.workspaces.keys()
                                                     if self.workspaces.built(k) and self.workspaces.page(k) is page)
        self.workspaces.show_page(key)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().paintEvent(event)
        if not self._on_screen:
            QTimer.singleShot(0, self, self._after_first_paint)  # once this first frame is out

    def _after_first_paint(self) -> None:
        """What launching does not wait for: the newest chat's messages, then the other workspaces."""
        if self._on_screen:
            return
        self._on_screen = True
        self.chat_page.open_newest()
        QTimer.singleShot(0, self, self._build_pages_when_idle)

    def _build_pages_when_idle(self) -> None:
        """One page per turn of the event loop, so switching to it later is instant."""
        missing = self.workspaces.unbuilt()
        if missing and not self._closing:  # a closed window's store is closed too
            self._page(missing[0])
            QTimer.singleShot(0, self, self._build_pages_when_idle)

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

    def _build_settings(self) -> QWidget:
        from desktop_app.ui.settings_page import SettingsPage

        page = SettingsPage(self.settings, self.theme)
        page.defaultModelChosen.connect(self._default_model_chosen)
        page.saveFailed.connect(self.show_notice)
        return page

    def _default_model_chosen(self, path: Path | None) -> None:
        if path is None:
            self.load_model(None)
        else:
            self.open_model_file(path)

    def _build_documents(self) -> QWidget:
        from desktop_app.ui.documents import DocumentsPage

        page = DocumentsPage(self.store, self.jobs, retriever=self.chat_documents.retriever)
        page.set_model(self.model)
        self.modelReady.connect(page.set_model)
        return page

    def _build_models(self) -> QWidget:
        from desktop_app.ui.models import ModelsPage

        page = ModelsPage(self.settings)
        page.loadRequested.connect(self.load_model)
        page.settingsChanged.connect(lambda _settings: self._apply_sampling())
        page.engine_view.remoteRequested.connect(self.connect_remote)
        page.engine_view.localRequested.connect(self.use_local_engine)
        page.serve_panel.bind(self.local_server)
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
        self.transfer = TransferActions(self)
        file_menu.addActions(self.transfer.actions())
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        for text, key, slot in (
            (self.tr("&Undo"), QKeySequence.StandardKey.Undo, "undo"),
            (self.tr("&Redo"), QKeySequence.StandardKey.Redo, "redo"),
            (None, None, None),
            (self.tr("Cu&t"), QKeySequence.StandardKey.Cut, "cut"),
            (self.tr("&Copy"), QKeySequence.StandardKey.Copy, "copy"),
            (self.tr("&Paste"), QKeySequence.StandardKey.Paste, "paste"),
            (self.tr("Select &All"), QKeySequence.StandardKey.SelectAll, "selectAll"),
        ):
            if text is None:
                edit_menu.addSeparator()
                continue
            action = QAction(text, self)
            action.setShortcut(key)
            action.triggered.connect(lambda _checked=False, name=slot: _on_focus_widget(name))
            edit_menu.addAction(action)
        edit_menu.addSeparator()
        self.search = SearchAction(self)
        edit_menu.addAction(self.search.action)

        view_menu = self.menuBar().addMenu(self.tr("&View"))
        theme_menu = view_menu.addMenu(self.tr("&Theme"))
        self.theme_actions = QActionGroup(self)
        for mode, text in ((ThemeMode.SYSTEM, self.tr("Follow the &System")), (ThemeMode.LIGHT, self.tr("&Light")),
                           (ThemeMode.DARK, self.tr("&Dark"))):
            action = QAction(text, self, checkable=True)
            action.setData(mode.value)
            action.setChecked(self.theme.mode is mode)
            action.triggered.connect(lambda _checked=False, m=mode: self.set_theme(m))
            self.theme_actions.addAction(action)
            theme_menu.addAction(action)
        for text, keys, step in ((self.tr("&Larger Text"), [QKeySequence.StandardKey.ZoomIn, "Ctrl+="], 1),
                                 (self.tr("S&maller Text"), [QKeySequence.StandardKey.ZoomOut], -1),
                                 (self.tr("&Default Text Size"), ["Ctrl+0"], 0)):
            action = QAction(text, self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.triggered.connect(lambda _checked=False, s=step: self.change_text_size(s))
            view_menu.addAction(action)
        view_menu.addSeparator()
        for key in self.workspaces.keys():
            button = self.workspaces.rail.button(key)
            action = QAction(self.workspaces.label(key), self)
            action.setShortcut(button.shortcut())
            button.setShortcut(QKeySequence())  # the menu's action holds the shortcut now
            action.triggered.connect(lambda _checked=False, k=key: self.workspaces.show_page(k))
            view_menu.addAction(action)

        chat_menu = self.menuBar().addMenu(self.tr("&Chat"))
        new_action = QAction(self.tr("&New Chat"), self)
        new_action.setShortcut(QKeySequence.StandardKey.New)
        new_action.triggered.connect(self._new_chat)
        chat_menu.addAction(new_action)
        chat_menu.addAction(self.chat_page.sidebar.rename_action)
        chat_menu.addAction(self.chat_page.sidebar.pin_action)
        chat_menu.addAction(self.chat_page.sidebar.delete_action)
        chat_menu.addSeparator()
        chat_menu.addAction(self.chat_page.header.chat_settings.edit_presets_action)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        shortcuts = QAction(self.tr("&Keyboard Shortcuts"), self)
        shortcuts.setShortcuts([QKeySequence("Ctrl+/"), QKeySequence("F1")])
        shortcuts.triggered.connect(self.show_shortcuts)
        help_menu.addAction(shortcuts)
        self.copy_diagnostics_action = QAction(self.tr("Copy &Diagnostics"), self)
        self.copy_diagnostics_action.setObjectName("copyDiagnosticsAction")
        self.copy_diagnostics_action.triggered.connect(self.copy_diagnostics)
        help_menu.addAction(self.copy_diagnostics_action)
        about = QAction(self.tr("&About Inkstone"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _new_chat(self) -> None:
        self.show_page("chat")
        self.chat_page.new_chat()

    def set_theme(self, mode: ThemeMode | str) -> None:
        self.settings.theme = ThemeMode(mode).value
        self.theme.set_mode(mode)
        for action in self.theme_actions.actions():
            action.setChecked(action.data() == self.settings.theme)
        self._save_settings()

    def change_text_size(self, step: int) -> None:
        """+1 / -1 point, or 0 for the system's size."""
        if step == 0:
            points = 0
        else:
            current = self.settings.font_size or round(QApplication.font().pointSizeF()) or 10
            points = max(7, min(28, current + step))
        self.settings.font_size = points
        self.theme.set_font_size(points)
        self._save_settings()

    def show_notice(self, message: str) -> None:
        """A message where the user is looking: the current workspace's banner, else a notice."""
        page = self.workspaces.current_page()
        show_error = getattr(page, "show_error", None)
        if callable(show_error):
            show_error(message)
        else:
            self.toast.show_message(message)

    def _theme_changed(self, _colours: object) -> None:
        self.workspaces.rail.refresh_icons()
        for page in self.built_pages():
            refresh = getattr(page, "theme_changed", None)
            if callable(refresh):
                refresh()

    def show_shortcuts(self) -> None:
        from desktop_app.ui.shortcuts_sheet import ShortcutsSheet

        sheet = ShortcutsSheet(self)
        sheet.open()

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
        if uses_remote(self.settings):
            self.connect_remote(saved_remote(self.settings))
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

    def connect_remote(self, remote: RemoteSettings) -> None:
        """Use the model on an OpenAI-compatible server; the model loaded now stays until the server answers."""
        self._requested_starter = False
        self._requested_remote = remote
        self.progress.show()
        self.model_status.setText(self.tr("Connecting to {0}…").format(remote.url))
        self.jobs.load(LoadRequest(None, LoadOptions(), remote=remote))

    def use_local_engine(self) -> None:
        """Back to a model file on this computer: the one chosen last, else the starter."""
        remember_local(self.settings)
        self.load_model(Path(self.settings.model_path) if self.settings.model_path else None)

    def _on_load_started(self, what: str) -> None:
        if self._requested_remote is not None:
            self.model_status.setText(self.tr("Connecting to {0}…").format(what))
        else:
            self.load_progress.start(what)

    def _show_load_progress(self, text: str) -> None:
        if text:
            self.model_status.setText(text)
        self.chat_page.welcome.show_loading(text)

    def download_model(self, entry: CatalogueEntry) -> None:
        """Queue a catalogue model in the Models page's downloads, and show them."""
        self.models_page.download_entry(entry)
        self.show_page("models")

    def _on_model_loaded(self, info: ModelInfo) -> None:
        log.info("Model loaded: %s (%s, %d GPU layers, context %d)",
                 info.path, info.backend, info.n_gpu_layers, info.n_ctx)
        self.progress.hide()
        self.load_progress.stop()
        self.model = info
        is_starter = self._requested_starter
        remote, self._requested_remote = self._requested_remote, None
        if info.server and remote is not None:
            self._remember_remote(remote)
        else:
            remember_local(self.settings)
            self.settings.model_path = None if is_starter else str(info.path)
        self._save_settings()
        name = STARTER_NAME if is_starter else info.name
        kind = self.tr("chat") if info.is_instruct else self.tr("base")
        self.model_status.setText(self.tr("{0} ({1}) · {2}").format(name, kind, info.backend))
        self.model_status.setToolTip(info.server or str(info.path))
        self.chat_page.set_model(info, None if is_starter else info.path)
        self._apply_sampling()
        self.chat_page.clear_error()
        self.modelReady.emit(info)

    def _apply_sampling(self) -> None:
        """Writing jobs use the loaded model's own sampling settings, as chat does."""
        if self.model is not None:
            self.jobs.set_sampling(settings_for(self.settings, self.chat_page.model_path).to_sampling())

    def _remember_remote(self, remote: RemoteSettings) -> None:
        try:
            remember_remote(self.settings, remote)
        except OSError as exc:
            self.show_notice(self.tr("The server's API key could not be saved: {0}").format(exc.strerror or exc))

    def _on_load_failed(self, message: str) -> None:
        self.progress.hide()
        self.load_progress.stop()
        if self.model is None:
            self.model_status.setText(self.tr("No model — choose one with File › Open Model…"))
        else:
            self.model_status.setText(self.tr("{0} · {1}").format(self.model.name, self.model.backend))
        if self._requested_remote is not None:
            self._requested_remote = None
            if self.workspaces.built("models"):
                self.models_page.engine_view.show_failure(message)
            self.show_notice(self.tr("Could not connect to the server: {0}").format(message))
            return
        self.show_notice(self.tr("Could not load the model: {0}").format(message))

    def _save_settings(self) -> None:
        try:
            self.settings.save()
        except OSError as exc:
            self.show_notice(self.tr("Settings could not be saved: {0}").format(exc))

    # -- closing -------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt naming)
        """Stop every job (each stores what it has, as stopped), free the model on its thread, then close."""
        for toast in self.findChildren(Toast):
            toast.dismiss()  # a delete whose Undo time was running is carried out now
        if not self._closing:
            self._closing = True
            self.theme.changed.disconnect(self._theme_changed)  # the manager outlives this window
        geometry.save_window(self, self.settings)
        self.chat_page.save_layout(self.settings)
        self._save_settings()
        if self.workspaces.built("draft"):
            self.draft_page.save_now()
        self.jobs.cancel_all()
        self.search.shutdown()
        self.chat_page.header.model_picker.shutdown()
        self.transfer.shutdown()
        self.local_server.shutdown()
        if self.workspaces.built("models"):
            self.models_page.shutdown()
        if self.workspaces.built("documents"):
            self.documents_page.shutdown()  # frees the embedding model the chat shares, once indexing stopped
        else:
            self.chat_documents.close()
        self.engine.stop(CLOSE_WAIT_MS)
        super().closeEvent(event)


def _on_focus_widget(slot: str) -> None:
    """Edit menu: undo, copy, paste... act on whatever has the keyboard focus, when it can."""
    widget = QApplication.focusWidget()
    method = getattr(widget, slot, None)
    if callable(method):
        method()
