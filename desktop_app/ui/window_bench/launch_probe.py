"""Run as a module by the window benchmark: start Inkstone's window as `inkstone` does and print the
wall-clock time at which its first frame is painted (the parent noted the time it started this
process); then leave once the model has loaded (leaving mid-load would look like a crash to the
load guard, and the next start would not load that model by itself).

    INKSTONE_DATA_DIR=... python -m desktop_app.ui.window_bench.launch_probe
"""

from __future__ import annotations

import os
import sys
import time


def main() -> None:
    from desktop_app.app import import_store_before_qt

    import_store_before_qt()  # as `inkstone` starts
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_app.app import install_translations, open_window

    app = QApplication(sys.argv)
    app.setApplicationName("Inkstone")
    install_translations(app)
    opened = open_window()  # builds the window and asks for the model; the model loads after
    if opened is None:
        sys.exit(1)
    window, _services = opened

    class FirstPaint(QObject):
        """The window is on screen when its first frame is painted (exposed is not enough)."""

        painted = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
            if event.type() == QEvent.Type.Paint and not self.painted:
                self.painted = True
                print(f"{time.time():.3f}", flush=True)
            return False

    watcher = FirstPaint()
    window.installEventFilter(watcher)
    window.modelReady.connect(lambda _info: app.quit())
    window.engine.runner.loadFailed.connect(lambda _message: app.quit())
    QTimer.singleShot(120_000, app.quit)
    app.exec()
    _services.close()
    os._exit(0)


if __name__ == "__main__":
    main()
