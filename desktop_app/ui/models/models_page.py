"""The Models workspace: installed models, the catalogue, Hub search, downloads and hardware.

The page owns its background work and its download queue. The window adds it as a tab,
connects `loadRequested` to `load_model` and `modelReady` to `set_loaded_model`, and calls
`shutdown()` when it closes (running downloads pause and resume on the next start). The Engine
tab (`engine_view`) chooses this computer or a server; the Serve tab (`serve_panel`) is bound
by the window to its LocalServer.

Fit badges use each model's own context size (ModelSettings.n_ctx, capped at what the model was
trained for), the RAM free now plus, with a GPU build, the GPUs' free memory. The KV cache and
scratch of the model that is loaded now are counted as available, since loading another model
frees them first; its weights are not, being memory-mapped file pages the system already counts
as reclaimable.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFileDialog, QTabWidget, QVBoxLayout, QWidget

from desktop_app.core import model_settings, paths
from desktop_app.core.engine import ModelInfo
from desktop_app.core.errors import InkstoneError, ModelFileError
from desktop_app.core.models import system_memory
from desktop_app.core.models.catalogue import CatalogueEntry, load_catalogue
from desktop_app.core.models.fit import FitReport, Verdict, check_fit, compute_bytes, estimate_memory
from desktop_app.core.models.gguf import read_gguf_info
from desktop_app.core.models.hub import HubFile, list_gguf_files, search_gguf_models
from desktop_app.core.models.incomplete_downloads import find_incomplete_downloads
from desktop_app.core.models.library import SOURCE_HF_CACHE, SOURCE_INKSTONE, LibraryEntry, ModelLibrary
from desktop_app.core.models.starter import STARTER_NAME
from desktop_app.core.settings import Settings
from desktop_app.ui.models.background import BackgroundRunner
from desktop_app.ui.models.catalogue_view import CatalogueView
from desktop_app.ui.models.downloads_view import DownloadsView
from desktop_app.ui.models.engine_view import EngineView
from desktop_app.ui.models.fit_badge import report_tooltip, verdict_text
from desktop_app.ui.models.formatting import describe_bytes
from desktop_app.ui.models.generation_settings_dialog import GenerationSettingsDialog
from desktop_app.ui.models.hardware_panel import HardwarePanel, HardwareSnapshot
from desktop_app.ui.models.hub_search_view import HubSearchView
from desktop_app.ui.models.installed_view import SOURCE_STARTER, InstalledModel, InstalledView
from desktop_app.ui.models.wont_fit_dialog import LoadDecision, ask_wont_fit, confirm
from desktop_app.ui.error_banner import ErrorBanner
from desktop_app.ui.serve.serve_panel import ServePanel

log = logging.getLogger(__name__)

Key = tuple[str, str]  # (repo_id, file name)


def default_starter_path() -> Path | None:
    """The starter model's file, assembling it on first use; None when its package is missing."""
    from desktop_app.core.models.starter import starter_installed, starter_model_path

    return starter_model_path() if starter_installed() else None


def default_detect_hardware():  # type: ignore[no-untyped-def]
    from desktop_app.core.engine.backend import detect_backends

    return detect_backends()


@dataclass(frozen=True)
class _ScanResult:
    models: list[InstalledModel]
    ram_available: int | None
    starter: InstalledModel | None


