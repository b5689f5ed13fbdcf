"""Where the main window opens: as the user left it, else sized to the screen it opens on.

Saved as Qt's own geometry blob (base64, in Settings), restored only when it still fits one of
the screens (a monitor that was unplugged, a scale factor that grew): otherwise the window is
sized afresh to the available area, so nothing opens off-screen, even at 200 % on 1920×1080.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QSplitter, QWidget

from desktop_app.core.settings import Settings

FIRST_SHARE = 0.85  # of the available screen area, at the first start
LARGEST = (1440, 940)  # a first window no larger than this: a reading width, not a wall of text
SMALLEST = (720, 460)  # the window can be made this small (below that, panes would crush)


def restore_window(window: QWidget, settings: Settings) -> None:
    window.setMinimumSize(*SMALLEST)
    saved = settings.window_geometry
    if saved and window.restoreGeometry(QByteArray.fromBase64(saved.encode("ascii"))) and _on_a_screen(window):
        return
    size_to_screen(window)


def size_to_screen(window: QWidget) -> None:
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        window.resize(1100, 760)
        return
    area = screen.availableGeometry()
    width = min(LARGEST[0], max(min(SMALLEST[0], area.width()), int(area.width() * FIRST_SHARE)))
    height = min(LARGEST[1], max(min(SMALLEST[1], area.height()), int(area.height() * FIRST_SHARE)))
    window.setMinimumSize(min(SMALLEST[0], area.width()), min(SMALLEST[1], area.height()))
    window.resize(width, height)
    frame = QRect(0, 0, width, height)
    frame.moveCenter(area.center())
    window.move(frame.topLeft())


def save_window(window: QWidget, settings: Settings) -> None:
    settings.window_geometry = bytes(window.saveGeometry().toBase64()).decode("ascii")


def restore_splitter(splitter: QSplitter, name: str, settings: Settings) -> None:
    saved = settings.splitters.get(name)
    if saved:
        splitter.restoreState(QByteArray.fromBase64(saved.encode("ascii")))


def save_splitter(splitter: QSplitter, name: str, settings: Settings) -> None:
    settings.splitters[name] = bytes(splitter.saveState().toBase64()).decode("ascii")


def _on_a_screen(window: QWidget) -> bool:
    """The restored frame lies (mostly) on one of the screens as they are now."""
    frame = window.frameGeometry()
    for screen in QGuiApplication.screens():
        area = screen.availableGeometry()
        visible = area.intersected(frame)
        if visible.width() * visible.height() >= 0.8 * frame.width() * frame.height() and \
                frame.width() <= area.width() and frame.height() <= area.height():
            return True
    return False
