"""A model being loaded, in words that change while it loads: its name, its size, the seconds so far.

llama.cpp does not report how far a load has got, so the time spent is what shows that
something is happening; the size says how long to expect. The engine thread does the loading,
so this timer on the GUI thread keeps ticking.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_app.core.models.fit import describe_bytes

TICK_MS = 500


class LoadProgress(QObject):
    textChanged = Signal(str)  # "" once the load is over

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._started = 0.0
        self._what = ""
        self.text = ""

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def start(self, what: str) -> None:
        """`what`: "starter" (being prepared), or the path of the file being loaded."""
        if what == "starter":
            self._what = self.tr("Preparing the starter model")
        else:
            path = Path(what)
            try:
                size = describe_bytes(path.stat().st_size)
            except OSError:
                self._what = self.tr("Loading {0}").format(path.name)
            else:
                self._what = self.tr("Loading {0} ({1})").format(path.name, size)
        if not self._timer.isActive():
            self._started = time.monotonic()
            self._timer.start()
        self._tick()

    def stop(self) -> None:
        self._timer.stop()
        self.text = ""
        self.textChanged.emit("")

    def _tick(self) -> None:
        elapsed = int(time.monotonic() - self._started)
        self.text = self.tr("{0}… {1} s").format(self._what, elapsed)
        self.textChanged.emit(self.text)