class ModelsPage(QWidget):
    loadRequested = Signal(object)  # Path, or None for the starter model
    settingsChanged = Signal(object)  # the Settings, after they were changed and saved
    installedChanged = Signal()  # a scan of the installed models finished and is shown

    def __init__(
        self,
        settings: Settings,
        *,
        models_dir: Path | None = None,
        hf_cache_dir: Path | None = None,
        catalogue: Callable[[], list[CatalogueEntry]] = load_catalogue,
        starter_path: Callable[[], Path | None] | None = default_starter_path,
        detect_hardware: Callable[[], object] = default_detect_hardware,
        ram_available: Callable[[], int | None] = system_memory.available_memory,
        ram_total: Callable[[], int | None] = system_memory.total_memory,
        token: str | None = None,
        download: Callable[..., Path] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("modelsPage")
        self.settings = settings
        self.models_dir = Path(models_dir) if models_dir is not None else paths.models_dir()
        self.library = ModelLibrary(
            self.models_dir, [Path(f) for f in settings.model_folders], hf_cache_dir, settings.forgotten_models
        )
        self._starter_path = starter_path
        self._detect_hardware = detect_hardware
        self._ram_available = ram_available
        self._ram_total = ram_total
        self._token = token
        # Seams for tests and for other front ends: the questions the page asks.
        self.ask_wont_fit: Callable[[QWidget, str, FitReport], LoadDecision | None] = ask_wont_fit
        self.confirm: Callable[[QWidget, str, str, str], bool] = confirm
        self.choose_folder: Callable[[QWidget], Path | None] = _choose_folder

        self._models: list[InstalledModel] = []
        self._ram: int | None = None
        self._hardware: HardwareSnapshot | None = None
        self._loaded: ModelInfo | None = None
        self._scanning = False
        self._rescan = False
        self._select_after_scan: Path | None = None
        self._starter_model: InstalledModel | None = None  # found once: assembling it hashes 250 MB
        self.settings_dialog: GenerationSettingsDialog | None = None

        self.serial = BackgroundRunner(1, self)  # the library: scans and removals, one at a time
        self.runner = BackgroundRunner(3, self)  # Hub calls, device detection, part-file listing

        self.installed = InstalledView()
        self.catalogue = CatalogueView()
        self.hub = HubSearchView()
        self.downloads = DownloadsView(self.models_dir, token=token, download=download)
        self.hardware = HardwarePanel()
        self.engine_view = EngineView(settings)
        self.serve_panel = ServePanel(settings)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("modelsTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.installed, self.tr("Installed"))
        self.tabs.addTab(self.catalogue, self.tr("Catalogue"))
        self.tabs.addTab(self.hub, self.tr("Search the Hub"))
        self.tabs.addTab(self.downloads, self.tr("Downloads"))
        self.tabs.addTab(self.hardware, self.tr("Hardware"))
        self.tabs.addTab(self.engine_view, self.tr("Engine"))
        self.tabs.addTab(self.serve_panel, self.tr("Serve"))
        self.banner = ErrorBanner("modelsBanner")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs)
        self.setFocusProxy(self.tabs)

        self.installed.loadClicked.connect(self.load)
        self.installed.removeClicked.connect(self.remove)
        self.installed.settingsClicked.connect(self.open_settings)
        self.installed.addFolderClicked.connect(self.add_folder)
        self.installed.refreshClicked.connect(self._refresh_clicked)
        self.catalogue.downloadClicked.connect(self.download_entry)
        self.hub.searchRequested.connect(self._search)
        self.hub.filesRequested.connect(self._list_files)
        self.hub.downloadClicked.connect(self._download_hub_file)
        self.downloads.finished.connect(self._download_finished)
        self.downloads.statesChanged.connect(self._update_download_states)
        self.hardware.refreshClicked.connect(self.refresh_hardware)

        try:
            self.catalogue.set_entries(catalogue())
        except InkstoneError as exc:
            self.catalogue.show_error(str(exc))
        self.refresh()
        self.refresh_hardware()
        models_dir_ = self.models_dir
        self.runner.run(lambda: find_incomplete_downloads(models_dir_), self.downloads.show_incomplete)

    # -- what the window calls -----------------------------------------------------------------
    def refresh(self) -> None:
        """Rescan the installed models (in the background) and recompute their fit."""
        if self._scanning:
            self._rescan = True
            return
        self._scanning = True
        if not self._models:
            self.installed.show_status(self.tr("Looking for models…"))
        folders = [Path(f) for f in self.settings.model_folders]
        library, starter, ram = self.library, self._starter_path, self._ram_available
        known_starter = self._starter_model

        def scan() -> _ScanResult:
            library.folders = folders
            models = [_from_entry(e) for e in library.scan()]
            starter_model = known_starter
            if starter_model is None and starter is not None:
                starter_model = _starter_model(starter)
            if starter_model is not None:
                models.append(starter_model)
            return _ScanResult(models, ram(), starter_model)

        self.serial.run(scan, self._scan_done, self._scan_failed)

    def refresh_fit(self) -> None:
        """Measure free memory again and redraw the fit badges (after Settings.n_ctx changed, say)."""
        ram = self._ram_available
        self.runner.run(ram, self._ram_measured)

    def set_loaded_model(self, info: ModelInfo | None) -> None:
        """Mark the model the window has loaded; its memory counts as free for the others' fit."""
        self._loaded = info
        self.engine_view.set_loaded_model(info)
        self.refresh_fit()

    def refresh_hardware(self) -> None:
        detect, total, available = self._detect_hardware, self._ram_total, self._ram_available

        def probe() -> HardwareSnapshot:
            try:
                report, error = detect(), None
            except Exception as exc:  # noqa: BLE001 - llama.cpp missing or odd: show why, keep going
                log.exception("Could not detect the compute devices")
                report, error = None, str(exc) or type(exc).__name__
            return HardwareSnapshot(report, error, total(), available())  # type: ignore[arg-type]

        self.runner.run(probe, self._hardware_found)

    def shutdown(self, timeout: float = 10.0) -> None:
        """Pause downloads (they resume on the next start) and wait for background jobs."""
        self.downloads.shutdown(timeout)
        self.serial.shutdown(int(timeout * 1000))
        self.runner.shutdown(int(timeout * 1000))

    # -- installed: actions --------------------------------------------------------------------
    def fit_for(self, model: InstalledModel, ram: int | None = None) -> FitReport | None:
        """The fit of `model` with its own settings; `ram` defaults to the last measurement."""
        if model.info is None:
            return None
        info = model.info
        chosen = model_settings.settings_for(self.settings, model.load_path)
        n_ctx = min(chosen.n_ctx, info.context_length) if info.context_length else chosen.n_ctx
        gpu = self._hardware.gpu_free if self._hardware is not None and chosen.n_gpu_layers != 0 else 0
        ram = self._ram if ram is None else ram
        available = None if ram is None else ram + self._freed_by_unloading()
        return check_fit(info, n_ctx, ram_available_bytes=available, gpu_free_bytes=gpu, measure_ram=False)

    def load(self, model: InstalledModel) -> None:
        """Ask first when it will not fit (offering a smaller context), then emit loadRequested."""
        if not model.usable:
            return
        report = self.fit_for(model, self._ram_available())
        if report is not None and report.verdict is Verdict.WONT_FIT:
            decision = self.ask_wont_fit(self, model.name, report)
            if decision is None:
                return
            if decision.n_ctx:
                chosen = model_settings.settings_for(self.settings, model.load_path)
                model_settings.save_overrides(self.settings, model.load_path, replace(chosen, n_ctx=decision.n_ctx))
                self._save_settings()
                self._show_fits()
        self.loadRequested.emit(model.load_path)

    def remove(self, model: InstalledModel) -> None:
        if model.source == SOURCE_STARTER:
            return
        deletes = model.source == SOURCE_INKSTONE
        if deletes:
            title = self.tr("Delete Model")
            text = self.tr("Delete {0}?\n\nThe file {1} ({2}) will be deleted from this computer.").format(
                model.name, model.path, describe_bytes(model.size)
            )
            ok = self.tr("Delete")
        else:
            title = self.tr("Remove Model from the List")
            text = self.tr(
                "Remove {0} from Inkstone's list?\n\nThe file is outside Inkstone's models folder, so it is only "
                "forgotten: it stays where it is ({1})."
            ).format(model.name, model.path)
            ok = self.tr("Remove from List")
        if not self.confirm(self, title, text, ok):
            return
        library, path = self.library, model.path
        self.serial.run(lambda: library.remove(path), lambda deleted: self._removed(model, deleted), self._remove_failed)

    def add_folder(self) -> None:
        folder = self.choose_folder(self)
        if folder is None:
            return
        folder = Path(folder)
        if str(folder) not in self.settings.model_folders:
            self.settings.model_folders.append(str(folder))
            self._save_settings()
        self.refresh()

    def open_settings(self, model: InstalledModel) -> None:
        if model.info is None:
            return
        current = model_settings.settings_for(self.settings, model.load_path)
        report = self.fit_for(model)
        hint = ""
        if report is not None:
            hint = self.tr("At these settings: {0}.").format(verdict_text(report.verdict)) + " " + report_tooltip(report)
        dialog = GenerationSettingsDialog(
            model.name,
            current,
            model_settings.defaults(self.settings),
            trained_context=model.info.context_length,
            block_count=model.info.block_count,
            hint=hint,
            parent=self,
        )
        dialog.accepted.connect(lambda: self._settings_edited(model, dialog.values()))
        dialog.finished.connect(dialog.deleteLater)
        self.settings_dialog = dialog
        dialog.open()

    def _refresh_clicked(self) -> None:
        self.show_error("")
        self.refresh()

    # -- background results --------------------------------------------------------------------
    def _scan_done(self, result: _ScanResult) -> None:
        self._scanning = False
        self._models = result.models
        if result.starter is not None and result.starter.usable:
            self._starter_model = result.starter
        self._ram = result.ram_available
        self._show_fits()
        if self._select_after_scan is not None:
            if self.installed.select(self._select_after_scan):
                self._select_after_scan = None
        self._update_download_states()
        self.installedChanged.emit()
        if self._rescan:
            self._rescan = False
            self.refresh()

    def _scan_failed(self, exc: BaseException) -> None:
        self._scanning = False
        self.installed.show_status(self.tr("The models could not be listed: {0}").format(_message(exc)))
        if self._rescan:
            self._rescan = False
            self.refresh()

    def _ram_measured(self, ram: int | None) -> None:
        self._ram = ram
        self._show_fits()

    def _hardware_found(self, snapshot: HardwareSnapshot) -> None:
        self._hardware = snapshot
        self.hardware.set_snapshot(snapshot)
        if snapshot.ram_available is not None:
            self._ram = snapshot.ram_available
        self._show_fits()

    def _removed(self, model: InstalledModel, deleted: bool) -> None:
        self.settings.forgotten_models = sorted(self.library.forgotten)
        if deleted:
            model_settings.reset(self.settings, model.load_path)
        self._save_settings()
        self.refresh()

    def _remove_failed(self, exc: BaseException) -> None:
        self.show_error(_message(exc))

    def _settings_edited(self, model: InstalledModel, values: model_settings.ModelSettings) -> None:
        model_settings.save_overrides(self.settings, model.load_path, values)
        self._save_settings()
        self._show_fits()

    # -- catalogue, Hub, downloads -------------------------------------------------------------
    def download_entry(self, entry: CatalogueEntry) -> None:
        """Queue a catalogue model's download and show the Downloads tab (the welcome's suggestion uses it too)."""
        self.downloads.add(entry.repo_id, entry.filename)
        self.tabs.setCurrentWidget(self.downloads)

    def _download_hub_file(self, hub_file: HubFile) -> None:
        self.downloads.add(hub_file.repo_id, hub_file.filename)
        self.tabs.setCurrentWidget(self.downloads)

    def _search(self, request_id: int, query: str) -> None:
        token = self._token
        self.runner.run(
            lambda: search_gguf_models(query, token=token),
            lambda found: self.hub.show_results(request_id, found),
            lambda exc: self.hub.show_error(request_id, _message(exc)),
        )

    def _list_files(self, request_id: int, repo_id: str) -> None:
        token = self._token
        self.runner.run(
            lambda: list_gguf_files(repo_id, token=token),
            lambda files: self.hub.show_files(request_id, files),
            lambda exc: self.hub.show_error(request_id, _message(exc)),
        )

    def _download_finished(self, path: Path) -> None:
        self._select_after_scan = Path(path)
        self.refresh()

    def _update_download_states(self) -> None:
        installed: set[Key] = set()
        for model in self._models:
            key = self._installed_key(model)
            if key is not None and model.usable:
                installed.add(key)
        states = {(repo, Path(name).name): text for (repo, name), text in self.downloads.states().items()}
        self.catalogue.set_states(installed, states)
        active = self.downloads.active_count()
        index = self.tabs.indexOf(self.downloads)
        self.tabs.setTabText(index, self.tr("Downloads ({0})").format(active) if active else self.tr("Downloads"))

    def _installed_key(self, model: InstalledModel) -> Key | None:
        if model.source == SOURCE_HF_CACHE and model.repo_id:
            return (model.repo_id, model.path.name)
        if model.source == SOURCE_INKSTONE:
            try:
                parts = model.path.relative_to(self.models_dir).parts
            except ValueError:
                return None
            if len(parts) >= 3:
                return (f"{parts[0]}/{parts[1]}", model.path.name)
        return None

    # -- helpers -------------------------------------------------------------------------------
    def _show_fits(self) -> None:
        fits = {}
        for model in self._models:
            report = self.fit_for(model)
            if report is not None:
                fits[model.path] = report
        loaded = self._loaded.path if self._loaded is not None else None
        self.installed.set_models(self._models, fits, loaded)
        self.installed.set_fit_note(self._fit_note())
        n_ctx = model_settings.defaults(self.settings).n_ctx
        gpu = self._hardware.gpu_free if self._hardware is not None else 0
        ram = None if self._ram is None else self._ram + self._freed_by_unloading()
        self.catalogue.set_memory(n_ctx, ram, gpu)

    def _fit_note(self) -> str:
        if self._ram is None:
            return self.tr("Free memory is unknown on this system, so the fit cannot be checked.")
        gpu = self._hardware.gpu_free if self._hardware is not None else 0
        memory = describe_bytes(self._ram)
        if gpu:
            memory = self.tr("{0} of RAM and {1} of GPU memory").format(memory, describe_bytes(gpu))
        return self.tr(
            "Fit: each model at its own context size (see Settings…) against the {0} free now. "
            "Hover over a badge for the figures."
        ).format(memory)

    def _freed_by_unloading(self) -> int:
        loaded = self._loaded
        if loaded is None:
            return 0
        for model in self._models:
            if model.info is not None and model.path == loaded.path:
                estimate = estimate_memory(model.info, loaded.n_ctx)
                return estimate.kv_cache_bytes + compute_bytes(model.info, loaded.n_ctx)
        return 0

    def _save_settings(self) -> None:
        try:
            self.settings.save()
        except OSError as exc:
            self.show_error(self.tr("Settings could not be saved: {0}").format(exc.strerror or exc))
        self.settingsChanged.emit(self.settings)

    def show_error(self, message: str) -> None:
        self.banner.setText(message)
        self.banner.setVisible(bool(message))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt naming)
        super().showEvent(event)
        if self._models:
            self.refresh_fit()  # free memory changes while the app runs


