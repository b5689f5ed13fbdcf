"""Icons: Material Design Icons through qtawesome (a maintained icon-font package), in the theme's colours.

The one place that imports qtawesome. Icons are drawn from the font when first asked for and
cached per theme, so a theme change redraws them in the new colours.
"""

from __future__ import annotations

import functools

from PySide6.QtGui import QIcon

from desktop_app.core.resources import resources_dir
from desktop_app.ui import theme


def icon(name: str) -> QIcon:
    """`name` as qtawesome spells it ("mdi6.chat-outline"); muted normally, accent when active."""
    colours = theme.current()
    return _icon(name, colours.muted, colours.accent, colours.text)


@functools.lru_cache(maxsize=256)
def _icon(name: str, normal: str, active: str, hovered: str) -> QIcon:
    import qtawesome

    return qtawesome.icon(name, color=normal, color_active=active, color_on=active, color_selected=active)


def app_icon() -> QIcon:
    """Inkstone's own icon (an ink stone with a drop of ink), from resources/icons."""
    return QIcon(str(resources_dir() / "icons" / "inkstone.svg"))
