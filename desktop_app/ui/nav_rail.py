"""The slim navigation rail on the left of the window: one icon button per workspace."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QKeySequence
from PySide6.QtWidgets import QButtonGroup, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from desktop_app.ui import icons
from desktop_app.ui.theme import SPACE

RAIL_WIDTH = 76


class NavigationRail(QWidget):
    """`selected(key)` when the user picks a workspace; `select(key)` moves the mark without emitting."""

    selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigationRail")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFixedWidth(RAIL_WIDTH)
        self.setAccessibleName(self.tr("Workspaces"))
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._buttons: dict[str, QToolButton] = {}
        self._icons: dict[str, str] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(SPACE // 2, SPACE, SPACE // 2, SPACE)
        self._layout.setSpacing(SPACE // 2)
        self._layout.addStretch(1)  # items go above it; `add(..., bottom=True)` below it

    def add(self, key: str, label: str, icon_name: str, shortcut: str = "", *, bottom: bool = False) -> QToolButton:
        button = QToolButton()
        button.setObjectName(f"rail-{key}")
        button.setText(label)
        button.setCheckable(True)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        button.setIconSize(QSize(22, 22))
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        button.setAccessibleName(label)
        if shortcut:
            button.setShortcut(QKeySequence(shortcut))
            native = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
            button.setToolTip(self.tr("{0} ({1})").format(label, native))
        else:
            button.setToolTip(label)
        button.clicked.connect(lambda _checked=False, k=key: self.selected.emit(k))
        self._group.addButton(button)
        self._buttons[key] = button
        self._icons[key] = icon_name
        if bottom:
            self._layout.addWidget(button)
        else:
            self._layout.insertWidget(self._layout.count() - 1, button)
        button.setIcon(icons.icon(icon_name))
        self._fit_width()
        return button

    def _fit_width(self) -> None:
        """Slim, but wide enough for the longest label ("Documents", a bigger text size): never elided."""
        # The label's own width plus the button's padding and frame (the style sheet's padding is not
        # always in the size hint), or the size hint, whichever is wider.
        widest = max((max(button.sizeHint().width(),
                          button.fontMetrics().horizontalAdvance(button.text().replace("&", "")) + 2 * SPACE + 4)
                      for button in self._buttons.values()), default=0)
        margins = self._layout.contentsMargins()
        self.setFixedWidth(max(RAIL_WIDTH, widest + margins.left() + margins.right()))

    def event(self, event: QEvent) -> bool:
        # A button's size hint changes when the style sheet reaches it (after add) or the font changes:
        # its layout asks for a new layout then.
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Show, QEvent.Type.FontChange,
                            QEvent.Type.StyleChange):
            self._fit_width()
        return super().event(event)

    def select(self, key: str) -> None:
        button = self._buttons.get(key)
        if button is not None:
            button.setChecked(True)

    def keys(self) -> list[str]:
        return list(self._buttons)

    def label(self, key: str) -> str:
        return self._buttons[key].text()

    def button(self, key: str) -> QToolButton:
        return self._buttons[key]

    def refresh_icons(self) -> None:
        """After a theme change: icons are drawn in the theme's colours."""
        for key, button in self._buttons.items():
            button.setIcon(icons.icon(self._icons[key]))

    def icon(self, key: str) -> QIcon:
        return self._buttons[key].icon()
