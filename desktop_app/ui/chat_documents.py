"""Documents in Chat: the button that chooses the collections a conversation answers from, and the
sources listed under its answers.

The chat page keeps one ChatDocumentsControl. Its button sits beside the composer; its menu lists
the collections (from the Documents workspace) with a check mark on those the conversation uses.
A new chat is stored only when its first message is sent, so a choice made before that waits
(`attach`). The sources under an answer are a footer the message view draws after the answer's
own text (MessageView.set_footer): trusted HTML made here from the stored citations, never from
the model's output, with inkstone-source: links that open the passage, its matched words
highlighted (ui/documents/passage_dialog.py).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from desktop_app.ui.icons import icon

if TYPE_CHECKING:
    from desktop_app.core.chat.documents import ChatDocuments
    from desktop_app.core.store import MessageRecord
    from desktop_app.core.store.document_schema import CitationRecord
    from desktop_app.ui.documents.passage_dialog import PassageDialog
    from desktop_app.ui.message_view import MessageView

log = logging.getLogger(__name__)

SOURCE_SCHEME = "inkstone-source"  # inkstone-source:<message id>/<number>


class ChatDocumentsControl(QObject):
    passageOpened = Signal(object)  # the PassageDialog, once shown
    manageRequested = Signal()  # "Add documents…": the window shows the Documents workspace
    chosenChanged = Signal(list)  # the collection ids the conversation on screen (or the next new one) uses

    def __init__(self, documents: ChatDocuments, view: MessageView, parent: QWidget) -> None:
        super().__init__(parent)
        self.documents = documents
        self.view = view
        self._parent = parent
        self.conversation_id: int | None = None
        self._chosen: list[int] = []  # for conversation_id, or for the chat not stored yet
        self._citations: dict[int, list[CitationRecord]] = {}  # answer's message id -> its sources
        self._questions: dict[int, str] = {}  # answer's message id -> the question (its words are highlighted)

        self.button = QToolButton(parent)
        self.button.setObjectName("chatDocumentsButton")
        self.button.setIcon(icon("mdi6.book-open-page-variant-outline"))
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setCheckable(True)
        self.menu = QMenu(self.button)
        self.menu.setObjectName("chatDocumentsMenu")
        self.menu.aboutToShow.connect(self._fill_menu)
        self.button.setMenu(self.menu)
        self._show_choice()

        view.set_footer(self.footer_html)
        view.anchorClicked.connect(self._open_link)

    # -- the conversation on screen --------------------------------------------------------

    def show_conversation(self, conversation_id: int, messages: Sequence[MessageRecord]) -> None:
        """Read the conversation's collections and the sources of its answers (before its messages are drawn)."""
        self.conversation_id = conversation_id
        try:
            self._chosen = self.documents.chosen(conversation_id)
            self._citations = self.documents.citations(conversation_id)
        except Exception:  # the documents tables unreadable: the chat still opens, without sources
            log.exception("Reading the conversation's documents failed")
            self._chosen, self._citations = [], {}
        by_id = {m.id: m for m in messages}
        self._questions = {}
        for message_id in self._citations:
            message = by_id.get(message_id)
            question = by_id.get(message.parent_id) if message is not None and message.parent_id else None
            self._questions[message_id] = question.content if question is not None else ""
        self._show_choice()

    def new_chat(self) -> None:
        self.conversation_id = None
        self._chosen, self._citations, self._questions = [], {}, {}
        self._show_choice()

    def attach(self, conversation_id: int) -> None:
        """The first message of a new chat stored it: the collections chosen before go with it."""
        if self.conversation_id is None and self._chosen:
            self.documents.choose(conversation_id, self._chosen)
        self.conversation_id = conversation_id

    def add_citations(self, message_id: int, citations: Sequence[CitationRecord], question: str) -> None:
        """An answer just finished: its sources are drawn under it when the view renders it."""
        if citations:
            self._citations[message_id] = list(citations)
            self._questions[message_id] = question
        else:
            self._citations.pop(message_id, None)

    def chosen(self) -> list[int]:
        return list(self._chosen)

    def choose(self, collection_ids: Sequence[int]) -> None:
        self._chosen = list(dict.fromkeys(collection_ids))
        if self.conversation_id is not None:
            self.documents.choose(self.conversation_id, self._chosen)
        self._show_choice()
        self.chosenChanged.emit(self.chosen())

    # -- the button ------------------------------------------------------------------------

    def _show_choice(self) -> None:
        count = len(self._chosen)
        self.button.setChecked(count > 0)
        self.button.setText(self.tr("Documents") if count == 0 else self.tr("Documents (%n)", "", count))
        self.button.setToolTip(
            self.tr("Answer from your documents: choose the collections this conversation searches")
            if count == 0 else self.tr("Answers search %n document collection(s) and cite them", "", count))

    def _fill_menu(self) -> None:
        self.menu.clear()
        try:
            collections = self.documents.collections()
        except Exception:
            log.exception("Listing the document collections failed")
            collections = []
        for collection in collections:
            action = QAction(collection.name, self.menu)
            action.setCheckable(True)
            action.setChecked(collection.id in self._chosen)
            action.toggled.connect(lambda on, cid=collection.id: self._toggle(cid, on))
            self.menu.addAction(action)
        if not collections:
            empty = self.menu.addAction(self.tr("No documents added yet"))
            empty.setEnabled(False)
        self.menu.addSeparator()
        self.menu.addAction(self.tr("Add or manage documents…"), self.manageRequested.emit)

    def _toggle(self, collection_id: int, on: bool) -> None:
        rest = [c for c in self._chosen if c != collection_id]
        self.choose([*rest, collection_id] if on else rest)

    # -- the sources under answers -----------------------------------------------------------

    def footer_html(self, key: object) -> str:
        """The numbered sources under an answer, as links; "" for a message without them."""
        citations = self._citations.get(key) if isinstance(key, int) else None
        if not citations:
            return ""
        from desktop_app.core.documents.retrieval import location_of
        lines = []
        for citation in citations:
            where = ", ".join(x for x in (Path(citation.path).name, location_of(citation.page, citation.heading)) if x)
            label = html.escape(f"[{citation.number}] {where}", quote=False)
            lines.append(f'<a href="{SOURCE_SCHEME}:{key}/{citation.number}">{label}</a>')
        title = html.escape(self.tr("Sources:"), quote=False)
        return f"\n<p><small><b>{title}</b><br />{'<br />'.join(lines)}</small></p>"

    def _open_link(self, url: QUrl) -> None:
        if url.scheme() != SOURCE_SCHEME:
            return  # the view's own links (web, inkstone:) are its business
        message, _, number = url.path().partition("/")
        if message.isdigit() and number.isdigit():
            self.open_source(int(message), int(number))

    def open_source(self, message_id: int, number: int) -> PassageDialog | None:
        citation = next((c for c in self._citations.get(message_id, []) if c.number == number), None)
        if citation is None:
            return None
        from desktop_app.core.documents.retrieval import location_of
        from desktop_app.ui.documents.passage_dialog import PassageDialog

        dialog = PassageDialog(citation.path, location_of(citation.page, citation.heading), citation.text,
                               self._questions.get(message_id, ""), self._parent)
        dialog.setModal(False)
        dialog.show()
        self.passageOpened.emit(dialog)
        return dialog
