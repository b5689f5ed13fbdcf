"""The workspaces beside the navigation rail: one page shown at a time, each built when first needed.

Launching does not wait for the pages the user has not opened: a page's module is imported and
its widgets built the first time it is shown or asked for (or soon after the window is on
screen, one page per turn of the event loop, so switching to it later is instant).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QWidget

from desktop_app.ui.nav_rail import NavigationRail


@dataclass
class _Slot:
    label: str
    build: Callable[[], QWidget]
    page: QWidget | None = None
    placeholder: QWidget | None = None


class Workspaces(QWidget):
    pageShown = Signal(str)  # key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rail = NavigationRail()
        self.stack = QStackedWidget()
        self.stack.setObjectName("workspaceStack")
        self._slots: dict[str, _Slot] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.rail)
        layout.addWidget(self.stack, 1)
        self.rail.selected.connect(self.show_page)

    def add(self, key: str, label: str, icon_name: str, build: Callable[[], QWidget] | QWidget,
            shortcut: str = "", *, bottom: bool = False) -> None:
        """A page now (a widget) or later (a callable that builds it)."""
        if isinstance(build, QWidget):
            slot = _Slot(label, lambda: build, page=build)
            self.stack.addWidget(build)
        else:
            slot = _Slot(label, build, placeholder=QWidget())
            self.stack.addWidget(slot.placeholder)
        self._slots[key] = slot
        self.rail.add(key, label, icon_name, shortcut, bottom=bottom)
        if self.stack.count() == 1:
            self.rail.select(key)

    def keys(self) -> list[str]:
        return list(self._slots)

    def label(self, key: str) -> str:
        return self._slots[key].label

    def built(self, key: str) -> bool:
        return self._slots[key].page is not None

    def unbuilt(self) -> list[str]:
        return [key for key, slot in self._slots.items() if slot.page is None]

    def page(self, key: str) -> QWidget:
        """The page, built now if it was not yet."""
        slot = self._slots[key]
        if slot.page is None:
            slot.page = slot.build()
            index = self.stack.indexOf(slot.placeholder)
            current = self.stack.currentIndex()
            self.stack.insertWidget(index, slot.page)
            self.stack.removeWidget(slot.placeholder)
            slot.placeholder.deleteLater()
            slot.placeholder = None
            self.stack.setCurrentIndex(current)
        return slot.page

    def show_page(self, key: str) -> QWidget:
        page = self.page(key)
        self.stack.setCurrentWidget(page)
        self.rail.select(key)
        self.pageShown.emit(key)
        return page

    def current_key(self) -> str:
        widget = self.stack.currentWidget()
        return next((k for k, slot in self._slots.items() if widget in (slot.page, slot.placeholder)), "")

    def current_page(self) -> QWidget | None:
        slot = self._slots.get(self.current_key())
        return None if slot is None else slot.page
