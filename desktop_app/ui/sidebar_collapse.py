"""On a narrow window the conversation list steps aside, so the chat keeps a readable width.

Below COLLAPSE_BELOW pixels of the chat page, the list hides and a button in a slim bar above
the chat (`bar`, which the page places) brings it back, as a drawer: picking a conversation
puts it away again. Widening the window shows the list as before.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QWidget

from desktop_app.ui import icons
from desktop_app.ui.theme import SPACE

COLLAPSE_BELOW = 920  # a 960 px window leaves the chat page about 890 px beside the navigation rail


class SidebarCollapse(QObject):
    def __init__(self, page: QWidget, sidebar: QWidget) -> None:
        super().__init__(page)
        self.page = page
        self.sidebar = sidebar
        self.narrow = False
        self.bar = QWidget()
        self.bar.setObjectName("sidebarBar")
        self.button = QToolButton()
        self.button.setObjectName("sidebarToggle")
        self.button.setCheckable(True)
        self.button.setIcon(icons.icon("mdi6.menu"))
        self.button.setIconSize(QSize(20, 20))
        self.button.setToolTip(self.tr("Show or hide the conversations"))
        self.button.setAccessibleName(self.tr("Conversations"))
        self.button.clicked.connect(self.toggle)
        layout = QHBoxLayout(self.bar)
        layout.setContentsMargins(SPACE // 2, SPACE // 2, SPACE // 2, 0)
        layout.addWidget(self.button)
        layout.addStretch(1)
        self.bar.hide()
        page.installEventFilter(self)

    @property
    def collapsed(self) -> bool:
        return self.sidebar.isHidden()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        if watched is self.page and event.type() == QEvent.Type.Resize:
            self._set_narrow(self.page.width() < COLLAPSE_BELOW)
        return False

    def toggle(self) -> None:
        self.sidebar.setVisible(self.sidebar.isHidden())
        self.button.setChecked(not self.sidebar.isHidden())

    def put_away(self) -> None:
        """After a conversation is picked: on a narrow window the list makes room for it again."""
        if self.narrow and not self.sidebar.isHidden():
            self.toggle()

    def refresh_icons(self) -> None:
        self.button.setIcon(icons.icon("mdi6.menu"))

    def _set_narrow(self, narrow: bool) -> None:
        if narrow == self.narrow:
            return
        self.narrow = narrow
        self.sidebar.setVisible(not narrow)
        self.button.setChecked(False)
        self.bar.setVisible(narrow)
