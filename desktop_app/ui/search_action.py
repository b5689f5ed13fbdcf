"""Edit › Search History (Ctrl+K, Ctrl+F): opens the search popup and takes the user to what they chose.

A chat message opens in the Chat workspace on its branch, scrolled to it; a translation or a
draft opens in its own workspace. The popup is built on first use (launching does not pay
for it) and kept, so the last query is still there next time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from desktop_app.core.search.service import SearchHit

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.search_popup import SearchPopup


class SearchAction(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.popup: SearchPopup | None = None
        self.action = QAction(self.tr("&Search History…"), window)
        self.action.setObjectName("searchHistoryAction")
        self.action.setShortcuts([QKeySequence("Ctrl+K"), QKeySequence(QKeySequence.StandardKey.Find)])
        self.action.setToolTip(self.tr("Find any message in your chats, translations and drafts (Ctrl+K)"))
        self.action.triggered.connect(self.open)
        window.addAction(self.action)

    def open(self) -> SearchPopup:
        if self.popup is None:
            from desktop_app.ui.search_popup import SearchPopup

            self.popup = SearchPopup(self.window.store, self.window)
            self.popup.hitChosen.connect(self.go_to)
        self.popup.popup()
        return self.popup

    def go_to(self, hit: SearchHit) -> None:
        window = self.window
        kind, conversation_id = hit.conversation.kind, hit.conversation.id
        if kind == "translation":
            window.show_page("translate")
            window.translate_page.open_history(conversation_id)
        elif kind == "draft":
            window.show_page("draft")
            window.draft_page.open_draft(conversation_id)
        else:
            window.show_page("chat")
            window.chat_page.open_message(conversation_id, hit.message.id)

    def shutdown(self) -> None:
        if self.popup is not None:
            self.popup.runner.shutdown(2000)