def _from_entry(entry: LibraryEntry) -> InstalledModel:
    return InstalledModel(
        path=entry.path,
        source=entry.source,
        info=entry.info,
        error=entry.error,
        size=entry.size,
        repo_id=entry.repo_id,
    )


def _starter_model(starter: Callable[[], Path | None]) -> InstalledModel | None:
    try:
        path = starter()
    except InkstoneError as exc:
        return InstalledModel(Path(STARTER_NAME), SOURCE_STARTER, None, str(exc), display_name=STARTER_NAME)
    if path is None:
        return None
    try:
        info = read_gguf_info(path)
    except ModelFileError as exc:
        return InstalledModel(path, SOURCE_STARTER, None, str(exc), display_name=STARTER_NAME)
    return InstalledModel(path, SOURCE_STARTER, info, None, info.file_size, display_name=STARTER_NAME)


def _choose_folder(parent: QWidget) -> Path | None:
    title = QCoreApplication.translate("ModelsPage", "Add a Folder of GGUF Models")
    chosen = QFileDialog.getExistingDirectory(parent, title, str(Path.home()))
    return Path(chosen) if chosen else None


def _message(exc: BaseException) -> str:
    if isinstance(exc, InkstoneError):
        return str(exc)
    return QCoreApplication.translate("ModelsPage", "Unexpected error: {0}").format(exc)
