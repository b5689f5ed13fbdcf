"""Run as a module by the window benchmark: start Inkstone's window as `inkstone` does and print how
long it took from the process's start to the window being on screen; then leave at once.

    INKSTONE_DATA_DIR=... python -m desktop_app.ui.window_bench.launch_probe
"""

from __future__ import annotations

import os
import sys
import time


def main() -> None:
    import psutil

    started = psutil.Process().create_time()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_app.app import install_translations, open_window

    app = QApplication(sys.argv)
    app.setApplicationName("Inkstone")
    install_translations(app)
    opened = open_window()  # builds the window and asks for the model; the model loads after
    if opened is None:
        sys.exit(1)
    window, _services = opened

    def check() -> None:
        handle = window.windowHandle()
        if handle is not None and handle.isExposed():
            print(f"{time.time() - started:.3f}", flush=True)
            os._exit(0)  # the model may still be loading: nothing to wait for

    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(check)
    timer.start()
    app.exec()


if __name__ == "__main__":
    main()
