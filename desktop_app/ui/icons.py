"""Icons: Material Design Icons (vendored SVGs, tools/update_icons.py) drawn in the theme's colours.

Qt's SVG renderer draws them at the sizes asked for; an icon is muted at rest and in the accent
colour when checked or active, and a theme change redraws them (the cache is per colour).
No icon font is loaded at start-up, so the first window appears without waiting for one.
"""

from __future__ import annotations

import functools
import re

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from desktop_app.core.resources import resources_dir
from desktop_app.ui import theme

SIZES = (16, 20, 22, 24, 32, 44)  # drawn ahead for the sizes the window uses (and 2x for HiDPI)
_SVG_OPEN = re.compile(r"<svg\b")


def icon(name: str) -> QIcon:
    """`name` as "mdi6.chat-outline" (the Material Design Icons name): muted normally, accent when on."""
    colours = theme.current()
    return _icon(name.split(".", 1)[-1], colours.muted, colours.accent, colours.text)


@functools.lru_cache(maxsize=256)
def _icon(name: str, normal: str, active: str, hovered: str) -> QIcon:
    svg = (resources_dir() / "icons" / "mdi" / f"{name}.svg").read_text(encoding="utf-8")
    result = QIcon()
    for size in SIZES:
        result.addPixmap(_draw(svg, normal, size), QIcon.Mode.Normal, QIcon.State.Off)
        result.addPixmap(_draw(svg, active, size), QIcon.Mode.Normal, QIcon.State.On)
        result.addPixmap(_draw(svg, active, size), QIcon.Mode.Active, QIcon.State.Off)
        result.addPixmap(_draw(svg, active, size), QIcon.Mode.Active, QIcon.State.On)
        result.addPixmap(_draw(svg, hovered, size), QIcon.Mode.Selected, QIcon.State.Off)
    return result


def _draw(svg: str, colour: str, size: int) -> QPixmap:
    coloured = _SVG_OPEN.sub(f'<svg fill="{colour}"', svg, count=1)
    renderer = QSvgRenderer(QByteArray(coloured.encode("utf-8")))
    pixmap = QPixmap(QSize(size, size))
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return pixmap


def app_icon() -> QIcon:
    """Inkstone's own icon (an ink stone with a drop of ink), from resources/icons."""
    return QIcon(str(resources_dir() / "icons" / "inkstone.svg"))
