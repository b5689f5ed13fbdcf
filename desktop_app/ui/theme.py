"""The one place where Inkstone's colours and spacing live: light, dark, or the system's choice.

Widgets take their colours from the application palette (which this module sets) or from
`current()`; nothing else in the UI writes a colour. Switching the theme re-applies the
palette and the style sheet at once, and `ThemeManager.changed` tells the views that draw
their own HTML (messages, previews, badges) to redraw.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

SPACE = 8  # the spacing unit: margins and gaps are 0.5, 1, 1.5, 2 or 3 of it
RADIUS = 8
READING_WIDTH = 760  # the chat's reading column


class ThemeMode(str, Enum):
    LIGHT = "light"
    DARK = "dark"
    SYSTEM = "system"


@dataclass(frozen=True)
class Colours:
    dark: bool
    window: str  # behind everything
    surface: str  # panes, cards, editors
    sunken: str  # the navigation rail, code, inputs at rest
    border: str
    text: str
    muted: str
    accent: str
    on_accent: str
    accent_soft: str  # selected rows, the user's cards
    danger: str
    danger_soft: str
    warning: str
    warning_soft: str
    success: str
    success_soft: str
    # Markdown
    pygments_style: str
    code_background: str
    code_foreground: str
    inline_code_background: str
    table_border: str
    table_header_background: str
    quote_foreground: str
    quote_bar: str
    deleted: str  # a suggestion's removed text
    inserted: str
    highlight: str  # found words in a passage


LIGHT = Colours(
    dark=False, window="#f4f5f7", surface="#ffffff", sunken="#eceef1", border="#dfe2e6", text="#1f2328",
    muted="#6a7079", accent="#2f6feb", on_accent="#ffffff", accent_soft="#e6eefd", danger="#b42318",
    danger_soft="#fdecea", warning="#8a5a00", warning_soft="#fff4d6", success="#1e7a34", success_soft="#e3f4e5",
    pygments_style="default", code_background="#f6f8fa", code_foreground="#1f2328",
    inline_code_background="#eaeef2", table_border="#c9d0d7", table_header_background="#eef1f4",
    quote_foreground="#57606a", quote_bar="#c9d0d7", deleted="#fbd3d0", inserted="#d2f4d3", highlight="#ffe278",
)
DARK = Colours(
    dark=True, window="#15161a", surface="#1d1f24", sunken="#24262c", border="#30333a", text="#e6e7ea",
    muted="#9aa0a8", accent="#6ea8fe", on_accent="#0d1117", accent_soft="#22324d", danger="#ff8a80",
    danger_soft="#3b1f1f", warning="#f2c46d", warning_soft="#3a3020", success="#7ddc8f", success_soft="#1f3526",
    pygments_style="github-dark", code_background="#161b22", code_foreground="#e6edf3",
    inline_code_background="#2b3038", table_border="#50565e", table_header_background="#262a31",
    quote_foreground="#9198a1", quote_bar="#50565e", deleted="#5b2a2a", inserted="#224a2c", highlight="#6b5714",
)

_current = LIGHT


def current() -> Colours:
    """The colours in use now (light before any theme is applied)."""
    return _current


def system_is_dark() -> bool:
    """What the system asks for; an unknown answer counts as light."""
    hints = QGuiApplication.styleHints()
    scheme = getattr(hints, "colorScheme", None)  # Qt 6.5+
    return scheme is not None and scheme() == Qt.ColorScheme.Dark


def resolve(mode: ThemeMode | str) -> Colours:
    mode = ThemeMode(mode) if not isinstance(mode, ThemeMode) else mode
    if mode is ThemeMode.SYSTEM:
        return DARK if system_is_dark() else LIGHT
    return DARK if mode is ThemeMode.DARK else LIGHT


def palette(colours: Colours) -> QPalette:
    p = QPalette()
    role = QPalette.ColorRole
    for r, value in (
        (role.Window, colours.window), (role.WindowText, colours.text), (role.Base, colours.surface),
        (role.AlternateBase, colours.sunken), (role.Text, colours.text), (role.Button, colours.surface),
        (role.ButtonText, colours.text), (role.Highlight, colours.accent), (role.HighlightedText, colours.on_accent),
        (role.ToolTipBase, colours.surface), (role.ToolTipText, colours.text), (role.PlaceholderText, colours.muted),
        (role.Link, colours.accent), (role.BrightText, colours.danger), (role.Mid, colours.border),
        (role.Midlight, colours.sunken), (role.Dark, colours.border), (role.Light, colours.surface),
    ):
        p.setColor(r, QColor(value))
    for group in (QPalette.ColorGroup.Disabled,):
        p.setColor(group, role.Text, QColor(colours.muted))
        p.setColor(group, role.ButtonText, QColor(colours.muted))
        p.setColor(group, role.WindowText, QColor(colours.muted))
    return p


def stylesheet(c: Colours) -> str:
    """Flat, borderless panes; one accent; the spacing scale. Object names pick out the special widgets."""
    s, r = SPACE, RADIUS
    return f"""
    QMainWindow, QDialog {{ background: {c.window}; }}
    QSplitter::handle {{ background: {c.window}; }}
    QSplitter::handle:horizontal {{ width: 1px; background: {c.border}; }}
    QSplitter::handle:vertical {{ height: 1px; background: {c.border}; }}
    QListView, QListWidget, QTreeView, QTableView, QTableWidget {{
        background: {c.surface}; border: none; outline: none; }}
    QListView::item, QListWidget::item {{ padding: {s // 2}px {s}px; border-radius: {r - 2}px; }}
    QListView::item:selected, QListWidget::item:selected, QTableView::item:selected {{
        background: {c.accent_soft}; color: {c.text}; }}
    QTextBrowser, QTextEdit, QPlainTextEdit {{ background: {c.surface}; border: none;
        selection-background-color: {c.accent}; selection-color: {c.on_accent}; }}
    QLineEdit {{ background: {c.surface}; border: 1px solid {c.border}; border-radius: {r - 2}px;
        padding: {s // 2}px {s}px; }}
    QLineEdit:focus {{ border-color: {c.accent}; }}
    QPushButton {{ background: {c.surface}; color: {c.text}; border: 1px solid {c.border}; border-radius: {r - 2}px;
        padding: {s // 2}px {s + s // 2}px; }}
    QPushButton:hover {{ border-color: {c.accent}; }}
    QPushButton:disabled {{ color: {c.muted}; border-color: {c.border}; }}
    QPushButton[primary="true"] {{ background: {c.accent}; color: {c.on_accent}; border: none; }}
    QPushButton[primary="true"]:disabled {{ background: {c.border}; color: {c.muted}; }}
    QToolButton {{ border: none; border-radius: {r - 2}px; padding: {s // 2}px; }}
    QToolButton:hover {{ background: {c.sunken}; }}
    QTabWidget::pane {{ border: none; }}
    QTabBar::tab {{ background: transparent; padding: {s // 2}px {s + s // 2}px; border: none;
        border-bottom: 2px solid transparent; color: {c.muted}; }}
    QTabBar::tab:selected {{ color: {c.text}; border-bottom-color: {c.accent}; }}
    QStatusBar {{ background: {c.window}; color: {c.muted}; }}
    QStatusBar::item {{ border: none; }}
    QProgressBar {{ background: {c.sunken}; border: none; border-radius: 3px; max-height: 6px; }}
    QProgressBar::chunk {{ background: {c.accent}; border-radius: 3px; }}
    QMenu {{ background: {c.surface}; border: 1px solid {c.border}; padding: {s // 2}px; }}
    QMenu::item {{ padding: {s // 2}px {s * 2}px; border-radius: {r - 4}px; }}
    QMenu::item:selected {{ background: {c.accent_soft}; color: {c.text}; }}
    QToolTip {{ background: {c.surface}; color: {c.text}; border: 1px solid {c.border}; padding: {s // 2}px; }}
    #messageView {{ background: {c.window}; }}
    #messageActions {{ background: transparent; }}
    #navigationRail {{ background: {c.sunken}; }}
    #navigationRail QToolButton {{ color: {c.muted}; padding: {s}px {s // 2}px; font-size: 11px; }}
    #navigationRail QToolButton:checked {{ color: {c.accent}; background: {c.surface}; }}
    #errorBanner, QLabel[banner="error"] {{ background: {c.danger_soft}; color: {c.danger};
        padding: {s - 2}px {s}px; border-radius: {r - 2}px; }}
    QLabel[muted="true"] {{ color: {c.muted}; }}
    QLabel[tone="danger"] {{ color: {c.danger}; }}
    #toast {{ background: {c.text}; color: {c.surface}; border-radius: {r}px; padding: {s}px {s * 2}px; }}
    #toast QPushButton {{ background: transparent; color: {c.accent if c.dark else c.accent_soft}; border: none;
        font-weight: bold; }}
    """


class ThemeManager(QObject):
    """Applies a mode to the application and follows the system while the mode is "system"."""

    changed = Signal(object)  # Colours

    def __init__(self, app: QApplication, mode: ThemeMode | str = ThemeMode.SYSTEM) -> None:
        super().__init__(app)
        self._app = app
        self.mode = ThemeMode(mode) if str(mode) in {m.value for m in ThemeMode} else ThemeMode.SYSTEM
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(self._system_changed)
        self.apply()

    @property
    def colours(self) -> Colours:
        return _current

    def set_mode(self, mode: ThemeMode | str) -> None:
        self.mode = ThemeMode(mode)
        self.apply()

    def set_font_size(self, points: int) -> None:
        """0: the system's size. Widgets follow the application font; HTML views redraw on `changed`."""
        set_base_font_size(self._app, points)
        self.changed.emit(_current)

    def apply(self) -> None:
        global _current
        _current = resolve(self.mode)
        self._app.setPalette(palette(_current))
        self._app.setStyleSheet(stylesheet(_current))
        self.changed.emit(_current)

    def _system_changed(self, _scheme: object) -> None:
        if self.mode is ThemeMode.SYSTEM:
            self.apply()


_system_point_size: dict[int, float] = {}


def set_base_font_size(app: QApplication, points: int) -> None:
    """0: the system's size (as it was before Inkstone changed it)."""
    font = QFont(app.font())
    system = _system_point_size.setdefault(id(app), font.pointSizeF())
    font.setPointSizeF(float(points) if points > 0 else system)
    app.setFont(font)


def when_changed(slot: Callable[[Colours], object]) -> None:
    """Call ``slot`` with the new colours whenever the theme changes. Pass a bound method of a
    QObject: Qt disconnects it when that object goes. No manager yet (a widget made on its own,
    in a test): nothing to follow."""
    app = QApplication.instance()
    manager = app.findChild(ThemeManager, "themeManager") if app is not None else None
    if manager is not None:
        manager.changed.connect(slot)


def manager_for(app: QApplication, mode: ThemeMode | str = ThemeMode.SYSTEM, font_size: int = 0) -> ThemeManager:
    """The application's one ThemeManager (made on first use, with the saved mode and text size)."""
    existing = app.findChild(ThemeManager, "themeManager")
    if existing is not None:
        return existing
    manager = ThemeManager(app, mode)
    manager.setObjectName("themeManager")
    if font_size:
        set_base_font_size(app, font_size)
    return manager
