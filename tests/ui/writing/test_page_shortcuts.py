"""A page's own keys win over the window's menu shortcuts while the focus is in the page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLineEdit, QMainWindow, QTabWidget, QWidget

from desktop_app.core.settings import Settings
from desktop_app.ui.writing.draft_page import DraftPage


def window_with_new_chat(qtbot, page: QWidget) -> tuple[QMainWindow, QTabWidget, list[bool]]:
    window = QMainWindow()
    qtbot.addWidget(window)
    hits: list[bool] = []
    new_chat = QAction("New Chat", window)
    new_chat.setShortcut(QKeySequence(QKeySequence.StandardKey.New))
    new_chat.triggered.connect(lambda: hits.append(True))
    window.menuBar().addMenu("Chat").addAction(new_chat)
    tabs = QTabWidget()
    chat = QLineEdit()
    tabs.addTab(chat, "Chat")
    tabs.addTab(page, "Draft")
    window.setCentralWidget(tabs)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window, tabs, hits


def test_ctrl_n_in_the_draft_page_starts_a_new_draft_and_elsewhere_a_new_chat(qtbot, store, runner) -> None:
    page = DraftPage(store, runner, Settings())
    window, tabs, hits = window_with_new_chat(qtbot, page)
    tabs.setCurrentWidget(page)
    page.editor.setPlainText("Something written")
    page.editor.setFocus()

    qtbot.keyClick(page.editor, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)

    assert page.editor.toPlainText() == ""
    assert hits == []
    tabs.setCurrentIndex(0)
    tabs.widget(0).setFocus()
    qtbot.keyClick(tabs.widget(0), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert hits == [True]


def test_with_the_focus_on_the_tab_bar_ctrl_n_is_the_windows_and_not_ambiguous(qtbot, store, runner) -> None:
    page = DraftPage(store, runner, Settings())
    window, tabs, hits = window_with_new_chat(qtbot, page)
    tabs.setCurrentWidget(page)
    page.editor.setPlainText("Kept")
    tabs.tabBar().setFocus()

    qtbot.keyClick(tabs.tabBar(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)

    assert hits == [True]
    assert page.editor.toPlainText() == "Kept"
