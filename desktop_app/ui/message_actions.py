"""What can be done to one message of the chat: the same actions in a bar on the message, in its context
menu and on the keyboard.

The bar is laid over the label line of the message under the mouse (or chosen with Alt+Up/Down);
the shortcuts work while the conversation has the keyboard focus. Copying is done here; anything
that changes the conversation is asked of the page through `triggered`, which the page carries out
through ChatService.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QMenu, QToolButton, QWidget

from desktop_app.ui.icons import icon
from desktop_app.ui.message_view import MessageView

EDIT, REGENERATE, CONTINUE, DELETE, FORK = "edit", "regenerate", "continue", "delete", "fork"


@dataclass(frozen=True)
class MessageState:
    """What the page knows about a message that decides which actions it offers."""

    role: str
    can_continue: bool = False  # an answer that stopped or hit the length limit, last on its branch
    busy: bool = False  # an answer is being written in this conversation: the tree must not change


class MessageActions(QObject):
    triggered = Signal(str, object)  # EDIT, REGENERATE, CONTINUE, DELETE or FORK; the message's key
    copied = Signal(str)  # what was put on the clipboard, as a short notice

    def __init__(self, view: MessageView) -> None:
        super().__init__(view)
        self.view = view
        self._key: object | None = None
        self._icons: dict[QAction, str] = {}  # drawn again in the new colours when the theme changes
        self.copy_markdown = self._action(self.tr("Copy as Markdown"), "mdi6.language-markdown-outline",
                                          QKeySequence("Ctrl+Shift+C"), self._copy_markdown)
        self.copy_text = self._action(self.tr("Copy as Plain Text"), "mdi6.content-copy",
                                      QKeySequence("Ctrl+Alt+C"), self._copy_text)
        self.edit = self._change(self.tr("Edit"), "mdi6.pencil-outline", QKeySequence("E"), EDIT)
        self.regenerate = self._change(self.tr("Regenerate"), "mdi6.refresh", QKeySequence("R"), REGENERATE)
        self.continue_ = self._change(self.tr("Continue"), "mdi6.play-outline", QKeySequence("C"), CONTINUE)
        self.fork = self._change(self.tr("Fork into a New Chat"), "mdi6.source-branch", QKeySequence("F"), FORK)
        self.delete = self._change(self.tr("Delete"), "mdi6.delete-outline",
                                   QKeySequence(QKeySequence.StandardKey.Delete), DELETE)
        self.message_actions = [self.copy_markdown, self.copy_text, self.edit, self.regenerate, self.continue_,
                                self.fork, self.delete]
        self.previous = self._action(self.tr("Previous Message"), None, QKeySequence("Alt+Up"),
                                     lambda: view.select_next(-1))
        self.next = self._action(self.tr("Next Message"), None, QKeySequence("Alt+Down"), lambda: view.select_next(1))

        self.menu = QMenu(view)
        self.menu.addActions(self.message_actions)
        self.bar = QWidget()
        self.bar.setObjectName("messageActions")
        layout = QHBoxLayout(self.bar)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        for action in self.message_actions:
            button = QToolButton()
            button.setDefaultAction(action)
            button.setAutoRaise(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard has the shortcuts and the menu
            action.changed.connect(lambda button=button, action=action: button.setVisible(action.isVisible()))
            layout.addWidget(button)
        view.addActions([*self.message_actions, self.previous, self.next])
        view.message_menu = self.menu
        view.set_actions_bar(self.bar)
        self.show_for(None, None)

    def show_for(self, key: object | None, state: MessageState | None) -> None:
        """Offer the actions that fit this message (None: no message, nothing offered)."""
        self._key = key
        role = state.role if state is not None else ""
        busy = state is not None and state.busy
        self.copy_markdown.setVisible(state is not None)
        self.copy_text.setVisible(state is not None)
        self.edit.setVisible(role == "user")
        self.regenerate.setVisible(role == "assistant")
        self.continue_.setVisible(role == "assistant" and state is not None and state.can_continue)
        self.fork.setVisible(state is not None)
        self.delete.setVisible(state is not None)
        for action in (self.edit, self.regenerate, self.continue_, self.delete):
            action.setEnabled(not busy)

    def _action(self, text: str, icon_name: str | None, shortcut: QKeySequence, slot) -> QAction:
        action = QAction(text, self)
        if icon_name is not None:
            action.setIcon(icon(icon_name))
            self._icons[action] = icon_name
        action.setShortcut(shortcut)
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # only while the conversation has the focus
        action.setToolTip(f"{text} ({shortcut.toString(QKeySequence.SequenceFormat.NativeText)})")
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _change(self, text: str, icon_name: str, shortcut: QKeySequence, name: str) -> QAction:
        return self._action(text, icon_name, shortcut, lambda: self._trigger(name))

    def _trigger(self, name: str) -> None:
        if self._key is not None:
            self.triggered.emit(name, self._key)

    def _copy_markdown(self) -> None:
        shown = self.view.message_text(self._key) if self._key is not None else None
        if shown is not None:
            QGuiApplication.clipboard().setText(shown[1])
            self.copied.emit(self.tr("Copied as Markdown."))

    def _copy_text(self) -> None:
        text = self.view.message_plain_text(self._key) if self._key is not None else None
        if text is not None:
            QGuiApplication.clipboard().setText(text)
            self.copied.emit(self.tr("Copied as plain text."))

    def refresh_icons(self) -> None:
        """After a theme change: icons are drawn in the theme's colours."""
        for action, name in self._icons.items():
            action.setIcon(icon(name))
