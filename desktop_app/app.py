"""Builds the application: the one place where concrete core classes and Qt views are wired together."""

from __future__ import annotations

import logging
import os
import sys

from desktop_app.core.errors import InkstoneError

log = logging.getLogger(__name__)


def run_gui(model_path: str | None = None) -> int:
    """The window: one per data folder (a second launch hands over to the first and exits)."""
    import_store_before_qt()
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion
    from PySide6.QtWidgets import QApplication

    from desktop_app.core.diagnostics import remove_crash_handler, start_diagnostics
    from desktop_app.core.paths import ensure_data_dir
    from desktop_app.ui.single_instance import SingleInstance

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Inkstone")
    app.setOrganizationName("Inkstone")
    install_translations(app)
    try:
        data = ensure_data_dir()
    except InkstoneError as exc:
        return cannot_start(exc)
    crash = start_diagnostics(data, "the window", {"Qt": qVersion(), "PySide6 (imported)": pyside_version})
    try:
        instance = SingleInstance(data)
        if not instance.acquire():
            if instance.hand_over([model_path] if model_path else []):
                log.info("Another Inkstone window has this data folder; it was asked to come forward")
                return 0
            if not instance.acquire():  # unless the other one has just quit
                return cannot_start(InkstoneError(app.translate(
                    "app", "Inkstone is already running but does not respond; close it and try again.")))
        try:
            opened = open_window(model_path, crash=crash)
            if opened is None:
                return 1
            window, services = opened
            instance.activationRequested.connect(window.bring_forward)
            code = app.exec()
            if not services.close():
                # Only a model load still in progress keeps the engine thread busy; every job has stored
                # its text already. Leave at once rather than wait for it (or abort on a running QThread).
                log.warning("The engine thread was still busy at exit; leaving without waiting for it")
                instance.release()
                remove_crash_handler()
                logging.shutdown()
                os._exit(code)
            return code
        finally:
            instance.release()
            if app.property("inkstoneRestart"):  # Settings › Language: start again, in the new language
                import subprocess

                subprocess.Popen([sys.executable, "-m", "desktop_app"], start_new_session=True)
    finally:
        remove_crash_handler()


def import_store_before_qt() -> None:
    """Import the store (SQLAlchemy) before PySide6: once imported, PySide6 reads the source of
    every module imported after it (its __feature__ hook), 60 ms of each launch for SQLAlchemy's."""
    import desktop_app.core.store  # noqa: F401


def cannot_start(exc: InkstoneError) -> int:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    log.error("Inkstone cannot start: %s", exc)
    QMessageBox.critical(None, QCoreApplication.translate("app", "Inkstone cannot start"), str(exc))
    print(f"inkstone: error: {exc}", file=sys.stderr)
    return 1


def open_window(model_path: str | None = None, engine=None, crash=None):
    """Build and show the window, start loading the model, and offer an earlier crash's report.

    A database Inkstone refuses (damaged, another program's, from a newer Inkstone) is left as
    it is: the user may start with a fresh one while the old file is kept beside it under a new
    name. Returns (window, services), or None when the window cannot or may not open.
    """
    from desktop_app.core.diagnostics import mark_seen
    from desktop_app.core.store import DatabaseRefused, aside_name, set_aside
    from desktop_app.ui.startup_dialogs import FreshDatabaseDialog, show_crash_notice

    while True:
        try:
            window, services = build_main_window(engine)
            break
        except DatabaseRefused as exc:
            log.warning("Database refused", exc_info=True)
            kept = aside_name(exc.path)
            if not FreshDatabaseDialog(str(exc), kept).start_fresh():
                return None
            try:
                set_aside(exc.path, kept)
            except InkstoneError as moved:
                cannot_start(moved)
                return None
            log.info("The refused database was kept as %s; starting with a fresh one", kept)
        except InkstoneError as exc:
            log.warning("The window cannot open", exc_info=True)
            cannot_start(exc)
            return None
    window.show()
    window.activateWindow()
    window.chat_page.composer.setFocus()
    window.start(model_path)
    if crash is not None:
        show_crash_notice(window, crash, window.copy_diagnostics)
        mark_seen(crash)
    return window, services


class Services:
    """What the window runs on; closed after the window so nothing is written to a closed store."""

    def __init__(self, store, engine) -> None:
        self.store = store
        self.engine = engine

    def close(self, timeout_ms: int = 2000) -> bool:
        """False when the engine thread is still busy after the timeout (the store is closed anyway)."""
        stopped = self.engine.stop(timeout_ms)
        self.store.close()
        return stopped


def build_main_window(engine=None, embedder=None):
    """Create data dir, store, engine worker and window. `engine` and `embedder` (a SharedEmbedder for
    documents) let tests pass fakes."""
    from desktop_app.core.paths import ensure_data_dir
    from desktop_app.core.settings import Settings
    from desktop_app.core.store import Store
    from desktop_app.ui.main_window import MainWindow
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.engine_runner import EngineThread
    from desktop_app.ui.theme import manager_for

    ensure_data_dir()
    store = Store()
    try:
        store.recover_interrupted()  # only answers whose writer process is gone
    except BaseException:
        store.close()
        raise
    settings = Settings.load()
    if engine is None:
        from desktop_app.core.engine.llama import LlamaEngine
        from desktop_app.core.models.load_guard import GuardedEngine

        engine = GuardedEngine(LlamaEngine())  # a model that takes the process down is not loaded again by itself
    engine_thread = EngineThread(engine)  # one thread, one model: chat, translations and drafts take turns
    theme = manager_for(QApplication.instance(), settings.theme, settings.font_size)
    if theme.mode.value != settings.theme:
        theme.set_mode(settings.theme)
    window = MainWindow(store, engine_thread, settings, theme, embedder)
    return window, Services(store, engine_thread)


LANGUAGE_ENV = "INKSTONE_LANG"  # e.g. zh_CN, or en for English whatever the system language


def install_translations(app) -> list:
    """Load the UI translation for the user's language when one ships in resources/translations.

    INKSTONE_LANG, else the language chosen in Settings, overrides the system language. With ours,
    Qt's own qtbase translation is loaded too (standard buttons such as Cancel). Returns the
    installed QTranslators, so they can be removed.
    """
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    from desktop_app.core.resources import resources_dir
    from desktop_app.core.settings import Settings

    chosen = os.environ.get(LANGUAGE_ENV, "").strip() or Settings.load().ui_language.strip()
    locale = QLocale(chosen) if chosen else QLocale.system()
    ours = QTranslator(app)
    if not ours.load(locale, "inkstone", "_", str(resources_dir() / "translations")):
        return []
    installed = [ours]
    qt = QTranslator(app)
    if qt.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        installed.append(qt)
    for translator in installed:
        app.installTranslator(translator)
    return installed
