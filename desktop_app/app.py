"""Builds the application: the one place where concrete core classes and Qt views are wired together."""

from __future__ import annotations

import os
import sys

from desktop_app.core.errors import InkstoneError


def run_gui(model_path: str | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Inkstone")
    app.setOrganizationName("Inkstone")
    install_translations(app)
    try:
        window, services = build_main_window()
    except InkstoneError as exc:
        QMessageBox.critical(None, app.translate("app", "Inkstone cannot start"), str(exc))
        print(f"inkstone: error: {exc}", file=sys.stderr)
        return 1
    window.show()
    window.activateWindow()
    window.chat_page.composer.setFocus()
    window.start(model_path)
    code = app.exec()
    if not services.close():
        # Only a model load still in progress keeps the engine thread busy; every job has stored its
        # text already. Leave at once rather than wait for it (or abort on a running QThread).
        os._exit(code)
    return code


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


def build_main_window(engine=None):
    """Create data dir, store, engine worker and window. `engine` lets tests pass a fake."""
    from desktop_app.core.paths import ensure_data_dir
    from desktop_app.core.settings import Settings
    from desktop_app.core.store import Store
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.engine_runner import EngineThread

    ensure_data_dir()
    store = Store()
    store.recover_interrupted()
    settings = Settings.load()
    if engine is None:
        from desktop_app.core.engine.llama import LlamaEngine

        engine = LlamaEngine()
    engine_thread = EngineThread(engine)  # one thread, one model: chat, translations and drafts take turns
    window = MainWindow(store, engine_thread, settings)
    return window, Services(store, engine_thread)


LANGUAGE_ENV = "INKSTONE_LANG"  # e.g. zh_CN, or en for English whatever the system language


def install_translations(app) -> list:
    """Load the UI translation for the user's language when one ships in resources/translations.

    INKSTONE_LANG overrides the system language. With ours, Qt's own qtbase translation is loaded
    too (standard buttons such as Cancel). Returns the installed QTranslators, so they can be removed.
    """
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    from desktop_app.core.resources import resources_dir

    chosen = os.environ.get(LANGUAGE_ENV, "").strip()
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
